/**
 * Uploads under faults and hostile input (SECURITY.md U1, U4, U11, U19, U23): an adapter killed again
 * and again mid-upload, a disk that fills up, archives that inflate to gigabytes, and a body that
 * trickles in and is cut off.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs, { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as zlibCrc32, deflateRawSync, constants as zlib } from 'node:zlib';
import Database from 'better-sqlite3';
import { Upload, type DetailedError } from 'tus-js-client';
import { createAdminClient } from '../../src/client/admin-client.js';
import { isGuestkitApiError } from '../../src/client/errors.js';
import type { LinkSession } from '../../src/client/link-session.js';
import { fsBlobStore } from '../../src/server-adapter/blob/fs-blob-store.js';
import type { BlobStore } from '../../src/server-adapter/blob/types.js';
import { createEmbeddedGuestkit } from '../../src/server-adapter/embedded.js';
import { serve } from '../../src/server-adapter/node.js';
import { sqliteStore } from '../../src/server-adapter/store/sqlite-store.js';
import type { Store } from '../../src/server-adapter/store/types.js';
import type { UploadRequestData } from '../../src/server-adapter/uploads/records.js';
import { createHttpFixture, type HttpFixture } from './helpers/fixture.js';
import {
  beginTusUpload,
  finish,
  freePort,
  openUploadLink,
  pdfBytes,
  readAll,
  sha256,
  startAdapterProcess,
  tusHeaders,
  tusOffset,
  tusUpload,
  type AdapterProcess,
} from './helpers/uploads.js';
import { docxWithLateContentTypes, DOCX, zipStored } from './helpers/zip.js';

const MiB = 1024 * 1024;

async function apiCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  assert.ok(isGuestkitApiError(error), `expected an API error, got ${String(error)}`);
  return error.code;
}
const uploader = { email: 'bookkeeper@client.example' };

/**
 * A zip whose one entry, `name`, deflates `mib` MiB of zeros into about a thousandth of that. The
 * deflate stream is one compressed MiB repeated (each ends in a full flush, so each stands alone),
 * so building it inflates nothing and takes a few milliseconds.
 */
function zipBomb(name: string, mib: number): Buffer {
  const zeros = Buffer.alloc(MiB);
  const block = deflateRawSync(zeros, { level: 9, finishFlush: zlib.Z_FULL_FLUSH });
  const data = Buffer.concat([...Array<Buffer>(mib).fill(block), deflateRawSync(Buffer.alloc(0))]);
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = zlibCrc32(zeros, crc);
  const fileName = Buffer.from(name, 'utf8');
  const header = (central: boolean) => {
    const h = Buffer.alloc(central ? 46 : 30);
    h.writeUInt32LE(central ? 0x02014b50 : 0x04034b50, 0);
    const at = central ? 6 : 4;
    if (central) h.writeUInt16LE(20, 4);
    h.writeUInt16LE(20, at); // version needed
    h.writeUInt16LE(0x0800, at + 2); // names are UTF-8
    h.writeUInt16LE(8, at + 4); // deflate
    h.writeUInt16LE(0, at + 6);
    h.writeUInt16LE(((2026 - 1980) << 9) | (1 << 5) | 1, at + 8);
    h.writeUInt32LE(crc >>> 0, at + 10);
    h.writeUInt32LE(data.length, at + 14);
    h.writeUInt32LE(mib * MiB, at + 18);
    h.writeUInt16LE(fileName.length, at + 22);
    return h; // central: offset of the local header stays 0
  };
  const local = Buffer.concat([header(false), fileName, data]);
  const directory = Buffer.concat([header(true), fileName]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(local.length, 16);
  return Buffer.concat([local, directory, end]);
}

/** The most memory the process `pid` has held at once (its peak resident set), in bytes. */
function peakMemory(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) * 1024;
}

