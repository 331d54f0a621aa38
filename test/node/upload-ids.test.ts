import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteStore } from '../../src/server-adapter/index.js';
import type { LinkSession } from '../../src/client/link-session.js';
import { createHttpFixture, type HttpFixture } from './helpers/fixture.js';
import { finish, openUploadLink, pdfBytes, sha256, tusHeaders, tusOffset, tusUpload } from './helpers/uploads.js';

/**
 * SECURITY.md U15: an upload id in the URL is looked up, never used as a path. Ids that would
 * climb out of the upload folder (or name something inside it that is not an upload) find
 * nothing, and nothing outside the folder is created, read, changed or removed.
 */
const HOSTILE_IDS = ['..%2Ffile', '..%5Cfile', 'file%00', 'file%', '%2e%2e%2f', '%2E%2E%2Ffile', 'a/b', '..%2F..%2Ffile', 'x'.repeat(5000)];

/** Sends exactly `path` (no client-side normalisation) and answers the status. */
function rawRequest(url: URL, path: string, method: string, headers: Record<string, string>, body?: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Every file and folder under `dir` but `skip`: its path, size, mtime and SHA-256. */
function snapshot(dir: string, skip: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (join(entry.parentPath, entry.name).startsWith(skip)) continue;
    const path = join(entry.parentPath, entry.name);
    const stat = statSync(path);
    result[path] = entry.isDirectory() ? `dir ${stat.mtimeMs}` : `${stat.size} ${stat.mtimeMs} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
  }
  return result;
}

describe('upload ids that try to leave the upload folder (SECURITY.md U15)', () => {
  let f: HttpFixture;
  let root: string;
  let uploads: string;
  let session: LinkSession;
  let mine: { url: string; id: string };
  const bytes = pdfBytes(3 * 1024 * 1024);

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'guestkit-ids-'));
    uploads = join(root, 'uploads');
    f = await createHttpFixture({ store: sqliteStore({ file: join(root, 'db', 'guestkit.db') }), uploadDirectory: join(uploads, 'tus') });
    const { link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Belege', uploader: { email: 'bookkeeper@client.example' } });
    session = await openUploadLink(f.endpoint, link.token);
    // A real upload under way, so the tus folder exists and holds something to protect.
    mine = await tusUpload(f.endpoint, session, bytes, { chunkSize: 1024 * 1024, stopAfter: 1024 * 1024 });
    // Canaries where a climbing id would land (<root>/file, <root>/uploads/file, …), each a valid
    // tus upload of its own: a tus server handed such an id would answer for it, write to it or remove it.
    const metadata = JSON.parse(readFileSync(join(uploads, 'tus', `${mine.id}.json`), 'utf8')) as Record<string, unknown>;
    for (const dir of [root, uploads]) {
      for (const name of ['file', '..\\file', 'canary.txt']) {
        writeFileSync(join(dir, name), `Mandantenakte – nicht anfassen (${name})\n`);
        writeFileSync(join(dir, `${name}.json`), JSON.stringify({ ...metadata, id: name }));
      }
    }
  });
  after(async () => {
    await f.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('HEAD, PATCH, DELETE and GET with a hostile id find nothing (404, 400 or 405), and no file inside or outside the upload folder is touched', async () => {
    // Everything but the database (the audit log grows with every request).
    const canaries = () => snapshot(root, join(root, 'db'));
    const before = canaries();
    const tusListing = readdirSync(join(uploads, 'tus')).sort();
    assert.ok(tusListing.length > 0, 'the upload under way is in the tus folder');
    const endpoint = new URL(f.endpoint);
    const headers = await tusHeaders(session);
    const patchHeaders = { ...headers, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' };

    for (const id of HOSTILE_IDS) {
      const path = `${endpoint.pathname}/v1/upload/tus/${id}`;
      const label = id.length > 40 ? `${id.slice(0, 10)}… (${id.length} characters)` : id;
      for (const method of ['HEAD', 'PATCH', 'DELETE', 'GET']) {
        const status = await rawRequest(endpoint, path, method, method === 'PATCH' ? patchHeaders : headers, method === 'PATCH' ? Buffer.from('überschrieben') : undefined);
        assert.ok([400, 404, 405].includes(status), `${method} ${label}: ${status}`);
      }
    }

    assert.deepEqual(canaries(), before, 'every canary and the upload folder’s files keep their content and mtime');
    assert.deepEqual(readdirSync(join(uploads, 'tus')).sort(), tusListing, 'nothing was created in or removed from the tus folder');
    // The real upload is untouched and still finishes byte-identical.
    assert.equal(await tusOffset(mine.url, session), 1024 * 1024);
    const resumed = await tusUpload(f.endpoint, session, bytes, { uploadUrl: mine.url, chunkSize: 1024 * 1024 });
    assert.equal((await finish(session, { uploadId: resumed.id, sha256: sha256(bytes) })).sha256, sha256(bytes));
  });
});
