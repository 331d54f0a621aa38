/**
 * Refusals only the adapter can make, in the visitor's language: the request filled up by another
 * visit meanwhile (on the file), and the link expiring while the page was open (the expired state,
 * with its way to a fresh link).
 */
import { expect } from '@open-wc/testing';
import { uploadDe } from '../../../src/components/guest-upload/lang/de.js';
import { uploadEn } from '../../../src/components/guest-upload/lang/en.js';
import type { UploadTranslation } from '../../../src/components/guest-upload/translations.js';
import { linkStateDe, linkStateEn } from '../../../src/components/base/link-state-strings.js';
import { de } from '../../../src/components/translations/de.js';
import { en } from '../../../src/components/translations/en.js';
import type { LinkStateTranslation, Translation } from '../../../src/components/translations/types.js';
import { advanceServerClock, deactivateUploadRequest, ENDPOINT, releaseSlow, SLOW_ENDPOINT, storedFiles } from '../helpers/adapter.js';
import { dropFiles, pdfFile, randomFile, sha256Hex } from '../helpers/files.js';
import { focused, part, parts, text, until } from '../helpers/widgets.js';
import type { GuestkitErrorEvent } from '../../../src/components/events/error.js';
import { openUpload, routeXhr } from './helpers.js';

const strings = { de: { ...de, ...linkStateDe, ...uploadDe }, en: { ...en, ...linkStateEn, ...uploadEn } } as Record<'de' | 'en', Translation & LinkStateTranslation & UploadTranslation>;

/** The codes of the `gk-error` events `widget` sends from now on (a list that fills as they come). */
function errorCodes(widget: HTMLElement): string[] {
  const codes: string[] = [];
  widget.addEventListener('gk-error', (event) => codes.push((event as GuestkitErrorEvent).code));
  return codes;
}

/** Drops `file` on `widget`, waits until it lists `files` files, and presses "Upload". */
async function dropAndUpload(widget: HTMLElement, file: File, files = 1): Promise<void> {
  dropFiles(part(widget, 'dropzone'), [file]);
  await until(() => parts(widget, 'file').length === files, `${files} file(s)`);
  part<HTMLButtonElement>(widget, 'upload-button').click();
}

async function uploadAndFail(widget: HTMLElement, file: File): Promise<string> {
  await dropAndUpload(widget, file);
  await until(() => widget.shadowRoot!.querySelector('[part~="file-failed"]'), 'the refusal', 10_000);
  return text(widget, 'file-status');
}

for (const lang of ['de', 'en'] as const) {
  const t = strings[lang];

  describe(`guest-upload: the adapter's refusals (${lang})`, () => {
    it('the last slot taken by another visit meanwhile: too many files', async function () {
      this.timeout(20_000);
      const first = await openUpload(lang, { limits: { maxFiles: 1 } });
      const second = await openUpload(lang, { limits: { maxFiles: 1 } });
      // Two pages on two requests would not compete; the second page opens the first one's link.
      second.widget.token = first.token;
      await until(() => second.widget.shadowRoot!.querySelector('[part~="dropzone"]') && second.widget.state === 'ready', 'the same request');
      let done = false;
      first.widget.addEventListener('gk-upload-complete', () => (done = true));
      await dropAndUpload(first.widget, pdfFile('Erste.pdf'));
      await until(() => done, 'the first upload', 10_000);

      expect(await uploadAndFail(second.widget, pdfFile('Zweite.pdf'))).to.equal(t['code.too_many_files']);
      expect(parts(second.widget, 'retry'), 'a refusal, not a failure to retry').to.have.length(0);
      expect((await storedFiles(first.requestId)).map((file) => file.name)).to.deep.equal(['Erste.pdf']);
    });

    it('the link expired while the page was open: the expired state with "send me a fresh link", nothing kept', async function () {
      this.timeout(20_000);
      const { widget, requestId } = await openUpload(lang, { linkTtlSeconds: 600 });
      const errors = errorCodes(widget);
      await advanceServerClock(601);
      await dropAndUpload(widget, pdfFile('Spät.pdf'));
      await until(() => widget.state === 'expired', 'the expired state', 10_000);
      await widget.updateComplete;
      expect(text(widget, 'state-title')).to.equal(t['expired.title']);
      const fresh = part<HTMLButtonElement>(widget, 'state-action');
      expect(fresh.textContent!.trim()).to.equal(t['expired.action']);
      expect(focused(widget), 'focus moves to the new state').to.not.equal(null);
      expect(errors).to.deep.equal(['link_expired']);
      expect(await storedFiles(requestId)).to.deep.equal([]);
      await expect(widget).to.be.accessible();
    });
  });
}

