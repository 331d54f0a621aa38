/** The behaviour every `BlobStore` implementation must show, as a `node:test` suite. */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { BlobStore } from '../blob/types.js';
import { BlobExistsError, BlobTooLargeError } from '../blob/types.js';

import { readAllBytes } from '../blob/read-all.js';

export { readAllBytes };

/** A stream of `data` in chunks of `chunkSize`, optionally failing after `failAfter` chunks. */
export function streamOf(data: Uint8Array, chunkSize = 16 * 1024, failAfter?: number): ReadableStream<Uint8Array> {
  let offset = 0;
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && sent === failAfter) {
        controller.error(new Error('network dropped'));
        return;
      }
      if (offset >= data.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(data.slice(offset, offset + chunkSize));
      offset += chunkSize;
      sent++;
    },
  });
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * Registers the blob store conformance suite.
 *
 * @example
 * ```ts
 * import { blobStoreConformance } from 'guestkit/server/testing';
 * blobStoreConformance('s3', () => s3BlobStore({ bucket: 'test', ...options }));
 * ```
 */
export function blobStoreConformance(name: string, create: () => Promise<BlobStore> | BlobStore): void {
  void describe(`BlobStore conformance: ${name}`, () => {
    let blobs: BlobStore;
    // Every test writes under its own prefix, so one store serves the whole suite.
    const newKey = (leaf = 'file') => `t-${randomBytes(6).toString('hex')}/${leaf}`;

    before(async () => {
      blobs = await create();
    });
    after(async () => {
      await blobs.close?.();
    });

    it('stores bytes and reports their size and SHA-256', async () => {
      const key = newKey();
      const data = randomBytes(70_000);
      assert.deepEqual(await blobs.put(key, data), { key, size: data.byteLength, sha256: sha256(data) });
      assert.deepEqual(await blobs.head(key), { size: data.byteLength });
      const read = await blobs.get(key);
      assert.ok(read);
      assert.equal(read.size, data.byteLength);
      assert.deepEqual(await readAllBytes(read.body), data);
    });

    it('stores a ReadableStream body in many chunks', async () => {
      const key = newKey('streamed');
      const data = randomBytes(300_000);
      const info = await blobs.put(key, streamOf(data, 7_001));
      assert.equal(info.size, data.byteLength);
      assert.equal(info.sha256, sha256(data));
      assert.deepEqual(await readAllBytes((await blobs.get(key))!.body), data);
    });

    it('stores an empty blob', async () => {
      const key = newKey();
      assert.deepEqual(await blobs.put(key, new Uint8Array(0)), { key, size: 0, sha256: sha256(new Uint8Array(0)) });
      assert.deepEqual(await blobs.head(key), { size: 0 });
      assert.equal((await readAllBytes((await blobs.get(key))!.body)).byteLength, 0);
    });

    it('accepts nested keys up to eight segments', async () => {
      const key = newKey('uploads/2025/req_1/a/b/c/doc-1');
      await blobs.put(key, new Uint8Array([1, 2, 3]));
      assert.deepEqual(await blobs.head(key), { size: 3 });
    });

    it('reads inclusive byte ranges, including one at the end', async () => {
      const key = newKey();
      const data = randomBytes(4096);
      await blobs.put(key, data);
      const first = await blobs.get(key, { start: 0, end: 1023 });
      assert.equal(first?.size, 1024);
      assert.deepEqual(await readAllBytes(first!.body), data.subarray(0, 1024));
      const last = await blobs.get(key, { start: 4000, end: 4095 });
      assert.equal(last?.size, 96);
      assert.deepEqual(await readAllBytes(last!.body), data.subarray(4000));
      const one = await blobs.get(key, { start: 17, end: 17 });
      assert.deepEqual(await readAllBytes(one!.body), data.subarray(17, 18));
    });

    it('answers null for a missing key', async () => {
      const key = newKey();
      assert.equal(await blobs.get(key), null);
      assert.equal(await blobs.get(key, { start: 0, end: 10 }), null);
      assert.equal(await blobs.head(key), null);
      assert.equal(await blobs.delete(key), false);
    });

    it('answers null for a key that is only the prefix of other keys', async () => {
      const key = newKey('folder');
      await blobs.put(`${key}/inner`, new Uint8Array([1]));
      assert.equal(await blobs.get(key), null);
      assert.equal(await blobs.head(key), null);
      assert.equal(await blobs.delete(key), false);
      assert.deepEqual(await blobs.head(`${key}/inner`), { size: 1 });
    });

    it('refuses to overwrite a key and keeps the original', async () => {
      const key = newKey();
      const original = randomBytes(100);
      await blobs.put(key, original);
      await assert.rejects(blobs.put(key, randomBytes(50)), BlobExistsError);
      await assert.rejects(blobs.put(key, streamOf(randomBytes(50))), BlobExistsError);
      assert.deepEqual(await readAllBytes((await blobs.get(key))!.body), original);
    });

    it('lets exactly one of several concurrent puts to one key win', async () => {
      const key = newKey();
      const bodies = Array.from({ length: 5 }, () => randomBytes(50_000));
      const results = await Promise.allSettled(bodies.map((b) => blobs.put(key, streamOf(b, 5_000))));
      const won = results.filter((r) => r.status === 'fulfilled');
      assert.equal(won.length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof BlobExistsError);
      const stored = await readAllBytes((await blobs.get(key))!.body);
      assert.ok(bodies.some((b) => b.equals(stored)), 'the stored bytes are one whole body');
    });

    it('rejects a body over maxBytes and stores nothing', async () => {
      const key = newKey();
      await assert.rejects(blobs.put(key, randomBytes(1025), { maxBytes: 1024 }), BlobTooLargeError);
      assert.equal(await blobs.head(key), null);
      await assert.rejects(blobs.put(key, streamOf(randomBytes(100_000), 1000), { maxBytes: 50_000 }), (error: unknown) => {
        assert.ok(error instanceof BlobTooLargeError);
        assert.equal(error.maxBytes, 50_000);
        return true;
      });
      assert.equal(await blobs.head(key), null);
      const exact = randomBytes(1024);
      assert.equal((await blobs.put(key, exact, { maxBytes: 1024 })).size, 1024, 'exactly maxBytes is allowed');
    });

    it('stores nothing when the body stream fails midway, and the key stays free', async () => {
      const key = newKey();
      await assert.rejects(blobs.put(key, streamOf(randomBytes(100_000), 10_000, 3)), /network dropped/);
      assert.equal(await blobs.head(key), null);
      assert.equal(await blobs.get(key), null);
      const data = randomBytes(10);
      await blobs.put(key, data);
      assert.deepEqual(await readAllBytes((await blobs.get(key))!.body), data);
    });

    it('rejects malformed keys on every method', async () => {
      for (const key of ['../x', '/abs', 'a/../b', 'A B', '', 'a//b', './a', 'a/', '.hidden', 'a\\b', 'a\u0000b']) {
        await assert.rejects(blobs.put(key, new Uint8Array([1])), `put ${JSON.stringify(key)}`);
        await assert.rejects(blobs.get(key), `get ${JSON.stringify(key)}`);
        await assert.rejects(blobs.head(key), `head ${JSON.stringify(key)}`);
        await assert.rejects(blobs.delete(key), `delete ${JSON.stringify(key)}`);
      }
    });

    it('deletes a blob, after which the key can be used again', async () => {
      const key = newKey();
      await blobs.put(key, randomBytes(10));
      assert.equal(await blobs.delete(key), true);
      assert.equal(await blobs.head(key), null);
      assert.equal(await blobs.get(key), null);
      assert.equal(await blobs.delete(key), false);
      await blobs.put(key, randomBytes(5));
      assert.deepEqual(await blobs.head(key), { size: 5 });
    });

    it('adopt (when offered): takes over a local file with its SHA-256 (with keep, leaving it in place too); refuses an existing key or a file over maxBytes and keeps the file', async (t) => {
      if (!blobs.adopt) {
        t.diagnostic('this store does not offer adopt');
        return;
      }
      const { mkdtempSync, writeFileSync, existsSync, rmSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const dir = mkdtempSync(join(tmpdir(), 'guestkit-adopt-'));
      try {
        const data = randomBytes(300_000);
        const file = join(dir, 'upload');
        writeFileSync(file, data);
        const tooBig = await blobs.adopt(newKey(), file, { maxBytes: 1000 }).catch((e: unknown) => e);
        assert.ok(tooBig instanceof BlobTooLargeError);
        assert.ok(existsSync(file), 'a refused file stays where it was');
        const key = newKey();
        const info = await blobs.adopt(key, file);
        assert.deepEqual(info, { key, size: data.length, sha256: createHash('sha256').update(data).digest('hex') });
        assert.deepEqual(await readAllBytes((await blobs.get(key))!.body), data);
        assert.equal(existsSync(file), false, 'the file was taken over');
        writeFileSync(file, randomBytes(10));
        await assert.rejects(blobs.adopt(key, file), BlobExistsError);
        assert.ok(existsSync(file));
        assert.deepEqual(await readAllBytes((await blobs.get(key))!.body), data, 'the original is kept');
        // keep: the blob, and the file where it was until the caller removes it.
        const kept = join(dir, 'kept');
        writeFileSync(kept, data);
        const keptKey = newKey();
        assert.equal((await blobs.adopt(keptKey, kept, { keep: true })).sha256, createHash('sha256').update(data).digest('hex'));
        assert.ok(existsSync(kept), 'with keep, the file stays');
        rmSync(kept);
        assert.deepEqual(await readAllBytes((await blobs.get(keptKey))!.body), data, 'and the blob outlives it');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
