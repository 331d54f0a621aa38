import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fsBlobStore } from '../../src/server-adapter/blob/fs-blob-store.js';
import { blobStoreConformance, readAllBytes, streamOf } from '../../src/server-adapter/testing/blob-conformance.js';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'guestkit-blobs-'));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Every regular file below `dir`, as relative paths. */
const filesIn = (dir: string): string[] =>
  (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ name: string; parentPath?: string; path?: string; isFile(): boolean }>)
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path ?? '', entry.name).slice(dir.length + 1));

blobStoreConformance('fsBlobStore', () => fsBlobStore({ dir: join(freshDir(), 'blobs') }));

describe('fsBlobStore', () => {
  it('leaves no file at all, not even a temp file, when the source stream fails', async () => {
    const dir = freshDir();
    const blobs = fsBlobStore({ dir });
    await assert.rejects(blobs.put('firm-1/uploads/doc', streamOf(randomBytes(200_000), 10_000, 5)), /network dropped/);
    await assert.rejects(blobs.put('firm-1/uploads/big', randomBytes(2_000), { maxBytes: 1_000 }));
    assert.deepEqual(filesIn(dir), []);
  });

  it('writes files 0600 in directories 0700', async () => {
    const dir = join(freshDir(), 'store');
    const blobs = fsBlobStore({ dir });
    await blobs.put('firm-1/shares/doc', randomBytes(10));
    assert.equal(statSync(join(dir, 'firm-1/shares/doc')).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'firm-1/shares')).mode & 0o777, 0o700);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  it('keeps blobs where their key says, readable by a fresh instance', async () => {
    const dir = freshDir();
    const data = randomBytes(1000);
    await fsBlobStore({ dir }).put('firm-1/a', data);
    assert.deepEqual(await readAllBytes((await fsBlobStore({ dir }).get('firm-1/a'))!.body), data);
  });

  it('cannot be led outside its directory by a symlink', async () => {
    const base = freshDir();
    const dir = join(base, 'store');
    const outside = join(base, 'outside');
    mkdirSync(dir);
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret'), 'top secret');
    symlinkSync(outside, join(dir, 'evil'));
    symlinkSync(join(outside, 'secret'), join(dir, 'leak'));
    const blobs = fsBlobStore({ dir });

    await assert.rejects(blobs.put('evil/planted', randomBytes(10)), /escapes/);
    await assert.rejects(blobs.put('evil/sub/planted', randomBytes(10)), /escapes/);
    assert.deepEqual(readdirSync(outside), ['secret'], 'nothing written or created outside');
    await assert.rejects(blobs.get('evil/secret'), /escapes/);
    await assert.rejects(blobs.get('leak'), /escapes/);
    await assert.rejects(blobs.head('leak'), /escapes/);
    await assert.rejects(blobs.delete('evil/secret'), /escapes/);
    assert.equal(existsSync(join(outside, 'secret')), true);
  });

  it('rejects ".." before touching the disk', async () => {
    const base = freshDir();
    const blobs = fsBlobStore({ dir: join(base, 'store') });
    await assert.rejects(blobs.put('../escaped', randomBytes(1)), TypeError);
    await assert.rejects(blobs.put('a/../../escaped', randomBytes(1)), TypeError);
    assert.deepEqual(filesIn(base), []);
  });

  it('rejects a range that starts past the end', async () => {
    const blobs = fsBlobStore({ dir: freshDir() });
    await blobs.put('f', randomBytes(10));
    await assert.rejects(blobs.get('f', { start: 10, end: 20 }), RangeError);
    await assert.rejects(blobs.get('f', { start: 5, end: 4 }), RangeError);
  });
});
