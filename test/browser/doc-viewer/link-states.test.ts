/**
 * `<doc-viewer>` itself (not a test widget) in the link states a share recipient meets, against the
 * real adapter, in German and English: a share with an access code, one with a code mailed to the
 * recipient, and a recipient the firm revokes while the page is open. By keyboard, and axe-clean.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { DocViewer } from '../../../src/components/doc-viewer/doc-viewer.component.js';
import type { GuestkitErrorEvent } from '../../../src/components/events/error.js';
import { linkStateDe, linkStateEn } from '../../../src/components/base/link-state-strings.js';
import { de } from '../../../src/components/translations/de.js';
import { en } from '../../../src/components/translations/en.js';
import type { StepUpInput } from '../../../src/protocol/index.js';
import { adapterClient, advanceServerClock, revokeShareRecipient, seedShare, waitForMail } from '../helpers/adapter.js';
import { giveOneTimeCode, OTP_PATTERN, typeCode } from '../helpers/step-up.js';
import { focused, part, parts, text, until, untilState } from '../helpers/widgets.js';
import { openDocument, openShare, recipient } from './helpers.js';

const ACCESS_CODE = 'BANK-2025-7';

/** Shares a PDF and an image with one recipient who must pass `stepUp`; shows `<doc-viewer>` for their link after a button. */
async function openStepUpShare(lang: 'de' | 'en', stepUp: StepUpInput, expiresInSeconds = 3600) {
  const email = recipient('banker');
  const seeded = await seedShare({
    documents: [{ kind: 'pdf30' }, { kind: 'image' }],
    recipients: [{ email, expiresInSeconds, locale: lang }],
    stepUp,
  });
  const wrapper = await fixture<HTMLDivElement>(html`<div>
    <button id="before">before</button>
    <doc-viewer lang=${lang} token=${seeded.tokens[0]!} .client=${adapterClient(lang)}></doc-viewer>
  </div>`);
  const widget = wrapper.querySelector('doc-viewer') as DocViewer;
  return { seeded, email, widget, before: wrapper.querySelector<HTMLButtonElement>('#before')! };
}

/** The share's documents as the viewer lists them. */
async function documentNames(widget: DocViewer): Promise<string[]> {
  await until(() => widget.share && parts(widget, 'document-name').length > 0, 'the document list');
  await widget.updateComplete;
  return parts(widget, 'document-name').map((node) => node.textContent!.trim());
}

