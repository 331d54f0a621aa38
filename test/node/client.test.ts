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
/** The URL a `fetch` call goes to (ky passes a `Request`, whose body must stay unread). */
const urlOf = (input: string | URL | Request): string => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

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

  it('asks a locale function on every request: a page that switches language keeps its client and is answered in the new language', async () => {
    const { token, link } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'lead@example.com' } });
    await f.gk.links.revoke(f.firmId, link.id);
    let lang = 'de';
    const client = createClient({ endpoint, locale: () => lang });
    const titles = async () => [
      ((await client.openLink(token).catch((e: unknown) => e)) as GuestkitApiError).problem.title,
      ((await client.openLink('gk_view_not-a-link').catch((e: unknown) => e)) as GuestkitApiError).problem.title,
    ];
    assert.deepEqual(await titles(), ['Dieser Link ist nicht mehr verfügbar.', 'Dieser Link ist ungültig.']);
    lang = 'en';
    assert.deepEqual(await titles(), ['This link is no longer available.', 'This link is not valid.']);
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
    // The page's refreshes answer late: one is still under way when a call meets the 401.
    let slowRefresh = false;
    const late = (input: string | URL | Request, init?: RequestInit) =>
      slowRefresh && urlOf(input).endsWith('/v1/session/refresh') ? new Promise<Response>((resolve) => setTimeout(() => resolve(fetch(input, init)), 300)) : fetch(input, init);
    const link = await createClient({ endpoint, fetch: late }).openLink(token);
    const first = await link.authorization();
    const stored = await f.gk.runtime.store.sessions.getByHash((await import('../../src/server-adapter/core/crypto.js')).hashToken(first.slice(7)));
    await f.gk.runtime.store.sessions.end(f.firmId, stored!.id, new Date().toISOString());
    // The page's own refresh is under way when a call meets the 401: that call still opens the link again.
    slowRefresh = true;
    const [refreshed, me] = await Promise.all([link.refresh().then(() => 'refreshed', (error: { code?: string }) => error.code), link.raw('GET', '/v1/session')]);
    slowRefresh = false;
    assert.equal(refreshed, 'session_invalid', 'the refresh of a session the server ended fails');
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
      const sent: string[] = [];
      const client = createClient({ endpoint: gEndpoint, fetch: (input, init) => (sent.push(urlOf(input).replace(gEndpoint, '')), fetch(input, init)) });
      await client.requestOtp(token);
      const [mail] = await g.smtp.waitFor(1);
      const link = await client.openLink(token, { otp: /(\d{6})/.exec(mail!.text)![1]! });
      // The chain's 8 hours pass on the server; here, the session is refused and renewing it asks for a code.
      g.advance(8 * 3600_000 + 60_000);
      sent.length = 0;
      const otpRequired = (error: unknown) => isGuestkitApiError(error) && error.code === 'otp_required';
      await assert.rejects(link.reopen(), otpRequired);
      assert.deepEqual(sent, ['/v1/session/refresh', '/v1/session'], 'refused, then opened again: a code is asked for');
      // From then on it says so at once (every queued file asks): no request, so the exchange limit stays for the new code.
      await assert.rejects(link.get('/v1/session', sessionSchema), otpRequired);
      Date.now = () => realNow() + 8 * 3600_000 + 60_000; // the page's clock too (a tab left open)
      for (let i = 0; i < 25; i++) await assert.rejects(link.authorization(), otpRequired, 'the bearer for tus is refused, not the stale token handed out');
      assert.deepEqual(sent, ['/v1/session/refresh', '/v1/session']);
      await client.requestOtp(token);
      const [, next] = await g.smtp.waitFor(2);
      assert.equal((await client.openLink(token, { otp: /(\d{6})/.exec(next!.text)![1]! })).session.scope.kind, 'upload', 'the new code opens the link');
    } finally {
      Date.now = realNow;
      await new Promise((r) => gServer.close(r));
      await g.close();
    }
  });

  it('near the end of its chain or its link, renews once — not on every call — opens the link again once the chain is out, and after the link\'s end asks again every 10 s', async () => {
    // Sessions of 60 s in chains of 70 s; a link that ends after 100 s.
    const g = await createFixture({ sessionTtlSeconds: 60, sessionMaxSeconds: 70 });
    const gServer = await serve(g.gk.handle, { port: 0 });
    const realNow = Date.now;
    let offset = 0;
    // The page's clock, which the adapter in this process reads too: both move together.
    const advance = (ms: number) => (offset += ms);
    try {
      const gEndpoint = `http://127.0.0.1:${(gServer.address() as AddressInfo).port}/guestkit`;
      const { token } = await g.gk.links.create(g.firmId, { kind: 'upload', resource, recipient: { email: 'lead@example.com' }, ttlSeconds: 100 });
      const sent: string[] = [];
      const client = createClient({
        endpoint: gEndpoint,
        fetch: (input, init) => {
          const method = input instanceof Request ? input.method : (init?.method ?? 'GET');
          if (method !== 'GET') sent.push(urlOf(input).replace(gEndpoint, ''));
          return fetch(input, init);
        },
      });
      Date.now = () => realNow() + offset;
      const link = await client.openLink(token);
      // Ten calls; what they asked besides (refreshing, opening the link).
      const calls = async () => {
        sent.length = 0;
        for (let i = 0; i < 10; i++) assert.equal((await link.raw('GET', '/v1/session')).status, 200);
        return [...sent];
      };
      // 45 s in, the chain has 25 s left: one refresh, which cannot give more; then calls go on with it.
      advance(45_000);
      assert.deepEqual(await calls(), ['/v1/session/refresh']);
      const lifetime = () => Date.parse(link.session.expiresAt) - Date.parse(link.session.issuedAt);
      assert.ok(lifetime() > 24_000 && lifetime() <= 25_000, `the chain's last ${lifetime()} ms`);
      // The chain ended: a new one, once (refused, opened again). It ends with the link, within the
      // margin: used to its end without asking again.
      advance(26_000);
      assert.deepEqual(await calls(), ['/v1/session/refresh', '/v1/session']);
      assert.ok(lifetime() > 28_000 && lifetime() <= 29_000, `the link's last ${lifetime()} ms`);
      assert.deepEqual(await calls(), []);

      // The link has ended: renewing fails (link_expired) and the session in hand is kept — for an
      // upload begun in time, within the grace window — and asked again 10 s later, not on each call.
      advance(30_000);
      sent.length = 0;
      for (let i = 0; i < 10; i++) await link.authorization();
      const once = [...sent];
      assert.deepEqual(once, ['/v1/session/refresh'], 'one refresh, answered link_expired');
      advance(9_000);
      for (let i = 0; i < 10; i++) await link.authorization();
      assert.deepEqual(sent, once, 'not again within 10 s');
      advance(1_000);
      for (let i = 0; i < 10; i++) await link.authorization();
      assert.deepEqual(sent, [...once, ...once], 'asked again after 10 s');
    } finally {
      Date.now = realNow;
      await new Promise((r) => gServer.close(r));
      await g.close();
    }
  });

  it('keeps a one-time-code session through a refresh that failed for a moment (503), and renews nothing once closed', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'lead@example.com' }, stepUp: { type: 'email_otp' } });
    let failRefresh = false;
    const refreshUrl = `${endpoint}/v1/session/refresh`;
    const client = createClient({
      endpoint,
      fetch: (input, init) => {
        if (failRefresh && urlOf(input) === refreshUrl) {
          failRefresh = false;
          return Promise.resolve(new Response(JSON.stringify({ type: 'about:blank', title: 'unavailable', status: 503, code: 'unavailable', detail: 'try again' }), { status: 503, headers: { 'content-type': 'application/problem+json', 'retry-after': '0' } }));
        }
        return fetch(input, init);
      },
    });
    const sent = (await f.smtp.waitFor(0)).length;
    await client.requestOtp(token);
    const mail = (await f.smtp.waitFor(sent + 1))[sent]!;
    const link = await client.openLink(token, { otp: /(\d{6})/.exec(mail.text)![1]! });
    const before = await link.authorization();
    failRefresh = true;
    await assert.rejects(link.reopen(), (error: unknown) => isGuestkitApiError(error) && error.code === 'unavailable', 'the 503, not a code asked for');
    assert.equal(await link.authorization(), before, 'the session in hand is kept');
    assert.equal((await link.raw('GET', '/v1/session')).status, 200);
    await link.close();
    const opened = (await f.gk.audit.list(f.firmId, { resource })).filter((event) => event.type === 'link.opened').length;
    await assert.rejects(link.reopen(), (error: unknown) => isGuestkitError(error) && error.code === 'session_invalid');
    await assert.rejects(link.refresh(), (error: unknown) => isGuestkitError(error) && error.code === 'session_invalid');
    assert.equal((await f.gk.audit.list(f.firmId, { resource })).filter((event) => event.type === 'link.opened').length, opened, 'the closed session opened nothing');
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

  it('retries a keyed POST and a GET after a 503 or a short 429 (with the same key), not after a long 429 nor an unkeyed POST', async () => {
    /** Answers the next requests to a route with `answers` (a proxy's or a busy store's), then lets them through. */
    const answers: { path: string; status: number; retryAfter: string }[] = [];
    const seen: string[] = [];
    const admin = createAdminClient({
      endpoint,
      apiKey: f.apiKey,
      fetch: (input, init) => {
        const request = input as Request;
        const path = new URL(request.url).pathname.replace('/guestkit', '');
        seen.push(`${request.method} ${path} ${request.headers.get('idempotency-key') ?? ''}`.trim());
        const index = answers.findIndex((answer) => answer.path === path);
        if (index < 0) return fetch(input, init);
        const [{ status, retryAfter }] = answers.splice(index, 1);
        const body = { type: 'about:blank', title: 'busy', status, code: status === 429 ? 'rate_limited' : 'unavailable' };
        return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json', 'retry-after': retryAfter } }));
      },
    });
    const input = { kind: 'view' as const, resource: { type: 'share', id: 'retried' }, recipient: { email: 'x@y.example' } };
    answers.push({ path: '/v1/admin/links', status: 503, retryAfter: '0' }, { path: '/v1/admin/links', status: 429, retryAfter: '1' });
    const created = await admin.links.create(input, { idempotencyKey: 'retried-after-503' });
    assert.deepEqual(seen, ['POST /v1/admin/links retried-after-503', 'POST /v1/admin/links retried-after-503', 'POST /v1/admin/links retried-after-503']);
    assert.equal((await admin.links.list({ resource: input.resource })).length, 1, 'created once');

    seen.length = 0;
    answers.push({ path: '/v1/admin/links', status: 503, retryAfter: '0' });
    assert.equal((await admin.links.list({ resource: input.resource }))[0]?.id, created.link.id);
    assert.deepEqual(seen, ['GET /v1/admin/links', 'GET /v1/admin/links']);

    // A rate limit for the next hour is the caller's to show, at once.
    seen.length = 0;
    answers.push({ path: '/v1/admin/links', status: 429, retryAfter: '3600' });
    const limited = await admin.links.list({ resource: input.resource }).catch((e: unknown) => e);
    assert.ok(isGuestkitApiError(limited) && limited.code === 'rate_limited' && limited.retryAfter === undefined);
    assert.equal(seen.length, 1);

    // A POST without a key may have acted: never sent twice.
    seen.length = 0;
    answers.push({ path: `/v1/admin/links/${created.link.id}/revoke`, status: 503, retryAfter: '0' });
    const refused = await admin.links.revoke(created.link.id).catch((e: unknown) => e);
    assert.ok(isGuestkitApiError(refused) && refused.code === 'unavailable');
    assert.equal(seen.length, 1);
  });

  it('a keyed POST whose first attempt the server is still running (its answer lost on the way) waits for it and gets its answer, not 409 idempotency_in_flight', async () => {
    const statuses: number[] = [];
    let dropped: Promise<Response> | undefined;
    const admin = createAdminClient({
      endpoint,
      apiKey: f.apiKey,
      fetch: async (input, init) => {
        if (!dropped) {
          // The request reaches the adapter, which goes on with it; its answer never comes back.
          dropped = fetch((input as Request).clone(), init);
          await new Promise((r) => setTimeout(r, 100));
          throw new TypeError('fetch failed: connection reset');
        }
        const response = await fetch(input, init);
        statuses.push(response.status);
        return response;
      },
    });
    const release = f.smtp.hold(); // the link's mail, and so the first attempt, waits on the mail server
    const before = f.smtp.messages.length;
    const input = { kind: 'view' as const, resource: { type: 'share', id: 'in-flight' }, recipient: { email: 'slow@mail.example' }, send: true };
    const creating = admin.links.create(input, { idempotencyKey: 'first-attempt-still-running' });
    setTimeout(release, 2500);
    const created = await creating;
    assert.ok(statuses.includes(409), `the retry met the first attempt in flight: ${statuses.join(', ')}`);
    assert.equal(statuses.at(-1), 201);
    assert.equal(((await (await dropped!).json()) as { link: { id: string } }).link.id, created.link.id, 'the answer of the first attempt, replayed');
    assert.equal((await admin.links.list({ resource: input.resource })).length, 1, 'created once');
    assert.equal(f.smtp.messages.length - before, 1, 'mailed once');
  });

  it('a request refused for a session renewed while it was on its way is sent again with the new one, without renewing again (which would end the session other calls use)', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'lead@example.com' } });
    let held: (() => void) | undefined;
    let refreshes = 0;
    const client = createClient({
      endpoint,
      fetch: async (input, init) => {
        const url = urlOf(input);
        if (url.endsWith('/v1/session/refresh')) refreshes++;
        // The first GET leaves with the first session and arrives only after the page renewed it.
        if (url.endsWith('/v1/session') && (input as Request).method === 'GET' && !held) await new Promise<void>((r) => (held = r));
        return fetch(input, init);
      },
    });
    const link = await client.openLink(token);
    const late = link.raw('GET', '/v1/session');
    while (!held) await new Promise((r) => setTimeout(r, 10));
    const renewed = await link.refresh();
    assert.equal((await link.raw('GET', '/v1/session')).status, 200);
    held();
    assert.equal((await late).status, 200, 'the late request, sent again with the renewed session');
    assert.equal(refreshes, 1, 'the page’s renewal only');
    assert.equal(link.session.session, renewed.session, 'the renewed session is still the one in use');
    assert.equal((await link.raw('GET', '/v1/session')).status, 200);
  });

  it('reads the code of an answer without a body from its Guestkit-Error header, and Retry-After from its header', async () => {
    const { token, link: issued } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'lead@example.com' } });
    const link = await createClient({ endpoint }).openLink(token);
    await f.gk.links.revoke(f.firmId, issued.id);
    const gone = await link.raw('HEAD', '/v1/session').catch((e: unknown) => e);
    assert.ok(isGuestkitApiError(gone), String(gone));
    assert.equal(gone.code, 'link_revoked');
    assert.equal(gone.status, 410);

    const proxy = createClient({ endpoint, fetch: () => Promise.resolve(new Response('slow down', { status: 429, headers: { 'retry-after': '7', 'content-type': 'text/plain' } })) });
    const limited = await proxy.requestOtp(token).catch((e: unknown) => e);
    assert.ok(isGuestkitApiError(limited) && limited.code === 'rate_limited');
    assert.equal(limited.retryAfter, 7);

    // An answer that does not match the contract is `invalid_response`, for an upload of a document too.
    const odd = createAdminClient({ endpoint, apiKey: f.apiKey, fetch: () => Promise.resolve(Response.json({ id: 42 }, { status: 201 })) });
    const malformed = await odd.documents.add('Bescheid.pdf', new Uint8Array([1, 2, 3])).catch((e: unknown) => e);
    assert.ok(isGuestkitError(malformed) && malformed.code === 'invalid_response', String(malformed));
  });

  it('reads a proxy\'s or firewall\'s answer without a problem body by its status: only 404 and 410 say something is gone', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'lead@example.com' } });
    const expected: Record<number, string> = {
      400: 'invalid_response',
      401: 'session_invalid',
      403: 'invalid_response',
      404: 'not_found',
      408: 'unavailable',
      409: 'invalid_response',
      410: 'not_found',
      413: 'payload_too_large',
      415: 'invalid_response',
      422: 'invalid_response',
      429: 'rate_limited',
      502: 'unavailable',
    };
    for (const [status, code] of Object.entries(expected)) {
      const page = `<html><body><h1>${status}</h1>Request blocked by the gateway</body></html>`;
      const client = createClient({ endpoint, fetch: () => Promise.resolve(new Response(page, { status: Number(status), headers: { 'content-type': 'text/html' } })) });
      const error = await client.openLink(token).catch((e: unknown) => e);
      assert.ok(isGuestkitApiError(error), `${status}: ${String(error)}`);
      assert.equal(error.code, code, `a bare ${status}`);
      assert.equal(error.status, Number(status));
    }
  });

  it('says a malformed link is not valid in the client\'s language', async () => {
    for (const [locale, title] of [['de', 'Dieser Link ist ungültig.'], ['en', 'This link is not valid.']]) {
      const error = await createClient({ endpoint, locale }).openLink('gk_view_definitely-not-valid').catch((e: unknown) => e);
      assert.ok(isGuestkitApiError(error) && error.code === 'invalid_token');
      assert.equal(error.problem.title, title);
    }
  });

  it('ends the session a renewal under way brings when the link is closed meanwhile, not only the one it replaces', async () => {
    const { hashToken } = await import('../../src/server-adapter/core/crypto.js');
    for (const how of ['refresh', 'reopen'] as const) {
      const { token } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient: { email: 'lead@example.com' } });
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const client = createClient({
        endpoint,
        // The renewal's answer arrives after the page closed the link (the server made the new session already).
        fetch: async (input, init) => {
          const answer = await fetch(input, init);
          if (urlOf(input).endsWith('/v1/session/refresh')) await held;
          return answer;
        },
      });
      const link = await client.openLink(token);
      const renewing = (how === 'refresh' ? link.refresh() : link.reopen()).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const closing = link.close();
      release();
      await Promise.all([renewing, closing]);
      const latest = await f.gk.runtime.store.sessions.getByHash(hashToken(link.session.session));
      assert.ok(latest?.endedAt, `${how}: the session the renewal brought is ended`);
      const again = await fetch(`${endpoint}/v1/session`, { headers: { authorization: `Bearer ${link.session.session}` } });
      assert.equal(again.status, 401, how);
    }
  });
});
