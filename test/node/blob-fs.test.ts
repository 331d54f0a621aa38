import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire, syncBuiltinESMExports } from 'node:module';
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

/**
 * Records the file system calls that make a write durable — every `sync()` of a file handle (with
 * the path it was opened from) and every `link()` — while `work` runs, by wrapping `node:fs/promises`
 * (and re-exporting it to ES modules with `syncBuiltinESMExports`).
 */
async function durabilityCalls(work: () => Promise<unknown>): Promise<string[]> {
  const fsp = createRequire(import.meta.url)('node:fs/promises') as typeof import('node:fs/promises');
  const calls: string[] = [];
  const paths = new WeakMap<object, string>();
  const { open, link } = fsp;
  const probe = await open(import.meta.filename ?? new URL(import.meta.url).pathname, 'r');
  const prototype = Object.getPrototypeOf(probe) as { sync(this: object): Promise<void> };
  await probe.close();
  const sync = prototype.sync;
  fsp.open = (async (path: string, ...rest: unknown[]) => {
    const handle = await (open as (...args: unknown[]) => Promise<object>)(path, ...rest);
    paths.set(handle, String(path));
    return handle;
  }) as typeof fsp.open;
  fsp.link = (async (from: string, to: string) => {
    calls.push(`link ${String(to)}`);
    return link(from, to);
  }) as typeof fsp.link;
  prototype.sync = function (this: object) {
    calls.push(`sync ${paths.get(this) ?? '?'}`);
    return sync.call(this);
  };
  syncBuiltinESMExports();
  try {
    await work();
  } finally {
    fsp.open = open;
    fsp.link = link;
    prototype.sync = sync;
    syncBuiltinESMExports();
  }
  return calls;
}

describe('fsBlobStore', () => {
  it('makes every write durable before it counts: the bytes synced before they are linked into place, the folder synced after (SECURITY.md R41)', async () => {
    const dir = freshDir();
    const store = fsBlobStore({ dir: join(dir, 'blobs') });
    await store.put('warm/up', new Uint8Array([1])); // the store's folders exist from here on
    const put = await durabilityCalls(() => store.put('uploads/a/file-1', new Uint8Array(randomBytes(5000))));
    const place = join(dir, 'blobs', 'uploads', 'a');
    const written = put.findIndex((call) => /^sync .*\.part$/.test(call));
    assert.ok(written >= 0 && put.indexOf(`link ${join(place, 'file-1')}`) === written + 1, put.join(' | '));
    assert.equal(put.at(-1), `sync ${place}`, put.join(' | '));
    // The folders made for the key are synced into their parents before anything is placed in them.
    assert.deepEqual(put.slice(0, written), [`sync ${join(dir, 'blobs')}`, `sync ${join(dir, 'blobs', 'uploads')}`, `sync ${place}`]);

    const source = join(dir, 'upload.bin');
    writeFileSync(source, randomBytes(5000));
    const adopted = await durabilityCalls(() => store.adopt!('uploads/a/file-2', source, { keep: true }));
    assert.deepEqual(adopted, [`sync ${source}`, `link ${join(place, 'file-2')}`, `sync ${place}`]);
  });


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
