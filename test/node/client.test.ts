import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '../../src/server-adapter/node.js';
import {
  createAdminClient,
  createClient,
  isGuestkitApiError,
  isGuestkitError,
  isGuestkitNetworkError,
  GuestkitApiError,
} from '../../src/client/index.js';
import { createFixture, type Fixture } from './helpers/fixture.js';
import { sessionSchema } from '../../src/protocol/session.js';

const resource = { type: 'upload-request', id: 'ur-1' };

describe('client over real HTTP (node:http adapter)', () => {
  let f: Fixture;
  let server: Server;
  let endpoint: string;
  before(async () => {
    f = await createFixture();
    server = await serve(f.gk.handle, { port: 0 });
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/guestkit`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await f.close();
  });

  it('opens a link, holds the session in memory and uses it as a bearer', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'lead@example.com' } });
    const client = createClient({ endpoint });
    const link = await client.openLink(token);
    assert.equal(link.session.scope.kind, 'upload');
    assert.deepEqual(link.session.scope.resource, resource);
    assert.match(await link.authorization(), /^Bearer gk_sess_/);
    const me = await link.raw('GET', '/v1/session');
    assert.equal(me.status, 200);
    await link.close();
    await assert.rejects(link.raw('GET', '/v1/session'), (e: unknown) => isGuestkitError(e) && e.code === 'session_invalid');
    const stored = await f.gk.runtime.store.sessions.getByHash((await import('../../src/server-adapter/core/crypto.js')).hashToken(link.session.session));
    assert.ok(stored?.endedAt, 'ended on the server too');
  });

  it('turns error bodies into typed errors with stable codes, in the requested language', async () => {
    const { token, link } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'lead@example.com' } });
    await f.gk.links.revoke(f.firmId, link.id);
    const client = createClient({ endpoint, locale: 'de' });
    const error = await client.openLink(token).catch((e: unknown) => e);
    assert.ok(isGuestkitError(error) && isGuestkitApiError(error));
    assert.ok(error instanceof GuestkitApiError);
    assert.equal(error.code, 'link_revoked');
    assert.equal(error.status, 410);
    assert.equal(error.problem.title, 'Dieser Link ist nicht mehr verfügbar.');
  });

  it('sends every request without a referrer, cookies or a cache (SECURITY.md R64)', async () => {
    const seen: { method: string; url: string; referrerPolicy: string; credentials: string; cache: string }[] = [];
    const client = createClient({
      endpoint,
      fetch: (input, init) => {
        // What the request carries (ky hands over a Request; reading it leaves its body alone).
        const { method, url, referrerPolicy, credentials, cache } = input instanceof Request ? input : new Request(input, { ...init, body: null });
        seen.push({ method, url, referrerPolicy, credentials, cache });
        return fetch(input, init);
      },
    });
    const { token } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'lead@example.com' } });
    const link = await client.openLink(token);
    await link.raw('GET', '/v1/session');
    await link.refresh();
    await link.close();
    assert.equal(seen.length, 4);
    for (const request of seen) {
      assert.deepEqual([request.referrerPolicy, request.credentials, request.cache], ['no-referrer', 'omit', 'no-store'], `${request.method} ${request.url}`);
    }
  });

  it('rejects a malformed token without a request', async () => {
    let requests = 0;
    const client = createClient({ endpoint, fetch: (input, init) => (requests++, fetch(input, init)) });
    const error = await client.openLink('gk_view_definitely-not-valid').catch((e: unknown) => e);
    assert.ok(isGuestkitApiError(error) && error.code === 'invalid_token');
    assert.equal(requests, 0);
  });

  it('reports an unreachable adapter as a network error', async () => {
    const client = createClient({ endpoint: 'http://127.0.0.1:9/guestkit', timeout: 2000 });
    const { token } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'lead@example.com' } });
    const error = await client.openLink(token).catch((e: unknown) => e);
    assert.ok(isGuestkitNetworkError(error));
    assert.equal((error as { code: string }).code, 'network_error');
  });

  it('re-exchanges when the server ended the session early', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'lead@example.com' } });
    const link = await createClient({ endpoint }).openLink(token);
    const first = await link.authorization();
    const stored = await f.gk.runtime.store.sessions.getByHash((await import('../../src/server-adapter/core/crypto.js')).hashToken(first.slice(7)));
    await f.gk.runtime.store.sessions.end(f.firmId, stored!.id, new Date().toISOString());
    const me = await link.raw('GET', '/v1/session');
    assert.equal(me.status, 200);
    assert.notEqual(await link.authorization(), first);
  });

  it('refreshes a session without repeating step-up (a one-time code works once)', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'lead@example.com' }, stepUp: { type: 'email_otp' } });
    const client = createClient({ endpoint });
    await client.requestOtp(token);
    const [mail] = await f.smtp.waitFor(1);
    const link = await client.openLink(token, { otp: /(\d{6})/.exec(mail!.text)![1]! });
    const before = link.session.session;
    f.advance(14 * 60_000);
    const next = await link.refresh();
    assert.notEqual(next.session, before);
    assert.equal((await link.raw('GET', '/v1/session')).status, 200);
    const failures = (await f.gk.audit.list(f.firmId, { resource })).filter((e) => e.type === 'link.step_up_passed');
    assert.equal(failures.length, 1, 'no second step-up');
  });

  it('on a one-time-code link whose session chain ended, renewing says the link asks for a new code, never hands out the dead session', async () => {
    const g = await createFixture();
    const gServer = await serve(g.gk.handle, { port: 0 });
    const realNow = Date.now;
    try {
      const gEndpoint = `http://127.0.0.1:${(gServer.address() as AddressInfo).port}/guestkit`;
      const { token } = await g.gk.links.create(g.firmId, { kind: 'upload', resource, recipient: { email: 'lead@example.com' }, stepUp: { type: 'email_otp' }, ttlSeconds: 7 * 86_400 });
      const client = createClient({ endpoint: gEndpoint });
      await client.requestOtp(token);
      const [mail] = await g.smtp.waitFor(1);
      const link = await client.openLink(token, { otp: /(\d{6})/.exec(mail!.text)![1]! });
      // The chain's 8 hours pass on the server; here, the session is refused and renewing it asks for a code.
      g.advance(8 * 3600_000 + 60_000);
      await assert.rejects(link.reopen(), (error: unknown) => isGuestkitApiError(error) && error.code === 'otp_required');
      await assert.rejects(link.get('/v1/session', sessionSchema), (error: unknown) => isGuestkitApiError(error) && error.code === 'otp_required');
      // The page's clock too (a tab left open): the bearer for tus is refused, not the stale token handed out.
      Date.now = () => realNow() + 8 * 3600_000 + 60_000;
      await assert.rejects(link.authorization(), (error: unknown) => isGuestkitApiError(error) && error.code === 'otp_required');
    } finally {
      Date.now = realNow;
      await new Promise((r) => gServer.close(r));
      await g.close();
    }
  });

  it('admin client: create (with idempotency), list, revoke, audit, verify', async () => {
    const admin = createAdminClient({ endpoint, apiKey: f.apiKey });
    const input = { kind: 'view' as const, resource: { type: 'share', id: 'sdk' }, recipient: { email: 'x@y.example' } };
    const a = await admin.links.create(input, { idempotencyKey: 'sdk-retry-0001' });
    const b = await admin.links.create(input, { idempotencyKey: 'sdk-retry-0001' });
    assert.equal(a.token, b.token);
    assert.equal((await admin.links.list({ resource: input.resource })).length, 1);
    const revoked = await admin.links.revoke(a.link.id);
    assert.ok(revoked.revokedAt);
    const events = await admin.audit.list({ resource: input.resource });
    assert.deepEqual(events.map((e) => e.type), ['link.issued', 'link.revoked']);
    assert.deepEqual(await admin.audit.verify(input.resource), { ok: true, count: 2 });
  });
});
