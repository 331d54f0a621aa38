/**
 * A connection that stalls mid-upload (the request hangs: no error, no bytes — a phone switching
 * networks): `<guest-upload>` drops the request once it has sent nothing for `stallTimeoutMs` and
 * resumes from the server's offset. The stall is real: the first PATCH goes to `/slow/guestkit`,
 * which holds it for 30 s unless released; or the first POST goes to `/lost/guestkit`, which
 * creates the upload and holds the answer.
 */
import { expect } from '@open-wc/testing';
import type { UploadQueue } from '../../../src/components/controllers/upload-queue.js';
import { ENDPOINT, LOST_ENDPOINT, releaseSlow, SLOW_ENDPOINT, storedFiles } from '../helpers/adapter.js';
import { dropFiles, randomFile, sha256Hex } from '../helpers/files.js';
import { part, parts, until } from '../helpers/widgets.js';
import { openUpload, routeXhr } from './helpers.js';

const MiB = 1024 * 1024;
const PDF = new TextEncoder().encode('%PDF-1.7\n');

/**
 * Uploads `file` with `widget` (stall timeout 1.5 s), sending the first `method` request to
 * `detour` instead of the adapter; answers the requests sent (the detoured one marked `label`)
 * and whether `gk-upload-complete` came. Held requests are let go afterwards.
 */
async function uploadWithDetour(widget: HTMLElement, file: File, method: string, detour: string, label: string) {
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
    expect(sent.slice(0, 3)).to.deep.equal(['POST (answer lost)', 'POST', 'PATCH']);
    expect(complete, 'the file went through').to.equal(true);
    const stored = await storedFiles(requestId);
    expect(stored.map((f) => f.size)).to.deep.equal([file.size]);
    expect(stored[0]!.storedSha256).to.equal(await sha256Hex(file));
  });
});
