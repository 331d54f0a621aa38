/**
 * The adapter sweeps incomplete uploads by itself: `init()` starts a timer (`sweepIntervalSeconds`)
 * that removes uploads begun and left for longer than `incompleteUploadTtlSeconds`, which then stop
 * counting against the request's `maxFiles`; `0` turns the timer off; `close()` stops it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DetailedError } from 'tus-js-client';
import type { LinkSession } from '../../src/client/link-session.js';
import { createEmbeddedGuestkit, ensureFirm } from '../../src/server-adapter/embedded.js';
import { serve } from '../../src/server-adapter/node.js';
import { beginTusUpload, openUploadLink, pdfBytes, tusUpload } from './helpers/uploads.js';

const MiB = 1024 * 1024;
/** How long an incomplete upload lives here: long enough to upload 4 MiB and check it on a loaded machine. */
const TTL_SECONDS = 3;

async function start(dir: string, sweepIntervalSeconds: number) {
  const gk = createEmbeddedGuestkit({ dir, incompleteUploadTtlSeconds: TTL_SECONDS, sweepIntervalSeconds });
  await gk.init();
  const server = await serve(gk.handle, { port: 0 });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/guestkit`;
  const firm = await ensureFirm(gk, { name: 'Kanzlei', mailFrom: 'k@kanzlei.example', linkBaseUrl: 'https://kanzlei.example/{kind}' });
  const { link } = await gk.uploads.createRequest(firm.id, { title: 'Belege', uploader: { email: 'c@client.example' }, limits: { maxFiles: 1 } });
  const session = await openUploadLink(endpoint, link.token);
  const stop = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await gk.close();
  };
  return { gk, endpoint, session, stop };
}

/** Begins an upload and leaves it half-way (4 of 8 MiB on the server). */
async function leaveHalfway(endpoint: string, session: LinkSession): Promise<string> {
  const { url, stopped } = await tusUpload(endpoint, session, pdfBytes(8 * MiB), { chunkSize: 4 * MiB, stopAfter: 4 * MiB });
  assert.equal(stopped, true);
  return url;
}

async function head(url: string, session: LinkSession): Promise<number> {
  const response = await fetch(url, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: await session.authorization() } });
  return response.status;
}

async function refusal(endpoint: string, session: LinkSession): Promise<number | undefined> {
  const error = (await tusUpload(endpoint, session, pdfBytes(3000)).then(() => undefined, (e: unknown) => e)) as DetailedError | undefined;
  return error?.originalResponse?.getStatus();
}

describe('sweeping incomplete uploads', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'guestkit-sweep-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('init() sweeps an upload left past its time, and its slot is free again', async () => {
    const f = await start(join(dir, 'on'), 0.2);
    try {
      const url = await leaveHalfway(f.endpoint, f.session);
      assert.equal(await head(url, f.session), 200, 'kept while it is young');
      assert.equal(await refusal(f.endpoint, f.session), 409, 'the unfinished upload holds the only slot');
      const deadline = Date.now() + 15_000;
      while ((await head(url, f.session)) !== 404) {
        assert.ok(Date.now() < deadline, 'swept within 15 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(await refusal(f.endpoint, f.session), undefined, 'a new upload is accepted once the old one expired');
    } finally {
      await f.stop();
    }
  });

  it('refuses settings that would break the sweep, the maxFiles count or idempotency', () => {
    const make = (options: Record<string, number>) => () => createEmbeddedGuestkit({ dir: join(dir, 'bad'), ...options });
    // Beyond 2^31-1 ms, setInterval fires every millisecond; a TTL of 0 means "never expires" to tus
    // while maxFiles would stop counting unfinished uploads.
    assert.throws(make({ sweepIntervalSeconds: 30 * 86_400 }), /sweepIntervalSeconds/);
    assert.throws(make({ sweepIntervalSeconds: -1 }), /sweepIntervalSeconds/);
    assert.throws(make({ sweepIntervalSeconds: Number.NaN }), /sweepIntervalSeconds/);
    assert.throws(make({ incompleteUploadTtlSeconds: 0 }), /incompleteUploadTtlSeconds/);
    assert.throws(make({ incompleteUploadTtlSeconds: Number.POSITIVE_INFINITY }), /incompleteUploadTtlSeconds/);
    // A lease of 0 would let any retry take over a running request's key.
    assert.throws(make({ idempotencyLeaseSeconds: 0 }), /idempotencyLeaseSeconds/);
    assert.throws(make({ idempotencyLeaseSeconds: Number.NaN }), /idempotencyLeaseSeconds/);
    assert.doesNotThrow(make({ sweepIntervalSeconds: 0, incompleteUploadTtlSeconds: 1, idempotencyLeaseSeconds: 1 }));
  });

  it('an upload whose bytes all arrived but that was never finished (the visitor left before the finish) is swept too, bytes and all', async () => {
    const f = await start(join(dir, 'complete'), 0);
    try {
      const { id } = await tusUpload(f.endpoint, f.session, pdfBytes(64 * 1024));
      const folder = join(dir, 'complete', 'tus');
      assert.ok(readdirSync(folder).includes(id), 'complete, waiting for its finish');
      assert.equal(await f.gk.uploads.sweep(), 0, 'kept while it is young');
      await new Promise((resolve) => setTimeout(resolve, TTL_SECONDS * 1000 + 800));
      assert.equal(await f.gk.uploads.sweep(), 1);
      assert.deepEqual(readdirSync(folder).filter((name) => name.startsWith(id)), [], 'its bytes and metadata are gone');
    } finally {
      await f.stop();
    }
  });

  it('regression: a zero-length upload (Upload-Length: 0) begun and never finished is swept like any other', async () => {
    const f = await start(join(dir, 'empty'), 0);
    try {
      const begun = await beginTusUpload(f.endpoint, f.session, 0, { filename: 'Leer.pdf' });
      assert.equal(begun.status, 201);
      const id = begun.headers.get('location')!.split('/').pop()!;
      const folder = join(dir, 'empty', 'tus');
      assert.ok(readdirSync(folder).includes(id), 'begun, its (empty) file on disk');
      assert.equal(await f.gk.uploads.sweep(), 0, 'kept while it is young');
      await new Promise((resolve) => setTimeout(resolve, TTL_SECONDS * 1000 + 800));
      assert.equal(await f.gk.uploads.sweep(), 1);
      assert.deepEqual(readdirSync(folder).filter((name) => name.startsWith(id)), [], 'its file and metadata are gone');
    } finally {
      await f.stop();
    }
  });

  it('sweepIntervalSeconds: 0 leaves sweeping to the host', async () => {
    const f = await start(join(dir, 'off'), 0);
    try {
      const url = await leaveHalfway(f.endpoint, f.session);
      await new Promise((resolve) => setTimeout(resolve, TTL_SECONDS * 1000 + 800));
      // Expired (tus answers 410 Gone) but still there: swept, it would be unknown (404).
      assert.equal(await head(url, f.session), 410, 'expired, and no timer swept it');
      // SECURITY.md U14: the rest of its bytes are refused too, and nothing is written.
      const folder = join(dir, 'off', 'tus');
      const file = readdirSync(folder).find((name) => url.endsWith(name))!;
      const before = statSync(join(folder, file)).size;
      const patch = await fetch(url, {
        method: 'PATCH',
        headers: { 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream', 'upload-offset': String(before), authorization: await f.session.authorization() },
        body: new Uint8Array(1024),
      });
      assert.equal(patch.status, 410, 'a PATCH after its expiry');
      assert.equal(statSync(join(folder, file)).size, before, 'no byte written');
      assert.equal(await f.gk.uploads.sweep(), 1, 'the host’s own call does');
      assert.equal(await head(url, f.session), 404);
    } finally {
      await f.stop();
    }
  });
});
