/**
 * Tokens and codes are kept as hashes only (SECURITY.md R3): after links are made, opened, stepped
 * up and refreshed on the embedded store, no token, access code or one-time code is anywhere in the
 * database's files — not in any table, not in its write-ahead log.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createEmbeddedGuestkit, ensureFirm } from '../../src/server-adapter/embedded.js';
import type { Guestkit } from '../../src/server-adapter/index.js';

const resource = { type: 'share', id: 'shr-1' };
const ACCESS_CODE = 'Eiche-7-Birke';

describe('what the store keeps of tokens and codes', () => {
  let dir: string;
  let gk: Guestkit;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'guestkit-hashes-'));
    gk = createEmbeddedGuestkit({ dir });
    await gk.init();
  });
  after(async () => {
    await gk.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every byte of the database's files (the database, its write-ahead log, its shared memory). */
  const databaseBytes = (): string =>
    readdirSync(dir, { recursive: true })
      .map(String)
      .filter((name) => /\.(db|sqlite)(-wal|-shm)?$/.test(name))
      .map((name) => readFileSync(join(dir, name)).toString('latin1'))
      .join('\n');

  it('never holds a link token, session token, access code or one-time code in clear', async () => {
    const firm = await ensureFirm(gk, { name: 'Kanzlei', mailFrom: 'k@kanzlei.example', linkBaseUrl: 'https://kanzlei.example/{kind}' });
    const call = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      gk.handle(new Request(`http://adapter.test/guestkit${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }), { ip: '203.0.113.7' });
    const recipient = { email: 'banker@bank.example', locale: 'de' as const };
    const coded = await gk.links.create(firm.id, { kind: 'view', resource, recipient, stepUp: { type: 'access_code', code: ACCESS_CODE } });
    const mailed = await gk.links.create(firm.id, { kind: 'view', resource, recipient, stepUp: { type: 'email_otp' } });
    const opened = (await (await call('/v1/session', { token: coded.token, accessCode: ACCESS_CODE })).json()) as { session: string };
    const refreshed = (await (await call('/v1/session/refresh', {}, { authorization: `Bearer ${opened.session}` })).json()) as { session: string };
    assert.equal((await call('/v1/session/otp', { token: mailed.token })).status, 202);
    // The code is mailed after the answer (SECURITY.md T17): wait for the adapter's background work.
    while (gk.runtime.background.size > 0) await Promise.allSettled([...gk.runtime.background]);
    const outbox = readdirSync(dir, { recursive: true }).map(String).filter((name) => name.endsWith('.eml'));
    const otp = /(?:code is|[Cc]ode lautet): (\d{6})/.exec(readFileSync(join(dir, outbox.at(-1)!), 'utf8'))![1]!;
    const { key } = await gk.apiKeys.create(firm.id, 'erp');

    const bytes = databaseBytes();
    assert.ok(bytes.length > 10_000, 'the database files were read');
    assert.ok(bytes.includes('banker@bank.example'), 'what is stored in clear is found');
    for (const [what, secret] of [
      ['link token', coded.token],
      ['link token (one-time code link)', mailed.token],
      ['session token', opened.session],
      ['refreshed session token', refreshed.session],
      ['access code', ACCESS_CODE],
      ['API key', key],
    ] as const) {
      assert.ok(!bytes.includes(secret), `no ${what} in the database's files`);
      assert.ok(!bytes.includes(secret.slice(secret.length - 12)), `not a piece of the ${what} either`);
    }
    // Six digits may turn up anywhere in a file by chance: the code's own row holds only its hash.
    const db = new Database(join(dir, 'guestkit.db'), { readonly: true });
    const otpRow = db.prepare('SELECT * FROM otps').all() as Record<string, unknown>[];
    db.close();
    assert.equal(otpRow.length, 1);
    assert.ok(Object.values(otpRow[0]!).every((value) => !String(value).includes(otp)), 'no one-time code in its row');
  });
});
