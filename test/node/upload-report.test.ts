/**
 * The report of a received file — `upload.completed` in the audit log and the firm's mail — on the
 * real SQLite store, files on disk and the real tus client: a report cut off by a failure (the
 * audit append, the mail) is made later, exactly once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteStore } from '../../src/server-adapter/store/sqlite-store.js';
import type { Store } from '../../src/server-adapter/index.js';
import { createHttpFixture, type HttpFixture } from './helpers/fixture.js';
import { finish, openUploadLink, pdfBytes, sha256, tusUpload } from './helpers/uploads.js';

const uploader = { email: 'bookkeeper@client.example' };
const createdBy = { email: 'anna@kanzlei.example', name: 'Anna Steuer' };

/** Waits until `check` holds (up to 5 s): the report of a file the firm listed is made in the background. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('never happened');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the report of a received file', () => {
  let f: HttpFixture;
  let dir: string;
  // The next `upload.completed` append fails with this error, as the store would for a moment.
  let failNextCompletion: Error | null = null;
  // The write of a received file's record right after its next `upload.completed` went in (the one
  // noting it) fails with this error, once.
  let failNotingCompletion: Error | null = null;
  let completionAppended = false;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'guestkit-report-'));
    const store: Store = sqliteStore({ file: join(dir, 'guestkit.db') });
    const append = store.audit.append.bind(store.audit);
    store.audit.append = async (event) => {
      const failure = event.type === 'upload.completed' ? failNextCompletion : null;
      failNextCompletion = null;
      if (failure) throw failure;
      const appended = await append(event);
      if (event.type === 'upload.completed' && failNotingCompletion) completionAppended = true;
      return appended;
    };
    const update = store.resources.update.bind(store.resources);
    store.resources.update = async (...args) => {
      const failure = args[1] === 'upload-file' && completionAppended ? failNotingCompletion : null;
      if (failure) {
        failNotingCompletion = null;
        completionAppended = false;
        throw failure;
      }
      return update(...args);
    };
    f = await createHttpFixture({ store });
  });
  after(async () => {
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A request that notifies `createdBy`, and one file of it uploaded with tus (not yet finished). */
  async function uploaded(title: string) {
    const { request, link } = await f.gk.uploads.createRequest(f.firmId, { title, uploader, createdBy });
    const session = await openUploadLink(f.endpoint, link.token);
    const bytes = pdfBytes(5000);
    const { id: uploadId } = await tusUpload(f.endpoint, session, bytes);
    return { request, session, uploadId, body: { uploadId, sha256: sha256(bytes) } };
  }
  const completions = async (requestId: string) =>
    (await f.gk.audit.list(f.firmId, { resource: { type: 'upload-request', id: requestId } })).filter((event) => event.type === 'upload.completed');
  const mailsAbout = (title: string) => f.smtp.messages.filter((mail) => mail.subject?.includes(title));

  it('regression: upload.completed and the firm’s mail are not lost when the audit append fails once (the store busy); finishing again makes them, once', async () => {
    const { request, session, body } = await uploaded('Belege 2025');
    failNextCompletion = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const first = await finish(session, body, 'finish-busy-1').catch(() => null);
    assert.equal(failNextCompletion, null, 'the append failed once');
    const again = await finish(session, body, 'finish-busy-2');
    assert.equal(again.status, 'clean');
    if (first) assert.equal(first.id, again.id, 'the same file');
    await finish(session, body, 'finish-busy-3');
    const events = await completions(request.id);
    assert.deepEqual(events.map((event) => event.data.fileId), [again.id], 'upload.completed once');
    await f.smtp.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 200)); // a second mail would be on its way by now
    assert.deepEqual(mailsAbout('Belege 2025').map((mail) => mail.envelopeTo), [[createdBy.email]], 'the firm told once');
  });

  it('regression: upload.completed is not appended twice when the write noting it on the file fails (the store busy); finishing again notes it and tells the firm, once', async () => {
    const { request, session, body } = await uploaded('Reisekosten');
    failNotingCompletion = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    // One attempt; the SDK would send it again at once, as the next finish does.
    const once = await fetch(`${f.endpoint}/v1/upload/files`, {
      method: 'POST',
      headers: { authorization: await session.authorization(), 'content-type': 'application/json', 'idempotency-key': 'finish-noting-1' },
      body: JSON.stringify(body),
    });
    assert.equal(once.status, 503, 'a store busy for a moment: the client sends it again');
    assert.equal(failNotingCompletion, null, 'the event went in, the write noting it failed');
    assert.equal((await completions(request.id)).length, 1);
    const again = await finish(session, body, 'finish-noting-2');
    assert.equal(again.status, 'clean');
    await finish(session, body, 'finish-noting-3');
    assert.deepEqual((await completions(request.id)).map((event) => event.data.fileId), [again.id], 'upload.completed once');
    await eventually(async () => mailsAbout('Reisekosten').length > 0);
    await f.gk.uploads.listFiles(f.firmId, request.id);
    await new Promise((resolve) => setTimeout(resolve, 200)); // a second mail or event would be on its way by now
    assert.equal(mailsAbout('Reisekosten').length, 1, 'the firm told once');
    assert.equal((await completions(request.id)).length, 1, 'still once');
  });

  it('a report cut off with nobody finishing again is made when the firm lists the request’s files, once however often it lists', async () => {
    const { request, session, body } = await uploaded('Lohnjournal');
    failNextCompletion = new Error('disk I/O error');
    // One attempt (the client would send it again): the visitor gives up.
    const once = await fetch(`${f.endpoint}/v1/upload/files`, {
      method: 'POST',
      headers: { authorization: await session.authorization(), 'content-type': 'application/json', 'idempotency-key': 'finish-once-1' },
      body: JSON.stringify(body),
    });
    assert.equal(once.status, 500);
    assert.equal(failNextCompletion, null, 'the append failed once');
    const [listed] = await f.gk.uploads.listFiles(f.firmId, request.id);
    assert.equal(listed!.status, 'clean');
    assert.equal('report' in listed!, false, 'the firm sees the file, not its bookkeeping');
    await f.gk.uploads.listFiles(f.firmId, request.id);
    await eventually(async () => (await completions(request.id)).length > 0);
    await f.gk.uploads.listFiles(f.firmId, request.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual((await completions(request.id)).map((event) => [event.data.fileId, event.actor]), [[listed!.id, 'system']]);
  });

  it('regression: a notification mail that fails is sent when the upload is finished again, and the event stays single', async () => {
    const { request, session, body } = await uploaded('Kontoauszüge');
    const { mailer } = f.gk.runtime;
    const send = mailer.send.bind(mailer);
    let failed = 0;
    mailer.send = async (message) => {
      if (failed++ === 0) throw new Error('connect ECONNREFUSED');
      return send(message);
    };
    try {
      assert.equal((await finish(session, body)).status, 'clean', 'the visitor hears the file arrived');
      assert.equal(mailsAbout('Kontoauszüge').length, 0);
      await finish(session, body);
      await eventually(async () => mailsAbout('Kontoauszüge').length > 0);
      await finish(session, body);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(mailsAbout('Kontoauszüge').length, 1, 'the firm told once');
      assert.equal((await completions(request.id)).length, 1, 'upload.completed once');
    } finally {
      mailer.send = send;
    }
  });
});
