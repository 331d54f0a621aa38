import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStore, assertScope, authenticateSession, createGuestkit, type Store } from '../../src/server-adapter/index.js';
import { json } from '../../src/server-adapter/http/responses.js';
import { createFixture, type Fixture } from './helpers/fixture.js';

const resource = { type: 'share', id: 'share-1' };
const recipient = { email: 'Banker@Bank.example', name: 'Bea Banker' };

async function problemOf(response: Response) {
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  return (await response.json()) as { code: string; title: string; status: number; retryAfter?: number };
}

describe('link exchange', () => {
  let f: Fixture;
  let lookups: number;
  beforeEach(async () => {
    const store = memoryStore();
    lookups = 0;
    // Count store lookups by hash, to prove garbage never reaches the store.
    const counting: Store = { ...store, links: { ...store.links, getByHash: (h) => (lookups++, store.links.getByHash(h)) } };
    f = await createFixture({ store: counting });
  });
  afterEach(() => f.close());

  it('exchanges a valid link for a short-lived session with masked recipient and firm branding', async () => {
    const { token, link } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
    const response = await f.call('POST', '/v1/session', { body: { token } });
    assert.equal(response.status, 201);
    const session = (await response.json()) as { session: string; expiresAt: string; scope: { kind: string; action: string; resource: unknown; recipient: { email: string } }; firm: { name: string } };
    assert.match(session.session, /^gk_sess_/);
    assert.deepEqual(session.scope.resource, resource);
    assert.equal(session.scope.action, 'view');
    assert.equal(session.scope.recipient.email, 'b***@bank.example');
    assert.equal(session.firm.name, 'Kanzlei Muster & Partner');
    const ttl = Date.parse(session.expiresAt) - Date.now();
    assert.ok(ttl > 14 * 60_000 && ttl <= 15 * 60_000, `session lives ~15 minutes, got ${ttl} ms`);
    const me = await f.call('GET', '/v1/session', { headers: { authorization: `Bearer ${session.session}` } });
    assert.equal(me.status, 200);
    const events = await f.gk.audit.list(f.firmId, { resource });
    const opened = events.find((e) => e.type === 'link.opened');
    assert.ok(opened, 'link.opened recorded');
    assert.equal(opened.verified, false, 'opening is never evidence: a scanner looks the same');
    assert.equal(opened.data.linkId, link.id);
    assert.equal(opened.ip, '203.0.113.7');
    assert.equal(opened.userAgent, 'guestkit-tests');
  });

  it('keeps at most 512 characters of a User-Agent, in the session as in the audit log', async () => {
    const inserted: { userAgent: string | null }[] = [];
    const { sessions } = f.gk.runtime.store;
    f.gk.runtime.store = { ...f.gk.runtime.store, sessions: { ...sessions, insert: (record) => (inserted.push(record), sessions.insert(record)) } };
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
    const userAgent = `Mozilla/5.0 ${'x'.repeat(6000)}`;
    assert.equal((await f.call('POST', '/v1/session', { body: { token }, headers: { 'user-agent': userAgent } })).status, 201);
    assert.deepEqual(inserted.map((record) => record.userAgent), [userAgent.slice(0, 512)]);
    const opened = (await f.gk.audit.list(f.firmId, { resource })).find((event) => event.type === 'link.opened');
    assert.equal(opened?.userAgent, userAgent.slice(0, 512));
  });

  it('rejects a token with one character changed before any store lookup', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
    lookups = 0;
    const i = 20;
    const tampered = token.slice(0, i) + (token[i] === 'a' ? 'b' : 'a') + token.slice(i + 1);
    const response = await f.call('POST', '/v1/session', { body: { token: tampered } });
    assert.equal(response.status, 404);
    assert.equal((await problemOf(response)).code, 'invalid_token');
    assert.equal(lookups, 0, 'no store lookup for a bad checksum');
  });

  it('answers an unknown but well-formed token with link_not_found', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
    await f.gk.runtime.store.links.list(f.firmId); // unrelated read
    const other = (await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient })).token;
    assert.notEqual(token, other);
    const fresh = (await import('../../src/server-adapter/core/crypto.js')).newToken('view');
    const response = await f.call('POST', '/v1/session', { body: { token: fresh } });
    assert.equal(response.status, 404);
    assert.equal((await problemOf(response)).code, 'link_not_found');
  });

  it('refuses an expired link (server clock), and records the refusal', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient, ttlSeconds: 3600 });
    f.advance(3600_000 + 1);
    const response = await f.call('POST', '/v1/session', { body: { token } });
    assert.equal(response.status, 410);
    assert.equal((await problemOf(response)).code, 'link_expired');
    const events = await f.gk.audit.list(f.firmId, { resource });
    assert.equal(events.at(-1)?.type, 'link.refused');
  });

  it('refuses an expiry in the past at issue time', async () => {
    await assert.rejects(
      f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, expiresAt: new Date(Date.now() - 1000).toISOString() }),
      (error: Error & { code?: string }) => error.code === 'validation_failed',
    );
  });

  it('revocation is immediate and ends sessions made from the link', async () => {
    const { token, link } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
    const { session } = (await (await f.call('POST', '/v1/session', { body: { token } })).json()) as { session: string };
    await f.gk.links.revoke(f.firmId, link.id);
    const withSession = await f.call('GET', '/v1/session', { headers: { authorization: `Bearer ${session}` } });
    // The session is ended with the link (the store's conformance suite checks that); what its
    // holder is told is why: revoked, so the widget can say so rather than "open the link again".
    assert.equal(withSession.status, 410);
    assert.equal((await problemOf(withSession)).code, 'link_revoked');
    const again = await f.call('POST', '/v1/session', { body: { token } });
    assert.equal(again.status, 410);
    assert.equal((await problemOf(again)).code, 'link_revoked');
    const types = (await f.gk.audit.list(f.firmId, { resource })).map((e) => e.type);
    assert.ok(types.includes('link.revoked'));
  });

  it('a session expires after its lifetime and can be refreshed before that without step-up', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
    const first = (await (await f.call('POST', '/v1/session', { body: { token } })).json()) as { session: string };
    f.advance(10 * 60_000);
    const refreshed = await f.call('POST', '/v1/session/refresh', { headers: { authorization: `Bearer ${first.session}` } });
    assert.equal(refreshed.status, 201);
    const second = (await refreshed.json()) as { session: string };
    assert.equal((await f.call('GET', '/v1/session', { headers: { authorization: `Bearer ${first.session}` } })).status, 401, 'old session ended');
    assert.equal((await f.call('GET', '/v1/session', { headers: { authorization: `Bearer ${second.session}` } })).status, 200);
    f.advance(16 * 60_000);
    assert.equal((await f.call('GET', '/v1/session', { headers: { authorization: `Bearer ${second.session}` } })).status, 401, 'expired');
  });

  it('refreshing carries a session for 8 hours at most; then it is refused and opening the link anew starts another 8 hours', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, ttlSeconds: 7 * 86_400 });
    const opened = (await (await f.call('POST', '/v1/session', { body: { token } })).json()) as { session: string; expiresAt: string; issuedAt: string };
    const chainEnd = Date.parse(opened.issuedAt) + 8 * 3600_000;
    const refresh = (session: string) => f.call('POST', '/v1/session/refresh', { headers: { authorization: `Bearer ${session}` } });
    let session = opened.session;
    let expiresAt = opened.expiresAt;
    // Every 14 minutes for 7 h 56 min: each refresh is a fresh 15 minutes.
    for (let minute = 14; minute <= 476; minute += 14) {
      f.advance(14 * 60_000);
      const refreshed = await refresh(session);
      assert.equal(refreshed.status, 201, `refresh at ${minute} min`);
      ({ session, expiresAt } = (await refreshed.json()) as { session: string; expiresAt: string });
    }
    // The one made at 7 h 56 min ends at 8 h, not 8 h 11 min; refreshing it then gives 4 minutes more at most.
    assert.equal(Date.parse(expiresAt), chainEnd);
    f.advance(3 * 60_000);
    const last = await refresh(session);
    assert.equal(last.status, 201);
    ({ session, expiresAt } = (await last.json()) as { session: string; expiresAt: string });
    assert.equal(Date.parse(expiresAt), chainEnd, 'not past the chain\'s end');
    f.advance(60_000);
    assert.equal((await f.call('GET', '/v1/session', { headers: { authorization: `Bearer ${session}` } })).status, 401, 'the chain ended at 8 h');
    assert.equal((await problemOf(await refresh(session))).code, 'session_invalid');
    // The link itself still opens (a page reload, the widget re-exchanging): a new chain.
    const again = await f.call('POST', '/v1/session', { body: { token } });
    assert.equal(again.status, 201);
    const next = (await again.json()) as { expiresAt: string; issuedAt: string };
    assert.equal(Date.parse(next.expiresAt), Date.parse(next.issuedAt) + 15 * 60_000);
  });

  it('refuses a session chain longer than 8 hours or shorter than one session', () => {
    const make = (options: { sessionTtlSeconds?: number; sessionMaxSeconds: number }) => () => createGuestkit({ store: memoryStore(), mailer: { send: async () => ({ messageId: 'unused' }) }, ...options });
    assert.throws(make({ sessionMaxSeconds: 8 * 3600 + 1 }), /sessionMaxSeconds/);
    assert.throws(make({ sessionMaxSeconds: 600 }), /sessionMaxSeconds/, 'shorter than the default 15-minute session');
    assert.throws(make({ sessionMaxSeconds: Number.NaN }), /sessionMaxSeconds/);
    assert.doesNotThrow(make({ sessionTtlSeconds: 300, sessionMaxSeconds: 600 }));
    // A session longer than 8 hours is named as such, not blamed on the chain it cannot fit in.
    assert.throws(() => createGuestkit({ store: memoryStore(), mailer: { send: async () => ({ messageId: 'unused' }) }, sessionTtlSeconds: 9 * 3600 }), /^TypeError: sessionTtlSeconds must be/);
    assert.throws(() => createGuestkit({ store: memoryStore(), mailer: { send: async () => ({ messageId: 'unused' }) }, sessionTtlSeconds: 30 }), /sessionTtlSeconds must be a number of seconds from 60/, 'under a minute: the client renews in the last 30 seconds');
  });

  it('a log sink that throws (a full disk) fails neither the request nor what it did', async () => {
    const failing = await createFixture({
      logger: {
        info: () => {
          throw new Error('ENOSPC: log disk full');
        },
        warn: () => undefined,
        error: () => undefined,
      },
    });
    const stderr = console.error;
    const said: string[] = [];
    console.error = (line: string) => void said.push(line);
    try {
      const { token } = await failing.gk.links.create(failing.firmId, { kind: 'view', resource, recipient });
      assert.equal((await failing.call('POST', '/v1/session', { body: { token } })).status, 201);
      assert.equal((await failing.call('POST', '/v1/session', { body: { token } })).status, 201);
      const opened = (await failing.gk.audit.list(failing.firmId, { resource })).filter((event) => event.type === 'link.opened');
      assert.equal(opened.length, 2);
      assert.equal(said.length, 1, 'said once');
      assert.match(said[0]!, /logger failed.*ENOSPC/);
    } finally {
      console.error = stderr;
      await failing.close();
    }
  });

  it('an async log sink that rejects neither fails the request nor brings the process down', async () => {
    const failing = await createFixture({
      logger: {
        // Typed as sync, written as async: its rejection would otherwise be unhandled and end the process.
        info: (async () => {
          throw new Error('ENOSPC: log disk full');
        }) as () => void,
        warn: () => undefined,
        error: () => undefined,
      },
    });
    const stderr = console.error;
    const said: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    console.error = (line: string) => void said.push(line);
    try {
      const { token } = await failing.gk.links.create(failing.firmId, { kind: 'view', resource, recipient });
      assert.equal((await failing.call('POST', '/v1/session', { body: { token } })).status, 201);
      assert.equal((await failing.call('POST', '/v1/session', { body: { token } })).status, 201);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(unhandled, []);
      assert.equal(said.length, 1, 'said once');
      assert.match(said[0]!, /logger failed.*ENOSPC/);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      console.error = stderr;
      await failing.close();
    }
  });

  it('a session never outlives its link', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, ttlSeconds: 120 });
    const session = (await (await f.call('POST', '/v1/session', { body: { token } })).json()) as { expiresAt: string; linkExpiresAt: string };
    assert.equal(session.expiresAt, session.linkExpiresAt);
  });

  it('enforces scope: a session for one resource and action cannot touch another', async () => {
    f.gk.router.on('GET', '/v1/test/:type/:id/:action', async (ctx) => {
      const context = await authenticateSession(f.gk.runtime, ctx.request.headers.get('authorization'), ctx.meta);
      assertScope(context, { type: ctx.params.type!, id: ctx.params.id! }, ctx.params.action!);
      return json({ ok: true });
    });
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
    const { session } = (await (await f.call('POST', '/v1/session', { body: { token } })).json()) as { session: string };
    const auth = { authorization: `Bearer ${session}` };
    assert.equal((await f.call('GET', '/v1/test/share/share-1/view', { headers: auth })).status, 200);
    for (const path of ['/v1/test/share/share-2/view', '/v1/test/upload-request/share-1/view', '/v1/test/share/share-1/upload']) {
      const response = await f.call('GET', path, { headers: auth });
      assert.equal(response.status, 403, path);
      assert.equal((await problemOf(response)).code, 'scope_forbidden');
    }
  });

  it('rate-limits exchanges per IP and per token, with Retry-After', async () => {
    await f.close();
    f = await createFixture({ rateLimits: { exchangePerIpPerMinute: 5, exchangePerTokenPerMinute: 3 } });
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await f.call('POST', '/v1/session', { body: { token }, ip: `198.51.100.${i}` })).status);
    assert.deepEqual(statuses, [201, 201, 201, 429], 'per token: 3 a minute, whatever the IP');
    const garbage = { token: 'gk_view_x' };
    const fromOneIp = [];
    for (let i = 0; i < 6; i++) fromOneIp.push(await f.call('POST', '/v1/session', { body: garbage, ip: '192.0.2.1' }));
    assert.deepEqual(fromOneIp.map((r) => r.status), [404, 404, 404, 404, 404, 429], 'per IP: 5 a minute');
    const limited = fromOneIp.at(-1)!;
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((await problemOf(limited)).code, 'rate_limited');
    f.advance(60_000);
    assert.equal((await f.call('POST', '/v1/session', { body: { token }, ip: '192.0.2.1' })).status, 201, 'next window');
  });

  it('rate-limits exchanges per token per hour too (each is a session row), with Retry-After; the hour after, the link opens again', async () => {
    await f.close();
    f = await createFixture();
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
    const { token: other } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
    const statuses: number[] = [];
    // 20 a minute for 6 minutes: within the minute's limit, up to the hour's.
    for (let minute = 0; minute < 6; minute++) {
      for (let i = 0; i < 20; i++) statuses.push((await f.call('POST', '/v1/session', { body: { token }, ip: `198.51.100.${i}` })).status);
      f.advance(60_000);
    }
    assert.deepEqual([...new Set(statuses)], [201], '120 opened');
    const limited = await f.call('POST', '/v1/session', { body: { token }, ip: '203.0.113.9' });
    assert.equal(limited.status, 429);
    assert.equal((await problemOf(limited)).code, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) > 50 * 60, `until the first of them is an hour old: ${limited.headers.get('retry-after')}`);
    assert.equal((await f.call('POST', '/v1/session', { body: { token: other }, ip: '203.0.113.9' })).status, 201, 'another link is not held back');
    f.advance(55 * 60_000);
    assert.equal((await f.call('POST', '/v1/session', { body: { token }, ip: '203.0.113.9' })).status, 201, 'the hour after');
  });

  it('never accepts a token in the query string', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
    for (const query of [`?token=${token}`, `?t=${token}`, `?x=${token}`, `?gk=abc`]) {
      const response = await f.call('POST', `/v1/session${query}`, { body: { token } });
      assert.equal(response.status, 400, query);
      assert.equal((await problemOf(response)).code, 'token_in_query');
    }
  });

  it('answers errors in the visitor language', async () => {
    const response = await f.call('POST', '/v1/session', { body: { token: 'nope' }, headers: { 'accept-language': 'de-DE,de;q=0.9,en;q=0.8' } });
    const body = await problemOf(response);
    assert.equal(body.title, 'Dieser Link ist ungültig.');
    assert.equal(response.headers.get('content-language'), 'de');
  });

  it('refuses bodies that are not JSON or too large', async () => {
    const notJson = await f.gk.handle(new Request('http://adapter.test/guestkit/v1/session', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }));
    assert.equal(notJson.status, 415);
    const huge = await f.call('POST', '/v1/session', { body: { token: 'x'.repeat(70_000) } });
    assert.equal(huge.status, 413);
    const invalid = await f.call('POST', '/v1/session', { body: { nothing: true } });
    assert.equal(invalid.status, 400);
    assert.equal((await problemOf(invalid)).code, 'validation_failed');
  });
});
