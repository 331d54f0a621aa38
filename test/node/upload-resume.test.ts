import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from 'tus-js-client';
import { createEmbeddedGuestkit, ensureFirm } from '../../src/server-adapter/embedded.js';
import type { Guestkit } from '../../src/server-adapter/guestkit.js';
import { serve } from '../../src/server-adapter/node.js';
import { finish, openUploadLink, pdfBytes, readAll, sha256 } from './helpers/uploads.js';

describe('resume after the adapter dies half-way through an upload', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'guestkit-resume-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function start(patchLengths: number[] = []) {
    const gk = createEmbeddedGuestkit({ dir });
    await gk.init();
    const server = await serve(async (request, context) => {
      if (request.method === 'PATCH') patchLengths.push(Number(request.headers.get('content-length')));
      return gk.handle(request, context);
    }, { port: 0 });
    return { gk, server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/guestkit` };
  }

  async function kill(gk: Guestkit, server: Awaited<ReturnType<typeof start>>['server']) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await gk.close();
  }

  it('continues from the offset the server kept, and the result is byte-identical', async () => {
    const first = await start();
    const firm = await ensureFirm(first.gk, { name: 'Kanzlei', mailFrom: 'k@kanzlei.example', linkBaseUrl: 'https://kanzlei.example/{kind}' });
    const { request, link } = await first.gk.uploads.createRequest(firm.id, { title: 'Jahresabschluss', uploader: { email: 'c@client.example' } });
    const bytes = pdfBytes(64 * 1024 * 1024 + 77);
    const session = await openUploadLink(first.endpoint, link.token);

    // One PATCH for the whole file; the adapter is killed while it streams in.
    const uploadUrl = await new Promise<string>((resolve, reject) => {
      let killed = false;
      const upload = new Upload(bytes, {
        endpoint: `${first.endpoint}/v1/upload/tus`,
        retryDelays: [],
        metadata: { filename: 'Jahresabschluss.pdf', filetype: 'application/pdf' },
        onBeforeRequest: async (req) => req.setHeader('Authorization', await session.authorization()),
        onProgress: (sent) => {
          if (!killed && sent > bytes.length * 0.3) {
            killed = true;
            first.server.closeAllConnections(); // now, while the PATCH streams in
            void kill(first.gk, first.server);
          }
        },
        onError: () => (upload.url ? resolve(upload.url) : reject(new Error('no upload URL before the kill'))),
        onSuccess: () => reject(new Error('the upload should not have finished')),
      });
      upload.start();
    });
    const id = uploadUrl.split('/').pop()!;

    const patches: number[] = [];
    const second = await start(patches);
    const again = await openUploadLink(second.endpoint, link.token);
    const head = await fetch(`${second.endpoint}/v1/upload/tus/${id}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: await again.authorization() } });
    const offset = Number(head.headers.get('upload-offset'));
    assert.ok(offset > 0 && offset < bytes.length, `the server kept part of the file (offset ${offset} of ${bytes.length})`);

    await new Promise<void>((resolve, reject) => {
      const upload = new Upload(bytes, {
        endpoint: `${second.endpoint}/v1/upload/tus`,
        uploadUrl: `${second.endpoint}/v1/upload/tus/${id}`,
        retryDelays: [],
        metadata: { filename: 'Jahresabschluss.pdf', filetype: 'application/pdf' },
        onBeforeRequest: async (req) => req.setHeader('Authorization', await again.authorization()),
        onError: reject,
        onSuccess: () => resolve(),
      });
      upload.start();
    });
    assert.deepEqual(patches, [bytes.length - offset], 'only the missing bytes were sent again');
    const file = await finish(again, { uploadId: id, sha256: sha256(bytes) });
    const { body } = await second.gk.uploads.readFile(firm.id, file.id);
    assert.equal(sha256(await readAll(body)), sha256(bytes));
    assert.equal((await second.gk.uploads.listFiles(firm.id, request.id)).length, 1);
    await kill(second.gk, second.server);
  });
});
