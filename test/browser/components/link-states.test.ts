/**
 * The shared link states against the real adapter (mounted by web-test-runner.config.mjs), in
 * German and English: what the visitor sees, that it is accessible, and that it works by keyboard.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html as litHtml } from 'lit';
import { GuestkitLinkElement } from '../../../src/components/base/guestkit-link-element.js';
import { sharedStrings } from '../../../src/components/translations/shared-strings.js';
import { linkStateDe, linkStateEn } from '../../../src/components/base/link-state-strings.js';
import { de } from '../../../src/components/translations/de.js';
import { en } from '../../../src/components/translations/en.js';
import type { LinkStateTranslation, Translation } from '../../../src/components/translations/types.js';
import { adapterClient, outbox, seedLink, waitForMail, type SeedLinkRequest } from '../helpers/adapter.js';
import { focused, part, text, until, untilState } from '../helpers/widgets.js';
import { OTP_PATTERN } from '../helpers/step-up.js';

/** A test-only widget: its ready state names the resource it was opened for. */
class StatesWidget extends GuestkitLinkElement {
  static override readonly translations = sharedStrings;
  protected override renderReady() {
    const { scope } = this.link.session!.session;
    return litHtml`<p part="ready" data-gk-focus tabindex="-1">${scope.resource.type} ${scope.resource.id}</p>`;
  }
}
StatesWidget.define('test-states-widget');

declare global {
  interface HTMLElementTagNameMap {
    'test-states-widget': StatesWidget;
  }
}

const ACCESS_CODE = 'K4NZ-2024';

async function open(lang: 'de' | 'en', request: SeedLinkRequest = {}) {
  const link = await seedLink({ locale: lang, ...request });
  const wrapper = await fixture<HTMLDivElement>(html`<div>
    <button id="before">before</button>
    <test-states-widget lang=${lang} token=${link.token} .client=${adapterClient(lang)}></test-states-widget>
  </div>`);
  const widget = wrapper.querySelector('test-states-widget')!;
  return { ...link, widget, before: wrapper.querySelector<HTMLButtonElement>('#before')! };
}

/**
 * What the widget's live regions (`role="alert"`, `role="status"`, `aria-live`) say from now on:
 * each time one's text changes to something, that text (what a screen reader announces), in order.
 */
function listen(widget: Element): string[] {
  const said: string[] = [];
  const last = new Map<Element, string>();
  const regions = () => widget.shadowRoot!.querySelectorAll('[role="alert"], [role="status"], [aria-live]:not([aria-live="off"])');
  for (const region of regions()) last.set(region, region.textContent ?? '');
  new MutationObserver(() => {
    for (const region of regions()) {
      const now = region.textContent ?? '';
      if (now !== (last.get(region) ?? '') && now.trim()) said.push(now.trim());
      last.set(region, now);
    }
  }).observe(widget.shadowRoot!, { subtree: true, childList: true, characterData: true });
  return said;
}

function submitCode(widget: StatesWidget, code: string): void {
  part<HTMLInputElement>(widget, 'code-input').value = code;
  part<HTMLButtonElement>(widget, 'state-action').click();
}

/** Each language's shared strings and the link states' own. */
const TABLES = [['de', { ...de, ...linkStateDe }], ['en', { ...en, ...linkStateEn }]] as [('de' | 'en'), Translation & LinkStateTranslation][];

