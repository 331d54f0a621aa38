import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteStore } from '../../src/server-adapter/index.js';
import { createFixture, type Fixture } from './helpers/fixture.js';

const resource = { type: 'share', id: 'audit-demo' };

describe('link lifecycle on the embedded SQLite store, and audit tamper detection', () => {
  let f: Fixture;
  let dir: string;
  let file: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'guestkit-e2e-'));
    file = join(dir, 'guestkit.db');
    f = await createFixture({ store: sqliteStore({ file }) });
  });
  after(async () => {
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues, opens, steps up and revokes, with a verifiable chain', async () => {
    const { token, link } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient: { email: 'a@b.example' }, stepUp: { type: 'access_code', code: 'Ahorn-1' } });
    assert.equal((await f.call('POST', '/v1/session', { body: { token, accessCode: 'wrong' } })).status, 401);
    const { session } = (await (await f.call('POST', '/v1/session', { body: { token, accessCode: 'Ahorn-1' } })).json()) as { session: string };
    await f.gk.links.revoke(f.firmId, link.id);
    assert.equal((await f.call('GET', '/v1/session', { headers: { authorization: `Bearer ${session}` } })).status, 410, 'revoked: the session is no way in');
    const events = await f.gk.audit.list(f.firmId, { resource });
    assert.deepEqual(events.map((e) => e.type), ['link.issued', 'link.step_up_failed', 'link.step_up_passed', 'link.opened', 'link.revoked']);
    assert.deepEqual(await f.gk.audit.verify(f.firmId, resource), { ok: true, count: 5 });
  });

  it('the database itself refuses to edit or delete audit events', () => {
    const db = new Database(file);
    try {
      assert.throws(() => db.prepare("UPDATE audit_events SET type = 'x'").run(), /append-only|abort/i);
      assert.throws(() => db.prepare('DELETE FROM audit_events').run(), /append-only|abort/i);
    } finally {
      db.close();
    }
  });

  it('detects an edited, a removed and a reordered event even when someone bypasses the triggers', async () => {
    const db = new Database(file);
    const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'").all() as { name: string; sql: string }[];
    const bypass = (statement: string) => {
      for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
      db.exec(statement);
      for (const t of triggers) db.exec(t.sql);
    };
    try {
      const snapshot = db.prepare('SELECT * FROM audit_events ORDER BY seq').all() as Record<string, unknown>[];
      bypass(`UPDATE audit_events SET ip = '10.0.0.1' WHERE seq = 3 AND resource_id = 'audit-demo'`);
      let result = await f.gk.audit.verify(f.firmId, resource);
      assert.equal(result.ok, false);
      assert.equal(result.brokenAt, 3);

      bypass(`UPDATE audit_events SET ip = ${JSON.stringify(snapshot[2]!.ip)} WHERE seq = 3 AND resource_id = 'audit-demo'`.replace(/"/g, "'"));
      assert.equal((await f.gk.audit.verify(f.firmId, resource)).ok, true, 'restored');

      bypass(`DELETE FROM audit_events WHERE seq = 2 AND resource_id = 'audit-demo'`);
      result = await f.gk.audit.verify(f.firmId, resource);
      assert.equal(result.ok, false, 'removed event');

      bypass(`DELETE FROM audit_events WHERE resource_id = 'audit-demo'`);
      for (const row of [snapshot[0], snapshot[2], snapshot[1], snapshot[3], snapshot[4]]) {
        const columns = Object.keys(row!);
        bypass(`INSERT INTO audit_events (${columns.join(',')}) VALUES (${columns.map((c) => (row![c] === null ? 'NULL' : typeof row![c] === 'number' ? row![c] : `'${String(row![c]).replace(/'/g, "''")}'`)).join(',')})`);
      }
      result = await f.gk.audit.verify(f.firmId, resource);
      assert.equal(result.ok, true, 'same rows, same order by seq: the chain follows seq, so re-inserting in another physical order is harmless');

      bypass(`UPDATE audit_events SET seq = seq + 100 WHERE seq = 2 AND resource_id = 'audit-demo'`);
      bypass(`UPDATE audit_events SET seq = 2 WHERE seq = 3 AND resource_id = 'audit-demo'`);
      bypass(`UPDATE audit_events SET seq = 3 WHERE seq = 102 AND resource_id = 'audit-demo'`);
      result = await f.gk.audit.verify(f.firmId, resource);
      assert.equal(result.ok, false, 'swapped events');
      assert.equal(result.brokenAt, 2);
    } finally {
      db.close();
    }
  });
});
