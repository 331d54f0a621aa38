/** The embedded default `BlobStore`: files on local disk, written crash-safely. */
import { createHash, randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, readdir, realpath, stat, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { BlobInfo, BlobReadResult, BlobStore, ByteRange } from './types.js';
import { assertBlobKey, BlobExistsError, BlobTooLargeError } from './types.js';

/** Options for `fsBlobStore`. */
export interface FsBlobStoreOptions {
  /** Root directory; created with mode 0700 when missing. */
  dir: string;
}

// Keys can't start with a dot, so no key can ever name this directory.
const TEMP_DIR = '.tmp';
// Temp files older than this belong to writes that crashed; younger ones may still be in progress.
const STALE_TEMP_MS = 24 * 3600 * 1000;

const isCode = (error: unknown, code: string): boolean => (error as NodeJS.ErrnoException | null)?.code === code;

async function fsyncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function* chunksOf(body: ReadableStream<Uint8Array> | Uint8Array): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) {
    yield body;
    return;
  }
  const reader = body.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      yield next.value;
    }
    done = true;
  } finally {
    // Stopped early (too large, disk error): tell the producer we won't read the rest.
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/**
 * Creates a `BlobStore` that keeps each blob as one file under `dir` (files 0600, folders 0700).
 *
 * @example
 * ```ts
 * const blobs = fsBlobStore({ dir: 'data/blobs' });
 * const info = await blobs.put('firm-1/uploads/abc', bytes, { maxBytes: 50 * 1024 * 1024 });
 * ```
 */
export function fsBlobStore({ dir }: FsBlobStoreOptions): BlobStore {
  const root = resolve(dir);
  let ready: Promise<string> | null = null;

  // Creates the root and sweeps crashed writes once; resolves to the root's real path.
  const prepare = (): Promise<string> =>
    (ready ??= (async () => {
      await mkdir(join(root, TEMP_DIR), { recursive: true, mode: 0o700 });
      const realRoot = await realpath(root);
      await sweepStaleTemps(join(root, TEMP_DIR)).catch(() => {});
      return realRoot;
    })().catch((error: unknown) => {
      ready = null;
      throw error;
    }));

  /** Where `key` lives, refusing anything that resolves outside the root (`..`, symlinks). */
  const pathOf = async (key: string): Promise<string> => {
    assertBlobKey(key);
    const path = resolve(root, key);
    if (!isInside(root, path)) throw new TypeError(`blob key escapes the store: ${JSON.stringify(key)}`);
    return path;
  };

  /** Throws if `path` (which must exist) really lives outside the root, e.g. through a symlink. */
  const assertReallyInside = async (path: string, key: string, orRoot = false): Promise<void> => {
    const realRoot = await prepare();
    if (!isInside(realRoot, await realpath(path), orRoot)) throw new TypeError(`blob key escapes the store: ${JSON.stringify(key)}`);
  };

  /** The path for a new blob: parent folders made (and fsynced) inside the root; refuses an existing key. */
  const placeFor = async (key: string): Promise<string> => {
    const path = await pathOf(key);
    await prepare();
    const parent = dirname(path);
    // Check before mkdir: creating folders through a symlink would already leave the store.
    await assertReallyInside(await nearestExisting(parent), key, true);
    const created = await mkdir(parent, { recursive: true, mode: 0o700 });
    await assertReallyInside(parent, key, true);
    if (await exists(path)) throw new BlobExistsError(key);
    if (created) for (const d of dirsBetween(dirname(created), parent)) await fsyncDir(d);
    return path;
  };

  const store: BlobStore = {
    async adopt(key, file, options = {}) {
      const path = await placeFor(key);
      // Hash while reading, then fsync and hard-link the file itself into place: no second copy.
      const handle = await open(file, 'r+');
      let info: BlobInfo;
      try {
        const hash = createHash('sha256');
        let size = 0;
        for await (const chunk of handle.createReadStream({ autoClose: false })) {
          size += (chunk as Buffer).length;
          if (options.maxBytes !== undefined && size > options.maxBytes) throw new BlobTooLargeError(options.maxBytes);
          hash.update(chunk as Buffer);
        }
        await handle.chmod(0o600);
        await handle.sync();
        info = { key, size, sha256: hash.digest('hex') };
      } finally {
        await handle.close();
      }
      try {
        await link(file, path);
      } catch (error) {
        if (isCode(error, 'EEXIST')) throw new BlobExistsError(key);
        // Another file system: fall back to a crash-safe copy.
        if (!isCode(error, 'EXDEV')) throw error;
        const copied = await store.put(key, Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, { maxBytes: options.maxBytes });
        if (!options.keep) await unlink(file);
        return copied;
      }
      if (!options.keep) await unlink(file);
      await fsyncDir(dirname(path));
      return info;
    },

    async put(key, body, options = {}) {
      let path: string;
      try {
        path = await placeFor(key);
      } catch (error) {
        if (!(body instanceof Uint8Array)) await body.cancel().catch(() => {});
        throw error;
      }

      const temp = join(root, TEMP_DIR, `${randomBytes(12).toString('hex')}.part`);
      const handle = await open(temp, 'wx', 0o600);
      let closed = false;
      try {
        const info = await writeAll(handle, body, key, options.maxBytes);
        await handle.chmod(0o600);
        await handle.sync();
        await handle.close();
        closed = true;
        // link(2) fails if the key appeared meanwhile, where rename(2) would silently replace it.
        await link(temp, path).catch((error: unknown) => {
          throw isCode(error, 'EEXIST') ? new BlobExistsError(key) : error;
        });
        await unlink(temp);
        await fsyncDir(dirname(path));
        return info;
      } catch (error) {
        if (!closed) await handle.close().catch(() => {});
        await unlink(temp).catch(() => {});
        throw error;
      }
    },

    async get(key, range) {
      const path = await pathOf(key);
      let handle: FileHandle;
      try {
        handle = await open(path, 'r');
      } catch (error) {
        if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return null;
        throw error;
      }
      try {
        await assertReallyInside(path, key);
        const stats = await handle.stat();
        // A key that is only a prefix of other keys is a folder here, and missing in any other store.
        if (!stats.isFile()) {
          await handle.close();
          return null;
        }
        const total = stats.size;
        const { start, end } = range ? checkRange(range, total) : { start: 0, end: total - 1 };
        const size = end - start + 1;
        const stream = size > 0 ? handle.createReadStream({ start, end }) : Readable.from([]);
        if (size === 0) await handle.close();
        const result: BlobReadResult = { size, body: Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array> };
        return result;
      } catch (error) {
        await handle.close().catch(() => {});
        throw error;
      }
    },

    async head(key) {
      const path = await pathOf(key);
      try {
        const stats = await stat(path);
        if (!stats.isFile()) return null;
        await assertReallyInside(path, key);
        return { size: stats.size };
      } catch (error) {
        if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return null;
        throw error;
      }
    },

    async delete(key) {
      const path = await pathOf(key);
      try {
        await assertReallyInside(dirname(path), key, true);
        await unlink(path);
      } catch (error) {
        if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR') || isCode(error, 'EISDIR') || isCode(error, 'EPERM')) return false;
        throw error;
      }
      await fsyncDir(dirname(path));
      return true;
    },

    async close() {},
  };
  return store;
}

async function writeAll(handle: FileHandle, body: ReadableStream<Uint8Array> | Uint8Array, key: string, maxBytes?: number): Promise<BlobInfo> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of chunksOf(body)) {
    size += chunk.byteLength;
    if (maxBytes !== undefined && size > maxBytes) throw new BlobTooLargeError(maxBytes);
    hash.update(chunk);
    // write() may write less than asked; loop until the chunk is on its way to disk.
    for (let offset = 0; offset < chunk.byteLength; ) {
      const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
      offset += bytesWritten;
    }
  }
  return { key, size, sha256: hash.digest('hex') };
}

