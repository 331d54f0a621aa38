/**
 * The uploader's receipt (`POST /v1/upload/receipt`) over HTTP with a real SMTP peer: it lists the
 * files of the visit with size, time and SHA-256, goes only to the link's own address (never to
 * one typed into the widget), covers only files received through that link, can be turned off by
 * the firm, and is limited per link.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isGuestkitApiError } from '../../src/client/errors.js';
import { receiptSentSchema, UPLOAD_ROUTES, uploadRequestViewSchema } from '../../src/protocol/uploads.js';
import { EICAR, signatureScanner } from '../../src/server-adapter/index.js';
import { RECEIPTS_PER_LINK_PER_HOUR } from '../../src/server-adapter/uploads/receipt.js';
import { createHttpFixture, type HttpFixture } from './helpers/fixture.js';
import { finish, openUploadLink, pdfBytes, sha256, tusUpload } from './helpers/uploads.js';

describe('the uploader’s receipt', () => {
  let f: HttpFixture;
  // A scanner that finds the EICAR test string, so a receipt can list a blocked file.
  before(async () => (f = await createHttpFixture({ scanner: signatureScanner({ 'EICAR-Test-File': EICAR }) })));
  after(() => f.close());

  /** A request for `email`, its link opened, and `count` files uploaded and finished through it. */
  async function uploaded(email: string, count: number, options: { receipt?: boolean; locale?: 'de' | 'en' } = {}) {
    const { request, link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Belege 2025', uploader: { email, locale: options.locale ?? 'de' }, ...(options.receipt === undefined ? {} : { receipt: options.receipt }) });
    const session = await openUploadLink(f.endpoint, link.token);
    const files = [];
    for (let i = 0; i < count; i++) {
      const bytes = pdfBytes(20_000 + i);
      const { id: uploadId } = await tusUpload(f.endpoint, session, bytes, { name: `Beleg ${i + 1}.pdf` });
      files.push(await finish(session, { uploadId, sha256: sha256(bytes), uploader: { email: 'typed@elsewhere.example' } }));
    }
    return { request, session, files };
  }
  const receipt = (session: Awaited<ReturnType<typeof openUploadLink>>, fileIds: string[]) => session.post(UPLOAD_ROUTES.receipt, { fileIds }, receiptSentSchema);
  const mailsTo = (to: string) => f.smtp.messages.filter((m) => m.envelopeTo.includes(to));

  it('lists the visit’s files (name, size, time, SHA-256) in the request’s language, to the link’s address only', async () => {
    const { session, files, request } = await uploaded('client@mandant.example', 2);
    assert.equal((await session.get(UPLOAD_ROUTES.request, uploadRequestViewSchema)).receipt, true, 'on by default, and the widget is told');
    const before = f.smtp.messages.length;
    assert.deepEqual(await receipt(session, files.map((file) => file.id)), { sent: true });
    const [mail] = (await f.smtp.waitFor(before + 1)).slice(before);
    assert.deepEqual(mail!.envelopeTo, ['client@mandant.example']);
    assert.match(mail!.subject, /^Eingangsbestätigung: Belege 2025$/);
    for (const file of files) {
      assert.ok(mail!.text.includes(file.name), file.name);
      assert.ok(mail!.text.includes(`SHA-256: ${file.sha256}`), `${file.name}'s SHA-256`);
    }
    assert.match(mail!.text, /Eingang: \d+\. \w+ \d{4} um \d\d:\d\d:\d\d (MEZ|MESZ)/, 'in the time zone the invitation named');
    assert.equal(mailsTo('typed@elsewhere.example').length, 0, 'never to an address typed into the widget');
    const events = await f.gk.audit.list(f.firmId, { resource: { type: 'upload-request', id: request.id } });
    assert.deepEqual(events.filter((e) => e.type === 'upload.receipt_sent').map((e) => [e.data.to, e.data.sent]), [['client@mandant.example', true]]);
  });

  it('goes to an internationalised domain as punycode, as the link did (RCPT TO:<client@xn--bcher-kva.example>)', async () => {
    // The address is taken as given, in Unicode; nodemailer encodes the domain, so any relay takes it.
    const before = { commands: f.smtp.commands.length, messages: f.smtp.messages.length };
    const { request, link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Belege 2025', uploader: { email: 'Client@Bücher.example' }, send: true });
    assert.equal(request.uploaderEmail, 'client@bücher.example');
    const session = await openUploadLink(f.endpoint, link.token);
    const bytes = pdfBytes(20_500);
    const { id: uploadId } = await tusUpload(f.endpoint, session, bytes, { name: 'Beleg.pdf' });
    const file = await finish(session, { uploadId, sha256: sha256(bytes) });
    assert.deepEqual(await receipt(session, [file.id]), { sent: true });
    const mails = (await f.smtp.waitFor(before.messages + 2)).slice(before.messages);
    assert.deepEqual(mails.map((mail) => mail.envelopeTo), [['client@bücher.example'], ['client@bücher.example']], 'as smtp-server decodes it');
    assert.deepEqual(
      f.smtp.commands.slice(before.commands).filter((line) => line.startsWith('RCPT TO:')),
      ['RCPT TO:<client@xn--bcher-kva.example>', 'RCPT TO:<client@xn--bcher-kva.example>'],
      'the link, then the receipt',
    );
    assert.deepEqual(mails.map((mail) => mail.to), ['client@xn--bcher-kva.example', 'client@xn--bcher-kva.example']);
    assert.match(mails[1]!.subject, /^Eingangsbestätigung/);
  });

  it('covers only files received through this link: another link’s file, even on the same request, is not_found, and no mail goes out', async () => {
    const mine = await uploaded('a@mandant.example', 1);
    // A second person asked to upload into the same request, with a link of their own.
    const { token } = await f.gk.links.create(f.firmId, { kind: 'upload', resource: { type: 'upload-request', id: mine.request.id }, recipient: { email: 'b@mandant.example' }, ttlSeconds: 3600 });
    const other = await openUploadLink(f.endpoint, token);
    const bytes = pdfBytes(21_000);
    const { id: uploadId } = await tusUpload(f.endpoint, other, bytes, { name: 'Fremd.pdf' });
    const theirs = { files: [await finish(other, { uploadId, sha256: sha256(bytes) })] };
    const before = f.smtp.messages.length;
    const refused = await receipt(mine.session, [mine.files[0]!.id, theirs.files[0]!.id]).catch((error: unknown) => error);
    assert.ok(isGuestkitApiError(refused) && refused.code === 'not_found', String(refused));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(f.smtp.messages.length, before);
    for (const bad of [[], ['../x'], Array.from({ length: 501 }, (_, i) => `file_${i}abcd`)]) {
      const invalid = await receipt(mine.session, bad).catch((error: unknown) => error);
      assert.ok(isGuestkitApiError(invalid) && invalid.code === 'validation_failed', String(invalid));
    }
  });

  it('is written in the language of the link’s recipient, with a reply to the firm’s sender of the link', async () => {
    const { request } = await uploaded('e@mandant.example', 0);
    const { token } = await f.gk.links.create(f.firmId, {
      kind: 'upload',
      resource: { type: 'upload-request', id: request.id },
      recipient: { email: 'f@abroad.example', locale: 'en' },
      ttlSeconds: 3600,
      createdBy: { email: 'anna@kanzlei.example' },
    });
    const session = await openUploadLink(f.endpoint, token);
    const bytes = pdfBytes(22_000);
    const { id: uploadId } = await tusUpload(f.endpoint, session, bytes, { name: 'Invoice.pdf' });
    const file = await finish(session, { uploadId, sha256: sha256(bytes) });
    const before = f.smtp.messages.length;
    await receipt(session, [file.id]);
    const [mail] = (await f.smtp.waitFor(before + 1)).slice(before);
    assert.equal(mail!.subject, 'Receipt: Belege 2025', 'English, as the link is, on a German request');
    assert.match(mail!.text, /Received: \d+ \w+ \d{4} at \d\d:\d\d:\d\d (CET|CEST)/);
    assert.match(mail!.raw, /^Reply-To: anna@kanzlei\.example/m);
  });

  it('regression: sizes read as the widget shows them — `2,9 MB`, `49,3 kB` in German (not `2.9 MiB`), `2.9 MB` in English; the firm’s notification too', async () => {
    const { request, link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Große Belege', uploader: { email: 'h@mandant.example', locale: 'de' }, notify: ['anna@kanzlei.example'] });
    const { token } = await f.gk.links.create(f.firmId, { kind: 'upload', resource: { type: 'upload-request', id: request.id }, recipient: { email: 'i@abroad.example', locale: 'en' }, ttlSeconds: 3600 });
    /** Uploads files of these sizes through the link and returns the receipt mailed to `to`. */
    const receiptFor = async (linkToken: string, to: string, sizes: number[]) => {
      const session = await openUploadLink(f.endpoint, linkToken);
      const files = [];
      for (const [i, size] of sizes.entries()) {
        const bytes = pdfBytes(size);
        const { id: uploadId } = await tusUpload(f.endpoint, session, bytes, { name: `Scan ${size}-${i}.pdf` });
        files.push(await finish(session, { uploadId, sha256: sha256(bytes) }));
      }
      await receipt(session, files.map((file) => file.id));
      for (let waited = 0; !mailsTo(to).length && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      return mailsTo(to)[0]!;
    };
    const german = await receiptFor(link.token, 'h@mandant.example', [3_000_000, 50_500]);
    assert.match(german.text, /^Scan 3000000-0\.pdf \(2,9 MB\)$/m);
    assert.match(german.text, /^Scan 50500-1\.pdf \(49,3 kB\)$/m);
    const english = await receiptFor(token, 'i@abroad.example', [3_000_000]);
    assert.match(english.text, /^Scan 3000000-0\.pdf \(2\.9 MB\)$/m);
    for (let waited = 0; mailsTo('anna@kanzlei.example').length < 3 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    const notes = mailsTo('anna@kanzlei.example').map((m) => m.text).join('\n');
    assert.match(notes, /^Scan 3000000-0\.pdf \(2,9 MB, application\/pdf\)$/m, 'in the firm’s language (German)');
    assert.match(notes, /^Scan 50500-1\.pdf \(49,3 kB, application\/pdf\)$/m);
  });

  it('says of a file the virus check blocked that the firm cannot use it', async () => {
    const { session, files } = await uploaded('g@mandant.example', 1);
    const bytes = Buffer.concat([pdfBytes(5_000), Buffer.from(EICAR, 'latin1')]);
    const { id: uploadId } = await tusUpload(f.endpoint, session, bytes, { name: 'Verdächtig.pdf' });
    const infected = await finish(session, { uploadId, sha256: sha256(bytes) });
    assert.equal(infected.status, 'infected');
    const before = f.smtp.messages.length;
    await receipt(session, [files[0]!.id, infected.id]);
    const [mail] = (await f.smtp.waitFor(before + 1)).slice(before);
    const [clean, blocked] = mail!.text.split('Verdächtig.pdf');
    assert.ok(!clean!.includes('gesperrt'), 'the clean file is not flagged');
    assert.match(blocked!, /Von der Virenprüfung gesperrt: die Kanzlei kann sie nicht verwenden\./);
  });

  it('turned off by the firm: the widget is told, and asking sends nothing', async () => {
    const { session, files } = await uploaded('c@mandant.example', 1, { receipt: false, locale: 'en' });
    assert.equal((await session.get(UPLOAD_ROUTES.request, uploadRequestViewSchema)).receipt, false);
    assert.deepEqual(await receipt(session, [files[0]!.id]), { sent: false });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(mailsTo('c@mandant.example').filter((m) => m.subject.startsWith('Receipt')).length, 0);
  });

  it(`is limited to ${RECEIPTS_PER_LINK_PER_HOUR} an hour per link`, async () => {
    const { session, files } = await uploaded('d@mandant.example', 1, { locale: 'en' });
    for (let i = 0; i < RECEIPTS_PER_LINK_PER_HOUR; i++) assert.deepEqual(await receipt(session, [files[0]!.id]), { sent: true });
    const limited = await receipt(session, [files[0]!.id]).catch((error: unknown) => error);
    assert.ok(isGuestkitApiError(limited) && limited.code === 'rate_limited', String(limited));
    await f.smtp.waitFor(f.smtp.messages.length);
    assert.equal(mailsTo('d@mandant.example').filter((m) => m.subject === 'Receipt: Belege 2025').length, RECEIPTS_PER_LINK_PER_HOUR);
  });
});
