/**
 * A peer tus client: Uppy (`@uppy/core` + `@uppy/tus`, what people pick instead of us) uploads into
 * our adapter's tus endpoint with the session's Authorization header; the real client finishes
 * the upload (`POST /v1/upload/files`), and the firm has the file, byte-identical.
 */
import { expect } from '@open-wc/testing';
import type UppyCore from '@uppy/core';
import type TusPlugin from '@uppy/tus';
import { receivedFileSchema, UPLOAD_ROUTES } from '../../../src/protocol/uploads.js';
import { adapterClient, ENDPOINT, seedUploadRequest, storedFiles } from '../helpers/adapter.js';
import { randomFile, sha256Hex } from '../helpers/files.js';

/** Uppy, bundled for the browser by the test adapter (see `GET /__test/uppy.js`). */
interface UppyModule {
  Uppy: typeof UppyCore;
  Tus: typeof TusPlugin;
}

describe('Uppy as a peer tus client', () => {
  it('@uppy/tus uploads into the adapter; the real client finishes it; the bytes match', async function () {
    this.timeout(30_000);
    const { token, requestId } = await seedUploadRequest({ locale: 'en' });
    const link = await adapterClient('en').openLink(token);
    const file = randomFile(5 * 1024 * 1024 + 321, 'uppy-scan.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.5\n'));

    const { Uppy, Tus } = (await import('/__test/uppy.js' as string)) as UppyModule;
    const uppy = new Uppy({ autoProceed: false }).use(Tus, {
      endpoint: `${ENDPOINT}${UPLOAD_ROUTES.tus}`,
      chunkSize: 1024 * 1024,
      retryDelays: [0, 1000],
      removeFingerprintOnSuccess: true,
      storeFingerprintForResuming: false,
      async onBeforeRequest(request) {
        request.setHeader('Authorization', await link.authorization());
      },
    });
    uppy.addFile({ name: file.name, type: file.type, data: file });
    const result = await uppy.upload();
    expect(result?.failed ?? [], 'failed uploads').to.deep.equal([]);
    const uploadURL = result!.successful![0]!.uploadURL!;
    expect(uploadURL).to.match(/\/guestkit\/v1\/upload\/tus\/[\w-]{16,64}$/);

    const uploadId = new URL(uploadURL, location.href).pathname.split('/').pop()!;
    const received = await link.post(UPLOAD_ROUTES.files, { uploadId, sha256: await sha256Hex(file) }, receivedFileSchema);
    expect(received.name).to.equal(file.name);
    expect(received.size).to.equal(file.size);

    const [stored, ...rest] = await storedFiles(requestId);
    expect(rest).to.deep.equal([]);
    expect(stored!.id).to.equal(received.id);
    expect(stored!.storedSha256).to.equal(await sha256Hex(file));
    uppy.destroy();
  });
});