for (const [lang, t] of TABLES) {
  describe(`link states against the real adapter (${lang})`, () => {
    it('a valid link reaches ready', async () => {
      const { widget } = await open(lang);
      await untilState(widget, 'ready');
      expect(text(widget, 'ready')).to.match(/^share share-\d+$/);
      await expect(widget).to.be.accessible();
    });

    it('an expired link says so, and "send me a fresh link" mails a new one to the recipient', async () => {
      const { widget, email } = await open(lang, { expired: true });
      await untilState(widget, 'expired');
      expect(text(widget, 'state-title')).to.equal(t['expired.title']);
      expect(text(widget, 'state-message')).to.equal(t['expired.message']);
      expect(part(widget, 'state-notice').getAttribute('aria-live')).to.equal('polite');
      await expect(widget).to.be.accessible();

      const button = part<HTMLButtonElement>(widget, 'state-action');
      button.focus();
      button.click();
      await untilState(widget, 'expired');
      expect(text(widget, 'state-notice')).to.equal(t['expired.sent']);
      await expect(widget).to.be.accessible();

      const { mail, match: freshToken } = await waitForMail(email, /#gk=(gk_view_\w+)/);
      // Asked once: the button stays (with the focus) but is unavailable, and pressing it again sends nothing.
      expect(part(widget, 'state-action').getAttribute('aria-disabled')).to.equal('true');
      expect(focused(widget) === part(widget, 'state-action'), 'the focus stays on the button').to.equal(true);
      expect(getComputedStyle(part(widget, 'state-action')).cursor, 'nothing is in progress any more').to.equal('default');
      const mails = (await outbox(email)).length;
      part<HTMLButtonElement>(widget, 'state-action').click();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await outbox(email)).length, 'no second mail').to.equal(mails);
      expect(mail.to).to.equal(email);
      expect(mail.subject).to.contain(lang === 'de' ? 'Ihr neuer Link' : 'Your new link');

      // The fresh link opens.
      widget.token = freshToken;
      await untilState(widget, 'ready');
    });

    it('a revoked link says so', async () => {
      const { widget } = await open(lang, { revoked: true });
      await untilState(widget, 'revoked');
      expect(text(widget, 'state-title')).to.equal(t['revoked.title']);
      expect(text(widget, 'state-message')).to.equal(t['revoked.message']);
      await expect(widget).to.be.accessible();
    });

    it('an unknown link is invalid', async () => {
      const { widget } = await open(lang);
      widget.token = 'gk_view_not-a-token';
      await untilState(widget, 'invalid');
      expect(text(widget, 'state-title')).to.equal(t['invalid.title']);
      await expect(widget).to.be.accessible();
    });

    it('an access-code link asks for the code, rejects a wrong one, accepts the right one', async () => {
      const { widget } = await open(lang, { stepUp: { type: 'access_code', code: ACCESS_CODE } });
      await untilState(widget, 'access-code');
      expect(text(widget, 'state-title')).to.equal(t['accessCode.title']);
      expect(text(widget, 'code-label')).to.equal(t['accessCode.label']);
      const input = part<HTMLInputElement>(widget, 'code-input');
      expect(input.labels?.[0]?.textContent?.trim()).to.equal(t['accessCode.label']);
      expect(input.getAttribute('aria-invalid')).to.equal('false');
      await expect(widget).to.be.accessible();

      submitCode(widget, 'WRONG-CODE');
      await untilState(widget, 'access-code');
      expect(text(widget, 'code-error')).to.equal(t['accessCode.invalid']);
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(input.getAttribute('aria-describedby')).to.equal(part(widget, 'code-error').id);
      expect(focused(widget)).to.equal(input);
      await expect(widget).to.be.accessible();

      submitCode(widget, ACCESS_CODE);
      await untilState(widget, 'ready');
      expect(focused(widget)).to.equal(part(widget, 'ready'));
    });

    it('an e-mail one-time-code link sends a code, which opens it', async () => {
      const { widget, email } = await open(lang, { stepUp: { type: 'email_otp' } });
      await untilState(widget, 'otp');
      expect(text(widget, 'state-title')).to.equal(t['otp.title']);
      expect(text(widget, 'state-action')).to.equal(t['otp.send']);
      await expect(widget).to.be.accessible();

      part<HTMLButtonElement>(widget, 'state-action').click();
      await untilState(widget, 'otp');
      expect(text(widget, 'state-notice')).to.equal(t['otp.sent']);
      const input = part<HTMLInputElement>(widget, 'code-input');
      expect(input.autocomplete).to.equal('one-time-code');
      expect(focused(widget)).to.equal(input);
      await expect(widget).to.be.accessible();

      const { match: code } = await waitForMail(email, OTP_PATTERN);
      submitCode(widget, 'not-it');
      await untilState(widget, 'otp');
      expect(text(widget, 'code-error')).to.equal(t['otp.invalid']);
      await expect(widget).to.be.accessible();

      submitCode(widget, code);
      await untilState(widget, 'ready');
    });

    it('keyboard only: the fresh-link button', async () => {
      const { widget, email, before } = await open(lang, { expired: true });
      await untilState(widget, 'expired');
      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(focused(widget)).to.equal(part(widget, 'state-action'));
      await sendKeys({ press: 'Enter' });
      await untilState(widget, 'expired');
      expect(text(widget, 'state-notice')).to.equal(t['expired.sent']);
      await waitForMail(email, /#gk=gk_view_/);
    });

    it('keyboard only: the access-code form', async () => {
      const { widget, before } = await open(lang, { stepUp: { type: 'access_code', code: ACCESS_CODE } });
      await untilState(widget, 'access-code');
      before.focus();
      await sendKeys({ press: 'Tab' });
      const input = part<HTMLInputElement>(widget, 'code-input');
      expect(focused(widget)).to.equal(input);
      await sendKeys({ type: 'nope' });
      await sendKeys({ press: 'Enter' });
      await untilState(widget, 'access-code');
      expect(text(widget, 'code-error')).to.equal(t['accessCode.invalid']);
      // Focus is back in the field with the wrong code selected: typing replaces it.
      expect(focused(widget)).to.equal(input);
      await sendKeys({ type: ACCESS_CODE });
      expect(input.value).to.equal(ACCESS_CODE);
      await sendKeys({ press: 'Enter' });
      await untilState(widget, 'ready');
    });

    // Regression: with Enter, focus is already in the field, so refocusing it (which reads its
    // described-by error) said nothing, and a wrong code went unannounced.
    it('keyboard only: every wrong or empty code sent with Enter is announced, also the same one twice; sent from the button, focus moving to the field reads it instead', async () => {
      const { widget, before } = await open(lang, { stepUp: { type: 'access_code', code: ACCESS_CODE } });
      await untilState(widget, 'access-code');
      before.focus();
      await sendKeys({ press: 'Tab' });
      const input = part<HTMLInputElement>(widget, 'code-input');
      const said = listen(widget);
      for (const code of ['nope', 'nope', '', '']) {
        // The last code is selected: typing replaces it, Backspace empties the field.
        await sendKeys(code ? { type: code } : { press: 'Backspace' });
        await sendKeys({ press: 'Enter' });
        await untilState(widget, 'access-code');
        expect(focused(widget)).to.equal(input);
      }
      await until(() => said.length >= 4, 'four announcements');
      expect(said).to.deep.equal([t['accessCode.invalid'], t['accessCode.invalid'], t['accessCode.empty'], t['accessCode.empty']]);
      await expect(widget).to.be.accessible();

      await sendKeys({ type: 'nope' });
      await sendKeys({ press: 'Tab' });
      expect(focused(widget)).to.equal(part(widget, 'state-action'));
      await sendKeys({ press: 'Enter' });
      await untilState(widget, 'access-code');
      expect(focused(widget)).to.equal(input);
      expect(text(widget, 'code-error')).to.equal(t['accessCode.invalid']);
      expect(said, 'not said a second time by a live region').to.have.length(4);
    });

    it('keyboard only: the one-time-code form', async () => {
      const { widget, email, before } = await open(lang, { stepUp: { type: 'email_otp' } });
      await untilState(widget, 'otp');
      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(focused(widget)).to.equal(part(widget, 'state-action'));
      await sendKeys({ press: 'Enter' });
      await untilState(widget, 'otp');
      expect(focused(widget)).to.equal(part(widget, 'code-input'));
      const { match: code } = await waitForMail(email, OTP_PATTERN);
      await sendKeys({ type: code });
      await sendKeys({ press: 'Enter' });
      await untilState(widget, 'ready');
    });
  });
}

