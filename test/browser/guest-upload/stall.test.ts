/**
 * A connection that stalls mid-upload (the request hangs: no error, no bytes — a phone switching
 * networks): `<guest-upload>` drops the request once it has sent nothing for `stallTimeoutMs` and
 * resumes from the server's offset. The stall is real: the first PATCH goes to `/slow/guestkit`,
 * which holds it for 30 s unless released; or the first POST goes to `/lost/guestkit`, which
 * creates the upload and holds the answer; or the first PATCH is told the session is gone
 * (`/session-lost/guestkit`) and the renewal hangs at the slow proxy.
 */
import { expect } from '@open-wc/testing';
import type { UploadQueue } from '../../../src/components/controllers/upload-queue.js';
import { createClient } from '../../../src/client/client.js';
import { ROUTES } from '../../../src/protocol/routes.js';
import { fixture, html } from '@open-wc/testing';
import type { GuestUpload } from '../../../src/components/guest-upload/guest-upload.component.js';
import { adapterClient, ENDPOINT, LOST_ENDPOINT, openUploads, releaseSlow, SESSION_LOST_ENDPOINT, SLOW_ENDPOINT, storedFiles } from '../helpers/adapter.js';
import { dropFiles, randomFile, sha256Hex } from '../helpers/files.js';
import { part, parts, until, untilState } from '../helpers/widgets.js';
import { openUpload, recordXhrSends, routeXhr } from './helpers.js';

const MiB = 1024 * 1024;
const PDF = new TextEncoder().encode('%PDF-1.7\n');

/**
 * Uploads `file` with `widget` (stall timeout 1.5 s), sending the first `method` request to
 * `detour` instead of the adapter; answers the requests sent (the detoured one marked `label`)
 * and whether `gk-upload-complete` came. Held requests are let go afterwards.
 */
async function uploadWithDetour(widget: HTMLElement, file: File, method: string, detour: string, label: string, whileUploading?: () => Promise<void>) {
  const { queue } = widget as unknown as { queue: UploadQueue };
  queue.stallTimeoutMs = 1_500;
  const sent: string[] = [];
  let detoured = false;
  const undoRoute = routeXhr((m, url) => {
    const take = m === method && !detoured && url.startsWith(ENDPOINT);
    if (take) detoured = true;
    sent.push(`${m}${take ? ` (${label})` : ''}`);
    return take ? url.replace(ENDPOINT, detour) : url;
  });
  try {
    let complete = false;
    widget.addEventListener('gk-upload-complete', () => (complete = true));
    dropFiles(part(widget, 'dropzone'), [file]);
    await until(() => parts(widget, 'file').length === 1, 'the file in the list');
    part<HTMLButtonElement>(widget, 'upload-button').click();
    await whileUploading?.();
    // A held request would pass after 30 s: well before that, the upload is through (or has failed).
    await until(() => complete || queue.items.some((item) => item.status === 'failed'), 'the upload to settle', 15_000);
    return { sent, complete };
  } finally {
    undoRoute();
    await releaseSlow();
  }
}

