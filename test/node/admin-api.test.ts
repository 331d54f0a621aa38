import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFixture, type Fixture } from './helpers/fixture.js';
import { tokenIn } from './helpers/smtp-peer.js';

const resource = { type: 'share', id: 'year-end' };

describe('admin API (firm API key)', () => {
  let f: Fixture;
  let auth: Record<string, string>;
  before(async () => {
    f = await createFixture();
    auth = { authorization: `Bearer ${f.apiKey}` };
  });
  after(() => f.close());

  const create = (body: unknown, key: string = crypto.randomUUID()) => f.call('POST', '/v1/admin/links', { body, headers: { ...auth, 'idempotency-key': key }, origin: null });

  it('refuses missing, malformed, unknown and revoked API keys', async () => {
    const { newToken } = await import('../../src/server-adapter/core/crypto.js');
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer nope' }, { authorization: `Bearer ${newToken('key')}` }]) {
      const response = await f.call('GET', '/v1/admin/links', { headers, origin: null });
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as { code: string }).code, 'api_key_invalid');
    }
    const { key, record } = await f.gk.apiKeys.create(f.firmId, 'temp');
    assert.equal((await f.call('GET', '/v1/admin/links', { headers: { authorization: `Bearer ${key}` }, origin: null })).status, 200);
    await f.gk.apiKeys.revoke(f.firmId, record.id);
    assert.equal((await f.call('GET', '/v1/admin/links', { headers: { authorization: `Bearer ${key}` }, origin: null })).status, 401);
    const stored = await f.gk.apiKeys.list(f.firmId);
    assert.ok(stored.every((k) => !JSON.stringify(k).includes(key)), 'only hashes are stored');
  });

  it('creates a link, mails it in the recipient’s language with Reply-To the staff member, and shows the token once', async () => {
    const response = await create({
      kind: 'view',
      resource,
      recipient: { email: 'mortgage@bank.example', name: 'Max Hypo', locale: 'de' },
      send: true,
      message: 'Anbei die Unterlagen für Ihre Prüfung.',
      createdBy: { email: 'anna@kanzlei.example', name: 'Anna Steuer' },
    });
    assert.equal(response.status, 201);
    const created = (await response.json()) as { token: string; url: string; sent: boolean; link: { id: string } };
    assert.equal(created.sent, true);
    assert.equal(created.url, `https://kanzlei.example/view#gk=${created.token}`);
    const [mail] = await f.smtp.waitFor(1);
    assert.equal(mail!.replyTo, 'anna@kanzlei.example');
    assert.match(mail!.subject, /^Für Sie freigegebene Dokumente – Kanzlei Muster & Partner$/);
    assert.match(mail!.text, /Guten Tag Max Hypo,/);
    assert.match(mail!.text, /Anbei die Unterlagen für Ihre Prüfung\./);
    assert.match(mail!.text, /Mit freundlichen Grüßen\nAnna Steuer\nKanzlei Muster & Partner/);
    assert.equal(tokenIn(mail!), created.token);
    const listed = await f.call('GET', '/v1/admin/links', { headers: auth, origin: null });
    assert.ok(!(await listed.text()).includes(created.token), 'lists never show tokens');
  });

  it('honours Idempotency-Key: replay, 422 on a different body, 400 without a key', async () => {
    const body = { kind: 'upload', resource: { type: 'upload-request', id: 'r-1' }, recipient: { email: 'lead@example.com' } };
    const first = await create(body, 'key-00000001');
    const replay = await create(body, 'key-00000001');
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(((await first.json()) as { token: string }).token, ((await replay.json()) as { token: string }).token);
    const changed = await create({ ...body, recipient: { email: 'other@example.com' } }, 'key-00000001');
    assert.equal(changed.status, 422);
    const missing = await f.call('POST', '/v1/admin/links', { body, headers: auth, origin: null });
    assert.equal(missing.status, 400);
    assert.equal(((await missing.json()) as { code: string }).code, 'idempotency_key_required');
    const links = await f.gk.links.list(f.firmId, { resource: { type: 'upload-request', id: 'r-1' } });
    assert.equal(links.length, 1, 'one link despite the retry');
  });

  it('takes a firm\'s link page, origins and logo over https only — http on this machine alone (SECURITY.md R12)', async () => {
    const firm = (changes: Record<string, unknown>) =>
      f.gk.firms.create({ name: 'Kanzlei', mailFrom: 'no-reply@kanzlei.example', linkBaseUrl: 'https://kanzlei.example/{kind}', ...changes });
    for (const [changes, field] of [
      [{ linkBaseUrl: 'http://kanzlei.example/{kind}' }, 'linkBaseUrl'],
      [{ linkBaseUrl: 'javascript:alert(1)//{kind}' }, 'linkBaseUrl'],
      [{ logoUrl: 'http://kanzlei.example/logo.png' }, 'logoUrl'],
      [{ logoUrl: 'data:image/png;base64,iVBORw0KGgo=' }, 'logoUrl'],
      [{ allowedOrigins: ['http://kanzlei.example'] }, 'origin'],
      [{ allowedOrigins: ['not an origin'] }, 'origin'],
    ] as const) {
      await assert.rejects(firm(changes), (error: { code?: string; message?: string }) => error.code === 'validation_failed' && error.message!.includes(field), JSON.stringify(changes));
    }
    const local = await firm({ linkBaseUrl: 'http://localhost:4780/{kind}', allowedOrigins: ['http://127.0.0.1:4780', 'http://[::1]:4780'], logoUrl: 'https://kanzlei.example/logo.png' });
    assert.deepEqual(local.allowedOrigins, ['http://127.0.0.1:4780', 'http://[::1]:4780']);
    // A firm stored before http was refused: an update that keeps the http page says so, and one that gives an https page goes through.
    const old = await firm({});
    await f.gk.runtime.store.firms.put({ ...old, linkBaseUrl: 'http://kanzlei.example/{kind}' });
    await assert.rejects(f.gk.firms.update(old.id, { name: 'Kanzlei Neu' }), (error: { code?: string; message?: string }) => error.code === 'validation_failed' && /stored linkBaseUrl is not https: give an https one with this update/.test(error.message!));
    assert.equal((await f.gk.firms.update(old.id, { name: 'Kanzlei Neu', linkBaseUrl: 'https://kanzlei.example/{kind}' })).name, 'Kanzlei Neu');
  });

  it('regression: takes a sender address by the rule every address follows — "x@y", a display name or ü before the @ were let through, or refused as vaguely; a stored one stays until changed', async () => {
    const firm = (mailFrom: string) => f.gk.firms.create({ name: 'Kanzlei', mailFrom, linkBaseUrl: 'https://kanzlei.example/{kind}' });
    for (const [mailFrom, why] of [
      ['x@y', /plain e-mail address/],
      ['no-reply@kanzlei', /plain e-mail address/],
      ['"Kanzlei" <no-reply@kanzlei.example>', /plain e-mail address/],
      ['büro@kanzlei.example', /only ASCII letters before the @/],
    ] as const) {
      await assert.rejects(firm(mailFrom), (error: { code?: string; message?: string }) => error.code === 'validation_failed' && why.test(error.message!), mailFrom);
    }
    const idn = await firm('no-reply@bücher-kanzlei.de');
    assert.equal(idn.mailFrom, 'no-reply@bücher-kanzlei.de', 'an internationalised domain is taken');
    // Stored by the earlier check: an update that leaves it goes through; one that sets a bad one does not.
    await f.gk.runtime.store.firms.put({ ...idn, mailFrom: 'x@y' });
    assert.equal((await f.gk.firms.update(idn.id, { name: 'Kanzlei Neu' })).mailFrom, 'x@y');
    await assert.rejects(f.gk.firms.update(idn.id, { mailFrom: 'x@z' }), (error: { code?: string }) => error.code === 'validation_failed');
    assert.equal((await f.gk.firms.update(idn.id, { mailFrom: 'post@kanzlei.example' })).mailFrom, 'post@kanzlei.example');
  });

  it('refuses a firm name with control or text-direction characters: it sits inside the widgets\' and mails\' sentences', async () => {
    const firm = (name: string) => f.gk.firms.create({ name, mailFrom: 'no-reply@kanzlei.example', linkBaseUrl: 'https://kanzlei.example/{kind}' });
    for (const name of ['Kanzlei \u202eMuster', 'Kanzlei\u2067 Muster', 'Kanzlei\r\nBcc: x@y.example', 'Kanzlei\u0000']) {
      await assert.rejects(firm(name), (error: { code?: string; message?: string }) => error.code === 'validation_failed' && /control or text-direction/.test(error.message!), JSON.stringify(name));
    }
    // A right-to-left mark only sets the direction next to it: taken.
    const taken = await firm('Steuerbüro Müller & Söhne – \u200fبيت المحاسبة');
    await assert.rejects(f.gk.firms.update(taken.id, { name: 'Neu\u202e' }), (error: { code?: string }) => error.code === 'validation_failed');
    // One stored before the rule: other settings still change; a new name must follow it.
    await f.gk.runtime.store.firms.put({ ...taken, name: 'Kanzlei \u202eAlt' });
    assert.equal((await f.gk.firms.update(taken.id, { logoUrl: 'https://kanzlei.example/logo.png' })).name, 'Kanzlei \u202eAlt');
  });

  it('validates input with issue paths', async () => {
    const response = await create({ kind: 'nope', resource, recipient: { email: 'not-an-email' } });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { code: string; issues: { path: string }[] };
    assert.equal(body.code, 'validation_failed');
    assert.deepEqual(body.issues.map((i) => i.path).sort(), ['kind', 'recipient.email']);
  });

  it('lists and revokes links, and lists and verifies the audit chain', async () => {
    const created = (await (await create({ kind: 'view', resource, recipient: { email: 'x@y.example' } })).json()) as { link: { id: string } };
    const revoked = await f.call('POST', `/v1/admin/links/${created.link.id}/revoke`, { headers: auth, origin: null });
    assert.equal(revoked.status, 200);
    assert.ok(((await revoked.json()) as { revokedAt: string | null }).revokedAt);
    const active = (await (await f.call('GET', `/v1/admin/links?resourceType=share&resourceId=year-end&active=true`, { headers: auth, origin: null })).json()) as { links: { id: string }[] };
    assert.ok(!active.links.some((l) => l.id === created.link.id));
    const audit = (await (await f.call('GET', '/v1/admin/audit?resourceType=share&resourceId=year-end', { headers: auth, origin: null })).json()) as { events: { type: string; actor: string; seq: number }[] };
    assert.deepEqual(audit.events.map((e) => e.seq), audit.events.map((_, i) => i + 1));
    assert.ok(audit.events.some((e) => e.type === 'link.revoked' && e.actor.startsWith('api-key:')));
    const verify = (await (await f.call('GET', '/v1/admin/audit/verify?resourceType=share&resourceId=year-end', { headers: auth, origin: null })).json()) as { ok: boolean; count: number };
    assert.deepEqual(verify, { ok: true, count: audit.events.length });
  });

  it('regression: refuses an expiresAt more than 366 days ahead, the most ttlSeconds may give', async () => {
    const body = { kind: 'sign', resource: { type: 'signature-request', id: 'sr-1' }, recipient: { email: 'c@example.com' } };
    const ahead = (ms: number) => new Date(f.gk.runtime.now() + ms).toISOString();
    for (const expiresAt of ['9999-12-31T23:59:59Z', ahead(366 * 86_400_000 + 60_000)]) {
      const refused = await create({ ...body, expiresAt });
      assert.equal(refused.status, 400, expiresAt);
      const problem = (await refused.json()) as { code: string; detail: string; issues: { path: string; message: string }[] };
      assert.equal(problem.code, 'validation_failed');
      assert.match(problem.detail, /expiresAt must be at most 366 days ahead/);
      assert.deepEqual(problem.issues.map((i) => i.path), ['expiresAt']);
    }
    const year = ahead(365 * 86_400_000);
    const accepted = await create({ ...body, expiresAt: year });
    assert.equal(accepted.status, 201);
    assert.equal(((await accepted.json()) as { link: { expiresAt: string } }).link.expiresAt, year);
  });

  it('regression: the audit list honours limit for a resource too: its newest events, in chain order', async () => {
    const chain = { type: 'share', id: 'limited-audit' };
    for (let i = 0; i < 4; i++) assert.equal((await create({ kind: 'view', resource: chain, recipient: { email: `r${i}@example.com` } })).status, 201);
    const list = async (query: string) =>
      ((await (await f.call('GET', `/v1/admin/audit?resourceType=share&resourceId=limited-audit${query}`, { headers: auth, origin: null })).json()) as { events: { seq: number }[] }).events.map((e) => e.seq);
    assert.deepEqual(await list(''), [1, 2, 3, 4], 'the whole chain without a limit');
    assert.deepEqual(await list('&limit=2'), [3, 4]);
    assert.deepEqual((await f.gk.audit.list(f.firmId, { resource: chain, limit: 3 })).map((e) => e.seq), [2, 3, 4], 'the same in process');
  });

  it('keeps firms apart: another firm’s key sees none of these links and cannot revoke them', async () => {
    const other = await f.gk.firms.create({ name: 'Other', mailFrom: 'o@other.example', linkBaseUrl: 'https://other.example/{kind}' });
    const { key } = await f.gk.apiKeys.create(other.id, 'other');
    const mine = await f.gk.links.list(f.firmId);
    const headers = { authorization: `Bearer ${key}` };
    const list = (await (await f.call('GET', '/v1/admin/links', { headers, origin: null })).json()) as { links: unknown[] };
    assert.equal(list.links.length, 0);
    const revoke = await f.call('POST', `/v1/admin/links/${mine[0]!.id}/revoke`, { headers, origin: null });
    assert.equal(revoke.status, 404);
    const audit = (await (await f.call('GET', '/v1/admin/audit', { headers, origin: null })).json()) as { events: unknown[] };
    assert.equal(audit.events.length, 0);
  });
});
