/**
 * "Available until …" is the recipient's expiry as their browser's time zone sees it: a link that
 * runs out at 23:30 UTC on 15 March is shown as 16 March to a visitor in Auckland, and one that runs
 * out at 03:30 UTC on 16 March as 15 March to a visitor in Los Angeles, in German and English.
 * The zone is the test page's own (CDP's time zone override, the config's `emulate-timezone`
 * command), so the widget formats with no zone of its own, as in a visitor's browser.
 */
import { expect } from '@open-wc/testing';
import { viewerDe } from '../../../src/components/doc-viewer/lang/de.js';
import { viewerEn } from '../../../src/components/doc-viewer/lang/en.js';
import type { ViewerTranslation } from '../../../src/components/doc-viewer/translations.js';
import { seedShare } from '../helpers/adapter.js';
import { text, until, untilState } from '../helpers/widgets.js';
import { emulateTimezone, recipient, showViewer } from './helpers.js';

/** Next year's, so the link is always still valid. */
const YEAR = new Date().getUTCFullYear() + 1;

/** How the widget words a date: long date and short time, in `lang`, in `timeZone`. */
const formatted = (lang: string, instant: string, timeZone: string): string =>
  new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(instant));

const cases = [
  { zone: 'Pacific/Auckland', expiresAt: `${YEAR}-03-15T23:30:00.000Z`, day: { de: `16. März ${YEAR}`, en: `March 16, ${YEAR}` }, utcDay: { de: `15. März ${YEAR}`, en: `March 15, ${YEAR}` } },
  { zone: 'America/Los_Angeles', expiresAt: `${YEAR}-03-16T03:30:00.000Z`, day: { de: `15. März ${YEAR}`, en: `March 15, ${YEAR}` }, utcDay: { de: `16. März ${YEAR}`, en: `March 16, ${YEAR}` } },
];

describe("doc-viewer says until when in the visitor's time zone", () => {
  afterEach(async () => {
    await emulateTimezone();
  });

  for (const { zone, expiresAt, day, utcDay } of cases) {
    for (const [lang, t] of [['de', viewerDe], ['en', viewerEn]] as ['de' | 'en', ViewerTranslation][]) {
      it(`shows ${day[lang]} for a link ending ${expiresAt} to a visitor in ${zone} (${lang})`, async function () {
        this.timeout(20_000);
        await emulateTimezone(zone);
        expect(Intl.DateTimeFormat().resolvedOptions().timeZone, "the page's time zone").to.equal(zone);

        const seeded = await seedShare({ documents: [{ kind: 'text' }], recipients: [{ email: recipient(), expiresAt }] });
        const widget = await showViewer(seeded.tokens[0]!, lang);
        await untilState(widget, 'ready');
        await until(() => widget.share, 'the share');
        await widget.updateComplete;
        expect(widget.share!.availableUntil).to.equal(expiresAt);

        const inZone = formatted(lang, expiresAt, zone);
        const inUtc = formatted(lang, expiresAt, 'UTC');
        expect(inZone).to.contain(day[lang]);
        expect(inUtc, 'the UTC wording').to.contain(utcDay[lang]);
        expect(inZone).not.to.equal(inUtc);

        const shown = text(widget, 'available-until');
        expect(shown).to.equal(t['viewer.availableUntil']({ date: inZone }).replace(/\s+/g, ' '));
        expect(shown).to.contain(day[lang]);
        expect(shown).not.to.contain(utcDay[lang]);
      });
    }
  }
});
