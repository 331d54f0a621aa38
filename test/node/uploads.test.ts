import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryStore, type GuestkitOptions, type Store } from '../../src/server-adapter/index.js';
import { fsBlobStore } from '../../src/server-adapter/blob/fs-blob-store.js';
import type { DetailedError } from 'tus-js-client';
import { createFixture, createHttpFixture, type HttpFixture } from './helpers/fixture.js';
import { beginTusUpload, finish, openUploadLink, pdfBytes, readAll, sha256, tusHeaders, tusOffset, tusUpload } from './helpers/uploads.js';
import { signal } from './helpers/signal.js';
import { createClient } from '../../src/client/client.js';
import { UPLOAD_ROUTES } from '../../src/protocol/uploads.js';

const uploader = { email: 'Lead@Example.com', name: 'Lena Lead', locale: 'de' as const };

/** `base` with some of its resource operations replaced: a store that fails, stalls or answers late. */
const withResources = (base: Store, resources: Partial<Store['resources']>): Store => ({ ...base, resources: { ...base.resources, ...resources } });

/**
 * An adapter over HTTP whose finishing can be cut off as if it stopped there: `stopAt('record')`
 * before a file is recorded, `stopAt('point')` after, before the upload is pointed at it; stopped,
 * it removes no blob either. `copies()` lists the file copies in its blob store; `duringClaim(work)`
 * runs `work` once, in the middle of the next finish (when it counts its file on the request).
 */
