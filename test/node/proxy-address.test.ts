/**
 * Behind a trusted reverse proxy (`toNodeListener(handle, { trustProxy: true })`), the client's
 * address is the one the proxy appended to `X-Forwarded-For`: the last entry. It used to be the
 * first, which the client writes itself, so a client could dodge the per-IP limits and put any
 * address in the audit log.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request, type Server } from 'node:http';
import { serve } from '../../src/server-adapter/node.js';
import { createFixture, ORIGIN, type Fixture } from './helpers/fixture.js';

const PROXY_SAW = '198.51.100.9';

describe('the client address behind a trusted proxy', () => {
  let f: Fixture;
  let server: Server;
  before(async () => {
    f = await createFixture({ rateLimits: { exchangePerIpPerMinute: 3 } });
    server = await serve(f.gk.handle, { port: 0, trustProxy: true });
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await f.close();
  });

  /** `POST /v1/session` as the proxy passes it on, with `X-Forwarded-For` as one line or several. */
  const exchange = (token: string, forwardedFor: string | string[]) =>
    new Promise<number>((resolve, reject) => {
      const { port } = server.address() as { port: number };
      const body = JSON.stringify({ token });
      const sent = request(
        { port, host: '127.0.0.1', method: 'POST', path: '/guestkit/v1/session', headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-forwarded-for': forwardedFor } },
        (response) => {
          response.resume();
          resolve(response.statusCode!);
        },
      );
      sent.once('error', reject);
      sent.end(body);
    });

  it('regression: a client that writes its own first X-Forwarded-For entries is still counted by the address the proxy appended', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await exchange('gk_view_garbage', `10.0.0.${i}, ${PROXY_SAW}`));
    assert.deepEqual(statuses, [404, 404, 404, 429, 429], 'per IP: 3 a minute');
    const refusals = f.logs.filter((line) => line.startsWith('warn refused'));
    assert.ok(refusals.length > 0 && refusals.every((line) => line.includes(`"ip":"${PROXY_SAW}"`)), refusals.join('\n'));
  });

  it('regression: reads several X-Forwarded-For lines as one list, and audits the address the proxy appended', async () => {
    f.advance(60_000); // out of the per-IP limit the test before used up
    const resource = { type: 'share', id: 'via-proxy' };
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient: { email: 'r@example.com' } });
    assert.equal(await exchange(token, ['203.0.113.50', `10.0.0.1, ${PROXY_SAW}`]), 201);
    const opened = (await f.gk.audit.list(f.firmId, { resource })).find((event) => event.type === 'link.opened');
    assert.equal(opened?.ip, PROXY_SAW);
  });
});