/** The inclusive range clamped to the blob; a range that starts past the end is an error. */
function checkRange({ start, end }: ByteRange, total: number): ByteRange {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || start >= total) {
    throw new RangeError(`byte range ${start}-${end} is not satisfiable for a blob of ${total} bytes`);
  }
  return { start, end: Math.min(end, total - 1) };
}

/** Whether `path` lies below `root` (or is `root` itself, when `orRoot`). */
function isInside(root: string, path: string, orRoot = false): boolean {
  const rel = relative(root, path);
  if (rel === '') return orRoot;
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** `path` itself or its closest ancestor that exists. */
async function nearestExisting(path: string): Promise<string> {
  for (let p = path; ; p = dirname(p)) {
    if (await exists(p)) return p;
    if (p === dirname(p)) return p;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return false;
    throw error;
  }
}

/** `from` and every directory below it down to `to`, parents first. */
function dirsBetween(from: string, to: string): string[] {
  const dirs: string[] = [];
  for (let d = to; d.length >= from.length; d = dirname(d)) {
    dirs.unshift(d);
    if (d === from || d === dirname(d)) break;
  }
  return dirs;
}

async function sweepStaleTemps(tempDir: string): Promise<void> {
  const cutoff = Date.now() - STALE_TEMP_MS;
  for (const name of await readdir(tempDir)) {
    const path = join(tempDir, name);
    const stats = await stat(path).catch(() => null);
    if (stats?.isFile() && stats.mtimeMs < cutoff) await unlink(path).catch(() => {});
  }
}
