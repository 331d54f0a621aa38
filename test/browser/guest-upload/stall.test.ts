/**
 * A connection that stalls mid-upload (the request hangs: no error, no bytes — a phone switching
 * networks): `<guest-upload>` drops the request once it has sent nothing for `stallTimeoutMs` and
 * resumes from the server's offset. The stall is real: the first PATCH goes to `/slow/guestkit`,
 * which holds it for 30 s unless released.
 */
import { expect } from '@open-wc/testing';
import type { UploadQueue } from '../../../src/components/controllers/upload-queue.js';
import { ENDPOINT, releaseSlow, SLOW_ENDPOINT, storedFiles } from '../helpers/adapter.js';
import { dropFiles, randomFile, sha256Hex } from '../helpers/files.js';
import { part, parts, until } from '../helpers/widgets.js';
import { openUpload, routeXhr } from './helpers.js';

const MiB = 1024 * 1024;
const PDF = new TextEncoder().encode('%PDF-1.7\n');

describe('guest-upload: a stalled connection', () => {
  it('is dropped after stallTimeoutMs without a byte; the upload resumes (HEAD, then PATCH from the offset) and arrives intact', async function () {
    this.timeout(30_000);
    const { widget, requestId } = await openUpload('en');
    (widget as unknown as { queue: UploadQueue }).queue.stallTimeoutMs = 1_500;
    const sent: string[] = [];
    let stalled = false;
    const undoRoute = routeXhr((method, url) => {
      const stall = method === 'PATCH' && !stalled && url.startsWith(ENDPOINT);
      if (stall) stalled = true;
      sent.push(`${method}${stall ? ' (stalls)' : ''}`);
      return stall ? url.replace(ENDPOINT, SLOW_ENDPOINT) : url;
    });
    try {
      const file = randomFile(6 * MiB, 'Jahresabschluss.pdf', 'application/pdf', PDF);
      let complete = false;
      widget.addEventListener('gk-upload-complete', () => (complete = true));
      dropFiles(part(widget, 'dropzone'), [file]);
      await until(() => parts(widget, 'file').length === 1, 'the file in the list');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      // The held request would pass after 30 s: well before that, the upload is through.
      await until(() => complete, 'gk-upload-complete', 15_000);
      expect(sent.slice(0, 4)).to.deep.equal(['POST', 'PATCH (stalls)', 'HEAD', 'PATCH']);
      const [stored] = await storedFiles(requestId);
      expect(stored!.storedSha256).to.equal(await sha256Hex(file));
      expect(stored!.size).to.equal(file.size);
      const kept = Object.keys(localStorage).filter((key) => key.startsWith('tus::') && localStorage.getItem(key)!.includes(file.name));
      expect(kept, 'the resumed upload forgot its stored URL when done, like any other').to.deep.equal([]);
    } finally {
      undoRoute();
      await releaseSlow();
    }
  });
});