describe('guest-upload: a stalled connection', () => {
  it('is dropped after stallTimeoutMs without a byte; the upload resumes (HEAD, then PATCH from the offset) and arrives intact', async function () {
    this.timeout(30_000);
    const { widget, requestId } = await openUpload('en');
    const file = randomFile(6 * MiB, 'Jahresabschluss.pdf', 'application/pdf', PDF);
    const { sent, complete } = await uploadWithDetour(widget, file, 'PATCH', SLOW_ENDPOINT, 'stalls');
    expect(complete, 'gk-upload-complete').to.equal(true);
    expect(sent.slice(0, 4)).to.deep.equal(['POST', 'PATCH (stalls)', 'HEAD', 'PATCH']);
    const [stored] = await storedFiles(requestId);
    expect(stored!.storedSha256).to.equal(await sha256Hex(file));
    expect(stored!.size).to.equal(file.size);
    const kept = Object.keys(localStorage).filter((key) => key.startsWith('tus::') && localStorage.getItem(key)!.includes(file.name));
    expect(kept, 'the resumed upload forgot its stored URL when done, like any other').to.deep.equal([]);
  });

  it('while creating the upload: the server made it, the answer never came; the new POST with the same file key replaces it, so the one slot of maxFiles 1 is free', async function () {
    this.timeout(30_000);
    const { widget, requestId } = await openUpload('en', { limits: { maxFiles: 1 } });
    const file = randomFile(2 * MiB, 'Lohnabrechnung.pdf', 'application/pdf', PDF);
    const { sent, complete } = await uploadWithDetour(widget, file, 'POST', LOST_ENDPOINT, 'answer lost');
    // The lost creation, then creations (more than one if the watchdog fires again on a slow machine), then the bytes.
    expect(sent[0]).to.equal('POST (answer lost)');
    expect(sent.slice(1).find((each) => each !== 'POST'), sent.join(', ')).to.equal('PATCH');
    expect(complete, 'the file went through').to.equal(true);
    const stored = await storedFiles(requestId);
    expect(stored.map((f) => f.size)).to.deep.equal([file.size]);
    expect(stored[0]!.storedSha256).to.equal(await sha256Hex(file));
  });

  it('while creating the upload, then a reload: the file chosen again keeps its file key, so the upload whose answer was lost gives back the one slot of maxFiles 1', async function () {
    this.timeout(30_000);
    const first = await openUpload('en', { limits: { maxFiles: 1 } });
    const file = randomFile(2 * MiB, 'Steuerbescheid 2025.pdf', 'application/pdf', PDF);
    const undoRoute = routeXhr((method, url) => (method === 'POST' && url.startsWith(ENDPOINT) ? url.replace(ENDPOINT, LOST_ENDPOINT) : url));
    try {
      dropFiles(part(first.widget, 'dropzone'), [file]);
      await until(() => parts(first.widget, 'file').length === 1, 'the file');
      part<HTMLButtonElement>(first.widget, 'upload-button').click();
      // The server has made the upload and its answer is held; the page reloads before the widget tries again.
      for (const end = Date.now() + 10_000; (await openUploads(first.requestId)) === 0; ) {
        if (Date.now() > end) throw new Error('the creation never reached the server');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      first.widget.remove();
    } finally {
      undoRoute();
    }
    const keys = () => Object.keys(sessionStorage).filter((key) => key.startsWith(`guestkit-file-key::guestkit/${first.requestId}/`));
    let complete = false;
    let queue: UploadQueue | undefined;
    try {
      expect(keys(), 'the file key is kept for the reload').to.have.length(1);
      const again = await fixture<GuestUpload>(html`<guest-upload lang="en" token=${first.token} .client=${adapterClient('en')}></guest-upload>`);
      await untilState(again, 'ready');
      await until(() => again.shadowRoot!.querySelector('[part~="dropzone"]'), 'the request');
      queue = (again as unknown as { queue: UploadQueue }).queue;
      again.addEventListener('gk-upload-complete', () => (complete = true));
      dropFiles(part(again, 'dropzone'), [file]);
      await until(() => parts(again, 'file').length === 1, 'the file again');
      part<HTMLButtonElement>(again, 'upload-button').click();
      await until(() => complete || queue!.items.some((item) => item.status === 'failed'), 'the upload to settle', 15_000);
    } finally {
      await releaseSlow(); // the lost creation's answer, held until now
    }
    expect(queue!.items.map((item) => item.error)).to.deep.equal([undefined]);
    expect(complete, 'the file went through').to.equal(true);
    const stored = await storedFiles(first.requestId);
    expect(stored.map((f) => f.size)).to.deep.equal([file.size]);
    expect(stored[0]!.storedSha256).to.equal(await sha256Hex(file));
    expect(keys(), 'the file key is forgotten once the file is received').to.deep.equal([]);
  });

  it('while the session is being renewed: the renewal hangs, the watchdog moves on, and once it answers only the newest tus instance sends (one HEAD, then the PATCHes)', async function () {
    this.timeout(30_000);
    // The widget's client sends its session renewals through the slow proxy: they hang until released.
    const refreshUrl = `${ENDPOINT}${ROUTES.refreshSession.path}`;
    const client = createClient({
      endpoint: ENDPOINT,
      locale: 'en',
      fetch: (input, init) => {
        const request = new Request(input, init);
        return fetch(request.url === refreshUrl ? new Request(request.url.replace(ENDPOINT, SLOW_ENDPOINT), request) : request);
      },
    });
    const { widget, requestId } = await openUpload('en', {}, { client });
    const file = randomFile(6 * MiB, 'Bilanz.pdf', 'application/pdf', PDF);
    // The first PATCH is told the session is gone: tus-js-client retries once the renewal is through.
    // Meanwhile the watchdog drops the waiting instance more than once (1.5 s each).
    // Installed first, so it sees the URLs after the detour below has rewritten them.
    const record = recordXhrSends();
    try {
      const { sent: opened, complete } = await uploadWithDetour(widget, file, 'PATCH', SESSION_LOST_ENDPOINT, 'session lost', async () => {
        await new Promise((resolve) => setTimeout(resolve, 4_000));
        expect(record.sent.map((each) => each.split(' ')[0]), 'nothing goes out while the renewal hangs').to.deep.equal(['POST', 'PATCH']);
        expect(await releaseSlow(), 'the renewal was held').to.equal(1);
      });
      expect(complete, 'gk-upload-complete').to.equal(true);
      expect(opened.filter((each) => each === 'HEAD').length, 'instances were replaced while they waited').to.be.above(1);
      const methods = record.sent.map((each) => each.split(' ')[0]);
      expect(methods.slice(0, 4), record.sent.join('\n')).to.deep.equal(['POST', 'PATCH', 'HEAD', 'PATCH']);
      expect(methods.filter((each) => each === 'HEAD'), 'the instances dropped while they waited sent nothing').to.deep.equal(['HEAD']);
      expect(record.sent[1]).to.contain('/session-lost/guestkit/');
    } finally {
      record.undo();
    }
    const [stored] = await storedFiles(requestId);
    expect(stored!.storedSha256).to.equal(await sha256Hex(file));
  });
});
