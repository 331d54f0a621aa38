/**
 * What the mails to a link's recipient say, as a real SMTP peer receives them: an invitation
 * names the code opening the link will ask for (never the code itself) and an upload request's
 * deadline; the one-time-code mail uses the widget's words; an upload request is not mailed with
 * a deadline already past.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFixture, type Fixture } from './helpers/fixture.js';
import { linkIn, tokenIn } from './helpers/smtp-peer.js';

const resource = { type: 'share', id: 'tax-2025' };

describe('the mails to a link’s recipient (real SMTP peer)', () => {
  let f: Fixture;
  beforeEach(async () => (f = await createFixture()));
  afterEach(() => f.close());

  /** The one mail the next `send` makes. */
  async function mailOf(send: () => Promise<unknown>) {
    const before = f.smtp.messages.length;
    await send();
    return (await f.smtp.waitFor(before + 1))[before]!;
  }

  it('regression: an invitation to a link with an access code says opening it asks for one, given separately by the sender — never the code', async () => {
    const de = await mailOf(() =>
      f.gk.links.create(f.firmId, { kind: 'view', resource, recipient: { email: 'banker@bank.example', locale: 'de' }, stepUp: { type: 'access_code', code: 'Birke-4711' }, send: true }),
    );
    assert.match(de.text, /Beim Öffnen des Links werden Sie nach einem Zugangscode gefragt\. Diesen erhalten Sie gesondert vom Absender; er steht nicht in dieser E-Mail\./);
    assert.doesNotMatch(de.raw, /Birke-4711/, 'the access code is not in the mail');
    const en = await mailOf(() =>
      f.gk.links.create(f.firmId, { kind: 'view', resource, recipient: { email: 'lawyer@law.example', locale: 'en' }, stepUp: { type: 'access_code', code: 'Birke-4711' }, send: true }),
    );
    assert.match(en.text, /When you open the link, you will be asked for an access code\. The sender gives it to you separately; it is not in this e-mail\./);
    assert.doesNotMatch(en.raw, /Birke-4711/);
    const plain = await mailOf(() => f.gk.links.create(f.firmId, { kind: 'view', resource, recipient: { email: 'plain@bank.example', locale: 'en' }, send: true }));
    assert.doesNotMatch(plain.text.replace(linkIn(plain), ''), /code/i, 'a link without step-up mentions no code');
  });

  it('the mail with a fresh link for an expired one says so too (the fresh link asks for the same access code)', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient: { email: 'banker@bank.example', locale: 'de' }, stepUp: { type: 'access_code', code: 'Birke-4711' }, ttlSeconds: 60 });
    f.advance(61_000);
    const fresh = await mailOf(() => f.call('POST', '/v1/links/refresh', { body: { token } }));
    assert.match(fresh.subject, /^Ihr neuer Link/);
    assert.match(fresh.text, /Beim Öffnen des Links werden Sie nach einem Zugangscode gefragt\./);
    assert.doesNotMatch(fresh.raw, /Birke-4711/);
  });

  it('regression: an invitation to a link with a one-time code says one is sent to this address when the link is opened', async () => {
    const de = await mailOf(() => f.gk.links.create(f.firmId, { kind: 'view', resource, recipient: { email: 'banker@bank.example', locale: 'de' }, stepUp: { type: 'email_otp' }, send: true }));
    assert.match(de.text, /Beim Öffnen des Links werden Sie nach einem Einmalcode gefragt, den wir Ihnen an diese E-Mail-Adresse senden\./);
    assert.doesNotMatch(de.text, /Zugangscode/, 'the access code is the other one');
    const en = await mailOf(() => f.gk.links.create(f.firmId, { kind: 'view', resource, recipient: { email: 'lawyer@law.example', locale: 'en' }, stepUp: { type: 'email_otp' }, send: true }));
    assert.match(en.text, /When you open the link, you will be asked for a one-time code, which we send to this e-mail address\./);
  });

  it('regression: the one-time-code mail calls it what the widget does — Einmalcode / one-time code, not the firm’s access code', async () => {
    for (const [locale, subject, body] of [
      ['de', /^Ihr Einmalcode – Kanzlei Muster & Partner$/, /^Ihr Einmalcode lautet: \d{6}$/m],
      ['en', /^Your one-time code – Kanzlei Muster & Partner$/, /^Your one-time code is: \d{6}$/m],
    ] as const) {
      const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient: { email: `otp-${locale}@bank.example`, locale }, stepUp: { type: 'email_otp' } });
      const mail = await mailOf(() => f.call('POST', '/v1/session/otp', { body: { token } }));
      assert.match(mail.subject, subject);
      assert.match(mail.text, body);
      assert.doesNotMatch(mail.text, /Zugangscode|access code/i);
    }
  });

  it('regression: an upload request’s invitation states its deadline (recipient’s language, the time zone of “valid until”) and whether late files are taken', async () => {
    const de = await mailOf(() =>
      f.gk.uploads.createRequest(f.firmId, { title: 'Belege 2025', uploader: { email: 'client@mandant.example', locale: 'de' }, deadline: '2099-12-15T17:00:00Z', lateUploads: 'refuse', send: true }),
    );
    assert.match(de.text, /^Bitte laden Sie Ihre Unterlagen bis 15\. Dezember 2099 um 18:00 MEZ hoch\. Danach nimmt der Link keine Dateien mehr an\.$/m);
    assert.match(de.text, /^Dieser Link ist gültig bis .+ (MEZ|MESZ)\.$/m, 'in the same time zone as the link’s validity');
    const en = await mailOf(() =>
      f.gk.uploads.createRequest(f.firmId, { title: 'Receipts 2025', uploader: { email: 'bookkeeper@client.example', locale: 'en' }, deadline: '2099-07-15T16:00:00Z', lateUploads: 'allow', send: true }),
    );
    assert.match(en.text, /^Please upload your documents by 15 July 2099 at 18:00 CEST\. Files that arrive later are still accepted, but marked as late\.$/m);
    const none = await mailOf(() => f.gk.uploads.createRequest(f.firmId, { title: 'Ohne Frist', uploader: { email: 'nodeadline@mandant.example', locale: 'de' }, send: true }));
    assert.doesNotMatch(none.text, /Bitte laden Sie Ihre Unterlagen bis|Frist|verspätet/, 'no deadline, no deadline line');
  });

  it('regression: every mail of an upload request’s link states the deadline — a second link made on its own, and a fresh link for an expired one', async () => {
    const { request } = await f.gk.uploads.createRequest(f.firmId, { title: 'Belege 2025', uploader: { email: 'client@mandant.example', locale: 'de' }, deadline: '2099-12-15T17:00:00Z', lateUploads: 'refuse' });
    const deadline = /^Bitte laden Sie Ihre Unterlagen bis 15\. Dezember 2099 um 18:00 MEZ hoch\. Danach nimmt der Link keine Dateien mehr an\.$/m;
    const resource = { type: 'upload-request', id: request.id };
    const second = await mailOf(() => f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'partner@mandant.example', locale: 'de' }, send: true }));
    assert.match(second.text, deadline);
    const { token } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'client@mandant.example', locale: 'de' }, ttlSeconds: 60 });
    f.advance(61_000);
    const fresh = await mailOf(() => f.call('POST', '/v1/links/refresh', { body: { token } }));
    assert.match(fresh.subject, /^Ihr neuer Link/);
    assert.match(fresh.text, deadline);
  });

  it('regression: a link mailed after the deadline of a request that still takes late files says the deadline has gone by, instead of asking for files by it', async () => {
    const { request } = await f.gk.uploads.createRequest(f.firmId, { title: 'Belege 2025', uploader: { email: 'client@mandant.example', locale: 'de' }, deadline: '2099-12-15T17:00:00Z', lateUploads: 'allow' });
    f.advance(Date.parse('2099-12-16T00:00:00Z') - f.gk.runtime.now());
    const resource = { type: 'upload-request', id: request.id };
    const de = await mailOf(() => f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'client@mandant.example', locale: 'de' }, send: true }));
    assert.match(de.text, /^Die Frist endete am 15\. Dezember 2099 um 18:00 MEZ\. Dateien, die Sie jetzt senden, werden noch angenommen, aber als verspätet gekennzeichnet\.$/m);
    assert.doesNotMatch(de.text, /Bitte laden Sie Ihre Unterlagen bis/);
    const en = await mailOf(() => f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'partner@client.example', locale: 'en' }, send: true }));
    assert.match(en.text, /^The deadline was 15 December 2099 at 18:00 CET\. Files you send now are still accepted, but marked as late\.$/m);
  });

  it('regression: no link is mailed, and no fresh link made, for a request that takes nothing any more — past a deadline that refuses late files, or deactivated (410 upload_closed)', async () => {
    const before = f.smtp.messages.length;
    const { request, link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Belege 2025', uploader: { email: 'client@mandant.example', locale: 'de' }, deadline: '2099-12-15T17:00:00Z', lateUploads: 'refuse', linkTtlSeconds: 60 });
    const resource = { type: 'upload-request', id: request.id };
    f.advance(Date.parse('2099-12-16T00:00:00Z') - f.gk.runtime.now());
    const links = (await f.gk.links.list(f.firmId)).length;
    await assert.rejects(
      f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'client@mandant.example', locale: 'de' }, send: true }),
      (error: { code?: string; status?: number }) => error.code === 'upload_closed' && error.status === 410,
    );
    assert.equal((await f.gk.links.list(f.firmId)).length, links, 'no link made');
    assert.equal((await f.call('POST', '/v1/links/refresh', { body: { token: link.token } })).status, 202, 'the refresh endpoint answers as always');
    // An open request, deactivated by the firm.
    const open = await f.gk.uploads.createRequest(f.firmId, { title: 'Vollmacht', uploader: { email: 'other@mandant.example', locale: 'de' } });
    await f.gk.uploads.deactivate(f.firmId, open.request.id);
    await assert.rejects(
      f.gk.links.create(f.firmId, { kind: 'upload', resource: { type: 'upload-request', id: open.request.id }, recipient: { email: 'other@mandant.example' }, send: true }),
      (error: { code?: string }) => error.code === 'upload_closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(f.smtp.messages.length, before, 'nothing mailed: no invitation, no fresh link');
    assert.equal((await f.gk.links.list(f.firmId)).length, links + 1, 'no fresh link made, only the open request’s own link');
  });

  it('regression: an upload request mailed with its deadline already past is refused (400 validation_failed, titled in German or English) and nothing is made or mailed; one not mailed is made', async () => {
    const past = new Date(f.gk.runtime.now() - 60_000).toISOString();
    const body = { title: 'Zu spät', uploader: { email: 'late@mandant.example', locale: 'de' }, deadline: past, lateUploads: 'refuse', send: true };
    const create = (json: unknown, language: string) =>
      f.call('POST', '/v1/admin/upload-requests', { body: json, headers: { authorization: `Bearer ${f.apiKey}`, 'idempotency-key': crypto.randomUUID(), 'accept-language': language }, origin: null });
    const before = f.smtp.messages.length;
    for (const [language, title] of [
      ['de', 'Bitte prüfen Sie die Frist: Sie muss ein Zeitpunkt in der Zukunft sein.'],
      ['en', 'Please check the deadline: it must be a date and time in the future.'],
    ] as const) {
      const refused = await create(body, language);
      assert.equal(refused.status, 400);
      const problem = (await refused.json()) as { code: string; title: string; issues: { path: string }[] };
      assert.equal(problem.code, 'validation_failed');
      assert.equal(problem.title, title);
      assert.deepEqual(problem.issues.map((issue) => issue.path), ['deadline']);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(f.smtp.messages.length, before, 'nothing mailed');
    assert.deepEqual(await f.gk.uploads.listRequests(f.firmId), [], 'no request made');
    assert.deepEqual(await f.gk.links.list(f.firmId), [], 'no link made');

    const kept = await create({ ...body, send: false }, 'de');
    assert.equal(kept.status, 201, 'not mailed: made, the firm sees it and hands the link over itself');
    const { link } = (await kept.json()) as { link: { token: string } };
    assert.ok(link.token);
    assert.equal(f.smtp.messages.length, before);
    const ahead = await mailOf(() => create({ ...body, deadline: new Date(f.gk.runtime.now() + 3_600_000).toISOString() }, 'de'));
    assert.ok(tokenIn(ahead), 'a deadline ahead is mailed');
  });
});