async function stoppingAdapter(options: Partial<GuestkitOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'guestkit-stopping-'));
  const base = memoryStore();
  const blobs = fsBlobStore({ dir: join(dir, 'blobs') });
  let stop: 'record' | 'point' | undefined;
  let claiming: (() => Promise<unknown>) | undefined;
  const stopped = (): never => {
    throw new Error('the adapter stopped here');
  };
  const store = withResources(base, {
    insert: async (record) => (stop === 'record' && record.type === 'upload-file' ? stopped() : base.resources.insert(record)),
    update: async (firmId, type, id, data, version, at) => {
      const work = type === 'upload-request' ? claiming : undefined;
      if (work) claiming = undefined;
      await work?.();
      return stop === 'point' && type === 'tus-upload' && data.finishedFileId ? stopped() : base.resources.update(firmId, type, id, data, version, at);
    },
  });
  const g = await createHttpFixture({ store, blobs: { ...blobs, delete: async (key) => (stop ? false : blobs.delete(key)) }, ...options });
  return {
    g,
    base,
    store,
    blobs,
    dir,
    stopAt: (where: typeof stop) => void (stop = where),
    duringClaim: (work: () => Promise<unknown>) => void (claiming = work),
    copies: () => readdirSync(join(dir, 'blobs'), { recursive: true }).filter((n) => String(n).includes('file-')),
    /** A request whose upload's first finishing attempt was cut off before recording its file (its copy left behind). */
    async cutOffUpload(title: string) {
      const { request, link } = await g.gk.uploads.createRequest(g.firmId, { title, uploader });
      const session = await openUploadLink(g.endpoint, link.token);
      const bytes = pdfBytes(60_000);
      const { id } = await tusUpload(g.endpoint, session, bytes);
      stop = 'record';
      // One attempt, as a client cut off with the adapter would make (the SDK's own retries make three).
      const attempt = await fetch(`${g.endpoint}${UPLOAD_ROUTES.files}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await session.authorization(), 'idempotency-key': `cut-off-${id}` },
        body: JSON.stringify({ uploadId: id, sha256: sha256(bytes) }),
      });
      assert.equal(attempt.status, 500);
      stop = undefined;
      return { request, bytes, id, finishAgain: () => finish(session, { uploadId: id, sha256: sha256(bytes) }) };
    },
    /** The SHA-256 of the bytes the adapter serves for the received file `fileId`. */
    storedSha256: async (fileId: string) => sha256(await readAll((await g.gk.uploads.readFile(g.firmId, fileId)).body)),
    async close() {
      await g.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What SQLite throws when it stayed busy past its timeout (another process holds the write lock). */
const storeBusy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

describe('upload requests end to end (real tus client over HTTP)', () => {
  let f: HttpFixture;
  before(async () => {
    f = await createHttpFixture();
  });
  after(() => f.close());

  it('creates a request with a folder in the guest account and mails the link', async () => {
    const { request, link } = await f.gk.uploads.createRequest(f.firmId, {
      title: 'Belege 2025',
      message: 'Bitte alle Belege für 2025.',
      uploader,
      send: true,
      createdBy: { email: 'anna@kanzlei.example', name: 'Anna Steuer' },
    });
    assert.match(link.url, /#gk=gk_upload_/);
    assert.equal(request.uploaderEmail, 'lead@example.com');
    const again = await f.gk.uploads.createRequest(f.firmId, { title: 'Nachtrag', uploader });
    assert.equal(again.request.folderId, request.folderId, 'one folder per uploader, reused');
    const [mail] = await f.smtp.waitFor(1);
    assert.match(mail!.subject, /^Bitte laden Sie Ihre Unterlagen hoch/);
    assert.ok((await f.gk.uploads.listRequests(f.firmId, { open: true })).length >= 2);
  });

  it('the firm has one guest account, each uploader one folder in it (also for requests made at once), and the request’s message reaches the uploader by mail and in the widget', async () => {
    const g = await createHttpFixture();
    try {
      const lena = { email: 'lena.lead@example.com', name: 'Lena Lead', locale: 'de' as const };
      const otto = { email: 'otto@kiosk.example', locale: 'de' as const };
      const message = 'Bitte alle Belege für 2025 – auch die Quittungen aus dem Urlaub in Österreich.';
      // Three requests at once (a back office double-click, a script): the guest account is made once.
      const [first, second, other] = await Promise.all([
        g.gk.uploads.createRequest(g.firmId, { title: 'Belege 2025', message, uploader: lena, send: true }),
        g.gk.uploads.createRequest(g.firmId, { title: 'Kontoauszüge', uploader: { ...lena, email: 'Lena.Lead@Example.com' } }),
        g.gk.uploads.createRequest(g.firmId, { title: 'Kassenbuch', uploader: otto }),
      ]);
      const later = await g.gk.uploads.createRequest(g.firmId, { title: 'Nachtrag', uploader: lena });
      // An internationalised domain, once as a back end sends it and once as Chromium's e-mail field does (punycode).
      const bo = await g.gk.uploads.createRequest(g.firmId, { title: 'Rechnungen', uploader: { email: 'bo@bücher.de' } });
      const boAgain = await g.gk.uploads.createRequest(g.firmId, { title: 'Quittungen', uploader: { email: 'BO@xn--bcher-kva.de' } });
      assert.equal(boAgain.request.folderId, bo.request.folderId, 'the punycode spelling is the same uploader');
      assert.equal(second.request.folderId, first.request.folderId, 'the same uploader (any spelling of the address): one folder');
      assert.equal(later.request.folderId, first.request.folderId, 'and a later request reuses it');
      assert.notEqual(other.request.folderId, first.request.folderId, 'another uploader: another folder');

      const { resources } = g.gk.runtime.store;
      const accounts = await resources.list(g.firmId, 'guest-account');
      assert.equal(accounts.length, 1, 'exactly one guest account');
      const folders = await resources.list(g.firmId, 'upload-folder');
      assert.deepEqual(folders.map((folder) => folder.id).sort(), [first.request.folderId, other.request.folderId, bo.request.folderId].sort(), 'exactly three folders');
      for (const folder of folders) assert.equal(folder.data.guestAccountId, accounts[0]!.id, 'both in the guest account');
      assert.deepEqual(folders.map((folder) => folder.data.uploaderEmail).sort(), ['bo@bücher.de', 'lena.lead@example.com', 'otto@kiosk.example']);

      const [invitation] = await g.smtp.waitFor(1);
      assert.deepEqual(invitation!.envelopeTo, ['lena.lead@example.com']);
      assert.ok(invitation!.text.includes(message), `the invitation carries the firm’s message: ${invitation!.text}`);
      const session = await openUploadLink(g.endpoint, first.link.token);
      const view = await session.get('/v1/upload', (await import('../../src/protocol/uploads.js')).uploadRequestViewSchema);
      assert.equal(view.message, message, 'and the widget shows it');
    } finally {
      await g.close();
    }
  });

  it('receives a file byte-identical, records who/when/size/SHA-256, notifies the firm', async () => {
    const { request, link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Lohnabrechnungen', uploader, notify: ['anna@kanzlei.example'] });
    const session = await openUploadLink(f.endpoint, link.token);
    const view = await session.get('/v1/upload', (await import('../../src/protocol/uploads.js')).uploadRequestViewSchema);
    assert.equal(view.title, 'Lohnabrechnungen');
    assert.equal(view.filesRemaining, 50);
    assert.ok(view.accept.includes('.pdf'));
    const bytes = pdfBytes(9 * 1024 * 1024 + 123);
    const { id } = await tusUpload(f.endpoint, session, bytes, { chunkSize: 2 * 1024 * 1024 });
    const received = await finish(session, { uploadId: id, sha256: sha256(bytes), note: 'Januar bis März', uploader: { name: 'Lena' } });
    assert.equal(received.sha256, sha256(bytes));
    assert.equal(received.size, bytes.length);
    assert.equal(received.type, 'application/pdf');
    assert.equal(received.status, 'clean');
    const files = await f.gk.uploads.listFiles(f.firmId, request.id);
    assert.equal(files.length, 1);
    assert.equal(files[0]!.note, 'Januar bis März');
    assert.equal(files[0]!.name, 'Steuerbescheid 2025.pdf');
    const { body } = await f.gk.uploads.readFile(f.firmId, files[0]!.id);
    assert.equal(sha256(await readAll(body)), sha256(bytes));
    assert.deepEqual(readdirSync(join(f.dir, 'tus')).filter((n) => n.startsWith(id)), [], 'the tus copy is gone');
    // Stored under a generated key: the display name is nowhere in the blob store's paths.
    const stored = readdirSync(join(f.dir, 'blobs'), { recursive: true }).map(String);
    assert.ok(stored.some((path) => path.includes(files[0]!.id.replace(/_/g, '-'))), `the file is under its id: ${stored.join(', ')}`);
    assert.deepEqual(stored.filter((path) => /Steuerbescheid|2025\.pdf/.test(path)), []);
    const events = await f.gk.audit.list(f.firmId, { resource: { type: 'upload-request', id: request.id } });
    const completed = events.find((e) => e.type === 'upload.completed');
    assert.equal(completed?.data.sha256, sha256(bytes));
    assert.equal(completed?.verified, true);
    const notification = (await f.smtp.waitFor(2)).find((m) => m.subject.startsWith('Neue Datei'));
    assert.ok(notification, 'the firm was told');
    assert.deepEqual(notification.envelopeTo, ['anna@kanzlei.example']);
    assert.match(notification.text, /Steuerbescheid 2025\.pdf/);
  });

  it('a file’s arrival time is the server’s clock at the finish (not the uploader’s, not the upload’s start), for the uploader and the firm alike', async () => {
    const g = await createHttpFixture();
    try {
      const { request, link } = await g.gk.uploads.createRequest(g.firmId, { title: 'Eingang', uploader });
      const session = await openUploadLink(g.endpoint, link.token);
      const bytes = pdfBytes(40_000);
      const { id } = await tusUpload(g.endpoint, session, bytes);
      // The server's clock runs three days ahead of this machine's: the time can only come from it.
      const ahead = 3 * 86_400_000;
      g.advance(ahead);
      const from = Date.now() + ahead;
      const file = await finish(session, { uploadId: id, sha256: sha256(bytes) });
      const until = Date.now() + ahead;
      const receivedAt = Date.parse(file.receivedAt);
      assert.ok(from <= receivedAt && receivedAt <= until, `${file.receivedAt} lies between ${new Date(from).toISOString()} and ${new Date(until).toISOString()}`);
      const [listed] = await g.gk.uploads.listFiles(g.firmId, request.id);
      assert.equal(listed!.receivedAt, file.receivedAt, 'the firm sees the same time');
    } finally {
      await g.close();
    }
  });

  it('a tus creation without a session, or with a malformed one, is 401 and begins no upload', async () => {
    const { request, link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Ohne Sitzung', uploader });
    const session = await openUploadLink(f.endpoint, link.token);
    const metadata = `filename ${Buffer.from('Bescheid.pdf').toString('base64')}`;
    const real = await session.authorization();
    for (const authorization of [undefined, 'Bearer', 'Bearer ', 'Bearer gk_sess_0000', `${real}x`, real.replace('Bearer ', 'Basic '), real.replace('Bearer ', ''), `Bearer ${link.token}`]) {
      const response = await fetch(`${f.endpoint}/v1/upload/tus`, {
        method: 'POST',
        headers: { 'tus-resumable': '1.0.0', 'upload-length': '3000', 'upload-metadata': metadata, ...(authorization === undefined ? {} : { authorization }) },
      });
      assert.deepEqual([response.status, ((await response.json()) as { code: string }).code], [401, 'session_invalid'], String(authorization).replace(real.slice(7), '<session>'));
    }
    assert.deepEqual(await f.gk.runtime.store.resources.list(f.firmId, 'tus-upload', { parent: request.id }), [], 'no upload was begun');
    assert.equal((await beginTusUpload(f.endpoint, session, 3000, { filename: 'Bescheid.pdf' })).status, 201, 'the session itself may');
  });

  it('finishing twice is one file: same Idempotency-Key replays, another key returns the same file', async () => {
    const { request, link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Einmal', uploader });
    const session = await openUploadLink(f.endpoint, link.token);
    const bytes = pdfBytes(50_000);
    const { id } = await tusUpload(f.endpoint, session, bytes);
    const a = await finish(session, { uploadId: id, sha256: sha256(bytes) }, 'finish-key-0001');
    const b = await finish(session, { uploadId: id, sha256: sha256(bytes) }, 'finish-key-0001');
    const c = await finish(session, { uploadId: id, sha256: sha256(bytes) }, 'finish-key-0002');
    assert.equal(a.id, b.id);
    assert.equal(a.id, c.id);
    assert.equal((await f.gk.uploads.listFiles(f.firmId, request.id)).length, 1);
  });

  for (const store of ['embedded', 'networked'] as const) {
    it(`creations racing for the last slots (${store} store): exactly as many begin as there are slots, the rest are told too_many_files`, async () => {
      // A networked database (PostgreSQL) answers on a later turn of the event loop, so other
      // creations run between counting the open uploads and recording a new one.
      const base = memoryStore();
      const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 2));
      const networked = withResources(base, { list: async (...args) => later(await base.resources.list(...args)), insert: async (record) => later(await base.resources.insert(record)) });
      const g = store === 'embedded' ? f : await createHttpFixture({ store: networked });
      try {
        const { link } = await g.gk.uploads.createRequest(g.firmId, { title: 'Wettlauf', uploader, limits: { maxFiles: 3 } });
        const session = await openUploadLink(g.endpoint, link.token);
        const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => beginTusUpload(g.endpoint, session, 3000, { filename: `Beleg-${i}.pdf` })));
        assert.deepEqual(answers.map((a) => a.status).sort(), [...Array(3).fill(201), ...Array(9).fill(409)]);
        for (const answer of answers.filter((a) => a.status === 409)) assert.match(await answer.text(), /too_many_files/);
      } finally {
        if (g !== f) await g.close();
      }
    });
  }

  it('a creation waiting for its turn while the firm deactivates the request is told upload_closed and begins no upload; the one in its turn goes through', async () => {
    const base = memoryStore();
    // The first creation stops in its turn (counting the request's open uploads) until `release`.
    const { reached: released, reach: release } = signal();
    let gate: Promise<void> | null = released;
    const { reached: holding, reach: firstInTurn } = signal();
    // Armed once the first is held: the next read of the request is the second creation's session check.
    let sessionChecked: (() => void) | null = null;
    const store = withResources(base, {
      async list(...args) {
        const wait = args[1] === 'tus-upload' ? gate : null;
        if (wait) {
          gate = null;
          firstInTurn();
          await wait;
        }
        return base.resources.list(...args);
      },
      async get(...args) {
        const record = await base.resources.get(...args);
        if (args[1] === 'upload-request') sessionChecked?.();
        return record;
      },
    });
    const g = await createHttpFixture({ store });
    try {
      const { request, link } = await g.gk.uploads.createRequest(g.firmId, { title: 'Geschlossen', uploader });
      const session = await openUploadLink(g.endpoint, link.token);
      const first = beginTusUpload(g.endpoint, session, 3000, { filename: 'Vertrag.pdf' });
      await holding;
      const checked = signal();
      sessionChecked = checked.reach;
      const second = beginTusUpload(g.endpoint, session, 3000, { filename: 'Anlage.pdf' });
      await checked.reached; // the second found the request open and queues behind the first
      await g.gk.uploads.deactivate(g.firmId, request.id);
      release();
      assert.equal((await first).status, 201, 'the creation already in its turn had read the request open');
      const refused = await second;
      assert.equal(refused.status, 410, 'the creation that waited is refused');
      assert.equal(((await refused.json()) as { code: string }).code, 'upload_closed');
      assert.equal((await base.resources.list(g.firmId, 'tus-upload', { parent: request.id })).length, 1, 'only the first upload was begun');
    } finally {
      release();
      await g.close();
    }
  });

  it('tus discovery with the uploader’s session names the largest file the request takes (Tus-Max-Size); without one it does not', async () => {
    const { link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Größe', uploader, limits: { maxFileSize: 5 * 1024 * 1024 } });
    const session = await openUploadLink(f.endpoint, link.token);
    const discover = async (headers: Record<string, string>) => {
      const response = await fetch(`${f.endpoint}/v1/upload/tus`, { method: 'OPTIONS', headers: { 'tus-resumable': '1.0.0', ...headers } });
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('tus-version'), '1.0.0');
      return response.headers.get('tus-max-size');
    };
    assert.equal(await discover({ authorization: await session.authorization() }), String(5 * 1024 * 1024));
    assert.equal(await discover({}), null);
    assert.equal(await discover({ authorization: 'Bearer gk_sess_nothing' }), null, 'an unknown session learns nothing');
  });

  it('tells the client until when an upload may go on: Upload-Expires on creation and on every PATCH, its creation plus incompleteUploadTtlSeconds (SECURITY.md R39)', async () => {
    const { link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Frist', uploader });
    const session = await openUploadLink(f.endpoint, link.token);
    const before = Date.now();
    const created = await beginTusUpload(f.endpoint, session, 3000, { filename: 'Beleg.pdf' });
    assert.equal(created.status, 201);
    const expires = Date.parse(created.headers.get('upload-expires') ?? '');
    // The fixture's default: a day; HTTP dates count whole seconds.
    assert.ok(expires >= before - 1000 + 86_400_000 && expires <= Date.now() + 86_400_000, `Upload-Expires ${created.headers.get('upload-expires')}`);
    const url = new URL(created.headers.get('location')!, f.endpoint).href;
    const patch = await fetch(url, { method: 'PATCH', headers: await tusHeaders(session, { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' }), body: new Uint8Array(pdfBytes(1000)) });
    assert.equal(patch.status, 204);
    assert.equal(patch.headers.get('upload-expires'), created.headers.get('upload-expires'), 'the same time: it counts from the creation');
  });

  it('incomplete uploads live in a folder only the adapter’s user can open, also one that existed with looser permissions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guestkit-tus-mode-'));
    const folder = join(dir, 'tus');
    mkdirSync(folder);
    chmodSync(folder, 0o755);
    const g = await createHttpFixture({ uploadDirectory: folder });
    try {
      const { link } = await g.gk.uploads.createRequest(g.firmId, { title: 'Rechte', uploader });
      const session = await openUploadLink(g.endpoint, link.token);
      assert.equal((await beginTusUpload(g.endpoint, session, 3000, { filename: 'Vertrag.pdf' })).status, 201);
      assert.equal(statSync(folder).mode & 0o777, 0o700);
    } finally {
      await g.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an upload folder removed while the adapter runs comes back as the adapter user’s alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guestkit-tus-gone-'));
    const folder = join(dir, 'tus');
    const g = await createHttpFixture({ uploadDirectory: folder });
    try {
      const { link } = await g.gk.uploads.createRequest(g.firmId, { title: 'Weg', uploader });
      const session = await openUploadLink(g.endpoint, link.token);
      assert.equal((await beginTusUpload(g.endpoint, session, 3000, { filename: 'Vertrag.pdf' })).status, 201);
      rmSync(folder, { recursive: true, force: true }); // a clean-up job, an operator
      assert.equal((await beginTusUpload(g.endpoint, session, 3000, { filename: 'Anlage.pdf' })).status, 201);
      assert.equal(statSync(folder).mode & 0o777, 0o700);
    } finally {
      await g.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /**
   * An upload on a store that is busy (SQLite past its busy timeout: another process holds the
   * write lock) for the operations in `faults`, once each, in order: `update tus-upload` is the
   * next such operation, `update tus-upload #2` the second from when it heads the list.
   */
  async function busyStoreUpload(maxFiles = 5) {
    const base = memoryStore();
    const faults: string[] = [];
    let seen = 0;
    const busy = (operation: string) => {
      const [next, nth] = (faults[0] ?? '').split(' #');
      if (next !== operation || ++seen < Number(nth ?? 1)) return;
      faults.shift();
      seen = 0;
      throw storeBusy();
    };
    const store = withResources(base, {
      async insert(record) {
        busy(`insert ${record.type}`);
        return base.resources.insert(record);
      },
      async update(...args) {
        busy(`update ${args[1]}`);
        return base.resources.update(...args);
      },
    });
    const g = await createHttpFixture({ store });
    const { request, link } = await g.gk.uploads.createRequest(g.firmId, { title: 'Besetzt', uploader, limits: { maxFiles } });
    /** What the adapter answered to each finishing attempt: status and Retry-After. */
    const answers: string[] = [];
    const client = createClient({
      endpoint: g.endpoint,
      fetch: async (input, init) => {
        const answer = await fetch(input, init);
        if ((input as Request).url.endsWith(UPLOAD_ROUTES.files)) answers.push(`${answer.status} ${answer.headers.get('retry-after') ?? '-'}`);
        return answer;
      },
    });
    const session = await client.openLink(link.token);
    const bytes = pdfBytes(80_000);
    const { id } = await tusUpload(g.endpoint, session, bytes);
    const finishing = () => finish(session, { uploadId: id, sha256: sha256(bytes) });
    const copies = () => readdirSync(join(g.dir, 'blobs'), { recursive: true }).filter((n) => String(n).includes('file-')).length;
    return { g, request, session, bytes, id, faults, finishing, copies, answers };
  }

  const BUSY_WHILE = {
    'counting it': ['update upload-request'],
    'recording it': ['insert upload-file'],
    'recording it, and then giving its slot back': ['insert upload-file', 'update upload-request'],
  };
  for (const [what, faults] of Object.entries(BUSY_WHILE)) {
    it(`a store busy for a moment while a file is finished (${what}): 503 with Retry-After, the upload kept, and the client's retry after it receives it, counted once`, async () => {
      const u = await busyStoreUpload(1); // the last slot: a file counted twice would not fit
      try {
        u.faults.push(...faults);
        const file = await u.finishing();
        assert.deepEqual(u.faults, [], 'the store was busy where it should be');
        assert.deepEqual(u.answers, ['503 1', '201 -'], 'refused for a moment, then received on the retry Retry-After asked for');
        assert.deepEqual([file.sha256, file.status], [sha256(u.bytes), 'clean']);
        const tusRecord = await u.g.gk.runtime.store.resources.get(u.g.firmId, 'tus-upload', u.id);
        assert.equal((tusRecord?.data as { finishedFileId?: string }).finishedFileId, file.id, 'the upload became the file');
        assert.equal(await tusOffset(`${u.g.endpoint}/v1/upload/tus/${u.id}`, u.session), u.bytes.length, 'every byte in place: nothing more to send');
        assert.deepEqual((await u.g.gk.uploads.listFiles(u.g.firmId, u.request.id)).map((each) => each.id), [file.id], 'one file');
        assert.equal((await u.g.gk.uploads.getRequest(u.g.firmId, u.request.id)).fileCount, 1, 'counted once');
        assert.equal(u.copies(), 1, 'one copy, the recorded one');
      } finally {
        await u.g.close();
      }
    });
  }

  it('a store busy for a moment right after the file is recorded (pointing the upload at it): the file is received and scanned all the same, finishing again answers it, and it holds one slot, not two', async () => {
    const u = await busyStoreUpload(2);
    try {
      u.faults.push('update tus-upload #2'); // the first notes the copy about to be made
      const file = await u.finishing();
      assert.deepEqual(u.faults, []);
      assert.deepEqual([file.sha256, file.status], [sha256(u.bytes), 'clean']);
      // The upload looks unfinished (it was never pointed at its file) but its file is counted:
      // the second of two files still fits.
      assert.equal(await tusUpload(u.g.endpoint, u.session, pdfBytes(30_000)).then(() => 201, (e: DetailedError) => e.originalResponse?.getStatus()), 201);
      assert.deepEqual(await u.finishing(), file, 'finishing again answers the file');
      assert.deepEqual((await u.g.gk.uploads.listFiles(u.g.firmId, u.request.id)).map((each) => [each.id, each.status]), [[file.id, 'clean']]);
      assert.equal(u.copies(), 1);
    } finally {
      await u.g.close();
    }
  });

  it('two adapter processes finishing one upload at once (a retry reaching another process): both answer the one file, whose bytes stay, counted once', async () => {
    const base = memoryStore();
    // Process A stops just before recording the file, until process B has finished it.
    const { reached: aAtRecord, reach: aRecording } = signal();
    const { reached: bDone, reach: letAGo } = signal();
    const storeA = withResources(base, {
      async insert(record) {
        if (record.type === 'upload-file') {
          aRecording();
          await bDone;
        }
        return base.resources.insert(record);
      },
    });
    const a = await createHttpFixture({ store: storeA });
    const b = await createHttpFixture({ store: base, blobs: fsBlobStore({ dir: join(a.dir, 'blobs') }), uploadDirectory: join(a.dir, 'tus') });
    try {
      const { request, link } = await a.gk.uploads.createRequest(a.firmId, { title: 'Zwei Prozesse', uploader, limits: { maxFiles: 1 } });
      const session = await openUploadLink(a.endpoint, link.token);
      const bytes = pdfBytes(200_000);
      const { id } = await tusUpload(a.endpoint, session, bytes);
      const onA = finish(session, { uploadId: id, sha256: sha256(bytes) }, 'finish-on-process-a');
      await aAtRecord;
      const onB = await fetch(`${b.endpoint}/v1/upload/files`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await session.authorization(), 'idempotency-key': 'finish-on-process-b' },
        body: JSON.stringify({ uploadId: id, sha256: sha256(bytes) }),
      });
      assert.equal(onB.status, 201);
      const fromB = (await onB.json()) as { id: string };
      letAGo();
      const fromA = await onA;
      assert.equal(fromA.id, fromB.id, 'one file');
      assert.deepEqual((await a.gk.uploads.listFiles(a.firmId, request.id)).map((file) => file.id), [fromA.id]);
      assert.equal((await a.gk.uploads.getRequest(a.firmId, request.id)).fileCount, 1, 'counted once (the request takes one file)');
      const read = await a.gk.uploads.readFile(a.firmId, fromA.id);
      assert.equal(sha256(Buffer.from(await new Response(read.body).arrayBuffer())), sha256(bytes), 'its bytes are there');
      const copies = readdirSync(join(a.dir, 'blobs'), { recursive: true }).filter((n) => String(n).includes('file-'));
      assert.equal(copies.length, 1, 'the copy of the process that lost went');
    } finally {
      letAGo();
      await b.close();
      await a.close();
    }
  });

  it('two adapter processes, one of which cannot record the file (its store is busy) and gives the slot back while the other records it and cannot count it: finishing again counts it, once', async () => {
    const base = memoryStore();
    const { reached: aRecording, reach: aAtRecord } = signal();
    const { reached: bRecording, reach: bAtRecord } = signal();
    const { reached: aSettled, reach: aDone } = signal();
    // A: counts the file, waits until B is about to record it, then finds its store busy.
    const storeA = withResources(base, {
      async insert(record) {
        if (record.type !== 'upload-file') return base.resources.insert(record);
        aAtRecord();
        await bRecording;
        throw storeBusy();
      },
    });
    // B: finds the file counted (by A), records it once A has given the slot back, and then finds
    // its store busy as it counts the file again.
    let bRecorded = false;
    const storeB = withResources(base, {
      async insert(record) {
        if (record.type === 'upload-file') {
          bAtRecord();
          await aSettled;
          bRecorded = true;
        }
        return base.resources.insert(record);
      },
      async update(...args) {
        if (bRecorded && args[1] === 'upload-request') {
          bRecorded = false;
          throw storeBusy();
        }
        return base.resources.update(...args);
      },
    });
    const a = await createHttpFixture({ store: storeA });
    const b = await createHttpFixture({ store: storeB, blobs: fsBlobStore({ dir: join(a.dir, 'blobs') }), uploadDirectory: join(a.dir, 'tus') });
    try {
      const { request, link } = await a.gk.uploads.createRequest(a.firmId, { title: 'Gezählt', uploader, limits: { maxFiles: 1 } });
      const session = await openUploadLink(a.endpoint, link.token);
      const bytes = pdfBytes(50_000);
      const { id } = await tusUpload(a.endpoint, session, bytes);
      const onA = finish(session, { uploadId: id, sha256: sha256(bytes) }, 'finish-on-process-a').then(() => 'received', (e: { code?: string }) => e.code);
      await aRecording;
      const onB = fetch(`${b.endpoint}/v1/upload/files`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await session.authorization(), 'idempotency-key': 'finish-on-process-b' },
        body: JSON.stringify({ uploadId: id, sha256: sha256(bytes) }),
      });
      assert.equal(await onA, 'unavailable');
      aDone();
      assert.equal((await onB).status, 201, 'the file is received (counting it again failed, and is left to the next finish)');
      assert.equal((await a.gk.uploads.listFiles(a.firmId, request.id)).length, 1);
      // The client finishes again (a retry, another tab): the file is counted now, once.
      await finish(session, { uploadId: id, sha256: sha256(bytes) }, 'finish-again');
      await finish(session, { uploadId: id, sha256: sha256(bytes) }, 'finish-once-more');
      assert.equal((await a.gk.uploads.getRequest(a.firmId, request.id)).fileCount, 1, 'the recorded file is counted, once');
    } finally {
      aDone();
      bAtRecord();
      await b.close();
      await a.close();
    }
  });

  it('regression: a file refused at its finish because the request is full (too_many_files: two adapter processes let an upload too many begin) is recorded as upload.rejected, once, like the other refusals at finish', async () => {
    const base = memoryStore();
    const { reached: bCounting, reach: bCounted } = signal();
    const { reached: aBegun, reach: aBegins } = signal();
    // B counts the request's uploads under way before A's creation is recorded, and begins its own after it.
    let holdCount = false;
    const storeB = withResources(base, {
      async list(firmId, type, filter) {
        const listed = await base.resources.list(firmId, type, filter);
        if (holdCount && type === 'tus-upload') {
          holdCount = false;
          bCounted();
          await aBegun;
        }
        return listed;
      },
    });
    const a = await createHttpFixture({ store: base });
    const b = await createHttpFixture({ store: storeB, blobs: fsBlobStore({ dir: join(a.dir, 'blobs') }), uploadDirectory: join(a.dir, 'tus') });
    try {
      const { request, link } = await a.gk.uploads.createRequest(a.firmId, { title: 'Voll', uploader, limits: { maxFiles: 1 } });
      const session = await openUploadLink(a.endpoint, link.token);
      const first = pdfBytes(30_000);
      const second = pdfBytes(40_000);
      holdCount = true;
      const secondBegun = tusUpload(b.endpoint, session, second, { name: 'Zweite.pdf' });
      await bCounting;
      const firstUpload = await tusUpload(a.endpoint, session, first, { name: 'Erste.pdf' });
      aBegins();
      const secondUpload = await secondBegun;
      const finishSecond = (key: string) => finish(session, { uploadId: secondUpload.id, sha256: sha256(second) }, key).then(() => null, (e: { code?: string }) => e.code);
      const rejected = async () => (await a.gk.audit.list(a.firmId, { resource: { type: 'upload-request', id: request.id } })).filter((event) => event.type === 'upload.rejected');
      assert.equal((await finish(session, { uploadId: firstUpload.id, sha256: sha256(first) }, 'finish-first')).name, 'Erste.pdf');
      assert.equal(await finishSecond('finish-second'), 'too_many_files', 'finishing counts exactly');
      assert.deepEqual((await rejected()).map((event) => event.data), [{ reason: 'too_many_files', name: 'Zweite.pdf', size: second.length }]);
      assert.equal(await finishSecond('finish-second-again'), 'not_found', 'the refused upload is gone');
      assert.equal((await rejected()).length, 1, 'recorded once');
    } finally {
      aBegins();
      await b.close();
      await a.close();
    }
  });

  it('a file counted in time by an attempt cut off before recording it is received when finished again after the deadline’s grace window', async () => {
    const base = memoryStore();
    // The first attempt counts the file, then cannot record it nor tell whether it did (the store stays busy).
    let cutOff = false;
    let lookupFails = false;
    const store = withResources(base, {
      async insert(record) {
        if (record.type !== 'upload-file' || !cutOff) return base.resources.insert(record);
        cutOff = false;
        lookupFails = true;
        throw storeBusy();
      },
      async get(firmId, type, id) {
        if (type !== 'upload-file' || !lookupFails) return base.resources.get(firmId, type, id);
        lookupFails = false;
        throw storeBusy();
      },
    });
    const g = await createHttpFixture({ store });
    try {
      const deadline = new Date(g.gk.runtime.now() + 60_000).toISOString();
      const { request, link } = await g.gk.uploads.createRequest(g.firmId, { title: 'Frist', uploader, deadline, lateUploads: 'refuse', graceSeconds: 60 });
      const session = await openUploadLink(g.endpoint, link.token);
      const bytes = pdfBytes(20_000);
      const { id } = await tusUpload(g.endpoint, session, bytes);
      cutOff = true;
      g.advance(30_000); // before the deadline
      const attempt = await fetch(`${g.endpoint}${UPLOAD_ROUTES.files}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await session.authorization(), 'idempotency-key': 'finish-cut-off' },
        body: JSON.stringify({ uploadId: id, sha256: sha256(bytes) }),
      });
      assert.equal(attempt.status, 503);
      assert.equal((await g.gk.uploads.getRequest(g.firmId, request.id)).fileCount, 1, 'counted in time');
      g.advance(30_000 + 61_000); // past the deadline and its grace window
      const received = await finish(session, { uploadId: id, sha256: sha256(bytes) }, 'finish-again');
      assert.equal(received.late, true);
      assert.equal((await g.gk.uploads.getRequest(g.firmId, request.id)).fileCount, 1, 'counted once');
    } finally {
      await g.close();
    }
  });

  it('an attempt cut off after storing its copy but before recording it (the copy could not even be removed) is no obstacle: finishing again records the file once and removes the stray copy', async () => {
    const { g, copies, cutOffUpload, storedSha256, close } = await stoppingAdapter();
    try {
      // Cut off: the record is never written, and the copy is not cleaned up either.
      const { request, bytes, finishAgain } = await cutOffUpload('Abgebrochen');
      assert.equal(copies().length, 1, 'the cut-off attempt left its copy');
      const file = await finishAgain();
      assert.equal(file.sha256, sha256(bytes));
      assert.equal((await g.gk.uploads.listFiles(g.firmId, request.id)).length, 1);
      // The attempt that recorded the file removed the cut-off attempt's copy: no stray copy of a
      // client's document is left behind.
      assert.equal(copies().length, 1, 'one copy, the recorded one');
      assert.equal(await storedSha256(file.id), sha256(bytes));
    } finally {
      await close();
    }
  });

  it('a copy left by an attempt cut off before recording, on an upload never finished again, is removed by the sweep once the upload\'s bytes have been gone a while', async () => {
    // The upload expires a second after its creation (tus counts in real time).
    const { g, base, copies, cutOffUpload, close } = await stoppingAdapter({ incompleteUploadTtlSeconds: 1 });
    try {
      const { id } = await cutOffUpload('Nie fertig');
      assert.equal(copies().length, 1, 'the cut-off attempt left its copy');
      // While the upload's bytes are there an attempt may be copying: nothing goes.
      assert.equal(await g.gk.uploads.sweep(), 0);
      assert.equal(copies().length, 1);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      // This sweep removes the expired upload's bytes; a copy begun before may still be on its way.
      assert.equal(await g.gk.uploads.sweep(), 1);
      assert.equal(copies().length, 1, 'not at once');
      g.advance(5 * 3600_000);
      await g.gk.uploads.sweep();
      assert.equal(copies().length, 1, 'not within six hours');
      g.advance(3600_000);
      await g.gk.uploads.sweep();
      assert.deepEqual(copies(), [], 'no copy of the client\'s document is left');
      assert.deepEqual((await base.resources.get(g.firmId, 'tus-upload', id))?.data.copies, undefined, 'and none noted');
    } finally {
      await close();
    }
  });

  it('a sweep in another adapter process, which does not hold the upload\'s bytes, never removes the copy of an attempt finishing it', async () => {
    const { g, base, store, blobs, dir, duringClaim, copies, cutOffUpload, storedSha256, close } = await stoppingAdapter();
    // A second process on the same store and blob store, with its own tus folder (the default: one per process).
    const other = await createFixture({ store, blobs, uploadDirectory: join(dir, 'tus-other') });
    const goneAt = async (id: string) => (await base.resources.get(g.firmId, 'tus-upload', id))?.data.bytesGoneAt;
    try {
      const { request, bytes, id, finishAgain } = await cutOffUpload('Zwei Prozesse');
      // The other process finds no bytes in its folder and notes them gone; this one, which has them, says otherwise.
      await other.gk.uploads.sweep();
      assert.ok(await goneAt(id), 'noted gone by the process without the bytes');
      await g.gk.uploads.sweep();
      assert.equal(await goneAt(id), undefined, 'cleared by the process that has them');
      await other.gk.uploads.sweep();
      g.advance(6 * 3600_000 + 1);
      other.advance(6 * 3600_000 + 1);
      // Past the settling time, the visitor finishes; the other process sweeps while the copy is being recorded.
      let swept = -1;
      duringClaim(async () => (swept = await other.gk.uploads.sweep()));
      const file = await finishAgain();
      assert.equal(swept, 0, 'the finishing attempt\'s copy was not the sweep\'s to remove');
      assert.equal((await g.gk.uploads.listFiles(g.firmId, request.id)).length, 1);
      assert.equal(await storedSha256(file.id), sha256(bytes));
      assert.equal(copies().length, 1, 'the recorded copy, and no stray one');
    } finally {
      await other.close();
      await close();
    }
  });

  it('the sweep never removes a recorded file\'s copy, also when the attempt that recorded it was cut off before pointing the upload at it', async () => {
    const { g, base, stopAt, copies, cutOffUpload, storedSha256, close } = await stoppingAdapter();
    try {
      // One attempt stops before recording, the next after recording but before pointing the upload at its file.
      const { request, bytes, id, finishAgain } = await cutOffUpload('Halb fertig');
      stopAt('point');
      const file = await finishAgain();
      stopAt(undefined);
      const noted = (await base.resources.get(g.firmId, 'tus-upload', id))!.data as { finishedFileId: string | null; copies: string[] };
      assert.equal(noted.finishedFileId, null, 'the upload was not pointed at its file');
      assert.equal(noted.copies.length, 2, 'both copies noted: the stray one and the recorded one');
      g.advance(7 * 86_400_000);
      await g.gk.uploads.sweep();
      assert.equal(copies().length, 1, 'the stray copy went, the recorded one stayed');
      assert.equal((await g.gk.uploads.listFiles(g.firmId, request.id)).length, 1);
      assert.equal(await storedSha256(file.id), sha256(bytes));
    } finally {
      await close();
    }
  });

  it('a failure inside tus (the store refuses the upload’s record) answers a plain 500: its message goes to the log, not to the visitor', async () => {
    const base = memoryStore();
    const store = withResources(base, {
      async insert(record) {
        if (record.type === 'tus-upload') throw new Error('disk /srv/guestkit/secret-volume is full');
        return base.resources.insert(record);
      },
    });
    const logged: string[] = [];
    const logger = { info: () => undefined, warn: () => undefined, error: (message: string, data?: unknown) => void logged.push(`${message} ${JSON.stringify(data)}`) };
    const g = await createHttpFixture({ store, logger });
    try {
      const { link } = await g.gk.uploads.createRequest(g.firmId, { title: 'Fehler', uploader });
      const session = await openUploadLink(g.endpoint, link.token);
      const response = await beginTusUpload(g.endpoint, session, 3000, { filename: 'Vertrag.pdf' });
      assert.equal(response.status, 500);
      assert.doesNotMatch(await response.text(), /secret-volume|srv/);
      assert.ok(logged.some((line) => line.includes('secret-volume')), `logged: ${logged.join(' | ')}`);
    } finally {
      await g.close();
    }
  });

  it('a store busy for a moment while tus records a new upload answers 503, which the client sends again, and the next creation goes through', async () => {
    const base = memoryStore();
    let busy = true;
    const store = withResources(base, {
      async insert(record) {
        if (busy && record.type === 'tus-upload') throw ((busy = false), storeBusy());
        return base.resources.insert(record);
      },
    });
    const g = await createHttpFixture({ store });
    try {
      const { link } = await g.gk.uploads.createRequest(g.firmId, { title: 'Besetzt', uploader, limits: { maxFiles: 1 } });
      const session = await openUploadLink(g.endpoint, link.token);
      assert.equal((await beginTusUpload(g.endpoint, session, 3000, { filename: 'Vertrag.pdf' })).status, 503);
      assert.equal((await beginTusUpload(g.endpoint, session, 3000, { filename: 'Vertrag.pdf' })).status, 201, 'the refused creation holds no slot');
    } finally {
      await g.close();
    }
  });

  it('an upload tus could not make on disk holds no slot: once the disk is back, the last slot is still free', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guestkit-tus-broken-'));
    const folder = join(dir, 'tus');
    const g = await createHttpFixture({ uploadDirectory: folder });
    try {
      const { link } = await g.gk.uploads.createRequest(g.firmId, { title: 'Platte', uploader, limits: { maxFiles: 2 } });
      const session = await openUploadLink(g.endpoint, link.token);
      assert.equal((await beginTusUpload(g.endpoint, session, 3000, { filename: 'Vertrag.pdf' })).status, 201);
      // A file where the folder was: tus cannot write the next upload.
      rmSync(folder, { recursive: true, force: true });
      writeFileSync(folder, 'not a folder');
      assert.equal((await beginTusUpload(g.endpoint, session, 3000, { filename: 'Anlage.pdf' })).status, 500);
      rmSync(folder);
      mkdirSync(folder, { mode: 0o700 });
      const again = await beginTusUpload(g.endpoint, session, 3000, { filename: 'Anlage.pdf' });
      assert.equal(again.status, 201, 'the failed creation holds no slot');
    } finally {
      await g.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an upload folder that could not be made is tried again by the next request, not failed for good', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guestkit-tus-start-'));
    const parent = join(dir, 'volume');
    writeFileSync(parent, 'not mounted yet'); // a file where the folder's parent should be
    const g = await createHttpFixture({ uploadDirectory: join(parent, 'tus') });
    try {
      const { link } = await g.gk.uploads.createRequest(g.firmId, { title: 'Später', uploader });
      const session = await openUploadLink(g.endpoint, link.token);
      assert.equal((await beginTusUpload(g.endpoint, session, 3000, { filename: 'Vertrag.pdf' })).status, 500);
      rmSync(parent);
      mkdirSync(parent);
      assert.equal((await beginTusUpload(g.endpoint, session, 3000, { filename: 'Vertrag.pdf' })).status, 201);
    } finally {
      await g.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finishing twice at once under two keys (a retry while the first still copies): both answer the one file, one copy is stored, one slot is used', async () => {
    const { request, link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Zugleich', uploader });
    const session = await openUploadLink(f.endpoint, link.token);
    const blobs = () => readdirSync(join(f.dir, 'blobs'), { recursive: true }).filter((n) => String(n).includes('file-')).length;
    for (let round = 0; round < 3; round++) {
      const bytes = pdfBytes(2_000_000 + round);
      const { id } = await tusUpload(f.endpoint, session, bytes);
      const before = blobs();
      const both = await Promise.all([`at-once-${round}-0001`, `at-once-${round}-0002`].map((key) => finish(session, { uploadId: id, sha256: sha256(bytes) }, key)));
      assert.equal(both[0].id, both[1].id, `round ${round}: the same file`);
      assert.equal(blobs(), before + 1, `round ${round}: one copy stored`);
    }
    const listed = await f.gk.uploads.getRequest(f.firmId, request.id);
    assert.equal(listed.fileCount, 3);
    assert.equal((await f.gk.uploads.listFiles(f.firmId, request.id)).length, 3);
  });
  it('regression: a cancel (tus DELETE) while the same upload is being finished waits for the finish and answers 404 once the file is received, never 204 for a file that is kept', async () => {
    const blobDir = mkdtempSync(join(tmpdir(), 'guestkit-cancel-'));
    const real = fsBlobStore({ dir: blobDir });
    const { reached: adopted, reach: adopting } = signal();
    const { reached: released, reach: release } = signal();
    // The finish holds once its copy is made, before it records the file.
    const adopt: typeof real.adopt = async (...args) => {
      const stored = await real.adopt!(...args);
      adopting();
      await released;
      return stored;
    };
    const held = await createHttpFixture({ blobs: { ...real, adopt } });
    try {
      const { request, link } = await held.gk.uploads.createRequest(held.firmId, { title: 'Abbruch', uploader, limits: { maxFiles: 1 } });
      const session = await openUploadLink(held.endpoint, link.token);
      const bytes = pdfBytes(5000);
      const { id, url } = await tusUpload(held.endpoint, session, bytes);
      const finishing = finish(session, { uploadId: id, sha256: sha256(bytes) });
      await adopted;
      const cancelling = fetch(url, { method: 'DELETE', headers: await tusHeaders(session) });
      // Time for the cancel to reach the adapter while the finish still holds.
      const early = await Promise.race([cancelling.then((response) => response.status), new Promise((resolve) => setTimeout(resolve, 500, 'waiting'))]);
      release();
      const received = await finishing;
      assert.equal((await cancelling).status, 404, `the cancel answers what became of the upload (first: ${String(early)})`);
      assert.equal(early, 'waiting', 'the cancel waited for the finish');
      assert.deepEqual((await held.gk.uploads.listFiles(held.firmId, request.id)).map((file) => file.id), [received.id], 'the file is received');
      assert.equal((await held.gk.uploads.getRequest(held.firmId, request.id)).fileCount, 1);
      const { body } = await held.gk.uploads.readFile(held.firmId, received.id);
      assert.equal(sha256(await readAll(body)), sha256(bytes), 'byte-identical');
    } finally {
      await held.close();
      rmSync(blobDir, { recursive: true, force: true });
    }
  });

  it('regression: a finished upload answers HEAD with every byte in place, so tus-js-client resumed with its URL (a page reloaded while it was being finished) sends nothing and finishing again answers the file received, not a second file', async () => {
    const { request, link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Neu geladen', uploader });
    const session = await openUploadLink(f.endpoint, link.token);
    const bytes = pdfBytes(300_000);
    const { id, url } = await tusUpload(f.endpoint, session, bytes, { chunkSize: 100_000 });
    const received = await finish(session, { uploadId: id, sha256: sha256(bytes) });
    const head = await fetch(url, { method: 'HEAD', headers: await tusHeaders(session) });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('upload-offset'), String(bytes.length));
    assert.equal(head.headers.get('upload-length'), String(bytes.length));
    assert.equal(head.headers.get('tus-resumable'), '1.0.0');
    assert.equal(head.headers.get('cache-control'), 'no-store');
    // The page reloaded and the file chosen again: tus resumes at its stored URL.
    const resumed = await tusUpload(f.endpoint, session, bytes, { uploadUrl: url, chunkSize: 100_000 });
    assert.equal(resumed.url, url, 'no new upload');
    const again = await finish(session, { uploadId: resumed.id, sha256: sha256(bytes) });
    assert.equal(again.id, received.id, 'the same file, received once');
    assert.deepEqual((await f.gk.uploads.listFiles(f.firmId, request.id)).map((file) => file.id), [received.id]);
    // Still no more bytes, nor a cancel, for it.
    const patch = await fetch(url, { method: 'PATCH', headers: await tusHeaders(session, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }), body: new Uint8Array(10) });
    assert.equal(patch.status, 404);
    assert.equal((await fetch(url, { method: 'DELETE', headers: await tusHeaders(session) })).status, 404);
    // Another link of the same request learns nothing of it.
    const second = await f.gk.links.create(f.firmId, { kind: 'upload', resource: { type: 'upload-request', id: request.id }, recipient: { email: uploader.email } });
    const other = await openUploadLink(f.endpoint, second.token);
    assert.equal((await fetch(url, { method: 'HEAD', headers: await tusHeaders(other) })).status, 404);
  });

  it('upload ids are random and never taken from what the uploader sends: same names, an id as the name, an id in the headers', async () => {
    const MiB = 1024 * 1024;
    const { link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Kennungen', uploader });
    const session = await openUploadLink(f.endpoint, link.token);
    const bytes = pdfBytes(3 * MiB);
    const existing = await tusUpload(f.endpoint, session, bytes, { chunkSize: MiB, stopAfter: MiB });
    assert.equal(await tusOffset(existing.url, session), MiB);

    const sameName = 'AAAAAAAAAAAAAAAAAAAAAAAA.pdf';
    const attempts: Array<{ metadata: Record<string, string>; headers?: Record<string, string> }> = [
      { metadata: { filename: sameName, filetype: 'application/pdf' } },
      { metadata: { filename: sameName, filetype: 'application/pdf' } },
      // Trying to pick the id: the existing one as the name, as metadata, and in id-like headers.
      {
        metadata: { filename: `${existing.id}.pdf`, id: existing.id, uploadId: existing.id, filetype: 'application/pdf' },
        headers: { location: existing.url, 'upload-id': existing.id, 'x-upload-id': existing.id, 'content-location': existing.url },
      },
    ];
    const created: string[] = [];
    for (const { metadata, headers } of attempts) {
      const response = await beginTusUpload(f.endpoint, session, 2000, metadata, headers);
      assert.equal(response.status, 201, JSON.stringify(metadata));
      const id = response.headers.get('location')!.split('/').pop()!;
      assert.match(id, /^[A-Za-z0-9_-]{24}$/);
      for (const value of Object.values(metadata)) {
        assert.ok(!id.includes(value) && !value.includes(id), `id ${id} is not made from ${JSON.stringify(value)}`);
        assert.ok(!id.includes(value.replace(/\.pdf$/, '')), `id ${id} is not made from ${JSON.stringify(value)} without its extension`);
      }
      created.push(id);
    }
    assert.equal(new Set([existing.id, ...created]).size, 4, 'four uploads, four ids');

    // Aiming a creation at the existing upload's URL is not a creation at all.
    const aimed = await fetch(existing.url, { method: 'POST', headers: await tusHeaders(session, { 'upload-length': '2000', 'upload-metadata': `filename ${Buffer.from('x.pdf').toString('base64')}` }) });
    assert.equal(aimed.status, 405);

    // Bytes sent to the upload named like the existing one land there, and the existing one is untouched.
    const namedUrl = `${f.endpoint}/v1/upload/tus/${created[2]}`;
    const patch = await fetch(namedUrl, { method: 'PATCH', headers: await tusHeaders(session, { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' }), body: new Uint8Array(500) });
    assert.equal(patch.status, 204);
    assert.equal(await tusOffset(namedUrl, session), 500);
    assert.equal(await tusOffset(existing.url, session), MiB, 'the existing upload keeps its offset');
    for (const id of created.slice(0, 2)) assert.equal(await tusOffset(`${f.endpoint}/v1/upload/tus/${id}`, session), 0);

    // And it finishes with exactly the bytes it was begun with.
    const resumed = await tusUpload(f.endpoint, session, bytes, { uploadUrl: existing.url, chunkSize: MiB });
    assert.equal(resumed.id, existing.id);
    assert.equal((await finish(session, { uploadId: existing.id, sha256: sha256(bytes) })).sha256, sha256(bytes));
  });

  it('the uploader sees none of the received files: a new session on the same link reads no name, id, size or hash of them', async () => {
    const { request, link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Zwei Dateien', uploader });
    const first = await openUploadLink(f.endpoint, link.token);
    const sent = [
      { name: 'Kontoauszug-0815-Q1.pdf', bytes: pdfBytes(31_337) },
      { name: 'Lohnjournal-4711-Maerz.pdf', bytes: pdfBytes(27_183) },
    ];
    const secrets: string[] = [];
    for (const { name, bytes } of sent) {
      const { id: uploadId } = await tusUpload(f.endpoint, first, bytes, { name });
      const file = await finish(first, { uploadId, sha256: sha256(bytes) });
      secrets.push(name, name.replace(/\.pdf$/, ''), uploadId, file.id, file.sha256, String(file.size));
    }
    assert.equal((await f.gk.uploads.listFiles(f.firmId, request.id)).length, 2, 'both files arrived');

    const again = await openUploadLink(f.endpoint, link.token);
    for (const route of ['/v1/upload', '/v1/session']) {
      const response = await fetch(`${f.endpoint}${route}`, { headers: { authorization: await again.authorization() } });
      assert.equal(response.status, 200, route);
      const text = await response.text();
      for (const secret of secrets) assert.ok(!text.includes(secret), `${route} does not mention ${secret}`);
    }
    const view = (await (await fetch(`${f.endpoint}/v1/upload`, { headers: { authorization: await again.authorization() } })).json()) as { filesRemaining: number };
    assert.equal(view.filesRemaining, 48, 'only the count shows the files arrived');
  });
});
