import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHttpFixture, type HttpFixture } from './helpers/fixture.js';
import { makePdf, pdfText, PNG_1X1 } from './helpers/pdf.js';
import { tokenIn } from './helpers/smtp-peer.js';
import { sha256 } from './helpers/uploads.js';

const DAY = 86_400_000;
/** A two-page PDF encrypted with AES-256, password `Steuer-2025` (test/fixtures/README.md). */
const PROTECTED_PDF = new URL('../fixtures/protected.pdf', import.meta.url);

describe('shares: documents for third parties, per-recipient links', () => {
  let f: HttpFixture;
  let pdf: Uint8Array;
  before(async () => {
    f = await createHttpFixture();
    pdf = await makePdf(3);
  });
  after(() => f.close());

  async function open(token: string, answers: { accessCode?: string; otp?: string } = {}) {
    const response = await fetch(`${f.endpoint}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ...answers }) });
    const body = (await response.json()) as { session?: string; code?: string };
    return { status: response.status, code: body.code, auth: { authorization: `Bearer ${body.session}` } };
  }
  const get = (path: string, headers: Record<string, string>, method = 'GET') => fetch(`${f.endpoint}${path}`, { method, headers });

  async function shareTwo(options: Record<string, unknown> = {}) {
    const doc = await f.gk.documents.add(f.firmId, { name: 'Jahresabschluss 2025.pdf', body: pdf });
    const img = await f.gk.documents.add(f.firmId, { name: 'Grundriss.png', body: PNG_1X1 });
    const now = f.gk.runtime.now();
    const created = await f.gk.shares.create(f.firmId, {
      title: 'Unterlagen für die Finanzierung',
      message: 'Anbei die Unterlagen.',
      documentIds: [doc.id, img.id],
      recipients: [
        { email: 'banker@bank.example', name: 'Bea Banker', locale: 'de', expiresAt: new Date(now + 2 * DAY).toISOString() },
        { email: 'lawyer@law.example', locale: 'en', expiresAt: new Date(now + 10 * DAY).toISOString() },
      ],
      send: true,
      createdBy: { email: 'anna@kanzlei.example', name: 'Anna Steuer' },
      ...options,
    });
    return { doc, img, ...created };
  }

  it('each recipient gets a separate mail with their own link, and nobody sees the others', async () => {
    const before = f.smtp.messages.length;
    const { links, doc } = await shareTwo();
    assert.equal(doc.type, 'application/pdf');
    const mails = (await f.smtp.waitFor(before + 2)).slice(before);
    for (const link of links) {
      const mail = mails.find((m) => m.envelopeTo[0] === link.email)!;
      assert.deepEqual(mail.envelopeTo, [link.email]);
      assert.equal(tokenIn(mail), link.token);
      for (const other of links.filter((l) => l !== link)) assert.ok(!mail.raw.includes(other.email) && !mail.raw.includes(other.token));
    }
    assert.match(mails.find((m) => m.envelopeTo[0] === 'banker@bank.example')!.subject, /^Für Sie freigegebene Dokumente/);
  });

  it('the firm’s message is in each recipient’s mail, and each mail names only its own recipient', async () => {
    const before = f.smtp.messages.length;
    const message = 'Anbei die Unterlagen für die Prüfung Ihres Kreditantrags.\nBei Fragen rufen Sie mich gern an.';
    const { links } = await shareTwo({ message });
    const mails = (await f.smtp.waitFor(before + 2)).slice(before);
    assert.equal(mails.length, 2);
    for (const link of links) {
      const mail = mails.find((m) => m.envelopeTo[0] === link.email)!;
      assert.ok(mail.text.includes(message), `the message reaches ${link.email}`);
      assert.ok(mail.text.includes('Eine Nachricht von Anna Steuer:') || mail.text.includes('A message from Anna Steuer:'), 'from the person who shared');
      assert.match(mail.to, new RegExp(`^(?:"?[^"]*"? )?<?${link.email.replace(/\./g, '\\.')}>?$`), 'addressed to this recipient alone');
      for (const other of links.filter((l) => l !== link)) {
        for (const part of [mail.to, mail.text, mail.raw]) assert.ok(!part.includes(other.email), `${link.email}’s mail does not name ${other.email}`);
      }
    }
    const lawyerMail = mails.find((m) => m.envelopeTo[0] === 'lawyer@law.example')!;
    assert.ok(!lawyerMail.raw.includes('Bea Banker') && !lawyerMail.text.includes('Bea Banker'), 'nor the other recipient’s name');
  });

  it('opening a link is on record as unverified (a mail scanner running the page opens it too); viewing and downloading are verified, and so is an opening after a one-time code', async () => {
    const { links, doc, share } = await shareTwo();
    const { auth } = await open(links[0]!.token);
    assert.equal((await fetch(`${f.endpoint}/v1/share/documents/${doc.id}/viewed`, { method: 'POST', headers: auth })).status, 204);
    const download = await get(`/v1/share/documents/${doc.id}/download`, auth);
    assert.equal(sha256(Buffer.from(await download.arrayBuffer())), sha256(pdf));
    const verified = async (shareId: string) => {
      const events = await f.gk.audit.list(f.firmId, { resource: { type: 'share', id: shareId } });
      return (type: string) => events.filter((e) => e.type === type).map((e) => e.verified);
    };
    const plain = await verified(share.id);
    assert.deepEqual(plain('link.opened'), [false], 'the session exchange alone proves nobody read anything');
    assert.deepEqual(plain('share.viewed'), [true], 'the viewer reported the document on screen');
    assert.deepEqual(plain('share.downloaded'), [true]);

    const shareMails = f.smtp.messages.length;
    const guarded = await shareTwo({ stepUp: { type: 'email_otp' } });
    const before = (await f.smtp.waitFor(shareMails + 2)).length;
    await fetch(`${f.endpoint}/v1/session/otp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: guarded.links[0]!.token }) });
    const otp = /(\d{6})/.exec((await f.smtp.waitFor(before + 1))[before]!.text)![1]!;
    assert.equal((await open(guarded.links[0]!.token, { otp })).status, 201);
    assert.deepEqual((await verified(guarded.share.id))('link.opened'), [true], 'the recipient answered a code mailed to their own address');
  });

  it('an access code on the share guards every recipient’s link: refused without it or with a wrong one, opened with the right one; no mail carries it', async () => {
    const before = f.smtp.messages.length;
    const { links } = await shareTwo({ stepUp: { type: 'access_code', code: 'Linde-73' } });
    const mails = (await f.smtp.waitFor(before + 2)).slice(before);
    for (const mail of mails) assert.ok(!mail.raw.includes('Linde-73'), `the mail to ${mail.envelopeTo[0]} does not carry the code`);
    for (const link of links) {
      const none = await open(link.token);
      assert.deepEqual([none.status, none.code], [401, 'access_code_required']);
      assert.equal((await open(link.token, { accessCode: 'Linde-74' })).code, 'access_code_invalid');
      const right = await open(link.token, { accessCode: 'Linde-73' });
      assert.equal(right.status, 201);
      const view = await get('/v1/share', right.auth);
      assert.equal(view.status, 200);
      assert.equal(((await view.json()) as { availableUntil: string }).availableUntil, link.expiresAt);
    }
  });

  it('a one-time code on the share is mailed to the recipient who asks, and to nobody else; it opens their link once', async () => {
    const shareMails = f.smtp.messages.length;
    const { links } = await shareTwo({ stepUp: { type: 'email_otp' } });
    const [banker, lawyer] = [links[0]!, links[1]!];
    const before = (await f.smtp.waitFor(shareMails + 2)).length;
    assert.equal((await open(banker.token)).code, 'otp_required');
    const sent = await fetch(`${f.endpoint}/v1/session/otp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: banker.token }) });
    assert.equal(sent.status, 202);
    const mails = (await f.smtp.waitFor(before + 1)).slice(before);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(f.smtp.messages.length, before + 1, 'one code mail');
    const [mail] = mails;
    assert.deepEqual(mail!.envelopeTo, ['banker@bank.example']);
    assert.ok(!mail!.raw.includes(lawyer.email), 'the other recipient is not in the code mail');
    assert.ok(!mail!.raw.includes(banker.token), 'the code mail carries no link token');
    const otp = /(\d{6})/.exec(mail!.text)![1]!;

    assert.equal((await open(lawyer.token, { otp })).code, 'otp_invalid', 'the banker’s code does not open the lawyer’s link');
    const opened = await open(banker.token, { otp });
    assert.equal(opened.status, 201);
    assert.equal((await get('/v1/share', opened.auth)).status, 200);
    assert.equal((await open(banker.token, { otp })).code, 'otp_invalid', 'a code works once');
  });

  it('shows the share with this recipient’s date, serves ranges (206), ETag, safe headers', async () => {
    const { links, doc } = await shareTwo();
    const { auth } = await open(links[0]!.token);
    const view = (await (await get('/v1/share', auth)).json()) as { availableUntil: string; documents: { id: string; type: string; size: number }[] };
    assert.equal(view.availableUntil, links[0]!.expiresAt);
    assert.deepEqual(view.documents.map((d) => d.type), ['application/pdf', 'image/png']);
    const path = `/v1/share/documents/${doc.id}/content`;

    const ranged = await get(path, { ...auth, range: 'bytes=0-1023' });
    assert.equal(ranged.status, 206);
    assert.equal(ranged.headers.get('content-range'), `bytes 0-1023/${pdf.length}`);
    assert.deepEqual(Buffer.from(await ranged.arrayBuffer()), Buffer.from(pdf.subarray(0, 1024)));
    const tail = await get(path, { ...auth, range: 'bytes=-100' });
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), Buffer.from(pdf.subarray(pdf.length - 100)));
    assert.equal((await get(path, { ...auth, range: `bytes=${pdf.length}-` })).status, 416);

    const whole = await get(path, auth);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.equal(whole.headers.get('x-content-type-options'), 'nosniff');
    assert.match(whole.headers.get('content-security-policy') ?? '', /^sandbox/);
    assert.match(whole.headers.get('content-disposition') ?? '', /^inline; /);
    assert.equal(sha256(Buffer.from(await whole.arrayBuffer())), sha256(pdf));
    const etag = whole.headers.get('etag')!;
    assert.equal((await get(path, { ...auth, 'if-none-match': etag })).status, 304);
    const head = await get(path, auth, 'HEAD');
    assert.equal(head.headers.get('content-length'), String(pdf.length));
  });

  it('a password-protected XLSX or DOCX, or a legacy Word or Excel file, added by the firm is typed by the streams in it (a compound file), and served as it came', async () => {
    const office = (name: string) => readFileSync(new URL(`../fixtures/office/${name}`, import.meta.url));
    const added = [
      await f.gk.documents.add(f.firmId, { name: 'Lohnliste 2025.xlsx', body: office('protected.xlsx') }),
      await f.gk.documents.add(f.firmId, { name: 'Vollmacht.docx', body: office('protected.docx') }),
      await f.gk.documents.add(f.firmId, { name: 'Vertrag 2009.doc', body: office('legacy.doc') }),
      await f.gk.documents.add(f.firmId, { name: 'Kasse.xls', body: office('macro.xls') }),
      await f.gk.documents.add(f.firmId, { name: 'Journal 2012.xls', body: office('ledger.xls') }),
      await f.gk.documents.add(f.firmId, { name: 'Lohn 2012.xls', body: office('protected.xls') }),
    ];
    assert.deepEqual(
      added.map((d) => d.type),
      [
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/msword',
        'application/x-cfb',
        'application/vnd.ms-excel',
        'application/x-cfb',
      ],
    );
    const now = f.gk.runtime.now();
    const { links } = await f.gk.shares.create(f.firmId, {
      title: 'Lohn',
      documentIds: [added[0]!.id],
      recipients: [{ email: 'reader@bank.example', locale: 'de', expiresAt: new Date(now + DAY).toISOString() }],
    });
    const { auth } = await open(links[0]!.token);
    const download = await get(`/v1/share/documents/${added[0]!.id}/download`, auth);
    assert.equal(download.status, 200);
    assert.equal(sha256(Buffer.from(await download.arrayBuffer())), sha256(office('protected.xlsx')));
  });

  it('a read the viewer drops half-way (pdf.js cancels range requests) lets go of the stored file at once', async () => {
    const big = new Uint8Array(32 * 1024 * 1024).map((_, i) => i % 251);
    const doc = await f.gk.documents.add(f.firmId, { name: 'Scan.bin', body: big });
    const now = f.gk.runtime.now();
    const { links } = await f.gk.shares.create(f.firmId, {
      title: 'Großer Scan',
      documentIds: [doc.id],
      recipients: [{ email: 'reader@bank.example', locale: 'de', expiresAt: new Date(now + DAY).toISOString() }],
    });
    const { auth } = await open(links[0]!.token);
    const blobsDir = join(f.dir, 'blobs');
    const openBlobFiles = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).startsWith(blobsDir);
        } catch {
          return false; // closed meanwhile
        }
      }).length;
    for (let i = 0; i < 8; i++) {
      const controller = new AbortController();
      const response = await fetch(`${f.endpoint}/v1/share/documents/${doc.id}/content`, { headers: auth, signal: controller.signal });
      await response.body!.getReader().read(); // the first bytes, then the viewer moves on
      controller.abort();
    }
    const deadline = Date.now() + 3000;
    while (openBlobFiles() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(openBlobFiles(), 0, 'no stored file left open');
    // A HEAD reads nothing either.
    assert.equal((await get(`/v1/share/documents/${doc.id}/download`, auth, 'HEAD')).status, 200);
    assert.equal(openBlobFiles(), 0);
  });

  it('downloads byte-identical as an attachment and records it; viewing is recorded when the recipient opens a document', async () => {
    const { links, doc, share } = await shareTwo();
    const { auth } = await open(links[1]!.token);
    // A HEAD first (a link checker, a mail scanner): the headers, and no download on record.
    const probe = await get(`/v1/share/documents/${doc.id}/download`, auth, 'HEAD');
    assert.equal(probe.status, 200);
    assert.match(probe.headers.get('content-disposition') ?? '', /^attachment;/);
    assert.equal((await f.gk.shares.activity(f.firmId, share.id))[1]!.downloaded.length, 0, 'a HEAD is no download');
    const download = await get(`/v1/share/documents/${doc.id}/download`, auth);
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="Jahresabschluss 2025.pdf"/);
    assert.equal(sha256(Buffer.from(await download.arrayBuffer())), sha256(pdf));
    assert.equal((await fetch(`${f.endpoint}/v1/share/documents/${doc.id}/viewed`, { method: 'POST', headers: auth })).status, 204);
    const [banker, lawyer] = await f.gk.shares.activity(f.firmId, share.id);
    assert.equal(banker!.opened.length, 0);
    assert.equal(lawyer!.opened.length, 1);
    assert.deepEqual(lawyer!.viewed.map((v) => v.documentId), [doc.id]);
    assert.deepEqual(lawyer!.downloaded.map((v) => v.documentId), [doc.id]);
  });

  it('pages read: each report is recorded, the activity folds them per recipient and document; bad reports and other documents are refused', async () => {
    const { links, doc, img, share } = await shareTwo();
    const other = await f.gk.documents.add(f.firmId, { name: 'Nicht geteilt.pdf', body: pdf });
    const { auth } = await open(links[1]!.token);
    const report = (documentId: string, body: unknown) =>
      fetch(`${f.endpoint}/v1/share/documents/${documentId}/pages`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await report(doc.id, { pages: [3, 1, 3] })).status, 204);
    assert.equal((await report(doc.id, { pages: [2] })).status, 204);
    for (const bad of [{ pages: [] }, { pages: [0] }, { pages: [1.5] }, { pages: ['1'] }, {}, { pages: Array.from({ length: 501 }, (_, i) => i + 1) }]) {
      const refused = await report(doc.id, bad);
      assert.equal(refused.status, 400, JSON.stringify(bad).slice(0, 40));
      assert.equal(((await refused.json()) as { code: string }).code, 'validation_failed');
    }
    assert.equal((await report(other.id, { pages: [1] })).status, 404, 'a document outside the share');
    assert.equal((await report(img.id, { pages: [1] })).status, 400, 'an image has no pages to report');
    const [banker, lawyer] = await f.gk.shares.activity(f.firmId, share.id);
    assert.deepEqual(banker!.pages, []);
    assert.deepEqual(lawyer!.pages.map((read) => [read.documentId, read.pages]), [[doc.id, [1, 2, 3]]]);
    const events = (await f.gk.audit.list(f.firmId, { resource: { type: 'share', id: share.id } })).filter((e) => e.type === 'share.pages_viewed');
    assert.deepEqual(events.map((e) => e.data.pages), [[1, 3], [2]], 'one event per report, pages once each and in order');
  });

  it('view reports are limited per link (600 an hour, documents and pages together): the next one is refused with rate_limited', async () => {
    const { links, doc, share } = await shareTwo();
    const { auth } = await open(links[0]!.token);
    const viewed = () => fetch(`${f.endpoint}/v1/share/documents/${doc.id}/viewed`, { method: 'POST', headers: auth });
    const pages = () =>
      fetch(`${f.endpoint}/v1/share/documents/${doc.id}/pages`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"pages":[1]}' });
    for (let i = 0; i < 300; i++) assert.equal((await viewed()).status, 204);
    for (let i = 0; i < 300; i++) assert.equal((await pages()).status, 204);
    const refused = await pages();
    assert.equal(refused.status, 429);
    assert.equal(((await refused.json()) as { code: string }).code, 'rate_limited');
    assert.equal((await viewed()).status, 429);
    const other = await open(links[1]!.token);
    assert.equal((await fetch(`${f.endpoint}/v1/share/documents/${doc.id}/viewed`, { method: 'POST', headers: other.auth })).status, 204, 'another recipient’s link has its own allowance');
    const recorded = (await f.gk.audit.list(f.firmId, { resource: { type: 'share', id: share.id } })).filter((e) => e.type === 'share.viewed' || e.type === 'share.pages_viewed');
    assert.equal(recorded.length, 601);
  });

  it('the view-report allowance is the firm’s to set (rateLimits.viewReportsPerLinkPerHour)', async () => {
    const kept = f;
    f = await createHttpFixture({ rateLimits: { viewReportsPerLinkPerHour: 3 } });
    try {
      const { links, doc } = await shareTwo();
      const { auth } = await open(links[0]!.token);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${f.endpoint}/v1/share/documents/${doc.id}/viewed`, { method: 'POST', headers: auth })).status);
      assert.deepEqual(statuses, [204, 204, 204, 429]);
    } finally {
      await f.close();
      f = kept;
    }
  });

  it('regression: downloads were unlimited, each an audit event for good; a link gets 300 an hour, the next is refused with rate_limited and Retry-After and is not on record; another link is not held back', async () => {
    const { links, doc, share } = await shareTwo();
    const { auth } = await open(links[0]!.token);
    const download = () => get(`/v1/share/documents/${doc.id}/download`, auth);
    for (let i = 0; i < 300; i++) {
      const answer = await download();
      assert.equal(answer.status, 200, `download ${i + 1}`);
      await answer.arrayBuffer();
    }
    const refused = await download();
    assert.equal(refused.status, 429);
    const problem = (await refused.json()) as { code: string; retryAfter: number };
    assert.equal(problem.code, 'rate_limited');
    assert.equal(refused.headers.get('retry-after'), String(problem.retryAfter));
    assert.ok(problem.retryAfter > 3500 && problem.retryAfter <= 3600, `Retry-After ${problem.retryAfter}`);
    assert.equal((await get(`/v1/share/documents/${doc.id}/download`, auth, 'HEAD')).status, 200, 'a HEAD reads nothing, counts nothing');
    assert.equal((await get(`/v1/share/documents/${doc.id}/content`, auth)).status, 200, 'the viewer still shows the document');
    const other = await open(links[1]!.token);
    const theirs = await get(`/v1/share/documents/${doc.id}/download`, other.auth);
    assert.equal(theirs.status, 200, 'another recipient’s link has its own allowance');
    await theirs.arrayBuffer();
    const recorded = (await f.gk.audit.list(f.firmId, { resource: { type: 'share', id: share.id } })).filter((e) => e.type === 'share.downloaded');
    assert.equal(recorded.length, 301, 'nothing on record for the refused one');
  });

  it('download turned off: the attachment route refuses, the viewer still gets its inline bytes', async () => {
    const { links, doc } = await shareTwo({ allowDownload: false });
    const { auth } = await open(links[0]!.token);
    const refused = await get(`/v1/share/documents/${doc.id}/download`, auth);
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { code: string }).code, 'download_disabled');
    assert.equal((await get(`/v1/share/documents/${doc.id}/content`, auth)).status, 200);
  });

  it('expiry per recipient: one expired, the other still in; a fresh link goes to the expired one only; extend and revoke', async () => {
    const { links, share } = await shareTwo();
    f.advance(3 * DAY);
    const expired = await open(links[0]!.token);
    assert.equal(expired.code, 'link_expired');
    assert.equal((await open(links[1]!.token)).status, 201);
    const before = f.smtp.messages.length;
    await fetch(`${f.endpoint}/v1/links/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: links[0]!.token }) });
    const [fresh] = (await f.smtp.waitFor(before + 1)).slice(before);
    assert.deepEqual(fresh!.envelopeTo, ['banker@bank.example']);
    assert.equal((await open(tokenIn(fresh!))).status, 201);

    // A date the firm did not mean is refused, as when sharing: no offset (the server's local
    // time), a day that does not exist, plain words, ten years ahead.
    const later = new Date(f.gk.runtime.now() + 30 * DAY).toISOString();
    for (const bad of [later.slice(0, 16), `${later.slice(0, 5)}02-30T10:00:00Z`, 'June 10, 2027', new Date(f.gk.runtime.now() + 3650 * DAY).toISOString()]) {
      await assert.rejects(f.gk.shares.extend(f.firmId, share.id, 'lawyer@law.example', bad), (error: Error & { code?: string }) => error.code === 'validation_failed', bad);
    }
    await f.gk.shares.extend(f.firmId, share.id, 'lawyer@law.example', later);
    f.advance(10 * DAY);
    const lawyer = await open(links[1]!.token);
    assert.equal(lawyer.status, 201, 'extended');
    await f.gk.shares.revokeRecipient(f.firmId, share.id, 'lawyer@law.example');
    assert.equal((await get('/v1/share', lawyer.auth)).status, 410, 'revoked at once, session too');
    await f.gk.shares.revokeRecipient(f.firmId, share.id, 'lawyer@law.example');
    const revoked = (await f.gk.audit.list(f.firmId, { resource: { type: 'share', id: share.id } })).filter((event) => event.type === 'share.recipient_revoked');
    assert.deepEqual(revoked.map((event) => event.data.recipient), ['lawyer@law.example'], 'on record, once');
  });

  it('a fresh link counts as the recipient’s link: the firm sees its date and its activity, extends it, and revoking the recipient or the share ends it', async () => {
    const { links, share, doc } = await shareTwo();
    f.advance(3 * DAY);
    const before = f.smtp.messages.length;
    await fetch(`${f.endpoint}/v1/links/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: links[0]!.token }) });
    const freshToken = tokenIn((await f.smtp.waitFor(before + 1))[before]!);
    const fresh = await open(freshToken);
    assert.equal(fresh.status, 201);
    assert.equal((await fetch(`${f.endpoint}/v1/share/documents/${doc.id}/viewed`, { method: 'POST', headers: fresh.auth })).status, 204);
    assert.equal((await get(`/v1/share/documents/${doc.id}/download`, fresh.auth)).status, 200);

    // The firm's view follows the fresh link: its id, its date, what was done through it.
    const banker = (await f.gk.shares.get(f.firmId, share.id)).recipients.find((r) => r.email === 'banker@bank.example')!;
    assert.notEqual(banker.linkId, links[0]!.link.id, 'the fresh link, not the expired one');
    // As long as the firm gave this recipient (two days), not the firm's default for view links.
    assert.ok(Math.abs(Date.parse(banker.expiresAt) - f.gk.runtime.now() - 2 * DAY) < 60_000, `the fresh link’s date: ${banker.expiresAt}`);
    const activity = (await f.gk.shares.activity(f.firmId, share.id)).find((r) => r.email === 'banker@bank.example')!;
    assert.equal(activity.opened.length, 1);
    assert.deepEqual(activity.viewed.map((v) => v.documentId), [doc.id]);
    assert.deepEqual(activity.downloaded.map((v) => v.documentId), [doc.id]);

    // Extending moves the fresh link's date.
    const later = new Date(f.gk.runtime.now() + 90 * DAY).toISOString();
    await f.gk.shares.extend(f.firmId, share.id, 'banker@bank.example', later);
    f.advance(60 * DAY);
    const extended = await open(freshToken);
    assert.equal(extended.status, 201, 'the fresh link got the new date');

    // Revoking the recipient ends the fresh link and its sessions; the other recipient keeps access.
    const lawyer = await f.gk.shares.extend(f.firmId, share.id, 'lawyer@law.example', later).then(() => open(links[1]!.token));
    assert.equal(lawyer.status, 201);
    await f.gk.shares.revokeRecipient(f.firmId, share.id, 'banker@bank.example');
    assert.equal((await get('/v1/share', extended.auth)).status, 410, 'the fresh link’s session ended');
    assert.equal((await open(freshToken)).code, 'link_revoked');
    assert.equal((await get('/v1/share', lawyer.auth)).status, 200, 'the other recipient is still in');
    assert.equal((await open(links[1]!.token)).status, 201, 'and the other recipient’s link still opens');
  });

  it('revoking the whole share ends every link it gave, fresh ones included', async () => {
    const { links, share } = await shareTwo();
    f.advance(3 * DAY);
    const before = f.smtp.messages.length;
    await fetch(`${f.endpoint}/v1/links/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: links[0]!.token }) });
    const freshToken = tokenIn((await f.smtp.waitFor(before + 1))[before]!);
    const fresh = await open(freshToken);
    const lawyer = await open(links[1]!.token);
    assert.equal((await get('/v1/share', fresh.auth)).status, 200);
    assert.equal((await get('/v1/share', lawyer.auth)).status, 200);
    const revoked = await f.gk.shares.revoke(f.firmId, share.id);
    assert.equal(revoked.status, 'revoked');
    for (const session of [fresh, lawyer]) assert.equal((await get('/v1/share', session.auth)).status, 410, 'sessions ended');
    for (const token of [freshToken, links[1]!.token]) assert.equal((await open(token)).code, 'link_revoked');
    // Revoking it again changes nothing, and is not on record twice.
    assert.equal((await f.gk.shares.revoke(f.firmId, share.id)).status, 'revoked');
    const revocations = (await f.gk.audit.list(f.firmId, { resource: { type: 'share', id: share.id } })).filter((event) => event.type === 'share.revoked');
    assert.equal(revocations.length, 1);
  });

  it('a recipient whose mail server refuses the mail still gets a link the firm can see and revoke (sent: false); the others are mailed', async () => {
    f.smtp.refuse.add('lawyer@law.example');
    try {
      const before = f.smtp.messages.length;
      const { links, share } = await shareTwo();
      assert.deepEqual(links.map((l) => [l.email, l.sent]), [['banker@bank.example', true], ['lawyer@law.example', false]]);
      const mails = (await f.smtp.waitFor(before + 1)).slice(before);
      assert.deepEqual(mails.map((m) => m.envelopeTo), [['banker@bank.example']]);
      assert.deepEqual(share.recipients.map((r) => r.email), ['banker@bank.example', 'lawyer@law.example'], 'both recipients are on the share');
      assert.equal((await open(links[1]!.token)).status, 201, 'the firm can hand the link over itself');
      await f.gk.shares.revokeRecipient(f.firmId, share.id, 'lawyer@law.example');
      assert.equal((await open(links[1]!.token)).code, 'link_revoked');
    } finally {
      f.smtp.refuse.delete('lawyer@law.example');
    }
  });

  it('a date in the past, more than 366 days ahead or without its offset, for any recipient, refuses the whole share: no link, no stamped copy', async () => {
    const doc = await f.gk.documents.add(f.firmId, { name: 'Vertrag.pdf', body: pdf });
    const linksBefore = (await f.gk.links.list(f.firmId)).length;
    const sharesBefore = (await f.gk.shares.list(f.firmId)).length;
    const stamped = () => (existsSync(join(f.dir, 'blobs', 'shares')) ? readdirSync(join(f.dir, 'blobs', 'shares'), { recursive: true }).filter((p) => /-wm_[^/]*$/.test(String(p))).length : 0);
    const copiesBefore = stamped();
    const now = f.gk.runtime.now();
    for (const [what, expiresAt] of [
      ['in the past', new Date(now - DAY).toISOString()],
      ['400 days ahead', new Date(now + 400 * DAY).toISOString()],
      ['no offset', new Date(now + 5 * DAY).toISOString().slice(0, 16)],
    ] as const) {
      await assert.rejects(
        f.gk.shares.create(f.firmId, {
          title: 'Vertrag',
          documentIds: [doc.id],
          recipients: [
            { email: 'first@bank.example', expiresAt: new Date(now + DAY).toISOString() },
            { email: 'second@law.example', expiresAt },
          ],
          watermark: true,
          send: true,
        }),
        (error: Error & { code?: string }) => error.code === 'validation_failed',
        what,
      );
      assert.equal((await f.gk.links.list(f.firmId)).length, linksBefore, `${what}: no link for the first recipient either`);
      assert.equal((await f.gk.shares.list(f.firmId)).length, sharesBefore, what);
      assert.equal(stamped(), copiesBefore, `${what}: no stamped copy left`);
    }
  });

  // Regression: a share made before addresses had one form keeps the spelling it was given
  // (bo@xn--bcher-kva.de), its copies keyed by it; a fresh link carries the one form
  // (bo@bücher.de). The copy was looked up by the link's spelling, missed, and the original PDF,
  // without the watermark, went out.
  it('a watermarked PDF goes out stamped whatever spelling the link carries, and never unstamped', async () => {
    const doc = await f.gk.documents.add(f.firmId, { name: 'Exposé.pdf', body: pdf });
    const expiresAt = new Date(f.gk.runtime.now() + 5 * DAY).toISOString();
    const { share, links } = await f.gk.shares.create(f.firmId, { title: 'Exposé', documentIds: [doc.id], watermark: true, recipients: [{ email: 'bo@bücher.de', expiresAt }] });
    const rewrite = async (change: (data: { recipients: { email: string }[]; watermarks: Record<string, unknown> }) => void) => {
      const record = (await f.gk.runtime.store.resources.get(f.firmId, 'share', share.id))!;
      const data = structuredClone(record.data) as Parameters<typeof change>[0];
      change(data);
      assert.ok(await f.gk.runtime.store.resources.update(f.firmId, 'share', share.id, data as unknown as Record<string, unknown>, record.version, new Date(f.gk.runtime.now()).toISOString()));
    };
    // The share as stored before this rule: the address lower-cased as typed, punycode.
    await rewrite((data) => {
      data.recipients[0]!.email = 'bo@xn--bcher-kva.de';
      data.watermarks = { [`${doc.id}:bo@xn--bcher-kva.de`]: data.watermarks[`${doc.id}:bo@bücher.de`] };
    });
    const { auth } = await open(links[0]!.token);
    const content = () => get(`/v1/share/documents/${doc.id}/content`, auth);
    const text = (await pdfText(Buffer.from(await (await content()).arrayBuffer()))).join(' ');
    assert.ok(text.includes('bo@bücher.de'), `stamped: ${text}`);
    // A copy gone missing: refused, not the original.
    await rewrite((data) => (data.watermarks = {}));
    for (const route of ['content', 'download']) {
      const refused = await get(`/v1/share/documents/${doc.id}/${route}`, auth);
      assert.equal(refused.status, 500, route);
    }
  });

  it('the share’s routes refuse a recipient the firm revoked, and everyone once the share is revoked, even through a link still standing', async () => {
    const { links, share } = await shareTwo();
    const banker = await open(links[0]!.token);
    const lawyer = await open(links[1]!.token);
    // As if a fresh link had been made between listing the links and revoking them: the record says revoked, the links stand.
    const mark = async (change: (data: { status: string; recipients: { email: string; revokedAt: string | null }[] }) => void) => {
      const record = (await f.gk.runtime.store.resources.get(f.firmId, 'share', share.id))!;
      const data = structuredClone(record.data) as Parameters<typeof change>[0];
      change(data);
      assert.ok(await f.gk.runtime.store.resources.update(f.firmId, 'share', share.id, data as unknown as Record<string, unknown>, record.version, new Date(f.gk.runtime.now()).toISOString()));
    };
    await mark((data) => (data.recipients[0]!.revokedAt = new Date(f.gk.runtime.now()).toISOString()));
    const refused = await get('/v1/share', banker.auth);
    assert.equal(refused.status, 410);
    assert.equal(((await refused.json()) as { code: string }).code, 'link_revoked');
    assert.equal((await get('/v1/share', lawyer.auth)).status, 200, 'the other recipient is still in');
    await mark((data) => (data.status = 'revoked'));
    assert.equal((await get('/v1/share', lawyer.auth)).status, 410);
  });

  it('watermarks each recipient’s PDF with their address', async () => {
    const { links, doc } = await shareTwo({ watermark: true });
    for (const link of links) {
      const { auth } = await open(link.token);
      const bytes = Buffer.from(await (await get(`/v1/share/documents/${doc.id}/content`, auth)).arrayBuffer());
      const pages = await pdfText(bytes);
      assert.equal(pages.length, 3);
      for (const page of pages) assert.ok(page.includes(link.email), `page carries ${link.email}`);
      for (const other of links.filter((l) => l !== link)) assert.ok(!pages.join(' ').includes(other.email));
    }
  });

  it('one recipient however their address is spelled: counted once, revoked by any spelling, stamped legibly', async () => {
    const doc = await f.gk.documents.add(f.firmId, { name: 'Exposé.pdf', body: pdf });
    const expiresAt = new Date(f.gk.runtime.now() + 5 * DAY).toISOString();
    // A back end sends the domain as written; Chromium's e-mail field hands it over as punycode.
    await assert.rejects(
      f.gk.shares.create(f.firmId, { title: 'Exposé', documentIds: [doc.id], recipients: [{ email: 'bo@bücher.de', expiresAt }, { email: 'BO@xn--bcher-kva.de', expiresAt }] }),
      (error: Error & { code?: string }) => error.code === 'validation_failed' && /each recipient once/.test(error.message),
    );
    const { share, links } = await f.gk.shares.create(f.firmId, {
      title: 'Exposé',
      documentIds: [doc.id],
      watermark: true,
      recipients: [{ email: 'bo@xn--bcher-kva.de', expiresAt }, { email: 'ana@xn--e1afmkfd.xn--p1ai', expiresAt }],
    });
    assert.deepEqual(share.recipients.map((r) => r.email), ['bo@bücher.de', 'ana@пример.рф'], 'kept as people read them');
    assert.deepEqual(links.map((link) => link.email), ['bo@bücher.de', 'ana@пример.рф']);
    // Helvetica draws ü; a Cyrillic domain is stamped as punycode rather than as question marks.
    const stamped = async (token: string) => (await pdfText(Buffer.from(await (await get(`/v1/share/documents/${doc.id}/content`, (await open(token)).auth)).arrayBuffer()))).join(' ');
    assert.ok((await stamped(links[0]!.token)).includes('bo@bücher.de'));
    const ana = await stamped(links[1]!.token);
    assert.ok(ana.includes('ana@xn--e1afmkfd.xn--p1ai') && !ana.includes('?'), ana);

    const bo = await open(links[0]!.token);
    assert.equal((await get('/v1/share', bo.auth)).status, 200);
    const after = await f.gk.shares.revokeRecipient(f.firmId, share.id, 'Bo@Bücher.de');
    assert.ok(after.recipients.find((r) => r.email === 'bo@bücher.de')!.revokedAt, 'the other spelling finds the recipient');
    assert.equal((await get('/v1/share', bo.auth)).status, 410, 'and ends their access');
    await f.gk.shares.extend(f.firmId, share.id, 'ANA@XN--E1AFMKFD.XN--P1AI', new Date(f.gk.runtime.now() + 9 * DAY).toISOString());
  });

  it('a document named twice in a watermarked share is stamped once per recipient, and no copy is left unreferenced', async () => {
    const doc = await f.gk.documents.add(f.firmId, { name: 'Bilanz.pdf', body: pdf });
    const { share } = await f.gk.shares.create(f.firmId, {
      title: 'Bilanz',
      documentIds: [doc.id, doc.id, doc.id],
      recipients: [{ email: 'one@bank.example', expiresAt: new Date(f.gk.runtime.now() + DAY).toISOString() }],
      watermark: true,
    });
    const folder = join(f.dir, 'blobs', 'shares', share.id);
    assert.equal(readdirSync(folder, { recursive: true }).filter((p) => /-wm_[^/]*$/.test(String(p))).length, 1);
  });

  it('a password-protected PDF cannot be watermarked: the share is refused naming the document, and no stamped copy is left', async () => {
    const plain = await f.gk.documents.add(f.firmId, { name: 'Jahresabschluss 2025.pdf', body: pdf });
    const locked = await f.gk.documents.add(f.firmId, { name: 'Lohnabrechnung.pdf', body: readFileSync(PROTECTED_PDF) });
    // Stamped copies are stored as `<document>-wm_<id>`; a share's folder name may hold "wm" by chance, so only those files count.
    const stamped = () => (existsSync(join(f.dir, 'blobs', 'shares')) ? readdirSync(join(f.dir, 'blobs', 'shares'), { recursive: true }).filter((p) => /-wm_[^/]*$/.test(String(p))) : []);
    const before = stamped().length;
    const sharesBefore = (await f.gk.shares.list(f.firmId)).length;
    const refused = await f.gk.shares
      .create(f.firmId, {
        title: 'Lohnunterlagen',
        documentIds: [plain.id, locked.id],
        recipients: [{ email: 'banker@bank.example', expiresAt: new Date(f.gk.runtime.now() + DAY).toISOString() }],
        watermark: true,
      })
      .then(
        () => undefined,
        (error: unknown) => error as { code?: string; message?: string; details?: unknown },
      );
    assert.equal(refused?.code, 'validation_failed');
    assert.match(String(refused?.message), /Lohnabrechnung\.pdf is password-protected/);
    assert.equal(stamped().length, before, 'the first document’s stamped copy was deleted again');
    assert.equal((await f.gk.shares.list(f.firmId)).length, sharesBefore, 'no share');
    // Without a watermark the same PDF is shared as it is.
    const { share } = await f.gk.shares.create(f.firmId, {
      title: 'Lohnunterlagen',
      documentIds: [locked.id],
      recipients: [{ email: 'banker@bank.example', expiresAt: new Date(f.gk.runtime.now() + DAY).toISOString() }],
    });
    assert.deepEqual(share.documentIds, [locked.id]);
  });

  it('watermarked downloads: the attachment is the recipient’s stamped copy, the same bytes the viewer gets, with the sandboxing headers', async () => {
    const { links, doc } = await shareTwo({ watermark: true });
    for (const link of links) {
      const { auth } = await open(link.token);
      const download = await get(`/v1/share/documents/${doc.id}/download`, auth);
      assert.equal(download.status, 200);
      assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="Jahresabschluss 2025.pdf"/);
      assert.match(download.headers.get('content-security-policy') ?? '', /^sandbox/);
      assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
      const bytes = Buffer.from(await download.arrayBuffer());
      assert.notEqual(sha256(bytes), sha256(pdf), 'not the original');
      const inline = Buffer.from(await (await get(`/v1/share/documents/${doc.id}/content`, auth)).arrayBuffer());
      assert.equal(sha256(bytes), sha256(inline), 'the same stamped copy as the viewer shows');
      const pages = await pdfText(bytes);
      assert.equal(pages.length, 3);
      for (const page of pages) assert.ok(page.includes(link.email), `downloaded page carries ${link.email}`);
      for (const other of links.filter((l) => l !== link)) assert.ok(!pages.join(' ').includes(other.email));
    }
  });

  it('locked pending payment: no documents until unlocked', async () => {
    const { links, doc, share } = await shareTwo({ lockedUntilPaid: { invoiceId: 'inv-2025-117' } });
    const { auth } = await open(links[0]!.token);
    const view = (await (await get('/v1/share', auth)).json()) as { locked: unknown; documents: unknown[] };
    assert.deepEqual(view.locked, { reason: 'payment', invoiceId: 'inv-2025-117' });
    assert.deepEqual(view.documents, []);
    const locked = await get(`/v1/share/documents/${doc.id}/content`, auth);
    assert.equal(locked.status, 402);
    await f.gk.shares.unlock(f.firmId, share.id);
    assert.equal((await get(`/v1/share/documents/${doc.id}/content`, auth)).status, 200);

    // Locked with downloads off: the download route says locked (402) too, not "download turned off".
    const closed = await shareTwo({ lockedUntilPaid: { invoiceId: 'inv-2025-118' }, allowDownload: false });
    const recipient = await open(closed.links[0]!.token);
    const refused = await get(`/v1/share/documents/${closed.doc.id}/download`, recipient.auth);
    assert.equal(refused.status, 402);
    assert.equal(((await refused.json()) as { code: string }).code, 'document_locked');
  });

  it('scope: an upload link cannot read a share, a share link cannot read another share’s document', async () => {
    const a = await shareTwo();
    const b = await shareTwo();
    const { auth } = await open(a.links[0]!.token);
    assert.equal((await get(`/v1/share/documents/${b.doc.id}/content`, auth)).status, 404);
    const { link } = await f.gk.uploads.createRequest(f.firmId, { title: 'x', uploader: { email: 'u@x.example' } });
    const upload = await open(link.token);
    const response = await get('/v1/share', upload.auth);
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { code: string }).code, 'scope_forbidden');
  });
});

