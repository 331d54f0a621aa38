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
import { adapterClient, advanceServerClock, OTHER_ORIGIN_ENDPOINT, seedUploadRequest, standby, storedFiles } from '../helpers/adapter.js';
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

/**
 * Uploads `file` to the standby adapter (its own server, which the test switches off and on) and
 * takes the adapter away once `awayAt` bytes are sent: from that moment tus requests fail at once
 * (nothing listens on port 1), so the rest of the file cannot slip through while it shuts down;
 * `whileAway` runs while it is gone, and 1.5 s later it is back. Resolves once the upload is
 * complete or an error was reported, with the tus requests that went out.
 */
async function uploadAcrossAnOutage(file: File, awayAt: number, whileAway: () => Promise<void> = () => Promise.resolve()) {
  const { endpoint } = await standby(true);
  let unreachable = false;
  const undoRoute = routeXhr((_method, url) => (unreachable ? url.replace(endpoint, 'http://127.0.0.1:1/guestkit') : url));
  const tus = recordTusRequests();
  try {
    const { widget, requestId, done } = await openAt(endpoint);
    const errors: string[] = [];
    widget.addEventListener('gk-error', (event) => errors.push(event.code));
    const times: number[] = [];
    let awayFrom = 0;
    widget.addEventListener('gk-upload-progress', (event) => {
      times.push(performance.now());
      if (awayFrom || event.bytesUploaded < awayAt) return;
      awayFrom = event.bytesUploaded;
      unreachable = true;
      void standby(false)
        .then(whileAway)
        .then(() => (unreachable = false))
        .then(() => new Promise((resolve) => setTimeout(resolve, 1500)))
        .then(() => standby(true));
    });
    dropFiles(part(widget, 'dropzone'), [file]);
    await until(() => parts(widget, 'file').length === 1, 'the file');
    part<HTMLButtonElement>(widget, 'upload-button').click();
    await until(() => done() || errors.length > 0, 'completion after the adapter came back', 45_000);
    // Deleting a finished upload's leftovers is not part of sending it.
    return { requestId, errors, times, awayFrom, requests: tus.requests.filter((request) => request.method !== 'DELETE') };
  } finally {
    tus.undo();
    undoRoute();
    await standby(false);
  }
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
    const file = randomFile(24 * MiB + 1, 'Belege Q1.pdf', 'application/pdf', PDF);
    // Two thirds in: an upload that started over would send more than 1.5 times the file.
    const { requestId, errors, times, awayFrom, requests } = await uploadAcrossAnOutage(file, 16 * MiB);
    expect(errors).to.deep.equal([]);
    expect(awayFrom).to.be.within(1, file.size - 1);
    const longestPause = Math.max(...times.slice(1).map((time, i) => time - times[i]!));
    expect(longestPause, 'the upload really stalled while the adapter was away').to.be.above(1000);

    // Resumed, not restarted: after the drop the widget asks the server's offset (HEAD) and
    // sends the rest from there, on the same upload.
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
  });

  it('an adapter that comes back without the session (restarted on the memory store): the upload renews it after the failed connections and goes on from its offset', async function () {
    this.timeout(60_000);
    const file = randomFile(16 * MiB + 7, 'Belege Q2.pdf', 'application/pdf', PDF);
    // While it is away, the session the page holds runs out on the server (15 minutes): when the
    // adapter is back, it refuses it (401), as one restarted on the memory store does.
    const { requestId, errors, requests } = await uploadAcrossAnOutage(file, 8 * MiB, () => advanceServerClock(901));
    expect(errors).to.deep.equal([]);
    const firstFailure = requests.findIndex((request) => request.status === 0);
    expect(firstFailure, 'a request failed with the connection').to.be.above(0);
    const refused = requests.findIndex((request, i) => i > firstFailure && request.status === 401);
    expect(refused, 'the session was refused after the failed connections').to.be.above(firstFailure);
    expect(requests.slice(refused + 1).some((request) => request.status === 401), 'the renewed session is accepted').to.equal(false);
    // Resumed, not started anew: tus-js-client takes a 4xx to its HEAD for an upload that is gone.
    expect(requests.filter((request) => request.method === 'POST'), 'one upload, created once').to.have.length(1);
    // The progress events count bytes handed to the network, not bytes the adapter wrote before it
    // went away: where the upload goes on from is the offset the server answers, not 8 MiB.
    const after = requests.slice(refused);
    const head = after.find((request) => request.method === 'HEAD' && request.status === 200);
    expect(head, 'the offset asked with the renewed session').to.not.equal(undefined);
    expect(head!.serverOffset, "the server's offset").to.be.within(1, file.size - 1);
    const resumed = after.slice(after.indexOf(head!)).find((request) => request.method === 'PATCH');
    expect(resumed?.offset, 'the first PATCH after the renewal goes on from where the server has the file').to.equal(head!.serverOffset);
    const stored = await storedFiles(requestId);
    expect(stored).to.have.length(1);
    expect(stored[0]!.storedSha256).to.equal(await sha256Hex(file));
  });
});