describe('an adapter killed (kill -9) again and again mid-upload (SECURITY.md U1)', () => {
  let dir: string;
  let adapter: AdapterProcess | undefined;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'guestkit-kill-'))));
  after(async () => {
    await adapter?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ten kills at random offsets: each time the server kept no more than was sent, the real tus client resumes from there, and the file arrives byte-identical', async () => {
    const port = await freePort();
    adapter = await startAdapterProcess(dir, port);
    const { endpoint, apiKey } = adapter;
    const admin = createAdminClient({ endpoint, apiKey });
    const { request, link } = await admin.uploads.createRequest({ title: 'Jahresabschluss 2025', uploader });
    const session = await openUploadLink(endpoint, link.token);
    const bytes = pdfBytes(64 * MiB + 77);
    const ROUNDS = 10;
    const lastKill = bytes.length - MiB;
    let uploadUrl: string | undefined;
    let offset = 0;
    const history: string[] = [];

    /**
     * Uploads from where the server is, with the tus client, reading the file in 64 KiB pieces;
     * once the next piece would pass `killAt`, kills the adapter (and waits until it is gone) before
     * sending it. `sent` is what went out before the kill.
     */
    const attempt = (killAt: number | null) =>
      new Promise<{ sent: number; finished: boolean }>((resolve, reject) => {
        let sent = 0;
        let killed = false;
        async function* pieces(start: number, end: number) {
          for (let at = start; at < end; at += 64 * 1024) {
            const piece = bytes.subarray(at, Math.min(at + 64 * 1024, end));
            if (killAt !== null && at + piece.length > killAt) {
              killed = true;
              await adapter!.kill();
              await new Promise(() => undefined); // the rest never goes out: the connection is dead
            }
            sent = at + piece.length;
            yield piece;
          }
        }
        const fileReader = {
          openFile: async () => ({
            size: bytes.length,
            close: () => undefined,
            slice: async (start: number, end: number) => {
              const last = Math.min(end, bytes.length);
              return { value: Object.assign(Readable.from(pieces(start, last)), { size: last - start }), done: last >= bytes.length };
            },
          }),
        };
        const upload = new Upload(bytes, {
          endpoint: `${endpoint}/v1/upload/tus`,
          ...(uploadUrl ? { uploadUrl } : {}),
          chunkSize: bytes.length,
          fileReader,
          retryDelays: [],
          metadata: { filename: 'Jahresabschluss 2025.pdf', filetype: 'application/pdf' },
          onBeforeRequest: async (req) => req.setHeader('Authorization', await session.authorization()),
          onError: (error) => {
            uploadUrl ??= upload.url ?? undefined;
            if (killed) resolve({ sent, finished: false });
            else reject(error);
          },
          onSuccess: () => resolve({ sent, finished: true }),
        });
        upload.start();
      });

    for (let round = 0; round < ROUNDS; round++) {
      // A few MiB past the last offset: loopback buffers hold that much before the adapter reads a byte.
      const killAt = Math.min(lastKill, offset + 6 * MiB + randomInt(4 * MiB));
      const { sent, finished } = await attempt(killAt);
      assert.equal(finished, false, `round ${round}: the adapter was killed before the file was through (${history.join('; ')})`);
      adapter = await startAdapterProcess(dir, port);
      const kept = await tusOffset(uploadUrl!, session);
      history.push(`kill at ${killAt}, sent ${sent}, kept ${JSON.stringify(kept)}`);
      assert.equal(typeof kept, 'number', `round ${round}: the upload survived the restart (${history.join('; ')})`);
      assert.ok((kept as number) <= sent, `round ${round}: the server kept no more than was sent (${history.join('; ')})`);
      assert.ok((kept as number) >= offset, `round ${round}: and nothing it had kept before was lost (${history.join('; ')})`);
      offset = kept as number;
    }

    assert.ok(offset > 0, `the kills came while the adapter was writing (${history.join('; ')})`);
    const last = await attempt(null);
    assert.equal(last.finished, true);
    const file = await finish(session, { uploadId: uploadUrl!.split('/').pop()!, sha256: sha256(bytes) });
    const download = await createAdminClient({ endpoint, apiKey }).uploads.download(file.id);
    assert.equal(sha256(Buffer.from(await download.arrayBuffer())), sha256(bytes), `byte-identical after ${history.join('; ')}`);
    assert.equal((await admin.uploads.listFiles(request.id)).length, 1, 'one file, however many restarts');

    // Killed once more: after eleven SIGKILLs the database is whole and the request's audit chain
    // intact to its head (SECURITY.md D1).
    const { firmId } = adapter;
    await adapter.kill();
    adapter = undefined;
    const gk = createEmbeddedGuestkit({ dir });
    await gk.init();
    try {
      assert.deepEqual(await gk.runtime.store.check!(), []);
      const chain = await gk.audit.verify(firmId, { type: 'upload-request', id: request.id });
      assert.equal(chain.ok, true, JSON.stringify(chain));
      assert.ok(chain.count >= 2, `the request's events: ${chain.count}`);
    } finally {
      await gk.close();
    }
  });
});