describe('shares through the admin API', () => {
  let f: HttpFixture;
  before(async () => {
    f = await createHttpFixture();
  });
  after(() => f.close());

  it('adds a document, shares it, reads activity, revokes; another firm sees nothing', async () => {
    const { createAdminClient } = await import('../../src/client/admin-client.js');
    const admin = createAdminClient({ endpoint: f.endpoint, apiKey: f.apiKey });
    const pdf = await makePdf(2);
    const doc = await admin.documents.add('Lohnsteuerbescheinigung 2025.pdf', pdf);
    assert.equal(doc.sha256, sha256(pdf));
    assert.equal(doc.name, 'Lohnsteuerbescheinigung 2025.pdf');
    const { share, links } = await admin.shares.create({
      title: 'Bescheinigung',
      documentIds: [doc.id],
      recipients: [{ email: 'hr@employer.example', expiresAt: new Date(Date.now() + 86_400_000).toISOString() }],
    });
    assert.equal(links.length, 1);
    assert.equal((await admin.shares.list())[0]!.id, share.id);
    assert.deepEqual((await admin.shares.activity(share.id)).map((r) => r.email), ['hr@employer.example']);
    const revoked = await admin.shares.revoke(share.id);
    assert.equal(revoked.status, 'revoked');
    const other = await f.gk.firms.create({ name: 'Other', mailFrom: 'o@other.example', linkBaseUrl: 'https://other.example/{kind}' });
    const { key } = await f.gk.apiKeys.create(other.id, 'o');
    const theirs = createAdminClient({ endpoint: f.endpoint, apiKey: key });
    assert.deepEqual(await theirs.shares.list(), []);
    assert.deepEqual(await theirs.documents.list(), []);
    await assert.rejects(theirs.shares.activity(share.id), (e: Error & { code?: string }) => e.code === 'not_found');
  });
});