/** The retry-at message of `t`, with a clock time in it (`14:05`, or `2:05 PM`). */
function retryAtPattern(t: LinkStateTranslation): RegExp {
  const [before, after] = t['rateLimited.retryAt']({ time: '\u0000' }).split('\u0000') as [string, string];
  const escape = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escape(before)}\\d{1,2}:\\d{2}(?: [AP]M)?${escape(after)}$`);
}

describe('link states against the real adapter: limits and themes', () => {
  for (const [lang, t] of TABLES) {
    it(`too many wrong codes lead to the rate-limited state, with a time to retry (${lang})`, async () => {
      const { widget } = await open(lang, { stepUp: { type: 'access_code', code: ACCESS_CODE } });
      await untilState(widget, 'access-code');
      for (let attempt = 0; attempt < 8 && widget.state === 'access-code'; attempt++) {
        submitCode(widget, `WRONG-${attempt}`);
        while (widget.busy) await new Promise((resolve) => setTimeout(resolve, 20));
        await widget.updateComplete;
      }
      expect(widget.state).to.equal('rate-limited');
      expect(text(widget, 'state-title')).to.equal(t['rateLimited.title']);
      expect(text(widget, 'state-message')).to.match(retryAtPattern(t));
      expect(text(widget, 'state-action')).to.equal(t.retry);
      await expect(widget).to.be.accessible();
    });
  }

  it('the expired state is accessible in the dark theme', async () => {
    const { widget } = await open('de', { expired: true });
    widget.theme = 'dark';
    await untilState(widget, 'expired');
    expect(getComputedStyle(part(widget, 'state')).colorScheme).to.equal('dark');
    await expect(widget).to.be.accessible();
  });
});
