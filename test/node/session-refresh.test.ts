/**
 * Refreshing a session is single-use. Regression: two refreshes of one session sent at once (two
 * tabs, a retried request) both answered 201 — each issued a new session and then ended the old
 * one — so one session token became two live ones. Now the old session is ended first, only if it
 * is still live, and the refresh that loses answers `401 session_invalid` with no session made.
 * Refreshes are limited per link: each one is a session row, and they were unlimited.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { memoryStore, sqliteStore, type Store } from '../../src/server-adapter/index.js';
import { createFixture, type Fixture } from './helpers/fixture.js';

const resource = { type: 'share', id: 'annual-accounts-2025' };
const recipient = { email: 'banker@bank.example', name: 'Bea Banker' };

/** The real store, and how to remove what it left on disk. */
interface StoreUnderTest {
  store: Store;
  remove(): void;
}

const stores: Record<string, () => StoreUnderTest> = {
  memoryStore: () => ({ store: memoryStore(), remove: () => {} }),
  sqliteStore: () => {
    const dir = mkdtempSync(join(tmpdir(), 'guestkit-refresh-'));
    return { store: sqliteStore({ file: join(dir, 'guestkit.db') }), remove: () => rmSync(dir, { recursive: true, force: true }) };
  },
};

for (const [name, open] of Object.entries(stores)) {
  describe(`session refresh on ${name}`, () => {
    let f: Fixture;
    let remove: () => void;
    let sessionsInserted: number;
    beforeEach(async () => {
      const opened = open();
      remove = opened.remove;
      sessionsInserted = 0;
      // Counts the sessions the adapter writes, to prove the refresh that loses writes none.
      const { store } = opened;
      const counting: Store = { ...store, sessions: { ...store.sessions, insert: (s) => (sessionsInserted++, store.sessions.insert(s)) } };
      f = await createFixture({ store: counting });
    });
    afterEach(async () => {
      await f.close();
      remove();
    });

    const bearer = (session: string) => ({ headers: { authorization: `Bearer ${session}` } });

    it('two concurrent refreshes of one session: exactly one gets a new session, the other 401 session_invalid', async () => {
      const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
      const opened = (await (await f.call('POST', '/v1/session', { body: { token } })).json()) as { session: string };
      assert.equal(sessionsInserted, 1);

      const answers = await Promise.all([f.call('POST', '/v1/session/refresh', bearer(opened.session)), f.call('POST', '/v1/session/refresh', bearer(opened.session))]);

      assert.deepEqual(answers.map((r) => r.status).sort(), [201, 401], 'one refresh wins, one loses');
      const winner = answers.find((r) => r.status === 201)!;
      const loser = answers.find((r) => r.status === 401)!;
      const problem = (await loser.json()) as { code: string; session?: string };
      assert.equal(problem.code, 'session_invalid');
      assert.equal(problem.session, undefined, 'the loser is handed no session');
      assert.equal(sessionsInserted, 2, 'the losing refresh made no session');

      const next = (await winner.json()) as { session: string };
      assert.notEqual(next.session, opened.session);
      assert.equal((await f.call('GET', '/v1/session', bearer(next.session))).status, 200, "the winner's session works");
      const old = await f.call('GET', '/v1/session', bearer(opened.session));
      assert.equal(old.status, 401, 'the old session ended');
      assert.equal(((await old.json()) as { code: string }).code, 'session_invalid');
      // The winner's session is itself refreshed once, like any other.
      assert.equal((await f.call('POST', '/v1/session/refresh', bearer(next.session))).status, 201);
      assert.equal((await f.call('POST', '/v1/session/refresh', bearer(next.session))).status, 401);
    });

    it('regression: refreshes were unlimited (each one a session row); a link gets 120 an hour, the next is refused with rate_limited and Retry-After, and the session in hand still works', async () => {
      const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
      let { session } = (await (await f.call('POST', '/v1/session', { body: { token } })).json()) as { session: string };
      for (let i = 0; i < 120; i++) {
        const refreshed = await f.call('POST', '/v1/session/refresh', bearer(session));
        assert.equal(refreshed.status, 201, `refresh ${i + 1}`);
        ({ session } = (await refreshed.json()) as { session: string });
      }
      assert.equal(sessionsInserted, 121);

      const refused = await f.call('POST', '/v1/session/refresh', bearer(session));
      assert.equal(refused.status, 429);
      const problem = (await refused.json()) as { code: string; retryAfter: number };
      assert.equal(problem.code, 'rate_limited');
      assert.equal(refused.headers.get('retry-after'), String(problem.retryAfter));
      assert.ok(problem.retryAfter > 3500 && problem.retryAfter <= 3600, `Retry-After ${problem.retryAfter}`);
      assert.equal(sessionsInserted, 121, 'a refused refresh makes no session');
      assert.equal((await f.call('GET', '/v1/session', bearer(session))).status, 200, 'the session in hand was not ended');

      const other = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient: { email: 'lawyer@law.example' } });
      const theirs = (await (await f.call('POST', '/v1/session', { body: { token: other.token } })).json()) as { session: string };
      assert.equal((await f.call('POST', '/v1/session/refresh', bearer(theirs.session))).status, 201, 'another link has its own allowance');
    });

    it('with 1-minute sessions a tab refreshes every 30 seconds: the default limit grows with it, and two tabs refresh for an hour unhindered', async () => {
      await f.close();
      remove();
      const opened = open();
      remove = opened.remove;
      f = await createFixture({ store: opened.store, sessionTtlSeconds: 60 });
      const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
      const tabs = await Promise.all([0, 1].map(async () => ((await (await f.call('POST', '/v1/session', { body: { token } })).json()) as { session: string }).session));
      for (let i = 0; i < 120; i++) {
        f.advance(30_000);
        for (const [n, session] of tabs.entries()) {
          const refreshed = await f.call('POST', '/v1/session/refresh', bearer(session));
          assert.equal(refreshed.status, 201, `tab ${n + 1}, refresh ${i + 1}`);
          tabs[n] = ((await refreshed.json()) as { session: string }).session;
        }
      }
    });
  });
}
