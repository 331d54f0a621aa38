import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAdminClient } from '../../src/client/admin-client.js';
import { isGuestkitApiError } from '../../src/client/errors.js';
import { createHttpFixture, type HttpFixture } from './helpers/fixture.js';
import { tokenIn } from './helpers/smtp-peer.js';
import { finish, openUploadLink, pdfBytes, sha256, tusUpload } from './helpers/uploads.js';

describe('upload requests through the admin API', () => {
  let f: HttpFixture;
  before(async () => {
    f = await createHttpFixture();
  });
  after(() => f.close());

  it('create (mailed) → upload → list files → download with safe headers → deactivate', async () => {
    const admin = createAdminClient({ endpoint: f.endpoint, apiKey: f.apiKey });
    const { request, link } = await admin.uploads.createRequest({
      title: 'Kontoauszüge Q4',
      uploader: { email: 'client@example.com', name: 'Carla Client', locale: 'en' },
      send: true,
      createdBy: { email: 'anna@kanzlei.example', name: 'Anna Steuer' },
    });
    assert.equal(request.status, 'open');
    const [invite] = await f.smtp.waitFor(1);
    assert.equal(tokenIn(invite!), link.token);
    assert.match(invite!.subject, /^Please upload your documents/);

    const session = await openUploadLink(f.endpoint, link.token);
    const bytes = pdfBytes(300_000);
    const { id } = await tusUpload(f.endpoint, session, bytes, { name: 'Auszug Dezember.pdf' });
    await finish(session, { uploadId: id, sha256: sha256(bytes) });

    const [file] = await admin.uploads.listFiles(request.id);
    assert.equal(file!.name, 'Auszug Dezember.pdf');
    assert.equal(file!.sha256, sha256(bytes));
    assert.equal((await admin.uploads.listRequests({ open: true })).find((r) => r.id === request.id)?.fileCount, 1);

    const download = await admin.uploads.download(file!.id);
    assert.equal(download.headers.get('content-disposition'), `attachment; filename="Auszug Dezember.pdf"; filename*=UTF-8''Auszug%20Dezember.pdf`);
    assert.equal(download.headers.get('content-type'), 'application/pdf');
    assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
    assert.match(download.headers.get('content-security-policy') ?? '', /^sandbox/);
    assert.equal(sha256(Buffer.from(await download.arrayBuffer())), sha256(bytes));

    const closed = await admin.uploads.deactivate(request.id);
    assert.equal(closed.status, 'deactivated');
    assert.equal((await admin.uploads.listRequests({ open: true })).some((r) => r.id === request.id), false);
    const links = await admin.links.list({ resource: { type: 'upload-request', id: request.id } });
    assert.ok(links.every((l) => l.revokedAt));
  });

  it('the same bytes sent again (another visit, another name) are kept and named as a duplicate of the first', async () => {
    const admin = createAdminClient({ endpoint: f.endpoint, apiKey: f.apiKey });
    const { request, link } = await admin.uploads.createRequest({ title: 'Belege', uploader: { email: 'twice@example.com' } });
    const session = await openUploadLink(f.endpoint, link.token);
    const bytes = pdfBytes(40_000);
    const other = pdfBytes(40_001);
    for (const [name, body] of [['Beleg.pdf', bytes], ['Anderer Beleg.pdf', other], ['Beleg (1).pdf', bytes]] as const) {
      const { id } = await tusUpload(f.endpoint, session, body, { name });
      await finish(session, { uploadId: id, sha256: sha256(body) });
    }
    const files = await admin.uploads.listFiles(request.id);
    assert.deepEqual(files.map((file) => file.name), ['Beleg.pdf', 'Anderer Beleg.pdf', 'Beleg (1).pdf']);
    assert.deepEqual(files.map((file) => file.duplicateOf), [undefined, undefined, files[0]!.id]);
  });

  it('keeps firms apart: another firm’s key cannot see or download these files', async () => {
    const other = await f.gk.firms.create({ name: 'Other', mailFrom: 'o@other.example', linkBaseUrl: 'https://other.example/{kind}' });
    const { key } = await f.gk.apiKeys.create(other.id, 'other');
    const mine = createAdminClient({ endpoint: f.endpoint, apiKey: f.apiKey });
    const [request] = await mine.uploads.listRequests();
    const [file] = await mine.uploads.listFiles(request!.id);
    const theirs = createAdminClient({ endpoint: f.endpoint, apiKey: key });
    assert.deepEqual(await theirs.uploads.listRequests(), []);
    const error = await theirs.uploads.listFiles(request!.id).catch((e: unknown) => e);
    assert.ok(isGuestkitApiError(error) && error.code === 'not_found');
    const download = await theirs.uploads.download(file!.id).catch((e: unknown) => e);
    assert.ok(isGuestkitApiError(download) && download.code === 'not_found');
  });
});