describe('the disk fills up mid-upload (SECURITY.md U4)', () => {
  let dir: string;
  let adapter: AdapterProcess | undefined;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'guestkit-full-'))));
  after(async () => {
    await adapter?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the PATCH is refused for a moment (503 with Retry-After, which tus clients retry), the offset is what was stored, the database is intact, and with room again the upload resumes and arrives byte-identical', async () => {
    const port = await freePort();
    // Room for 6 MiB per file: the 12 MiB upload runs out of space half-way.
    adapter = await startAdapterProcess(dir, port, { maxFileBytes: 6 * MiB });
    const { endpoint, apiKey } = adapter;
    const admin = createAdminClient({ endpoint, apiKey });
    const { request, link } = await admin.uploads.createRequest({ title: 'Belege 2025', uploader, limits: { maxFileSize: 16 * MiB } });
    const session = await openUploadLink(endpoint, link.token);
    const bytes = pdfBytes(12 * MiB + 5);
    let uploadUrl: string | undefined;
    const send = () =>
      new Promise<{ status: number; retryAfter: string | null } | 'done'>((resolve) => {
        const upload = new Upload(bytes, {
          endpoint: `${endpoint}/v1/upload/tus`,
          ...(uploadUrl ? { uploadUrl } : {}),
          chunkSize: bytes.length,
          retryDelays: [],
          metadata: { filename: 'Belege 2025.pdf', filetype: 'application/pdf' },
          onBeforeRequest: async (req) => req.setHeader('Authorization', await session.authorization()),
          onError: (error) => {
            uploadUrl ??= upload.url ?? undefined;
            const response = (error as DetailedError).originalResponse;
            resolve({ status: response?.getStatus() ?? 0, retryAfter: response?.getHeader('retry-after') ?? null });
          },
          onSuccess: () => {
            uploadUrl ??= upload.url ?? undefined;
            resolve('done');
          },
        });
        upload.start();
      });

    const failed = await send();
    // 503 with Retry-After (the upload folder's disk is full), which tus clients retry; when the
    // adapter answers while the client is still sending, the client may see the connection cut
    // first (status 0), which it retries as well.
    assert.ok(failed !== 'done' && ((failed.status === 503 && failed.retryAfter === '1') || failed.status === 0), `refused for a moment: ${JSON.stringify(failed)}`);
    const id = uploadUrl!.split('/').pop()!;
    const stored = statSync(join(dir, 'tus', id)).size;
    assert.equal(stored, 6 * MiB, 'the bytes that fitted are on disk');
    assert.equal(await tusOffset(uploadUrl!, session), stored, 'HEAD says exactly what is stored');
    assert.equal(await apiCode(finish(session, { uploadId: id, sha256: sha256(bytes) })), 'upload_incomplete');

    await adapter.kill();
    const db = new Database(join(dir, 'guestkit.db'), { readonly: true });
    try {
      assert.deepEqual(db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    } finally {
      db.close();
    }
    // Room again: the same upload goes on from its offset.
    adapter = await startAdapterProcess(dir, port);
    assert.equal(await send(), 'done');
    const file = await finish(session, { uploadId: id, sha256: sha256(bytes) });
    const download = await admin.uploads.download(file.id);
    assert.equal(sha256(Buffer.from(await download.arrayBuffer())), sha256(bytes));
    assert.equal((await admin.uploads.listFiles(request.id)).length, 1);
  });
});

/**
 * The store's own connection to its database, caught as `sqliteStore` opens it (`openSqlite` sets
 * its pragmas through it). `max_page_count` is a setting of a connection, not of the file: a test
 * that opened the file itself would limit only itself.
 */
async function storeConnection(store: Store): Promise<Database.Database> {
  const pragma = Database.prototype.pragma;
  let caught: Database.Database | undefined;
  Database.prototype.pragma = function (this: Database.Database, ...args: Parameters<typeof pragma>) {
    caught ??= this;
    return pragma.apply(this, args);
  };
  try {
    await store.init();
  } finally {
    Database.prototype.pragma = pragma;
  }
  assert.ok(caught, 'the store opened its database');
  return caught;
}

/** SQLite's own `max_page_count`: no limit but the disk's. */
const NO_PAGE_LIMIT = 4294967294;

/** What a test reads of the problem+json or tus answer to a request the store could not take. */
async function refusal(response: Response): Promise<{ status: number; retryAfter: string | null; code: string | undefined }> {
  const text = await response.text();
  const code = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as { code?: string }).code : undefined;
  return { status: response.status, retryAfter: response.headers.get('retry-after'), code };
}