for (const [lang, t] of [['de', { ...de, ...linkStateDe }], ['en', { ...en, ...linkStateEn }]] as const) {
  describe(`doc-viewer link states against the real adapter (${lang})`, () => {
    it('a share with an access code: the code form (focus by Tab lands in it), a wrong code keeps it with its error, the right one shows the documents', async function () {
      this.timeout(20_000);
      const { widget, before, seeded } = await openStepUpShare(lang, { type: 'access_code', code: ACCESS_CODE });
      await untilState(widget, 'access-code');
      expect(text(widget, 'state-title')).to.equal(t['accessCode.title']);
      expect(widget.shadowRoot!.querySelector('[part~="document-list"]') === null, 'no documents before the code').to.equal(true);
      const input = part<HTMLInputElement>(widget, 'code-input');
      expect(input.labels?.[0]?.textContent?.trim()).to.equal(t['accessCode.label']);
      await expect(widget).to.be.accessible();

      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(focused(widget) === input, 'Tab lands on the code field').to.equal(true);
      await typeCode('FALSCH-1');
      await untilState(widget, 'access-code');
      expect(text(widget, 'code-error')).to.equal(t['accessCode.invalid']);
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(focused(widget) === input, 'focus back in the code field').to.equal(true);
      expect(widget.shadowRoot!.querySelector('[part~="document-list"]') === null, 'still no documents').to.equal(true);
      await expect(widget).to.be.accessible();

      await typeCode(ACCESS_CODE); // the wrong code is selected: typing replaces it
      await untilState(widget, 'ready');
      expect(await documentNames(widget)).to.deep.equal(seeded.documents.map((document) => document.name));
      await expect(widget).to.be.accessible();
    });

    it('a share with an e-mailed one-time code: "send me a code", focus in the code field, a wrong code is refused, the mailed one shows the documents', async function () {
      this.timeout(20_000);
      const { widget, before, seeded, email } = await openStepUpShare(lang, { type: 'email_otp' });
      await untilState(widget, 'otp');
      expect(text(widget, 'state-title')).to.equal(t['otp.title']);
      expect(text(widget, 'state-action')).to.equal(t['otp.send']);
      await expect(widget).to.be.accessible();

      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(focused(widget) === part(widget, 'state-action'), 'Tab lands on "send me a code"').to.equal(true);
      await sendKeys({ press: 'Enter' });
      await until(() => widget.shadowRoot!.querySelector('[part~="code-input"]') && !widget.busy, 'the code field');
      await untilState(widget, 'otp');
      expect(text(widget, 'state-notice')).to.equal(t['otp.sent']);
      const input = part<HTMLInputElement>(widget, 'code-input');
      expect(input.autocomplete).to.equal('one-time-code');
      expect(focused(widget) === input, 'focus moves to the code field').to.equal(true);
      await expect(widget).to.be.accessible();

      const { mail, match: code } = await waitForMail(email, OTP_PATTERN);
      expect(mail.to).to.equal(email);
      await typeCode(code === '000000' ? '111111' : '000000');
      await untilState(widget, 'otp');
      expect(text(widget, 'code-error')).to.equal(t['otp.invalid']);
      expect(focused(widget) === input, 'focus back in the code field').to.equal(true);
      expect(widget.shadowRoot!.querySelector('[part~="document-list"]') === null, 'no documents').to.equal(true);
      await expect(widget).to.be.accessible();

      await typeCode(code);
      await untilState(widget, 'ready');
      expect(await documentNames(widget)).to.deep.equal(seeded.documents.map((document) => document.name));
    });

    it('a one-time-code share still open 8 hours after its code was given: the next call asks for a new code (no error), and the new code shows the documents again', async function () {
      this.timeout(30_000);
      const { widget, seeded, email } = await openStepUpShare(lang, { type: 'email_otp' }, 7 * 86_400);
      const errors: string[] = [];
      widget.addEventListener('gk-error', (event) => errors.push((event as GuestkitErrorEvent).code));
      const giveCode = () => giveOneTimeCode(widget, email);
      await untilState(widget, 'otp');
      await giveCode();
      expect(await documentNames(widget)).to.deep.equal(seeded.documents.map((document) => document.name));

      // The session chain's 8 hours are up (the share runs a week): refreshing is refused, and
      // opening the link again asks for a new code — the one given is spent.
      await advanceServerClock(8 * 3600 + 60);
      await openDocument(widget, 0);
      await untilState(widget, 'otp', 15_000);
      expect(text(widget, 'state-action')).to.equal(t['otp.send']);
      expect(widget.shadowRoot!.querySelector('[part~="code-error"]') === null, 'no "wrong code" for a code the visitor did not type').to.equal(true);
      expect(errors, 'a code asked for is no error').to.deep.equal([]);
      await expect(widget).to.be.accessible();
      await giveCode();
      expect(await documentNames(widget)).to.deep.equal(seeded.documents.map((document) => document.name));
      expect(errors).to.deep.equal([]);
    });

    it('a recipient revoked with the page open: opening a document shows the revoked state, not a broken viewer', async function () {
      this.timeout(20_000);
      const { widget, seeded } = await openShare(lang, {
        documents: [{ kind: 'pdf30' }, { kind: 'image' }],
        recipients: [{ email: recipient('lawyer'), expiresInSeconds: 3600, locale: lang }],
      });
      const errors: string[] = [];
      widget.addEventListener('gk-error', (event) => errors.push((event as GuestkitErrorEvent).code));
      await revokeShareRecipient(seeded.shareId, seeded.emails[0]!);

      await openDocument(widget, 0);
      await untilState(widget, 'revoked', 15_000);
      expect(text(widget, 'state-title')).to.equal(t['revoked.title']);
      expect(text(widget, 'state-message')).to.equal(t['revoked.message']);
      for (const name of ['document-view', 'document-error', 'document-loading', 'document-list', 'canvas']) {
        expect(widget.shadowRoot!.querySelector(`[part~="${name}"]`) === null, `no ${name}`).to.equal(true);
      }
      expect(errors).to.deep.equal(['link_revoked']);
      expect(focused(widget) !== null, 'focus moves to the new state').to.equal(true);
      await expect(widget).to.be.accessible();
    });
  });
}
