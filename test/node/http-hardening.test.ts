import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newToken } from '../../src/server-adapter/core/crypto.js';
import { createFixture, ORIGIN, type Fixture } from './helpers/fixture.js';

const resource = { type: 'share', id: 's-9' };
const recipient = { email: 'third@party.example' };

describe('CORS, security headers and logs', () => {
  let f: Fixture;
  let otherFirmOrigin: string;
  before(async () => {
    f = await createFixture();
    otherFirmOrigin = 'https://other-firm.example';
    await f.gk.firms.create({ name: 'Other Firm', mailFrom: 'x@other-firm.example', linkBaseUrl: 'https://other-firm.example/{kind}', allowedOrigins: [otherFirmOrigin] });
  });
  after(() => f.close());

  const preflight = (origin: string) =>
    f.gk.handle(new Request('http://adapter.test/guestkit/v1/session', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } }));

  it('answers a preflight from an allowed origin with that exact origin, no credentials', async () => {
    const response = await preflight(ORIGIN);
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /idempotency-key/);
    assert.equal(response.headers.get('vary'), 'Origin');
    // Like every answer: a request id, and the access log line that carries it.
    const id = response.headers.get('x-request-id');
    assert.match(id ?? '', /^[\w-]{12}$/);
    assert.ok(f.logs.some((line) => line.startsWith('info request') && line.includes(`"requestId":"${id}","method":"OPTIONS"`)), f.logs.slice(-3).join('\n'));
  });

  it('tells a tus client what it speaks on OPTIONS of the tus endpoint (tus 1.0 discovery), and nowhere else', async () => {
    for (const path of ['/v1/upload/tus', '/v1/upload/tus/abc']) {
      const response = await f.gk.handle(new Request(`http://adapter.test/guestkit${path}`, { method: 'OPTIONS', headers: { 'tus-resumable': '1.0.0' } }));
      assert.equal(response.status, 204, path);
      assert.equal(response.headers.get('tus-version'), '1.0.0', path);
      assert.equal(response.headers.get('tus-resumable'), '1.0.0', path);
      assert.deepEqual(response.headers.get('tus-extension')?.split(','), ['creation', 'expiration', 'termination'], path);
    }
    assert.equal((await preflight(ORIGIN)).headers.get('tus-version'), null);
  });

  it('gives unknown origins, look-alikes and `null` no CORS headers', async () => {
    for (const origin of ['https://evil.example', 'https://kanzlei.example.evil.example', 'http://kanzlei.example', 'null', 'https://kanzlei.example:8443']) {
      const response = await preflight(origin);
      assert.equal(response.headers.get('access-control-allow-origin'), null, origin);
    }
  });

  it('refuses a link of one firm used from another firm’s allowed origin', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
    const response = await f.call('POST', '/v1/session', { body: { token }, origin: otherFirmOrigin });
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { code: string }).code, 'origin_forbidden');
    // The code is in a header as well (an answer to HEAD has no body), which a page may read.
    assert.equal(response.headers.get('guestkit-error'), 'origin_forbidden');
    const ok = await f.call('POST', '/v1/session', { body: { token } });
    assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
    assert.match(ok.headers.get('access-control-expose-headers') ?? '', /retry-after/);
    assert.match(ok.headers.get('access-control-expose-headers') ?? '', /guestkit-error/);
    assert.equal(ok.headers.get('guestkit-error'), null, 'only on errors');
  });

  it('allows server-to-server calls without an Origin', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
    assert.equal((await f.call('POST', '/v1/session', { body: { token }, origin: null })).status, 201);
  });

  it('sends the security headers on every answer, success or error', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
    const responses = [
      await f.call('POST', '/v1/session', { body: { token } }),
      await f.call('POST', '/v1/session', { body: { token: 'x' } }),
      await f.call('GET', '/v1/nothing-here'),
      await f.call('PUT', '/v1/session'),
      await preflight(ORIGIN),
    ];
    assert.deepEqual(responses.map((r) => r.status), [201, 404, 404, 405, 204]);
    for (const response of responses) {
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.match(response.headers.get('x-robots-tag') ?? '', /noindex/);
      // Never framed, never a document of its own (SECURITY.md R23), and https only from here on.
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
      assert.match(response.headers.get('content-security-policy') ?? '', /(^|;\s*)default-src 'none'/);
      assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      assert.match(response.headers.get('strict-transport-security') ?? '', /^max-age=(\d+)/);
      assert.ok(Number(/max-age=(\d+)/.exec(response.headers.get('strict-transport-security')!)![1]) >= 31_536_000, 'HSTS for a year at least');
    }
  });

  it('logs each refusal that matters to security once, with the request id the client got and never the token; a burst of unknown tokens warns once (SECURITY.md R70, R11)', async () => {
    const g = await createFixture({ rateLimits: { exchangePerIpPerMinute: 3, unknownTokensAlertPerMinute: 2 } });
    try {
      const { token } = await g.gk.links.create(g.firmId, { kind: 'view', resource, recipient });
      const unknown = newToken('view'); // well-formed, and no link's
      const answers = [
        await g.call('POST', '/v1/session', { body: { token } }),
        await g.call('POST', '/v1/session', { body: { token: 'gk_view_garbage' } }),
        await g.call('POST', '/v1/session', { body: { token } }),
        await g.call('POST', '/v1/session', { body: { token } }),
      ];
      assert.deepEqual(answers.map((r) => r.status), [201, 404, 201, 429]);
      const ids = answers.map((r) => r.headers.get('x-request-id'));
      assert.ok(ids.every((id) => id && /^[\w-]{12}$/.test(id)) && new Set(ids).size === 4, `request ids ${ids.join(' ')}`);
      const warnings = g.logs.filter((line) => line.startsWith('warn refused'));
      assert.equal(warnings.length, 2, warnings.join('\n'));
      assert.match(warnings[0]!, new RegExp(`"requestId":"${ids[1]}","code":"invalid_token","method":"POST","path":"/guestkit/v1/session","ip":"203\\.0\\.113\\.7"`));
      assert.match(warnings[1]!, new RegExp(`"requestId":"${ids[3]}","code":"rate_limited"`));
      // Every line of a request carries its id; none carries a token.
      assert.ok(g.logs.some((line) => line.startsWith('info request') && line.includes(ids[0]!)));
      assert.ok(g.logs.every((line) => !/gk_(view|sess)_/.test(line)), g.logs.join('\n'));
      // Well-formed tokens no link has, from many addresses: the second in a minute warns, once.
      for (let i = 0; i < 4; i++) assert.equal((await g.call('POST', '/v1/session', { body: { token: unknown }, ip: `198.51.100.${i}` })).status, 404);
      assert.equal(g.logs.filter((line) => line.startsWith('warn burst of unknown link tokens')).length, 1);
      g.advance(60_000);
      for (let i = 0; i < 2; i++) await g.call('POST', '/v1/session', { body: { token: unknown }, ip: `198.51.100.${i}` });
      assert.equal(g.logs.filter((line) => line.startsWith('warn burst of unknown link tokens')).length, 2, 'once more in the next minute');
    } finally {
      await g.close();
    }
  });

  it('answers a malformed percent-escape in a path parameter with 404 not_found, not a server error', async () => {
    const admin = { authorization: `Bearer ${f.apiKey}` };
    for (const [method, path, headers] of [
      ['POST', '/v1/admin/shares/shr_x/recipients/%E0%A4%A/revoke', admin],
      ['GET', '/v1/share/documents/%ZZ/content', {}],
    ] as const) {
      const response = await f.call(method, path, { headers });
      assert.equal(response.status, 404, path);
      assert.equal(((await response.json()) as { code: string }).code, 'not_found');
    }
  });

  it('never writes a token, session or code into the logs', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, stepUp: { type: 'access_code', code: 'Linde-88' } });
    const res = await f.call('POST', '/v1/session', { body: { token, accessCode: 'Linde-88' } });
    const { session } = (await res.json()) as { session: string };
    await f.call('GET', '/v1/session', { headers: { authorization: `Bearer ${session}` } });
    await f.call('POST', `/v1/session?token=${token}`, { body: { token } });
    await f.call('POST', '/v1/links/refresh', { body: { token } });
    const all = f.logs.join('\n');
    assert.ok(f.logs.length >= 4, 'requests were logged');
    for (const secret of [token, session, 'Linde-88', f.apiKey]) assert.ok(!all.includes(secret), 'secret leaked into logs');
    assert.doesNotMatch(all, /gk_(view|upload|sign|pay|req|sess|key)_/);
  });
});