/** The files (not folders) under `dir`, relative to it. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();

/** Finishes an upload with a request of its own (the client would retry a 503 by itself), with the `Idempotency-Key` given. */
async function finishOnce(endpoint: string, session: LinkSession, key: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${endpoint}/v1/upload/files`, {
    method: 'POST',
    headers: { authorization: await session.authorization(), 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
}

describe('the database fills up (SECURITY.md U4)', () => {
  /**
   * The adapter on the real SQLite store, its database limited to the pages it has (`fill`): every
   * write that needs one page more fails with SQLITE_FULL, as it does when the disk is full — no
   * disk to fill, no mount. `makeRoom` lifts the limit, as freeing space on the disk does.
   */
  async function fillableFixture() {
    const dir = mkdtempSync(join(tmpdir(), 'guestkit-dbfull-'));
    const file = join(dir, 'guestkit.db');
    const store = sqliteStore({ file });
    const db = await storeConnection(store);
    const f = await createHttpFixture({ store });
    const read = <T>(query: (db: Database.Database) => T): T => {
      const reader = new Database(file, { readonly: true });
      try {
        return query(reader);
      } finally {
        reader.close();
      }
    };
    return {
      f,
      /** Limits the database to the pages it has and fills every free one: no page is left. */
      fill() {
        db.exec('CREATE TABLE IF NOT EXISTS ballast (b BLOB)');
        db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
        const add = db.prepare('INSERT INTO ballast (b) VALUES (zeroblob(?))');
        for (const size of [65536, 4096, 512, 64, 1]) {
          try {
            for (;;) add.run(size);
          } catch (error) {
            if ((error as { code?: string }).code !== 'SQLITE_FULL') throw error;
          }
        }
        assert.equal(db.pragma('freelist_count', { simple: true }), 0, 'no free page left');
      },
      makeRoom: () => void db.pragma(`max_page_count = ${NO_PAGE_LIMIT}`),
      /** `PRAGMA integrity_check`, from a connection of its own. */
      integrity: () => read((reader) => reader.pragma('integrity_check')),
      count: (sql: string, ...params: unknown[]) => read((reader) => (reader.prepare(sql).get(...params) as { n: number }).n),
      /** Said in the log as the store's trouble, never as an unhandled error. */
      loggedAsStoreTrouble() {
        assert.ok(f.logs.some((line) => /^error store full /.test(line) && line.includes('database or disk is full')), f.logs.join('\n'));
        assert.ok(!f.logs.some((line) => line.startsWith('error unhandled error') || line.startsWith('error tus request failed')), f.logs.join('\n'));
      },
      async close() {
        await f.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  it('an exchange that needs a page the database cannot have: 503 with Retry-After, not 500; no session, the database intact; with room again the same exchange opens the link', async () => {
    const t = await fillableFixture();
    try {
      const { link } = await t.f.gk.uploads.createRequest(t.f.firmId, { title: 'Belege 2025', uploader });
      t.fill();
      // Exchanges until one needs a page: those before it fit in room left on the sessions' and
      // the audit log's pages (each keeps a User-Agent, cut to 512 characters).
      const exchange = () =>
        fetch(`${t.f.endpoint}/v1/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': `Mozilla/5.0 (${'x'.repeat(6000)})` },
          body: JSON.stringify({ token: link.token }),
        });
      let opened = 0;
      let refused = await exchange();
      for (; refused.status === 201 && opened < 200; refused = await exchange()) opened++;
      assert.deepEqual(await refusal(refused), { status: 503, retryAfter: '1', code: 'unavailable' });
      t.loggedAsStoreTrouble();
      assert.deepEqual(t.integrity(), [{ integrity_check: 'ok' }]);
      // Refused at the audit log, after the session found room, its session is ended: none live but the opened ones.
      assert.equal(t.count('SELECT count(*) AS n FROM sessions WHERE ended_at IS NULL'), opened, 'no live session for the refused exchange');
      assert.equal(t.count("SELECT count(*) AS n FROM audit_events WHERE type = 'link.opened'"), opened, 'nor its opening recorded');

      t.makeRoom();
      const again = await exchange();
      assert.equal(again.status, 201);
      const { session } = (await again.json()) as { session: string };
      assert.equal((await fetch(`${t.f.endpoint}/v1/upload`, { headers: { authorization: `Bearer ${session}` } })).status, 200, 'the session works');
      assert.equal(t.count('SELECT count(*) AS n FROM sessions WHERE ended_at IS NULL'), opened + 1);
      assert.deepEqual(t.integrity(), [{ integrity_check: 'ok' }]);
    } finally {
      await t.close();
    }
  });

  it('tus creations while the database is full: the one that needs a page is refused 503 with Retry-After, nothing made; an upload under way still takes its bytes (they need no database); with room again the creation goes through and both files arrive byte-identical', async () => {
    const t = await fillableFixture();
    const { f } = t;
    try {
      const { request, link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Belege 2025', uploader, limits: { maxFiles: 500 } });
      const session = await openUploadLink(f.endpoint, link.token);
      const first = pdfBytes(300_000);
      const url = new URL((await beginTusUpload(f.endpoint, session, first.length, { filename: 'Kontoauszug.pdf' })).headers.get('location')!, f.endpoint).href;
      const patch = async (from: number, to: number) =>
        fetch(url, {
          method: 'PATCH',
          headers: await tusHeaders(session, { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(from) }),
          body: new Uint8Array(first.subarray(from, to)),
        });
      assert.equal((await patch(0, 150_000)).status, 204);
      t.fill();

      // Each creation records its upload; the database takes them until one needs a page more.
      const second = pdfBytes(200_000);
      let made = 0;
      let refused: Response | undefined;
      for (let i = 0; i < 200 && !refused; i++) {
        const answer = await beginTusUpload(f.endpoint, session, second.length, { filename: `Beleg ${i}.pdf` });
        if (answer.status === 201) made++;
        else refused = answer;
      }
      assert.ok(refused, 'the database ran out of pages');
      const { status, retryAfter } = await refusal(refused);
      assert.deepEqual({ status, retryAfter }, { status: 503, retryAfter: '1' }, `after ${made} creations`);
      t.loggedAsStoreTrouble();
      assert.deepEqual(t.integrity(), [{ integrity_check: 'ok' }]);
      const recorded = await f.gk.runtime.store.resources.list(f.firmId, 'tus-upload', { parent: request.id });
      assert.equal(recorded.length, made + 1, 'the refused creation recorded no upload');
      assert.equal(readdirSync(join(f.dir, 'tus')).length, 2 * (made + 1), 'nor made one on disk (an upload is its bytes and their .json)');

      // HEAD and PATCH write nothing to the database: the upload under way goes on, full or not.
      assert.equal(await tusOffset(url, session), 150_000);
      assert.equal((await patch(150_000, first.length)).status, 204);
      assert.equal(await tusOffset(url, session), first.length);

      // Room again: the creation the client sends again goes through, and both files arrive.
      t.makeRoom();
      const again = await tusUpload(f.endpoint, session, second, { name: 'Beleg.pdf' });
      for (const [id, bytes] of [[url.split('/').pop()!, first], [again.id, second]] as const) {
        const file = await finish(session, { uploadId: id, sha256: sha256(bytes) });
        assert.equal(file.sha256, sha256(bytes));
        assert.equal(sha256(await readAll((await f.gk.uploads.readFile(f.firmId, file.id)).body)), sha256(bytes), 'byte-identical');
      }
      assert.equal((await f.gk.uploads.listFiles(f.firmId, request.id)).length, 2);
      assert.deepEqual(t.integrity(), [{ integrity_check: 'ok' }]);
    } finally {
      await t.close();
    }
  });

  it('a finish that needs a page the database cannot have: 503 with Retry-After, not 500; no file recorded or counted, no copy left in the blob store, the upload whole; with room again the same finish (same Idempotency-Key) receives it byte-identical', async () => {
    const t = await fillableFixture();
    const { f } = t;
    try {
      const { request, link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Belege 2025', uploader });
      const session = await openUploadLink(f.endpoint, link.token);
      const bytes = pdfBytes(400_000);
      // A long name, and below a long note and uploader name (€ is three bytes): the file's record
      // takes more than a page, so recording it needs pages the database cannot have.
      const { id, url } = await tusUpload(f.endpoint, session, bytes, { name: `${'€'.repeat(195)}.pdf` });
      const body = { uploadId: id, sha256: sha256(bytes), note: '€'.repeat(1000), uploader: { name: '€'.repeat(200), email: uploader.email } };
      t.fill();

      assert.deepEqual(await refusal(await finishOnce(f.endpoint, session, 'k-full-database', body)), { status: 503, retryAfter: '1', code: 'unavailable' });
      t.loggedAsStoreTrouble();
      assert.deepEqual(t.integrity(), [{ integrity_check: 'ok' }]);
      assert.deepEqual(await f.gk.uploads.listFiles(f.firmId, request.id), [], 'no file recorded');
      const counted = (await f.gk.runtime.store.resources.get(f.firmId, 'upload-request', request.id))!.data as unknown as UploadRequestData;
      assert.deepEqual({ fileCount: counted.fileCount, countedFiles: counted.countedFiles ?? [] }, { fileCount: 0, countedFiles: [] }, 'nor counted');
      assert.deepEqual(filesUnder(join(f.dir, 'blobs')), [], 'no copy left in the blob store');
      assert.equal(await tusOffset(url, session), bytes.length, 'the upload is whole, to finish again');

      t.makeRoom();
      const received = await finishOnce(f.endpoint, session, 'k-full-database', body);
      assert.equal(received.status, 201);
      const file = (await received.json()) as { id: string; sha256: string };
      assert.equal(file.sha256, sha256(bytes));
      assert.equal(sha256(await readAll((await f.gk.uploads.readFile(f.firmId, file.id)).body)), sha256(bytes), 'byte-identical');
      assert.equal((await f.gk.uploads.listFiles(f.firmId, request.id)).length, 1);
      assert.equal(filesUnder(join(f.dir, 'blobs')).length, 1, 'one copy: the file’s');
      assert.deepEqual(t.integrity(), [{ integrity_check: 'ok' }]);
    } finally {
      await t.close();
    }
  });
});