describe('guest-upload: a link the firm revokes while the page is open', () => {
  it('shows the revoked state (not "session ended") at the next upload, with one gk-error', async function () {
    this.timeout(20_000);
    const t = strings.de;
    const { widget, requestId } = await openUpload('de');
    const errors = errorCodes(widget);
    await deactivateUploadRequest(requestId);
    await dropAndUpload(widget, pdfFile('Zu spät.pdf'));
    await until(() => widget.state === 'revoked', 'the revoked state', 10_000);
    await widget.updateComplete;
    expect(text(widget, 'state-title')).to.equal(t['revoked.title']);
    expect(errors).to.deep.equal(['link_revoked']);
    expect(await storedFiles(requestId)).to.deep.equal([]);
    await expect(widget).to.be.accessible();
  });
});

describe('guest-upload: a link that ends while one file is still going up', () => {
  it('lets the file begun in time finish (grace window), then shows the expired state once, for the one refused', async function () {
    this.timeout(40_000);
    const t = strings.en;
    const { widget, requestId } = await openUpload('en', { linkTtlSeconds: 600 });
    const errors = errorCodes(widget);
    const first = randomFile(24 * 1024 * 1024, 'Jahresabschluss.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.7\n'));
    let clockMoved: Promise<void> | undefined;
    // From the moment the link ends, the first file's next chunk waits at the slow proxy until the
    // second file has been refused: on a fast machine the rest of it could otherwise arrive first.
    let holdChunks = false;
    const undoRoute = routeXhr((method, url) => (holdChunks && method === 'PATCH' ? url.replace(ENDPOINT, SLOW_ENDPOINT) : url));
    widget.addEventListener('gk-upload-progress', (event) => {
      if (event.bytesUploaded < 4 * 1024 * 1024) return;
      holdChunks = true;
      clockMoved ??= advanceServerClock(601); // the link ends mid-file
    });
    try {
      await dropAndUpload(widget, first);
      await until(() => clockMoved, 'the first chunks', 20_000);
      await clockMoved;

      // A second file after the link's end: refused, and said so on the file while the first goes on.
      await dropAndUpload(widget, pdfFile('Nachzügler.pdf'), 2);
      await until(() => widget.shadowRoot!.querySelector('[part~="file-failed"]'), 'the refusal', 10_000);
      expect(widget.state, 'still ready: the first file is going up').to.equal('ready');
      const failed = widget.shadowRoot!.querySelector('[part~="file-failed"] [part~="file-status"]')!;
      expect(failed.textContent!.trim()).to.equal(t['code.link_expired']);
      expect(errors, 'no gk-error while the first file is still going up').to.deep.equal([]);
    } finally {
      undoRoute();
      await releaseSlow();
    }

    await until(() => widget.state === 'expired', 'the expired state after the first file', 30_000);
    expect(errors, 'one gk-error, from the link').to.deep.equal(['link_expired']);
    const stored = await storedFiles(requestId);
    expect(stored.map((file) => [file.name, file.storedSha256])).to.deep.equal([['Jahresabschluss.pdf', await sha256Hex(first)]]);
  });
});
