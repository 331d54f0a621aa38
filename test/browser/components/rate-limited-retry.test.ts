/**
 * The rate-limited state against the real adapter: the time it names to try again is never one
 * already past (the minute is rounded up, not cut off), and "Try again" brings back the code form
 * with what the visitor typed in it.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { GuestkitClient } from '../../../src/client/client.js';
import { GuestkitApiError } from '../../../src/client/errors.js';
import { GuestkitLinkElement } from '../../../src/components/base/guestkit-link-element.js';
import { sharedStrings } from '../../../src/components/translations/shared-strings.js';
import { linkStateDe, linkStateEn } from '../../../src/components/base/link-state-strings.js';
import type { LinkStateTranslation } from '../../../src/components/translations/types.js';
import { adapterClient, seedLink } from '../helpers/adapter.js';
import { focused, part, text, untilState } from '../helpers/widgets.js';

/** A test-only widget with nothing of its own to show. */
class RetryWidget extends GuestkitLinkElement {
  static override readonly translations = sharedStrings;
}
RetryWidget.define('test-rate-limited-retry-widget');

declare global {
  interface HTMLElementTagNameMap {
    'test-rate-limited-retry-widget': RetryWidget;
  }
}

const ACCESS_CODE = 'K4NZ-2024';

/**
 * The real client, whose rate-limit answers wait until 20 seconds past a minute (the real adapter's
 * `Retry-After`, about 15 minutes, ends wherever the test's clock puts it). `waitsUntil` holds the
 * moment the last one ends.
 */
function clientWithRetryAtSecond20(lang: 'de' | 'en'): { client: GuestkitClient; waitsUntil: { at?: number } } {
  const real = adapterClient(lang);
  const waitsUntil: { at?: number } = {};
  const client: GuestkitClient = {
    ...real,
    async openLink(token, stepUp) {
      try {
        return await real.openLink(token, stepUp);
      } catch (error) {
        if (!(error instanceof GuestkitApiError) || error.code !== 'rate_limited') throw error;
        const now = Date.now();
        // Two whole minutes ahead, plus 20 seconds: in whole seconds, as Retry-After is.
        const retryAfter = Math.round((Math.floor(now / 60_000) * 60_000 + 2 * 60_000 + 20_000 - now) / 1000);
        waitsUntil.at = now + retryAfter * 1000;
        throw new GuestkitApiError({ ...error.problem, retryAfter }, error.status);
      }
    },
  };
  return { client, waitsUntil };
}

/** `time` as the widget formats it: in its language, the visitor's regional variant when it matches. */
function clockTime(lang: 'de' | 'en', time: number): string {
  const locale = navigator.languages.find((tag) => tag.toLowerCase().split(/[-_]/)[0] === lang) ?? lang;
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(time));
}

for (const [lang, t] of [['de', linkStateDe], ['en', linkStateEn]] as [('de' | 'en'), LinkStateTranslation][]) {
  describe(`the rate-limited state (${lang})`, () => {
    it('regression: a wait ending at hh:mm:20 was shown as hh:mm (cut off, already past when read); it shows the next minute, and "Try again" keeps the code the visitor typed', async () => {
      const { token } = await seedLink({ locale: lang, stepUp: { type: 'access_code', code: ACCESS_CODE } });
      const { client, waitsUntil } = clientWithRetryAtSecond20(lang);
      const widget = await fixture<RetryWidget>(html`<test-rate-limited-retry-widget lang=${lang} token=${token} .client=${client}></test-rate-limited-retry-widget>`);
      await untilState(widget, 'access-code');
      const input = () => part<HTMLInputElement>(widget, 'code-input');
      // Five wrong codes, typed and sent with Enter.
      for (let attempt = 0; attempt < 5; attempt++) {
        input().focus();
        input().select();
        await sendKeys({ type: `WRONG-${attempt}` });
        await sendKeys({ press: 'Enter' });
        await untilState(widget, 'access-code');
        expect(text(widget, 'code-error')).to.equal(t['accessCode.invalid']);
      }
      // The sixth, the right code: the link is locked for now, the right code too.
      input().focus();
      input().select();
      await sendKeys({ type: ACCESS_CODE });
      expect(input().value).to.equal(ACCESS_CODE);
      await sendKeys({ press: 'Enter' });
      await untilState(widget, 'rate-limited');
      const retryAt = waitsUntil.at!;
      expect(new Date(retryAt).getSeconds()).to.be.within(19, 21);
      const nextMinute = Math.ceil(retryAt / 60_000) * 60_000;
      expect(text(widget, 'state-message')).to.equal(t['rateLimited.retryAt']({ time: clockTime(lang, nextMinute) }), 'the minute after the wait ends');
      expect(text(widget, 'state-message')).not.to.contain(clockTime(lang, Math.floor(retryAt / 60_000) * 60_000));
      // "Try again" before that time: the code form again, with the code in it.
      part<HTMLButtonElement>(widget, 'state-action').click();
      await untilState(widget, 'access-code');
      expect(input().value).to.equal(ACCESS_CODE, 'what the visitor typed is still there');
      await expect(widget).to.be.accessible();
      // Sent again as it is, still too early: refused again, and kept again.
      part<HTMLButtonElement>(widget, 'state-action').click();
      await untilState(widget, 'rate-limited');
      expect(focused(widget)).to.equal(part(widget, 'state-title'));
      part<HTMLButtonElement>(widget, 'state-action').click();
      await untilState(widget, 'access-code');
      expect(input().value).to.equal(ACCESS_CODE);
    });
  });
}
