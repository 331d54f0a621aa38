/**
 * The whole file's SHA-256 against what the adapter received. Bytes altered on the way make the
 * adapter refuse the file on finishing (`checksum_mismatch`): the widget says so on the file, in
 * the visitor's language, sends `gk-error`, and nothing is stored. On that refusal the queue
 * forgets both the upload (the adapter discarded it) and the hash (it may be the wrong one), so
 * "Retry" hashes the file again and uploads it anew, from byte 0; it does not retry by itself.
 */
import { expect } from '@open-wc/testing';
import type { GuestkitErrorEvent } from '../../../src/components/events/error.js';
import { de } from '../../../src/components/translations/de.js';
import { en } from '../../../src/components/translations/en.js';
import { openUploads, storedFiles } from '../helpers/adapter.js';
import { dropFiles, pdfFile, sha256Hex } from '../helpers/files.js';
import { part, parts, text, until } from '../helpers/widgets.js';
import { openUpload, recordTusRequests } from './helpers.js';

/** The codes of the `gk-error` events `widget` sends from now on. */
function errorCodes(widget: HTMLElement): string[] {
  const codes: string[] = [];
  widget.addEventListener('gk-error', (event) => codes.push((event as GuestkitErrorEvent).code));
  return codes;
}

/**
 * Flips one byte (`at` into the body) of the first tus `PATCH` the page sends, as a faulty network
 * or proxy would: same length, other bytes. `original` is the file, to know the byte it replaces.
 */
function corruptFirstChunk(original: Uint8Array, at = 100): { corrupted: () => number; undo: () => void } {
  const { send, setRequestHeader } = XMLHttpRequest.prototype;
  const offsets = new WeakMap<XMLHttpRequest, number>();
  let corrupted = 0;
  XMLHttpRequest.prototype.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
    if (name.toLowerCase() === 'upload-offset') offsets.set(this, Number(value));
    return setRequestHeader.call(this, name, value);
  };
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const offset = offsets.get(this);
    if (corrupted === 0 && offset !== undefined && body instanceof Blob && body.size > at) {
      corrupted++;
      body = new Blob([body.slice(0, at), Uint8Array.of(original[offset + at]! ^ 0xff), body.slice(at + 1)]);
    }
    return send.call(this, body);
  };
  return { corrupted: () => corrupted, undo: () => Object.assign(XMLHttpRequest.prototype, { send, setRequestHeader }) };
}

/** Waits until `widget`'s only file is received (`done`) or has failed; answers which. */
async function settled(widget: HTMLElement, done: () => boolean): Promise<'done' | 'failed'> {
  await (widget as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  return until(() => (done() ? 'done' : parts(widget, 'file-failed').length > 0 ? 'failed' : undefined), 'the file to settle', 15_000);
}

for (const [lang, t] of [['de', de], ['en', en]] as const) {
  describe(`guest-upload: bytes altered on the way (${lang})`, () => {
    it('the adapter refuses them on finishing: the file says so, gk-error checksum_mismatch, nothing stored; Retry uploads it anew', async function () {
      this.timeout(30_000);
      const { widget, requestId } = await openUpload(lang);
      const errors = errorCodes(widget);
      let done = false;
      widget.addEventListener('gk-upload-complete', () => (done = true));
      const file = pdfFile('Lohnsteuerbescheinigung.pdf', 64 * 1024);
      const tus = recordTusRequests();
      const corrupt = corruptFirstChunk(new Uint8Array(await file.arrayBuffer()));
      try {
        dropFiles(part(widget, 'dropzone'), [file]);
        await until(() => parts(widget, 'file').length === 1, 'the file');
        part<HTMLButtonElement>(widget, 'upload-button').click();
        expect(await settled(widget, () => done)).to.equal('failed');
        expect(corrupt.corrupted(), 'one chunk altered').to.equal(1);
        expect(text(widget, 'file-status')).to.equal(t['code.checksum_mismatch']);
        expect(errors).to.deep.equal(['checksum_mismatch']);
        expect(await storedFiles(requestId), 'nothing stored').to.deep.equal([]);
        expect(await openUploads(requestId), 'the refused upload is gone, its slot free').to.equal(0);
        await expect(widget).to.be.accessible();

        // The network is fine again: "Retry" sends the file once more, as a new upload.
        expect(parts(widget, 'retry')).to.have.length(1);
        part<HTMLButtonElement>(widget, 'retry').click();
        expect(await settled(widget, () => done)).to.equal('done');
        expect(errors).to.deep.equal(['checksum_mismatch']);
        const [stored, ...others] = await storedFiles(requestId);
        expect(others).to.deep.equal([]);
        expect(stored!.storedSha256).to.equal(await sha256Hex(file));
        const creations = tus.requests.filter((request) => request.method === 'POST');
        expect(creations, 'a second upload was created').to.have.length(2);
        const retried = tus.requests.slice(tus.requests.indexOf(creations[1]!)).find((request) => request.method === 'PATCH');
        expect(retried?.offset, 'and sent from byte 0').to.equal(0);
      } finally {
        corrupt.undo();
        tus.undo();
      }
    });
  });
}

describe('guest-upload: a hash that was wrong the first time', () => {
  it('after checksum_mismatch, Retry hashes the file again (not the stale hash) and the file arrives', async function () {
    this.timeout(30_000);
    const { widget, requestId } = await openUpload('en');
    const errors = errorCodes(widget);
    let done = false;
    widget.addEventListener('gk-upload-complete', () => (done = true));
    // 5000 bytes: read whole by the hash (4 MiB slices), unlike the type check (its first 4096).
    const file = pdfFile('Mietvertrag.pdf', 5000);
    dropFiles(part(widget, 'dropzone'), [file]);
    await until(() => parts(widget, 'file').length === 1, 'the file');
    const expected = await sha256Hex(file);

    // The first read for the hash sees other bytes than the upload sends (the file changed on
    // disk between the two, say); every later read sees the file as it is.
    const { arrayBuffer } = Blob.prototype;
    let misread = 0;
    Blob.prototype.arrayBuffer = async function (this: Blob) {
      const buffer = await arrayBuffer.call(this);
      if (misread > 0 || this.size !== file.size) return buffer;
      misread++;
      new Uint8Array(buffer)[4000]! ^= 0xff;
      return buffer;
    };
    try {
      part<HTMLButtonElement>(widget, 'upload-button').click();
      expect(await settled(widget, () => done)).to.equal('failed');
      expect(misread, 'the hash read the changed bytes').to.equal(1);
      expect(errors).to.deep.equal(['checksum_mismatch']);
      expect(text(widget, 'file-status')).to.equal(en['code.checksum_mismatch']);

      part<HTMLButtonElement>(widget, 'retry').click();
      expect(await settled(widget, () => done), 'the retry with the file hashed again').to.equal('done');
      expect(errors).to.deep.equal(['checksum_mismatch']);
      const stored = await storedFiles(requestId);
      expect(stored.map((each) => [each.sha256, each.storedSha256])).to.deep.equal([[expected, expected]]);
    } finally {
      Blob.prototype.arrayBuffer = arrayBuffer;
    }
  });
});
