/**
 * `<guest-upload>` against the real adapter (tus, finish, blob store): dropped files arrive
 * byte-identical, with progress and completion events, and the folder holds exactly them.
 */
import { expect } from '@open-wc/testing';
import type { GuestUploadCompleteEvent } from '../../../src/components/events/upload-complete.js';
import type { GuestUploadFileCompleteEvent } from '../../../src/components/events/upload-file-complete.js';
import type { GuestUploadProgressEvent } from '../../../src/components/events/upload-progress.js';
import { fixture, html } from '@open-wc/testing';
import type { GuestUpload } from '../../../src/components/guest-upload/guest-upload.component.js';
import { adapterClient, OTHER_ORIGIN_ENDPOINT, seedUploadRequest, standby, storedFiles } from '../helpers/adapter.js';
import { dropFiles, pdfFile, randomFile, sha256Hex } from '../helpers/files.js';
import { part, parts, text, until, untilState } from '../helpers/widgets.js';
import { openUpload, recordTusRequests, routeXhr } from './helpers.js';

const PDF = new TextEncoder().encode('%PDF-1.7\n');
const MiB = 1024 * 1024;

/** `<guest-upload>` for a fresh upload request, talking to the adapter at `endpoint`. */
async function openAt(endpoint: string) {
  const seeded = await seedUploadRequest({ locale: 'en' });
  const widget = await fixture<GuestUpload>(html`<guest-upload lang="en" token=${seeded.token} .client=${adapterClient('en', endpoint)}></guest-upload>`);
  await untilState(widget, 'ready');
  await until(() => widget.shadowRoot!.querySelector('[part~="dropzone"]'), 'the request');
  let done = false;
  widget.addEventListener('gk-upload-complete', () => (done = true));
  return { ...seeded, widget, done: () => done };
}