describe('adding documents over HTTP', () => {
  let f: HttpFixture;
  before(async () => {
    f = await createHttpFixture();
  });
  after(() => f.close());

  it('refuses a malformed or hostile file name with invalid_file_name, and stores nothing', async () => {
    for (const header of ['%E0%A4%A', encodeURIComponent('../../etc/passwd'), '']) {
      const response = await fetch(`${f.endpoint}/v1/admin/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.apiKey}`, 'content-type': 'application/octet-stream', 'x-guestkit-filename': header },
        body: new Uint8Array([37, 80, 68, 70]),
      });
      assert.equal(response.status, 400, header);
      assert.equal(((await response.json()) as { code: string }).code, 'invalid_file_name');
    }
    assert.deepEqual(await f.gk.documents.list(f.firmId), []);
  });

  it('refuses an empty document with validation_failed, and keeps no bytes of it', async () => {
    const response = await fetch(`${f.endpoint}/v1/admin/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.apiKey}`, 'content-type': 'application/octet-stream', 'x-guestkit-filename': 'Leer.pdf' },
      body: new Uint8Array(0),
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { code: string }).code, 'validation_failed');
    assert.deepEqual(await f.gk.documents.list(f.firmId), []);
    const stored = readdirSync(join(f.dir, 'blobs'), { recursive: true }).map(String).filter((name) => name.includes('doc'));
    assert.deepEqual(stored.filter((name) => !statSync(join(f.dir, 'blobs', name)).isDirectory()), [], 'no stored bytes');
  });

  it('regression: a DOCX or XLSX whose Office entries start past byte 4100 is typed as such, not as a zip; a plain zip stays a zip', async () => {
    const { DOCX, XLSX, docxWithLateContentTypes, xlsxAfterCustomXml, thumbnail, zipStored } = await import('./helpers/zip.js');
    const word = await f.gk.documents.add(f.firmId, { name: 'Vollmacht.docx', body: docxWithLateContentTypes() });
    assert.equal(word.type, DOCX);
    const workbook = await f.gk.documents.add(f.firmId, { name: 'Umsätze 2025.xlsx', body: xlsxAfterCustomXml() });
    assert.equal(workbook.type, XLSX);
    // A picture of more than 1 MiB first: the sniff must skip it, not give up.
    const big = docxWithLateContentTypes({ name: 'word/media/image1.png', data: new Uint8Array(2 * 1024 * 1024 + 17) });
    assert.equal((await f.gk.documents.add(f.firmId, { name: 'Baupläne.docx', body: big })).type, DOCX);
    const plain = await f.gk.documents.add(f.firmId, { name: 'Belege.docx', body: zipStored([thumbnail(), { name: 'Belege/liesmich.txt', data: 'Belege 2025' }]) });
    assert.equal(plain.type, 'application/zip');
  });
});
