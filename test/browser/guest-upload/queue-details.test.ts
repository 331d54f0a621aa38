/**
 * The queue's per-file details in `<guest-upload>`: "Try again" on a file that failed for want of a
 * connection (by mouse and by keyboard, resuming where it stopped), the transfer speed in the
 * visitor's language, a note per file, and axe with a failed file. Real uploads on the real adapter;
 * the connection is "lost" by sending tus-js-client's requests to a port where nothing listens.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { GuestUpload } from '../../../src/components/guest-upload/guest-upload.component.js';
import { uploadDe } from '../../../src/components/guest-upload/lang/de.js';
import { uploadEn } from '../../../src/components/guest-upload/lang/en.js';
import type { UploadTranslation } from '../../../src/components/guest-upload/translations.js';
import { de } from '../../../src/components/translations/de.js';
import { en } from '../../../src/components/translations/en.js';
import type { Translation } from '../../../src/components/translations/types.js';
import type { GuestkitErrorEvent } from '../../../src/components/events/error.js';
import { formatBytes, formatDuration } from '../../../src/components/upload/format.js';
import { adapterClient, ENDPOINT, releaseSlow, SLOW_ENDPOINT, storedFiles } from '../helpers/adapter.js';
import { dropFiles, randomFile, sha256Hex } from '../helpers/files.js';
import { announced, focused, part, parts, text, until } from '../helpers/widgets.js';
import { openUpload, routeXhr } from './helpers.js';

const MiB = 1024 * 1024;
const PDF = new TextEncoder().encode('%PDF-1.7\n');
const strings = { de: { ...de, ...uploadDe }, en: { ...en, ...uploadEn } } as Record<'de' | 'en', Translation & UploadTranslation>;
/** Where the "lost" requests go: a port nothing listens on, so the connection is refused. */
const NOWHERE = 'http://127.0.0.1:9/guestkit';

function clearTusEntries(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('tus::')) localStorage.removeItem(key);
}

/**
 * Loses the connection for tus: every `XMLHttpRequest` to this adapter's tus endpoint opened from
 * now on goes to {@link NOWHERE}, and the browser says it is offline (so the queue reports the
 * failure at once instead of retrying for 19 s). Returns the undo, which fires no `online` event:
 * the widget would retry by itself on one, and these tests press "Try again".
 */
function loseConnection(): () => void {
  const undoRoute = routeXhr((_, url) => (url.startsWith(`${ENDPOINT}/v1/upload/tus`) ? url.replace(ENDPOINT, NOWHERE) : url));
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
  return () => {
    undoRoute();
    delete (navigator as { onLine?: boolean }).onLine;
  };
}

/** Resolves with the batch's completion once `widget` reports it. */
function nextBatch(widget: GuestUpload): Promise<void> {
  return new Promise((resolve) => widget.addEventListener('gk-upload-complete', () => resolve(), { once: true }));
}

/**
 * Opens an upload request, drops `file` and presses "Upload" with the connection lost; resolves
 * once the file shows as failed (the connection is back by then).
 */
async function failedUpload(lang: 'de' | 'en', file: File) {
  const opened = await openUpload(lang);
  const { widget } = opened;
  const errors: string[] = [];
  widget.addEventListener('gk-error', (event) => errors.push((event as GuestkitErrorEvent).code));
  dropFiles(part(widget, 'dropzone'), [file]);
  await until(() => parts(widget, 'file').length === 1, 'the file');
  const restore = loseConnection();
  try {
    part<HTMLButtonElement>(widget, 'upload-button').click();
    await until(() => widget.shadowRoot!.querySelector('[part~="file-failed"]'), 'the failure', 10_000);
    await widget.updateComplete;
  } finally {
    restore();
  }
  return { ...opened, errors };
}

