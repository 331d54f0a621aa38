import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHttpFixture, type HttpFixture } from './helpers/fixture.js';
import { finish, openUploadLink, pdfBytes, readAll, sha256, tusUpload } from './helpers/uploads.js';

const uploader = { email: 'Lead@Example.com', name: 'Lena Lead', locale: 'de' as const };

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
    const events = await f.gk.audit.list(f.firmId, { resource: { type: 'upload-request', id: request.id } });
    const completed = events.find((e) => e.type === 'upload.completed');
    assert.equal(completed?.data.sha256, sha256(bytes));
    assert.equal(completed?.verified, true);
    const notification = (await f.smtp.waitFor(2)).find((m) => m.subject.startsWith('Neue Datei'));
    assert.ok(notification, 'the firm was told');
    assert.deepEqual(notification.envelopeTo, ['anna@kanzlei.example']);
    assert.match(notification.text, /Steuerbescheid 2025\.pdf/);
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
});