describe('the blob store’s disk fills up as a file is finished (SECURITY.md U4)', () => {
  /** This process's file size limit (`ulimit -f`, the soft one), in bytes or `unlimited`. */
  const fileSizeLimit = (): string =>
    execFileSync('prlimit', ['--pid', String(process.pid), '--fsize', '--raw', '--noheadings', '--output', 'SOFT']).toString().trim();
  const limitFileSize = (bytes: string | number): void => void execFileSync('prlimit', ['--pid', String(process.pid), `--fsize=${bytes}:`]);
  const ignoreSignal = (): void => undefined;

  it('the copy that does not fit: 503 with Retry-After, not 500; no partial blob, nothing recorded, the upload whole; with room again the same finish receives it byte-identical', async () => {
    // The blob store on a disk of its own (here /dev/shm): finishing copies the upload into it
    // instead of linking it. Where there is none, a blob store that only copies does the same.
    const tmpDevice = statSync(tmpdir()).dev;
    const otherDisk = existsSync('/dev/shm') && statSync('/dev/shm').dev !== tmpDevice ? '/dev/shm' : null;
    const blobDir = mkdtempSync(join(otherDisk ?? tmpdir(), 'guestkit-blobs-'));
    const fsBlobs = fsBlobStore({ dir: blobDir });
    const { adopt: _linkOrCopy, ...copying } = fsBlobs;
    const blobs: BlobStore = otherDisk ? fsBlobs : copying;
    const f = await createHttpFixture({ blobs });
    try {
      const { request, link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Belege 2025', uploader, limits: { maxFileSize: 16 * MiB } });
      const session = await openUploadLink(f.endpoint, link.token);
      const bytes = pdfBytes(8 * MiB + 3);
      const { id, url } = await tusUpload(f.endpoint, session, bytes);
      const body = { uploadId: id, sha256: sha256(bytes) };

      // Room for 6 MiB per file, as a full disk would leave: the copy fails part-way (EFBIG). The
      // adapter runs in this process, whose SIGXFSZ Node ignores — but tus-js-client's lock files
      // (signal-exit) turn the signal into an exit unless another listener is there.
      const before = fileSizeLimit();
      process.on('SIGXFSZ', ignoreSignal);
      limitFileSize(6 * MiB);
      let answer: Awaited<ReturnType<typeof refusal>>;
      try {
        answer = await refusal(await finishOnce(f.endpoint, session, 'k-full-blobs', body));
      } finally {
        limitFileSize(before);
      }
      assert.deepEqual(answer, { status: 503, retryAfter: '1', code: 'unavailable' });
      assert.ok(f.logs.some((line) => line.startsWith('error store full') && line.includes('EFBIG')), f.logs.join('\n'));
      assert.deepEqual(filesUnder(blobDir), [], 'no partial blob, not even its temporary file');
      assert.deepEqual(await f.gk.uploads.listFiles(f.firmId, request.id), [], 'nothing recorded');
      assert.equal(await tusOffset(url, session), bytes.length, 'the upload is whole, to finish again');

      // Room again: the same finish receives the file.
      const received = await finishOnce(f.endpoint, session, 'k-full-blobs', body);
      assert.equal(received.status, 201);
      const file = (await received.json()) as { id: string; sha256: string };
      assert.equal(sha256(await readAll((await f.gk.uploads.readFile(f.firmId, file.id)).body)), sha256(bytes), 'byte-identical');
      assert.equal(filesUnder(blobDir).length, 1, 'one copy: the file’s');
    } finally {
      process.off('SIGXFSZ', ignoreSignal);
      await f.close();
      rmSync(blobDir, { recursive: true, force: true });
    }
  });
});

describe('archives that inflate to gigabytes (SECURITY.md U19)', () => {
  let dir: string;
  let adapter: AdapterProcess;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'guestkit-bomb-'));
    adapter = await startAdapterProcess(dir, await freePort());
  });
  after(async () => {
    await adapter.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a zip bomb named .docx, and one inside another archive, are judged without being inflated: the adapter’s memory stays flat and the next upload goes through', async () => {
    const { endpoint, apiKey } = adapter;
    const admin = createAdminClient({ endpoint, apiKey });
    const { link } = await admin.uploads.createRequest({ title: 'Vollmachten', uploader, limits: { allowedTypes: [DOCX, 'application/zip', 'application/pdf'] } });
    const session = await openUploadLink(endpoint, link.token);
    const send = async (name: string, bytes: Buffer) => {
      const { id } = await tusUpload(endpoint, session, bytes, { name });
      const response = await fetch(`${endpoint}/v1/upload/files`, {
        method: 'POST',
        headers: { authorization: await session.authorization(), 'content-type': 'application/json', 'idempotency-key': `k-bomb-${id}` },
        body: JSON.stringify({ uploadId: id, sha256: sha256(bytes) }),
      });
      return { status: response.status, body: (await response.json()) as { code?: string; type?: string; size?: number; sha256?: string } };
    };

    // A real Word document first, so everything finishing needs is loaded before memory is measured.
    const docx = docxWithLateContentTypes();
    assert.equal((await send('Vollmacht (echt).docx', docx)).body.type, DOCX);

    // The entry file-type reads to name an Office file, and one it skips; 1 GiB of zeros each.
    const contentTypesBomb = zipBomb('[Content_Types].xml', 1024);
    const documentBomb = zipBomb('word/document.xml', 1024);
    assert.ok(contentTypesBomb.length < 2 * MiB, `the bomb is small on the wire: ${contentTypesBomb.length} bytes`);
    const nested = zipStored([{ name: 'Anlagen/innen.zip', data: contentTypesBomb }, { name: 'Anlagen/bericht.zip', data: documentBomb }]);
    const before = peakMemory(adapter.pid);
    const answers: Record<string, unknown> = {};
    for (const [name, bytes] of [
      ['Vollmacht.docx', contentTypesBomb],
      ['Bericht.docx', documentBomb],
      ['Anlagen.zip', nested],
      ['Anlagen.docx', nested],
    ] as const) {
      const { status, body } = await send(name, bytes);
      // Kept, it is the opaque bytes it is: the archive as sent, its type the archive's.
      answers[name] = status === 201 ? { status, type: body.type, intact: body.size === bytes.length && body.sha256 === sha256(bytes) } : { status, code: body.code };
    }
    const grew = peakMemory(adapter.pid) - before;
    assert.ok(grew < 64 * MiB, `the adapter’s peak memory grew by ${Math.round(grew / MiB)} MiB (${JSON.stringify(answers)})`);
    // Refused for its type, or kept as an archive — never a failure of the adapter.
    assert.deepEqual(answers, {
      'Vollmacht.docx': { status: 415, code: 'file_type_not_allowed' },
      'Bericht.docx': { status: 415, code: 'file_type_not_allowed' },
      'Anlagen.zip': { status: 201, type: 'application/zip', intact: true },
      'Anlagen.docx': { status: 415, code: 'file_type_not_allowed' },
    }, 'a bomb is not the Word document its name promises; an archive of archives is kept as the archive it is');

    // Still healthy: the next upload is received as usual.
    const pdf = pdfBytes(200_000);
    assert.equal((await send('Nachtrag.pdf', pdf)).body.sha256, sha256(pdf));
  });
});