describe('guest-upload end to end (real adapter)', () => {
  it('two dropped files (one over 10 MiB) arrive byte-identical; progress fires, completion once', async function () {
    this.timeout(60_000);
    const { widget, requestId, form } = await openUpload('en', {}, { name: 'documents' });
    const big = randomFile(12 * 1024 * 1024 + 12_345, 'Kontoauszüge 2025.pdf', 'application/pdf', PDF);
    const small = pdfFile('Rechnung 0815.pdf');
    const progress: GuestUploadProgressEvent[] = [];
    const fileDone: GuestUploadFileCompleteEvent[] = [];
    const complete: GuestUploadCompleteEvent[] = [];
    widget.addEventListener('gk-upload-progress', (event) => progress.push(event));
    widget.addEventListener('gk-upload-file-complete', (event) => fileDone.push(event));
    widget.addEventListener('gk-upload-complete', (event) => complete.push(event));

    const { accepted } = dropFiles(part(widget, 'dropzone'), [big, small]);
    expect(accepted, 'dragover is accepted').to.equal(true);
    await until(() => parts(widget, 'file').length === 2, 'two files in the list');
    expect(parts(widget, 'file-name').map((node) => node.textContent)).to.deep.equal([big.name, small.name]);

    part<HTMLButtonElement>(widget, 'upload-button').click();
    await until(() => complete.length > 0, 'gk-upload-complete', 50_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(complete).to.have.length(1);
    expect(complete[0]!.files.map((file) => file.name)).to.have.members([big.name, small.name]);
    expect(fileDone).to.have.length(2);
    const bigProgress = progress.filter((event) => event.file.name === big.name);
    expect(bigProgress.length, 'progress events for the big file').to.be.greaterThan(2);
    expect(bigProgress.at(-1)!.bytesUploaded).to.equal(big.size);
    expect(progress.at(-1)!.batchBytesTotal).to.equal(big.size + small.size);

    const stored = await storedFiles(requestId);
    expect(stored.map((file) => file.name)).to.have.members([big.name, small.name]);
    expect(stored).to.have.length(2);
    for (const file of [big, small]) {
      const record = stored.find((each) => each.name === file.name)!;
      const expected = await sha256Hex(file);
      expect(record.storedSha256, `${file.name} stored bytes`).to.equal(expected);
      expect(record.sha256).to.equal(expected);
      expect(record.size).to.equal(file.size);
    }

    await widget.updateComplete;
    expect(text(widget, 'complete-title')).to.equal('2 files received');
    expect(widget.shadowRoot!.activeElement?.id).to.equal('gk-upload-complete-title');
    expect(widget.value).to.have.members(stored.map((file) => file.id));
    expect(new FormData(form).getAll('documents')).to.have.members(stored.map((file) => file.id));
  });

  it('a password-protected Excel file (a compound file, not a zip) is taken and arrives as a workbook, byte-identical', async function () {
    this.timeout(30_000);
    const { widget, requestId } = await openUpload('de');
    // Made by Office's encryption (test/fixtures/README.md); its first bytes say "compound file", not "zip".
    const bytes = new Uint8Array(await (await fetch('/test/fixtures/office/protected.xlsx')).arrayBuffer());
    const file = new File([bytes], 'Lohnliste 2025.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    let complete = false;
    widget.addEventListener('gk-upload-complete', () => (complete = true));
    dropFiles(part(widget, 'dropzone'), [file]);
    await until(() => parts(widget, 'file').length === 1, 'the file in the list');
    part<HTMLButtonElement>(widget, 'upload-button').click();
    await until(() => complete, 'gk-upload-complete', 25_000);
    const [stored, ...more] = await storedFiles(requestId);
    expect(more).to.have.length(0);
    expect(stored!.type).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(stored!.storedSha256).to.equal(await sha256Hex(file));
    await widget.updateComplete;
    expect(text(widget, 'complete-title')).to.equal('Eine Datei empfangen');
  });

  it('works across origins (the widget on the firm site, the adapter elsewhere): tus headers pass CORS', async function () {
    this.timeout(30_000);
    const { widget, requestId, done } = await openAt(OTHER_ORIGIN_ENDPOINT);
    const file = randomFile(5 * MiB, 'Vollmacht.pdf', 'application/pdf', PDF);
    dropFiles(part(widget, 'dropzone'), [file]);
    await until(() => parts(widget, 'file').length === 1, 'the file');
    part<HTMLButtonElement>(widget, 'upload-button').click();
    await until(done, 'completion', 20_000);
    const [stored] = await storedFiles(requestId);
    expect(stored?.storedSha256).to.equal(await sha256Hex(file));
  });

  it('survives a network drop mid-upload: the adapter goes away, comes back, and the upload resumes from its offset', async function () {
    this.timeout(60_000);
    const { endpoint } = await standby(true);
    let undoRoute = (): void => undefined;
    let undoRecord = (): void => undefined;
    try {
      const { widget, requestId, done } = await openAt(endpoint);
      const file = randomFile(24 * MiB + 1, 'Belege Q1.pdf', 'application/pdf', PDF);
      let droppedAt = 0;
      const times: number[] = [];
      // From the moment of the drop, tus requests fail at once (nothing listens on port 1) until the
      // adapter is really gone: the rest of the file cannot slip through while it shuts down.
      let unreachable = false;
      undoRoute = routeXhr((_method, url) => (unreachable ? url.replace(endpoint, 'http://127.0.0.1:1/guestkit') : url));
      const tus = recordTusRequests();
      undoRecord = tus.undo;
      widget.addEventListener('gk-upload-progress', (event) => {
        times.push(performance.now());
        // Two thirds in: an upload that started over would send more than 1.5 times the file.
        if (droppedAt || event.bytesUploaded < 16 * MiB) return;
        droppedAt = event.bytesUploaded;
        unreachable = true;
        void standby(false)
          .then(() => (unreachable = false))
          .then(() => new Promise((resolve) => setTimeout(resolve, 1500)))
          .then(() => standby(true));
      });
      dropFiles(part(widget, 'dropzone'), [file]);
      await until(() => parts(widget, 'file').length === 1, 'the file');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(done, 'completion after the drop', 45_000);
      expect(droppedAt).to.be.within(1, file.size - 1);
      const longestPause = Math.max(...times.slice(1).map((time, i) => time - times[i]!));
      expect(longestPause, 'the upload really stalled while the adapter was away').to.be.above(1000);

      // Resumed, not restarted: after the drop the widget asks the server's offset (HEAD) and
      // sends the rest from there, on the same upload.
      const requests = tus.requests.filter((request) => request.method !== 'DELETE');
      const sent = requests.filter((request) => request.method === 'PATCH').reduce((sum, request) => sum + request.bytes, 0);
      expect(sent, 'bytes sent in all').to.be.below(1.5 * file.size);
      const firstFailure = requests.findIndex((request) => request.status === 0);
      expect(firstFailure, 'a request failed with the connection').to.be.above(0);
      const after = requests.slice(firstFailure);
      const head = after.find((request) => request.method === 'HEAD' && request.status === 200);
      expect(head, 'the offset asked once the adapter was back').to.not.equal(undefined);
      const serverOffset = head!.serverOffset!;
      expect(serverOffset, "the server's offset").to.be.within(1, file.size - 1);
      const resumed = after.slice(after.indexOf(head!)).find((request) => request.method === 'PATCH');
      expect(resumed?.offset, 'the first PATCH after the drop goes on from the server’s offset').to.equal(serverOffset);
      expect(requests.filter((request) => request.method === 'POST'), 'one upload, created once').to.have.length(1);

      const stored = await storedFiles(requestId);
      expect(stored).to.have.length(1);
      expect(stored[0]!.storedSha256).to.equal(await sha256Hex(file));
    } finally {
      undoRecord();
      undoRoute();
      await standby(false);
    }
  });
});
