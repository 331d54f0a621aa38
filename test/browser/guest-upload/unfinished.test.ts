/**
 * After a reload, `<guest-upload>` lists what an earlier visit left unfinished (from tus-js-client's
 * URL storage, for this request only): choosing the same file again continues it, "Discard" ends
 * it on the server. Real uploads on the real adapter, interrupted by removing the widget mid-file.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { GuestUpload } from '../../../src/components/guest-upload/guest-upload.component.js';
import { isGuestkitApiError } from '../../../src/client/errors.js';
import { uploadDe } from '../../../src/components/guest-upload/lang/de.js';
import { uploadEn } from '../../../src/components/guest-upload/lang/en.js';
import type { UploadTranslation } from '../../../src/components/guest-upload/translations.js';
import { de } from '../../../src/components/translations/de.js';
import { en } from '../../../src/components/translations/en.js';
import type { Translation } from '../../../src/components/translations/types.js';
import { formatBytes } from '../../../src/components/upload/format.js';
import { resumeScope } from '../../../src/components/upload/unfinished.js';
import { adapterClient, ENDPOINT, storedFiles } from '../helpers/adapter.js';
import { dropFiles, randomFile, sha256Hex } from '../helpers/files.js';
import { announced, focused, part, parts, text, until, untilState } from '../helpers/widgets.js';
import { interruptedUpload, openUpload, routeXhr } from './helpers.js';

const MiB = 1024 * 1024;
const PDF = new TextEncoder().encode('%PDF-1.7\n');
const SIZE = 24 * MiB + 7;
const strings = { de: { ...de, ...uploadDe }, en: { ...en, ...uploadEn } } as Record<'de' | 'en', Translation & UploadTranslation>;

function tusEntries(): [string, Record<string, unknown>][] {
  return Object.keys(localStorage)
    .filter((key) => key.startsWith('tus::'))
    .map((key) => [key, JSON.parse(localStorage.getItem(key)!) as Record<string, unknown>]);
}

function clearTusEntries(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('tus::')) localStorage.removeItem(key);
}

/** The page loads again and the same link opens. */
async function reopen(lang: 'de' | 'en', token: string): Promise<GuestUpload> {
  const widget = await fixture<GuestUpload>(html`<guest-upload lang=${lang} token=${token} .client=${adapterClient(lang)}></guest-upload>`);
  await untilState(widget, 'ready');
  await until(() => widget.shadowRoot!.querySelector('[part~="dropzone"]'), 'the request');
  await widget.updateComplete;
  return widget;
}

const unfinished = (widget: GuestUpload): Element | null => widget.shadowRoot!.querySelector('[part~="unfinished"]');

/** Presses "Upload" on `widget` (its files chosen) and waits until the batch completes; answers each `bytesUploaded` reported. */
async function uploadAll(widget: GuestUpload, timeout = 40_000): Promise<number[]> {
  const progress: number[] = [];
  let done = false;
  widget.addEventListener('gk-upload-progress', (event) => progress.push(event.bytesUploaded));
  widget.addEventListener('gk-upload-complete', () => (done = true), { once: true });
  part<HTMLButtonElement>(widget, 'upload-button').click();
  await until(() => done, 'completion', timeout);
  return progress;
}

/** The status of a HEAD on a tus upload URL, with a session of the link. */
async function headStatus(token: string, uploadUrl: string): Promise<number> {
  const link = await adapterClient('de').openLink(token);
  const path = new URL(uploadUrl).pathname.replace(/^\/guestkit/, '');
  return link.raw('HEAD', path, { headers: { 'tus-resumable': '1.0.0' } }).then(
    (response) => response.status,
    (error: unknown) => (isGuestkitApiError(error) ? error.status : 0),
  );
}