describe('a body that trickles in and is cut off (SECURITY.md U23)', () => {
  let f: HttpFixture;
  before(async () => {
    f = await createHttpFixture();
  });
  after(() => f.close());

  /** Sends a PATCH declaring the rest of the file, one byte every 200 ms, `count` bytes, then drops the connection. */
  async function trickle(url: string, session: LinkSession, bytes: Buffer, from: number, count: number): Promise<void> {
    const req = httpRequest(url, {
      method: 'PATCH',
      headers: await tusHeaders(session, { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(from), 'content-length': String(bytes.length - from) }),
    });
    req.on('error', () => undefined); // the drop is ours
    req.flushHeaders();
    for (let i = 0; i < count; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await new Promise<void>((resolve, reject) => req.write(bytes.subarray(from + i, from + i + 1), (error) => (error ? reject(error) : resolve())));
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // the last byte is on its way before the drop
    req.destroy();
  }

  it('an upload folder that cannot be made in the background (removed as the adapter starts tus) ends no process: the folder is made, awaited, by the adapter itself', async () => {
    const g = await createHttpFixture();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    // tus's FileStore makes its folder with a callback-style `fs.mkdir` in its constructor and throws from the callback on failure.
    const mkdirCallback = fs.mkdir;
    fs.mkdir = ((path: string, options: unknown, callback: (error: NodeJS.ErrnoException | null) => void) =>
      setImmediate(() => callback(Object.assign(new Error(`ENOENT: no such file or directory, mkdir '${path}'`), { code: 'ENOENT' })))) as unknown as typeof fs.mkdir;
    try {
      const { link } = await g.gk.uploads.createRequest(g.firmId, { title: 'Ordner', uploader: { email: 'lead@example.com', name: 'Lena', locale: 'de' } });
      const session = await openUploadLink(g.endpoint, link.token);
      const bytes = pdfBytes(20_000);
      const { id } = await tusUpload(g.endpoint, session, bytes);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(uncaught, []);
      assert.equal((await finish(session, { uploadId: id, sha256: sha256(bytes) })).sha256, sha256(bytes));
    } finally {
      fs.mkdir = mkdirCallback;
      process.off('uncaughtException', onUncaught);
      await g.close();
    }
  });

  it('every byte that arrived before the connection dropped is kept: HEAD reports them, and the upload resumes and arrives byte-identical', async () => {
    const { link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Funkloch', uploader });
    const session = await openUploadLink(f.endpoint, link.token);
    const bytes = pdfBytes(200_000);
    const begun = await beginTusUpload(f.endpoint, session, bytes.length, { filename: 'Kontoauszug.pdf' });
    const url = new URL(begun.headers.get('location')!, f.endpoint).href;
    const first = await fetch(url, {
      method: 'PATCH',
      headers: await tusHeaders(session, { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' }),
      body: new Uint8Array(bytes.subarray(0, 1000)),
    });
    assert.equal(first.status, 204);

    await trickle(url, session, bytes, 1000, 15);
    assert.equal(await tusOffset(url, session), 1015, 'the 15 bytes that trickled in are kept');

    const resumed = await tusUpload(f.endpoint, session, bytes, { uploadUrl: url });
    const file = await finish(session, { uploadId: resumed.id, sha256: sha256(bytes) });
    assert.equal(file.sha256, sha256(bytes));
    assert.equal(file.size, bytes.length);
  });

  it('a client trickling its headers is cut off at the headers timeout, one trickling a body at the request timeout — and what arrived of the body stays, to resume from (SECURITY.md R40)', async () => {
    // The same adapter behind a server with short timeouts (the defaults are Node's: 60 s and 300 s).
    const server = await serve(f.gk.handle, { port: 0, headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
    const port = (server.address() as AddressInfo).port;
    try {
      // Slow-loris: a header line every 300 ms, the headers never finished.
      const socket = connect(port, '127.0.0.1');
      const started = performance.now();
      const closed = new Promise<string>((resolve) => {
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk));
        socket.on('close', () => resolve(answer));
      });
      socket.on('error', () => undefined);
      socket.write('POST /guestkit/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const drip = setInterval(() => socket.writable && socket.write(`X-Drip-${Math.round(performance.now())}: 1\r\n`), 300);
      const answer = await closed;
      clearInterval(drip);
      const after = performance.now() - started;
      assert.ok(after >= 900 && after < 4000, `closed after ${Math.round(after)} ms`);
      assert.match(answer, /^HTTP\/1\.1 408/, 'Node answers 408 and closes');

      // A body at one byte per 200 ms: cut off at two seconds, the bytes that came are kept.
      const endpoint = `http://127.0.0.1:${port}/guestkit`;
      const { link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Schneckenpost', uploader });
      const session = await openUploadLink(endpoint, link.token);
      const bytes = pdfBytes(50_000);
      const url = new URL((await beginTusUpload(endpoint, session, bytes.length, { filename: 'Bescheid.pdf' })).headers.get('location')!, endpoint).href;
      const req = httpRequest(url, {
        method: 'PATCH',
        headers: await tusHeaders(session, { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'content-length': String(bytes.length) }),
      });
      const ended = new Promise<number>((resolve) => {
        req.on('response', (res) => resolve(res.statusCode ?? 0));
        req.on('close', () => resolve(0));
      });
      req.on('error', () => undefined);
      req.flushHeaders();
      let sent = 0;
      const sending = (async () => {
        for (; sent < 40 && !req.destroyed; sent++) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          if (!req.destroyed) req.write(bytes.subarray(sent, sent + 1));
        }
      })();
      await ended;
      await sending;
      assert.ok(sent < 40, `cut off after ${sent} bytes`);
      const kept = await tusOffset(url, session);
      assert.ok(typeof kept === 'number' && kept >= 5 && kept <= sent, `kept ${JSON.stringify(kept)} of ${sent}`);
      const resumed = await tusUpload(endpoint, session, bytes, { uploadUrl: url });
      assert.equal((await finish(session, { uploadId: resumed.id, sha256: sha256(bytes) })).sha256, sha256(bytes));
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('SECURITY.md U11: a second client on the same upload (another tab, a retry) is answered while the first still hangs on its connection: the adapter lets the first go, one writer at a time, nothing interleaved', async () => {
    const { link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Zwei Tabs', uploader });
    const session = await openUploadLink(f.endpoint, link.token);
    const bytes = pdfBytes(300_000);
    const begun = await beginTusUpload(f.endpoint, session, bytes.length, { filename: 'Bilanz.pdf' });
    const url = new URL(begun.headers.get('location')!, f.endpoint).href;
    const onDisk = join(f.dir, 'tus', url.split('/').pop()!);

    // Client A: a PATCH that sends 5,000 bytes and then hangs with its connection open.
    const a = httpRequest(url, {
      method: 'PATCH',
      headers: await tusHeaders(session, { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'content-length': String(bytes.length) }),
    });
    const aEnded = new Promise<string>((resolve) => {
      a.on('response', (res) => resolve(`answered ${res.statusCode}`));
      a.on('error', () => resolve('connection closed'));
    });
    a.write(bytes.subarray(0, 5_000));
    while (statSync(onDisk).size < 5_000) await new Promise((resolve) => setTimeout(resolve, 20));

    // Client B asks where the upload is. tus holds the upload for A, so B waits for A to let go:
    // the adapter asks A's request to end instead of leaving B waiting as long as A hangs.
    const guard = <T>(promise: Promise<T>, what: string) =>
      Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: still waiting after 10 s`)), 10_000))]);
    try {
      assert.equal(await guard(tusOffset(url, session), 'B’s HEAD'), 5_000, 'what A wrote, no more');
      assert.match(await guard(aEnded, 'A’s request'), /^(answered|connection closed)/, 'A was let go by the adapter');
    } finally {
      a.destroy();
    }

    // B goes on from there alone; the file arrives whole, in order.
    const resumed = await tusUpload(f.endpoint, session, bytes, { uploadUrl: url });
    const file = await finish(session, { uploadId: resumed.id, sha256: sha256(bytes) });
    assert.equal(file.sha256, sha256(bytes));
  });
});
