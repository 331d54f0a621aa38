/**
 * What the store keeps of a keyed request (SECURITY.md R3, R56): the answer of `POST
 * /v1/admin/links` carries the link's token and URL, and was kept in clear for ever in
 * `idempotency_keys` so a retry could replay it. Now the key is kept as its hash, the answer sealed
 * with a key derived from the Idempotency-Key, and both are forgotten after 24 hours.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createSqliteFixture, type SqliteFixture } from './helpers/fixture.js';

const body = { kind: 'sign', resource: { type: 'signature-request', id: 'sr-1' }, recipient: { email: 'client@example.com' } };

describe('idempotency keys on the embedded store', () => {
  let f: SqliteFixture;
  before(async () => (f = await createSqliteFixture()));
  after(() => f.close());

  const create = (key: string) =>
    f.call('POST', '/v1/admin/links', { body, headers: { authorization: `Bearer ${f.apiKey}`, 'idempotency-key': key }, origin: null });
  const created = async (response: Response) => {
    assert.equal(response.status, 201);
    return { replayed: response.headers.get('idempotent-replayed') === 'true', ...((await response.json()) as { token: string; url: string }) };
  };
  const rows = () => {
    const db = new Database(f.file, { readonly: true });
    try {
      return db.prepare('SELECT * FROM idempotency_keys').all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  };
  /** Every byte of the database's files: the database and its write-ahead log (there while the store is open). */
  const databaseBytes = (): string => ['', '-wal'].map((suffix) => readFileSync(f.file + suffix).toString('latin1')).join('\n');

  it('regression: the kept answer of a link creation holds neither the token, nor the URL, nor the key in clear; a retry still replays it', async () => {
    const key = 'retry-link-creation-0001';
    const first = await created(await create(key));
    const stored = rows();
    assert.equal(stored.length, 1);
    for (const [what, secret] of [['token', first.token], ['URL', first.url], ['Idempotency-Key', key]] as const) {
      assert.ok(Object.values(stored[0]!).every((value) => !String(value).includes(secret)), `no ${what} in the row`);
      assert.ok(!databaseBytes().includes(secret), `no ${what} anywhere in the database's files`);
    }
    const replay = await created(await create(key));
    assert.deepEqual(replay, { ...first, replayed: true }, 'the same token, replayed');
  });

  it('regression: forgets a key and its answer after 24 hours; the same key then makes a new link', async () => {
    const key = 'retry-link-creation-0002';
    const first = await created(await create(key));
    f.advance(23 * 3_600_000);
    assert.equal((await created(await create(key))).token, first.token, 'replayed within 24 hours');
    f.advance(3_600_000 + 1);
    const later = await created(await create(key));
    assert.equal(later.replayed, false);
    assert.notEqual(later.token, first.token);
    assert.equal(rows().length, 1, 'only the new answer is kept: the expired ones are gone');
  });
});
