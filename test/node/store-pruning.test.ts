/**
 * The sweep forgets rows no answer depends on any more. Regression: rate-limit keys (among them
 * `exchange-ip:<ip>`, per client IP) and sessions (with their IP and user agent) were never
 * deleted, so the store grew with every visitor and kept their IPs for good. Now `gk.uploads.sweep()`
 * deletes keys with no hit for 2 days and sessions whose chain ended over 8 days ago
 * (core/retention.ts), and keeps the recent ones.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { hashToken } from '../../src/server-adapter/core/crypto.js';
import { DAY } from '../../src/server-adapter/core/rate-limit.js';
import { createFixture, createSqliteFixture, type Fixture } from './helpers/fixture.js';

const resource = { type: 'share', id: 'annual-accounts-2025' };
const recipient = { email: 'banker@bank.example', name: 'Bea Banker' };

for (const [name, create] of [['memoryStore', createFixture], ['sqliteStore', createSqliteFixture]] as const) {
  describe(`sweeping expired rows on ${name}`, () => {
    let f: Fixture;
    afterEach(() => f.close());

    /** Opens a link from `ip`: one session, and hits on the `exchange-ip:<ip>` key. */
    async function openLinkFrom(ip: string): Promise<string> {
      const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, ttlSeconds: 30 * 24 * 3600 });
      const response = await f.call('POST', '/v1/session', { body: { token }, ip });
      assert.equal(response.status, 201);
      return ((await response.json()) as { session: string }).session;
    }
    const store = () => f.gk.runtime.store;
    // Every hit the key still holds: a window far longer than any, and a limit of 0 counts nothing.
    const hitsOf = (key: string) => store().rateLimits.hit(key, 365 * DAY, f.gk.runtime.now(), 0);
    const sessionOf = (token: string) => store().sessions.getByHash(hashToken(token));

    it('deletes the rate-limit keys and sessions of 9 days ago and keeps those of today', async () => {
      f = await create();
      const old = await openLinkFrom('198.51.100.1');
      f.advance(9 * DAY);
      const recent = await openLinkFrom('198.51.100.2');

      await f.gk.uploads.sweep();

      assert.deepEqual(await hitsOf('exchange-ip:198.51.100.1'), [], 'the old IP is forgotten');
      assert.equal((await hitsOf('exchange-ip:198.51.100.2')).length, 1, "today's IP is still counted");
      assert.equal(await sessionOf(old), null, 'the old session is gone, with its IP and user agent');
      assert.notEqual(await sessionOf(recent), null);
      const late = await f.call('POST', '/v1/session/refresh', { headers: { authorization: `Bearer ${old}` } });
      assert.equal(late.status, 401, 'a refresh arriving late is refused as before');
      assert.equal(((await late.json()) as { code: string }).code, 'session_invalid');
    });

    it('keeps a key until 2 days after its last hit, and a session until 8 days after its chain ended', async () => {
      f = await create();
      const session = await openLinkFrom('198.51.100.3');
      const ip = 'exchange-ip:198.51.100.3';
      f.advance(1.5 * DAY);
      await f.gk.uploads.sweep();
      assert.equal((await hitsOf(ip)).length, 1, 'past its window (a minute), within the 2 days');
      f.advance(DAY);
      await f.gk.uploads.sweep();
      assert.deepEqual(await hitsOf(ip), []);
      // The chain ended 8 hours after the exchange: 7 days 4 hours ago, within the grace an upload may still finish in.
      f.advance(5 * DAY);
      await f.gk.uploads.sweep();
      assert.notEqual(await sessionOf(session), null);
      f.advance(DAY);
      await f.gk.uploads.sweep();
      assert.equal(await sessionOf(session), null);
    });
  });
}