/** The parts of the failed file a visitor relies on: the reason, announced and shown, and "Try again". */
function expectFailedWithRetry(widget: GuestUpload, lang: 'de' | 'en', name: string): HTMLButtonElement {
  const t = strings[lang];
  expect(parts(widget, 'file')[0]!.getAttribute('part')).to.equal('file file-failed');
  // Rendered while the browser was offline: the line says so, and that it goes on once back online.
  expect(text(widget, 'file-status')).to.equal(t['upload.offline']);
  expect(part(widget, 'file-status').classList.contains('file__status--error')).to.equal(true);
  expect(announced(widget)).to.equal(t['upload.announce.failed']({ name, reason: t['code.network_error'] }));
  const retry = part<HTMLButtonElement>(widget, 'retry');
  expect(retry.localName).to.equal('button');
  expect(retry.getAttribute('part')).to.equal('file-action retry');
  expect(retry.textContent!.trim()).to.equal(t.retry);
  expect(retry.getAttribute('aria-label')).to.equal(`${t.retry}: ${name}`);
  return retry;
}

/** Turns a sample of a formatter's output into a pattern: the first run of digits any length, later runs (decimals, groups) as long as in the sample. */
function shapeOf(sample: string): string {
  let first = true;
  return sample
    .replace(/\s+/g, ' ')
    .split(/(\d+)/)
    .map((piece, index) => {
      if (index % 2 === 0) return escapeRegExp(piece);
      const shape = first ? '\\d+' : `\\d{${piece.length}}`;
      first = false;
      return shape;
    })
    .join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Any size {@link formatBytes} writes in `locale`: whole, with one decimal, with a group separator; bytes to gigabytes. */
function bytesPattern(locale: string): string {
  const samples = [1, 1024, MiB, 1024 * MiB].flatMap((unit) => [5, 1.5, 150, 1000].map((value) => formatBytes(value * unit, locale)));
  return `(?:${[...new Set(samples.map(shapeOf))].join('|')})`;
}

/** Any "time left" {@link formatDuration} writes in `locale`: seconds, minutes, hours (whole or with a decimal). */
function durationPattern(locale: string): string {
  const samples = [5, 90, 4000, 7200, 40_000].map((seconds) => formatDuration(seconds, locale));
  return `(?:${[...new Set(samples.map(shapeOf))].join('|')})`;
}

/** The status line of a file going up with its speed known, e.g. "8 MB von 24 MB · 6,7 MB/s, noch 3 Sek.". */
function uploadingWithSpeed(lang: 'de' | 'en', size: number): RegExp {
  const t = strings[lang];
  const line = `${t['upload.status.uploading']({ sent: '\u0001', total: '\u0002' })} · ${t['upload.status.speed']({ speed: '\u0003', left: '\u0004' })}`;
  const source = escapeRegExp(line.replace(/\s+/g, ' '))
    .replace('\u0001', bytesPattern(lang))
    .replace('\u0002', escapeRegExp(formatBytes(size, lang).replace(/\s+/g, ' ')))
    .replace('\u0003', `(${bytesPattern(lang)})`)
    .replace('\u0004', durationPattern(lang));
  return new RegExp(`^${source}$`);
}

describe('guest-upload queue details: try again, speed, a note per file', () => {
  beforeEach(clearTusEntries);
  afterEach(clearTusEntries);

  for (const lang of ['de', 'en'] as const) {
    it(`a file that failed for want of a connection shows why and "Try again"; pressing it uploads the file intact (${lang})`, async function () {
      this.timeout(30_000);
      const name = lang === 'de' ? 'Kontoauszug Mai.pdf' : 'Bank statement May.pdf';
      const file = randomFile(2 * MiB + 3, name, 'application/pdf', PDF);
      const { widget, requestId, errors } = await failedUpload(lang, file);
      expect(errors).to.deep.equal(['network_error']);
      const retry = expectFailedWithRetry(widget, lang, name);
      expect(parts(widget, 'remove'), 'a failed file can still be removed').to.have.length(1);
      expect(await storedFiles(requestId)).to.deep.equal([]);

      // The connection is back (no `online` event): nothing happens until the visitor presses it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(parts(widget, 'file')[0]!.getAttribute('part')).to.equal('file file-failed');

      const done = nextBatch(widget);
      retry.focus();
      retry.click();
      await widget.updateComplete;
      expect(parts(widget, 'retry'), 'no second press while it goes up').to.have.length(0);
      await done;
      await widget.updateComplete;

      const stored = await storedFiles(requestId);
      expect(stored.map((each) => [each.name, each.storedSha256])).to.deep.equal([[name, await sha256Hex(file)]]);
      expect(announced(widget)).to.equal(strings[lang]['upload.announce.done']({ name }));
      // The batch of the retry is all there is, and all arrived: completion, with focus on its heading.
      expect(text(widget, 'complete-title')).to.equal(strings[lang]['upload.complete.title']({ count: 1 }));
      expect(focused(widget)?.id).to.equal('gk-upload-complete-title');
    });

    it(`is accessible with a failed file and its "Try again" button (${lang})`, async function () {
      this.timeout(15_000);
      const name = 'Lohnsteuerbescheinigung.pdf';
      const { widget } = await failedUpload(lang, randomFile(64 * 1024, name, 'application/pdf', PDF));
      expectFailedWithRetry(widget, lang, name);
      await expect(widget).to.be.accessible();
    });

    it(`shows the transfer speed in the visitor's language while a large file goes up (${lang})`, async function () {
      this.timeout(60_000);
      const { widget, requestId } = await openUpload(lang);
      // Through the slow adapter each request waits until released: the chunks go up in steps
      // far enough apart for the queue to measure a speed (it needs half a second of samples).
      widget.client = adapterClient(lang, SLOW_ENDPOINT);
      await releaseSlow(); // the session exchange
      await releaseSlow(); // GET /v1/upload
      await until(() => widget.shadowRoot!.querySelector('[part~="dropzone"]'), 'the request via the slow adapter');
      const size = 24 * MiB + 7;
      const file = randomFile(size, 'Jahresabschluss 2025.pdf', 'application/pdf', PDF);
      dropFiles(part(widget, 'dropzone'), [file]);
      await until(() => parts(widget, 'file').length === 1, 'the file');
      let complete = false;
      widget.addEventListener('gk-upload-complete', () => (complete = true), { once: true });
      part<HTMLButtonElement>(widget, 'upload-button').click();

      const pattern = uploadingWithSpeed(lang, size);
      const other = uploadingWithSpeed(lang === 'de' ? 'en' : 'de', size);
      let line = '';
      const end = Date.now() + 30_000;
      while (!complete && Date.now() < end) {
        await new Promise((resolve) => setTimeout(resolve, 600));
        await releaseSlow();
        await widget.updateComplete;
        line = widget.shadowRoot!.querySelector('[part~="file-uploading"] [part~="file-status"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
        if (pattern.test(line)) break;
      }
      expect(line, 'the status line while uploading').to.match(pattern);
      expect(line).to.not.match(other);
      const speed = pattern.exec(line)![1]!;
      // The speed is a size per second in the visitor's number format: "6,7 MB/s", "6.7 MB/s".
      expect(line).to.contain(`${speed}/s`);
      expect(speed).to.match(lang === 'de' ? /^\d+(?:,\d)?\s\S+$|^\d+\.\d{3}\s\S+$/ : /^\d+(?:\.\d)?\s\S+$|^\d+,\d{3}\s\S+$/);
      expect(part<HTMLProgressElement>(widget, 'progress').max).to.equal(size);

      while (!complete) await releaseSlow();
      const stored = await storedFiles(requestId);
      expect(stored.map((each) => each.storedSha256)).to.deep.equal([await sha256Hex(file)]);
    });
  }

  it('"Try again" by keyboard: Tab from the file list reaches it, Enter resumes the upload where it stopped', async function () {
    this.timeout(60_000);
    const { widget, requestId } = await openUpload('de');
    const name = 'Belege 2025.pdf';
    const file = randomFile(16 * MiB + 5, name, 'application/pdf', PDF);
    dropFiles(part(widget, 'dropzone'), [file]);
    await until(() => parts(widget, 'file').length === 1, 'the file');
    // The connection goes once the first 4 MiB chunk is on the server: the next one is refused.
    let restore: (() => void) | undefined;
    widget.addEventListener('gk-upload-progress', (event) => {
      if (!restore && event.bytesUploaded >= 4 * MiB) restore = loseConnection();
    });
    try {
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => widget.shadowRoot!.querySelector('[part~="file-failed"]'), 'the failure mid-file', 20_000);
      await widget.updateComplete;
    } finally {
      restore?.();
    }
    expect(restore, 'the connection was lost mid-file').to.not.equal(undefined);
    expectFailedWithRetry(widget, 'de', name);
    expect(await storedFiles(requestId)).to.deep.equal([]);

    // Pressing Upload put focus on the file list's heading; it is still there, and Tab goes on to "Try again".
    expect(focused(widget)?.id).to.equal('gk-upload-files-title');
    await sendKeys({ press: 'Tab' });
    expect(focused(widget)).to.equal(part(widget, 'retry'));
    const progress: number[] = [];
    widget.addEventListener('gk-upload-progress', (event) => progress.push(event.bytesUploaded));
    // What tus sends after "Try again": a HEAD for the offset of the upload it has, no new upload.
    const sent: string[] = [];
    const undoRoute = routeXhr((method, url) => (sent.push(`${method} ${url}`), url));
    const done = nextBatch(widget);
    await sendKeys({ press: 'Enter' });
    await widget.updateComplete;
    // The pressed button is gone with the failure: focus is on the same file's Cancel (or, if the
    // file is already through, the list's heading), never dropped to the page.
    expect(focused(widget)?.id ?? '(nothing in the widget)').to.match(/^gk-file-\d+-cancel$|^gk-upload-files-title$/);
    try {
      await done;
    } finally {
      undoRoute();
    }
    await widget.updateComplete;

    // Resumed, not started over: tus asked the server for its offset and created no new upload,
    // and the first progress reported already counts the chunk the server has.
    const tus = sent.filter((line) => line.includes('/v1/upload/tus'));
    expect(tus.filter((line) => line.startsWith('POST ')), `no new upload: ${tus.join(', ')}`).to.deep.equal([]);
    expect(tus[0], 'first, the offset of the upload it has').to.match(/^HEAD .*\/v1\/upload\/tus\/[A-Za-z0-9_-]{24}$/);
    expect(progress[0], 'first progress after "Try again"').to.be.at.least(4 * MiB);
    const stored = await storedFiles(requestId);
    expect(stored.map((each) => [each.name, each.storedSha256])).to.deep.equal([[name, await sha256Hex(file)]]);
    expect(focused(widget)?.id).to.equal('gk-upload-complete-title');
  });

  it('keeps each file’s note with that file: two files in one batch, two notes, each stored with its own', async function () {
    this.timeout(20_000);
    const { widget, requestId } = await openUpload('de');
    dropFiles(part(widget, 'dropzone'), [
      randomFile(300 * 1024, 'Lohnabrechnung März.pdf', 'application/pdf', PDF),
      randomFile(200 * 1024, 'Mietvertrag.pdf', 'application/pdf', PDF),
    ]);
    await until(() => parts(widget, 'file').length === 2, 'the files');
    const notes = parts<HTMLTextAreaElement>(widget, 'note');
    expect(notes).to.have.length(2);
    // Typed as a visitor does, each note field labelled for its file.
    notes[0]!.focus();
    await sendKeys({ type: 'Bitte für die Lohnbuchhaltung' });
    notes[1]!.focus();
    await sendKeys({ type: 'Nur Seite 2 ist neu' });
    expect(notes.map((note) => note.value)).to.deep.equal(['Bitte für die Lohnbuchhaltung', 'Nur Seite 2 ist neu']);

    const done = nextBatch(widget);
    part<HTMLButtonElement>(widget, 'upload-button').click();
    await done;

    const stored = await storedFiles(requestId);
    expect(Object.fromEntries(stored.map((each) => [each.name, each.note]))).to.deep.equal({
      'Lohnabrechnung März.pdf': 'Bitte für die Lohnbuchhaltung',
      'Mietvertrag.pdf': 'Nur Seite 2 ist neu',
    });
  });
});