describe('guest-upload: unfinished uploads after a reload', () => {
  beforeEach(clearTusEntries);
  afterEach(clearTusEntries);

  for (const lang of ['de', 'en'] as const) {
    const t = strings[lang];

    it(`lists the interrupted file by name and size, labelled, with "choose file" and "discard" (${lang})`, async function () {
      this.timeout(40_000);
      const { token, requestId } = await interruptedUpload(lang);
      const widget = await reopen(lang, token);

      const group = part(widget, 'unfinished');
      expect(group.getAttribute('role')).to.equal('group');
      const title = widget.shadowRoot!.getElementById(group.getAttribute('aria-labelledby')!)!;
      expect(title.localName).to.equal('h3');
      expect(title.textContent!.trim()).to.equal(t['upload.unfinished.title']);
      expect(text(widget, 'unfinished')).to.contain(t['upload.unfinished.hint']);
      const items = parts(widget, 'unfinished-item');
      expect(items).to.have.length(1);
      const size = formatBytes(SIZE, lang).replace(/\s+/g, ' ');
      expect(items[0]!.textContent!.replace(/\s+/g, ' ')).to.contain(`Jahresabschluss 2025.pdf ${size}`);
      const discard = part<HTMLButtonElement>(widget, 'unfinished-discard');
      expect(discard.localName).to.equal('button');
      expect(discard.getAttribute('aria-label')).to.equal(`${t['upload.unfinished.discard']}: Jahresabschluss 2025.pdf`);
      // Nothing of the earlier visit is in the queue: the file itself has to be chosen again.
      expect(parts(widget, 'file')).to.have.length(0);

      // "Choose file" opens the same picker as the drop zone.
      const input = widget.shadowRoot!.querySelector<HTMLInputElement>('#gk-upload-files')!;
      let opened = 0;
      input.addEventListener('click', (event) => {
        opened++;
        event.preventDefault();
      });
      const choose = part<HTMLButtonElement>(widget, 'unfinished-choose');
      expect(choose.textContent!.trim()).to.equal(t['upload.unfinished.choose']);
      choose.click();
      expect(opened).to.equal(1);

      await expect(widget).to.be.accessible();
      expect(await storedFiles(requestId)).to.deep.equal([]);
    });
  }

  it('the same file dropped again leaves the group, resumes from the server offset and arrives intact; the entry does not come back', async function () {
    this.timeout(60_000);
    const { token, requestId, file } = await interruptedUpload('en');
    const widget = await reopen('en', token);
    expect(parts(widget, 'unfinished-item')).to.have.length(1);

    // Another file does not take its place.
    dropFiles(part(widget, 'dropzone'), [randomFile(4096, 'Beleg.pdf', 'application/pdf', PDF)]);
    await until(() => parts(widget, 'file').length === 1, 'the other file');
    expect(parts(widget, 'unfinished-item')).to.have.length(1);
    part<HTMLButtonElement>(widget, 'remove').click();
    await until(() => parts(widget, 'file').length === 0, 'the other file removed');

    dropFiles(part(widget, 'dropzone'), [file]);
    await until(() => parts(widget, 'file').length === 1, 'the file again');
    await widget.updateComplete;
    expect(unfinished(widget), 'the group is gone: its file is in the queue').to.equal(null);

    const progress = await uploadAll(widget);
    // Progress counts bytes sent; only the first 4 MiB chunk is sure to have been confirmed before
    // the reload. Starting over would report far less first.
    expect(progress[0], 'first progress after the reload').to.be.at.least(4 * MiB);

    const stored = await storedFiles(requestId);
    expect(stored).to.have.length(1);
    expect(stored[0]!.storedSha256).to.equal(await sha256Hex(file));
    expect(tusEntries().filter(([key]) => key.includes(requestId))).to.deep.equal([]);
    await widget.updateComplete;
    expect(unfinished(widget)).to.equal(null);

    // "Upload more" reads the request again: nothing unfinished comes back, nor after a reload.
    part<HTMLButtonElement>(widget, 'upload-more').click();
    await until(() => widget.shadowRoot!.querySelector('[part~="dropzone"]'), 'the drop zone');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await widget.updateComplete;
    expect(unfinished(widget)).to.equal(null);
    widget.remove();
    expect(unfinished(await reopen('en', token))).to.equal(null);
  });

  it('of two earlier uploads of the same file, the newer one resumes (dates compared as dates, not as text)', async function () {
    this.timeout(60_000);
    const { token, requestId, file, key } = await interruptedUpload('en');
    // tus-js-client stores `Date#toString()`. The real upload is from a Friday, an older one the
    // server no longer has from the Thursday before: as text, "Thu …" sorts after "Fri …".
    const newer = { ...JSON.parse(localStorage.getItem(key)!), creationTime: new Date(2026, 10, 27, 12).toString() };
    localStorage.setItem(key, JSON.stringify(newer));
    const olderKey = `${key.slice(0, key.lastIndexOf('::'))}::older`;
    const older = { ...newer, creationTime: new Date(2026, 10, 26, 20).toString(), uploadUrl: `${ENDPOINT}/v1/upload/tus/AAAAAAAAAAAAAAAAAAAAAAAA` };
    localStorage.setItem(olderKey, JSON.stringify(older));
    expect(older.creationTime > newer.creationTime, 'as text the older one looks newer').to.equal(true);

    // For the page it is that Friday afternoon: both entries are within the day they are kept.
    const { now } = Date;
    const shift = new Date(2026, 10, 27, 14).getTime() - now();
    Date.now = () => now() + shift;
    let progress: number[];
    try {
      const widget = await reopen('en', token);
      expect(localStorage.getItem(olderKey), 'both kept').to.not.equal(null);
      dropFiles(part(widget, 'dropzone'), [file]);
      await until(() => parts(widget, 'file').length === 1, 'the file again');
      progress = await uploadAll(widget);
    } finally {
      Date.now = now;
    }
    expect(progress[0], 'first progress: resumed, not started over').to.be.at.least(4 * MiB);
    const stored = await storedFiles(requestId);
    expect(stored).to.have.length(1);
    expect(stored[0]!.storedSha256).to.equal(await sha256Hex(file));
  });

  it('a full (or refusing) localStorage costs only the resume after a reload: the upload itself completes', async function () {
    this.timeout(20_000);
    const { widget, requestId } = await openUpload('en');
    const setItem = Storage.prototype.setItem;
    let refused = 0;
    Storage.prototype.setItem = function () {
      refused++;
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      const file = randomFile(6 * MiB, 'Kontoauszug.pdf', 'application/pdf', PDF);
      dropFiles(part(widget, 'dropzone'), [file]);
      await until(() => parts(widget, 'file').length === 1, 'the file');
      await uploadAll(widget, 15_000);
      expect(refused, 'the upload URL was offered to storage').to.be.at.least(1);
      const stored = await storedFiles(requestId);
      expect(stored.map((each) => each.storedSha256)).to.deep.equal([await sha256Hex(file)]);
    } finally {
      Storage.prototype.setItem = setItem;
    }
    expect(tusEntries().filter(([key]) => key.includes(requestId))).to.deep.equal([]);
  });

  it('"Discard" deletes the partial upload on the server, forgets it and says so', async function () {
    this.timeout(40_000);
    const { token, requestId, key, uploadUrl } = await interruptedUpload('de', 'Groß.pdf');
    expect(await headStatus(token, uploadUrl), 'the server has the partial upload').to.equal(200);
    const widget = await reopen('de', token);
    part<HTMLButtonElement>(widget, 'unfinished-discard').click();
    await until(() => unfinished(widget) === null, 'the entry to go');
    expect(announced(widget)).to.equal(uploadDe['upload.unfinished.discarded']({ name: 'Groß.pdf' }));
    expect(localStorage.getItem(key)).to.equal(null);
    expect([404, 410]).to.include(await headStatus(token, uploadUrl));
    expect(await storedFiles(requestId)).to.deep.equal([]);
    await widget.updateComplete;
    expect(focused(widget)).to.equal(part(widget, 'dropzone'));
  });

  it('keeps the entry and says why when the server cannot be reached; a 404 counts as done; skips entries it cannot read', async function () {
    this.timeout(20_000);
    const { token, requestId } = await openUpload('en');
    const prefix = `tus::guestkit/${resumeScope(requestId, token)}/`;
    const good = `${prefix}Lohn.pdf/application/pdf/5000/1::1`;
    const gone = `${prefix}Alt.pdf/application/pdf/5000/1::7`;
    // An upload of this adapter whose DELETE never gets an answer: the request is sent to port 9,
    // where nothing listens (rewritten below the widget, in XMLHttpRequest itself).
    const entry = { size: 5000, metadata: { filename: 'Lohn.pdf', filetype: 'application/pdf' }, creationTime: new Date().toString(), uploadUrl: `${ENDPOINT}/v1/upload/tus/unreachable` };
    const undoRoute = routeXhr((_, url) => (url.endsWith('/unreachable') ? 'http://127.0.0.1:9/guestkit/v1/upload/tus/unreachable' : url));
    localStorage.setItem(good, JSON.stringify(entry));
    // An upload the server does not know (any more).
    localStorage.setItem(gone, JSON.stringify({ ...entry, metadata: { filename: 'Alt.pdf' }, uploadUrl: `${ENDPOINT}/v1/upload/tus/AAAAAAAAAAAAAAAAAAAAAAAA` }));
    localStorage.setItem(`${prefix}a.pdf/application/pdf/1/1::2`, '{not json');
    localStorage.setItem(`${prefix}b.pdf/application/pdf/1/1::3`, 'null');
    localStorage.setItem(`${prefix}c.pdf/application/pdf/1/1::4`, JSON.stringify({ ...entry, uploadUrl: undefined }));
    localStorage.setItem(`${prefix}d.pdf/application/pdf/1/1::5`, JSON.stringify({ ...entry, metadata: {} }));
    localStorage.setItem(`${prefix}e.pdf/application/pdf/1/1::6`, JSON.stringify({ ...entry, size: 'big' }));
    const widget = await reopen('en', token);
    const names = () => parts(widget, 'unfinished-item').map((item) => item.querySelector('.file__name')!.textContent);
    expect(names()).to.have.members(['Lohn.pdf', 'Alt.pdf']);
    const discard = (name: string) => parts<HTMLButtonElement>(widget, 'unfinished-discard').find((button) => button.getAttribute('aria-label')!.endsWith(name))!;

    // Offline: no retries, so the failure is reported at once.
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      discard('Lohn.pdf').click();
      await until(() => announced(widget) === en['code.network_error'], 'the reason', 10_000);
    } finally {
      delete (navigator as { onLine?: boolean }).onLine;
      undoRoute();
    }
    expect(names()).to.have.members(['Lohn.pdf', 'Alt.pdf']);
    expect(localStorage.getItem(good)).to.not.equal(null);

    discard('Alt.pdf').click();
    await until(() => names().length === 1, 'the entry the server did not know to go');
    expect(names()).to.deep.equal(['Lohn.pdf']);
    expect(localStorage.getItem(gone)).to.equal(null);
    expect(announced(widget)).to.equal(uploadEn['upload.unfinished.discarded']({ name: 'Alt.pdf' }));
  });

  it('never lists, resumes or discards an upload URL outside this adapter’s uploads, and sends it no credential', async function () {
    this.timeout(20_000);
    const { token, requestId } = await openUpload('en');
    const prefix = `tus::guestkit/${resumeScope(requestId, token)}/`;
    const entry = { size: 5000, metadata: { filename: 'x.pdf', filetype: 'application/pdf' }, creationTime: new Date().toString() };
    const planted = {
      [`${prefix}Fremd.pdf/application/pdf/5000/1::1`]: 'https://evil.example/guestkit/v1/upload/tus/abc',
      [`${prefix}Pfad.pdf/application/pdf/5000/1::2`]: `${location.origin}/elsewhere/abc`,
      [`${prefix}Tiefer.pdf/application/pdf/5000/1::3`]: `${ENDPOINT}/v1/upload/tus/abc/def`,
      [`${prefix}Frage.pdf/application/pdf/5000/1::4`]: `${ENDPOINT}/v1/upload/tus/abc?x=1`,
    };
    for (const [key, uploadUrl] of Object.entries(planted)) localStorage.setItem(key, JSON.stringify({ ...entry, metadata: { filename: key.split('/')[3] }, uploadUrl }));
    const opened: string[] = [];
    const undoRoute = routeXhr((method, url) => (opened.push(`${method} ${url}`), url));
    try {
      const widget = await reopen('en', token);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await widget.updateComplete;
      expect(unfinished(widget), 'nothing foreign is listed').to.equal(null);
      // A file whose fingerprint matches a planted entry starts a fresh upload at this adapter instead.
      // Name, type, size and date as in the planted fingerprint `Fremd.pdf/application/pdf/5000/1`.
      const file = new File([PDF, new Uint8Array(5000 - PDF.length)], 'Fremd.pdf', { type: 'application/pdf', lastModified: 1 });
      dropFiles(part(widget, 'dropzone'), [file]);
      await until(() => parts(widget, 'file').length === 1, 'the file');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => opened.some((line) => line.startsWith('POST ')), 'a new upload');
      expect(opened.filter((line) => !line.includes(`${ENDPOINT}/v1/upload/tus`)), 'no request leaves the adapter').to.deep.equal([]);
    } finally {
      undoRoute();
      for (const key of Object.keys(planted)) localStorage.removeItem(key);
    }
  });

  it('a widget for another upload request does not list them', async function () {
    this.timeout(40_000);
    const { token, requestId } = await interruptedUpload('en');
    const other = await openUpload('en');
    expect(other.requestId).to.not.equal(requestId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await other.widget.updateComplete;
    expect(unfinished(other.widget)).to.equal(null);
    expect(tusEntries().filter(([key]) => key.includes(requestId))).to.have.length(1);
    // …while its own link still does.
    expect(parts(await reopen('en', token), 'unfinished-item')).to.have.length(1);
  });

  it('by keyboard: Tab reaches "Discard" after the drop zone, Enter discards; axe finds nothing', async function () {
    this.timeout(40_000);
    const { token } = await interruptedUpload('en', 'Belege.pdf');
    const widget = await reopen('en', token);
    await expect(widget).to.be.accessible();
    (document.activeElement as HTMLElement | null)?.blur();
    await sendKeys({ press: 'Tab' });
    expect(focused(widget)).to.equal(part(widget, 'dropzone'));
    await sendKeys({ press: 'Tab' });
    expect(focused(widget)).to.equal(part(widget, 'unfinished-discard'));
    await sendKeys({ press: 'Tab' });
    expect(focused(widget)).to.equal(part(widget, 'unfinished-choose'));
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(focused(widget)).to.equal(part(widget, 'unfinished-discard'));
    await sendKeys({ press: 'Enter' });
    await until(() => unfinished(widget) === null, 'the entry to go');
    expect(announced(widget)).to.equal(uploadEn['upload.unfinished.discarded']({ name: 'Belege.pdf' }));
    await widget.updateComplete;
    expect(focused(widget)).to.equal(part(widget, 'dropzone'));
    await expect(widget).to.be.accessible();
  });
});
