/**
 * Refreshing a session is single-use. Regression: two refreshes of one session sent at once (two
 * tabs, a retried request) both answered 201 — each issued a new session and then ended the old
 * one — so one session token became two live ones. Now the old session is ended first, only if it
 * is still live, and the refresh that loses answers `401 session_invalid` with no session made.
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
  });
}
