/**
 * Resuming after a reload (tus-js-client's URL storage holds the upload URL and nothing secret),
 * cancelling (the partial upload is deleted on the server, renewing a refused session for it),
 * and the form-associated value.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { UploadQueue } from '../../../src/components/controllers/upload-queue.js';
import type { GuestUpload } from '../../../src/components/guest-upload/guest-upload.component.js';
import { isGuestkitApiError } from '../../../src/client/errors.js';
import { uploadDe } from '../../../src/components/guest-upload/lang/de.js';
import { adapterClient, ENDPOINT, openUploads, SESSION_LOST_ENDPOINT, storedFiles } from '../helpers/adapter.js';
import { dropFiles, pdfFile, randomFile, sha256Hex } from '../helpers/files.js';
import { announced, part, parts, until, untilState } from '../helpers/widgets.js';
import { openUpload, recordTusRequests, routeXhr } from './helpers.js';

const MiB = 1024 * 1024;
const PDF = new TextEncoder().encode('%PDF-1.7\n');

function tusEntries(): [string, Record<string, unknown>][] {
  return Object.keys(localStorage)
    .filter((key) => key.startsWith('tus::'))
    .map((key) => [key, JSON.parse(localStorage.getItem(key)!) as Record<string, unknown>]);
}

function clearTusEntries(): void {
  for (const [key] of tusEntries()) localStorage.removeItem(key);
}

describe('guest-upload resume, cancel and form value', () => {
  beforeEach(clearTusEntries);

  it('a file chosen again after a reload resumes from its offset; storage keeps only the upload URL', async function () {
    this.timeout(60_000);
    const first = await openUpload('en');
    const file = randomFile(24 * MiB + 7, 'Jahresabschluss 2025.pdf', 'application/pdf', PDF);
    let reached = 0;
    first.widget.addEventListener('gk-upload-progress', (event) => {
      reached = Math.max(reached, event.bytesUploaded);
      // "Reload" as soon as two 4 MiB chunks are on the server: the element goes away mid-upload.
      if (reached >= 8 * MiB && first.widget.isConnected) first.widget.remove();
    });
    dropFiles(part(first.widget, 'dropzone'), [file]);
    await until(() => parts(first.widget, 'file').length === 1, 'the file');
    part<HTMLButtonElement>(first.widget, 'upload-button').click();
    await until(() => !first.widget.isConnected, 'the first two chunks', 20_000);

    // What tus-js-client left in localStorage: where the upload is, and the file's name — no credential.
    const entries = tusEntries();
    expect(entries).to.have.length(1);
    const [key, entry] = entries[0]!;
    expect(key).to.contain(first.requestId);
    const known = ['creationTime', 'metadata', 'size', 'uploadUrl', 'parallelUploadUrls', 'urlStorageKey'];
    expect(Object.keys(entry).filter((k) => !known.includes(k)), 'unexpected fields').to.deep.equal([]);
    expect(entry.uploadUrl).to.match(/\/guestkit\/v1\/upload\/tus\/[\w-]{16,64}$/);
    expect(Object.keys(entry.metadata as object).sort()).to.deep.equal(['filename', 'filetype', 'gkAttempt', 'gkFileKey']);
    // The file key is a random UUID of the widget's, nothing derived from the link or the session;
    // the attempt is counted (the first creation is attempt 1).
    const { gkFileKey, gkAttempt } = entry.metadata as { gkFileKey: string; gkAttempt: string };
    expect(gkFileKey).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(gkAttempt).to.equal('1');
    const everything = Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`).join('\n') + document.cookie + JSON.stringify(sessionStorage);
    expect(everything).to.not.contain(first.token);
    expect(everything).to.not.match(/bearer|authorization|gk_upload_|gk_sess_|"session"/i);
    expect(await indexedDB.databases(), 'no IndexedDB database either').to.deep.equal([]);

    // The page loads again, the same link opens, the visitor picks the same file.
    const again = await fixture<GuestUpload>(html`<guest-upload lang="en" token=${first.token} .client=${adapterClient('en')}></guest-upload>`);
    await untilState(again, 'ready');
    await until(() => again.shadowRoot!.querySelector('[part~="dropzone"]'), 'the request');
    const resumedAt: number[] = [];
    let done = false;
    again.addEventListener('gk-upload-progress', (event) => resumedAt.push(event.bytesUploaded));
    again.addEventListener('gk-upload-complete', () => (done = true));
    dropFiles(part(again, 'dropzone'), [file]);
    await until(() => parts(again, 'file').length === 1, 'the file again');
    part<HTMLButtonElement>(again, 'upload-button').click();
    await until(() => done, 'completion after resuming', 40_000);
    // Progress counts bytes sent, not bytes confirmed: at 8 MiB sent, the first 4 MiB chunk was
    // confirmed, and the server may keep part of the aborted second one. A restart would begin near 0.
    expect(resumedAt[0], 'first progress after the reload').to.be.at.least(4 * MiB);

    const stored = await storedFiles(first.requestId);
    expect(stored).to.have.length(1);
    expect(stored[0]!.storedSha256).to.equal(await sha256Hex(file));
    expect(tusEntries(), 'the fingerprint is removed on success').to.deep.equal([]);
  });

  it('cancel stops the upload and deletes the partial upload on the server', async function () {
    this.timeout(30_000);
    const { widget, token, requestId } = await openUpload('de');
    const file = randomFile(24 * MiB, 'Groß.pdf', 'application/pdf', PDF);
    let uploadUrl: string | undefined;
    widget.addEventListener('gk-upload-progress', (event) => {
      if (uploadUrl || event.bytesUploaded < 4 * MiB) return;
      uploadUrl = tusEntries()[0]?.[1].uploadUrl as string;
      part<HTMLButtonElement>(widget, 'cancel').click();
    });
    dropFiles(part(widget, 'dropzone'), [file]);
    await until(() => parts(widget, 'file').length === 1, 'the file');
    part<HTMLButtonElement>(widget, 'upload-button').click();
    await until(() => uploadUrl && parts(widget, 'file').length === 0, 'the cancel', 20_000);
    expect(announced(widget)).to.equal(uploadDe['upload.announce.cancelled']({ name: 'Groß.pdf' }));
    await until(() => tusEntries().length === 0, 'the stored URL to go with the termination');
    expect(Object.keys(sessionStorage).filter((key) => key.startsWith(`guestkit-file-key::guestkit/${requestId}/`)), 'and the file key').to.deep.equal([]);

    const link = await adapterClient('de').openLink(token);
    const path = new URL(uploadUrl!).pathname.replace(/^\/guestkit/, '');
    const head = await link.raw('HEAD', path, { headers: { 'tus-resumable': '1.0.0' } }).then(
      (response) => response.status,
      (error: unknown) => (isGuestkitApiError(error) ? error.status : 0),
    );
    expect([404, 410]).to.include(head);
    expect(await storedFiles(requestId)).to.deep.equal([]);
  });

  it('regression: a file whose renewed session was refused too stayed open on the server when removed (holding a maxFiles slot): its DELETE renews the session once more', async function () {
    this.timeout(30_000);
    const { widget, requestId } = await openUpload('en');
    const { queue } = widget as unknown as { queue: UploadQueue };
    const file = randomFile(64 * 1024, 'Kontoauszug März.pdf', 'application/pdf', PDF);
    // An adapter that keeps forgetting sessions: the first PATCH's session is refused and renewed;
    // the renewed one is refused at the HEAD that follows (the file fails: a session refused right
    // after renewing it is not renewed again); the first DELETE's is refused too.
    const refused = new Set(['PATCH', 'HEAD', 'DELETE']);
    // Installed first, so it sees where each request went after the detour below.
    const record = recordTusRequests();
    const undoRoute = routeXhr((method, url) => (url.startsWith(ENDPOINT) && refused.delete(method) ? url.replace(ENDPOINT, SESSION_LOST_ENDPOINT) : url));
    const sent = () => record.requests.map(({ method, url, status }) => `${method}${url.startsWith(SESSION_LOST_ENDPOINT) ? ' (session lost)' : ''} ${status ?? '…'}`);
    try {
      dropFiles(part(widget, 'dropzone'), [file]);
      await until(() => parts(widget, 'file').length === 1, 'the file');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => queue.items[0]?.status === 'failed', 'the file to fail', 15_000);
      expect(queue.items[0]!.error).to.equal('session_invalid');
      expect(sent()).to.deep.equal(['POST 201', 'PATCH (session lost) 401', 'HEAD (session lost) 401']);
      expect(await openUploads(requestId), 'the upload is open').to.equal(1);

      part<HTMLButtonElement>(widget, 'remove').click();
      await until(() => parts(widget, 'file').length === 0, 'the file to go from the list');
      // Without a renewal the refused DELETE is the last request: time enough for another to come and settle.
      const deleted = () => record.requests.some((each) => each.method === 'DELETE' && each.status === 204);
      for (const end = Date.now() + 5_000; !deleted() && Date.now() < end; ) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sent().slice(3), 'the DELETE, refused, then sent again with a renewed session').to.deep.equal(['DELETE (session lost) 401', 'DELETE 204']);
      expect(await openUploads(requestId), 'the upload is closed').to.equal(0);
      await until(() => tusEntries().length === 0, 'the stored URL to go with the deletion');
    } finally {
      undoRoute();
      record.undo();
    }
  });

  it('is form-associated: invalid while required and empty; the value is the received file ids', async function () {
    this.timeout(15_000);
    const { widget, form } = await openUpload('de', {}, { name: 'belege', required: true });
    expect(form.checkValidity()).to.equal(false);
    expect(widget.validity.valueMissing).to.equal(true);
    expect(widget.validationMessage).to.equal(uploadDe['upload.required']);
    expect([...new FormData(form).keys()]).to.deep.equal([]);

    let done = false;
    widget.addEventListener('gk-upload-complete', () => (done = true));
    dropFiles(part(widget, 'dropzone'), [pdfFile('a.pdf'), pdfFile('b.pdf')]);
    await until(() => parts(widget, 'file').length === 2, 'files');
    part<HTMLButtonElement>(widget, 'upload-button').click();
    await until(() => done, 'completion', 10_000);
    await widget.updateComplete;
    expect(form.checkValidity()).to.equal(true);
    expect(widget.value).to.have.length(2);
    expect(new FormData(form).getAll('belege')).to.have.members(widget.value);
    expect(widget.files.map((file) => file.name)).to.have.members(['a.pdf', 'b.pdf']);

    form.reset();
    await widget.updateComplete;
    expect(widget.value).to.deep.equal([]);
    expect(form.checkValidity()).to.equal(false);
  });
});
