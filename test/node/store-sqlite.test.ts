import assert from 'node:assert/strict';
import fs, { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { verifyAuditChain } from '../../src/server-adapter/store/audit-chain.js';
import { openSqlite, SQLITE_MIGRATIONS } from '../../src/server-adapter/store/sqlite-schema.js';
import { sqliteStore } from '../../src/server-adapter/store/sqlite-store.js';
import type { Store } from '../../src/server-adapter/store/types.js';
import { storeConformance } from '../../src/server-adapter/testing/store-conformance.js';
import { makeAuditInput, makeFirm, makeLink, uid } from '../../src/server-adapter/testing/store-fixtures.js';

const dirs: string[] = [];
// A fresh directory that does not exist yet, so the store must create it.
const freshFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'guestkit-sqlite-'));
  dirs.push(dir);
  return join(dir, 'nested', 'guestkit.db');
};
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

storeConformance('sqliteStore', () => sqliteStore({ file: freshFile() }));

describe('sqliteStore', () => {
  const open = async (file = freshFile()): Promise<{ store: Store; file: string }> => {
    const store = sqliteStore({ file });
    await store.init();
    return { store, file };
  };
  const appendThree = async (store: Store) => {
    const firmId = uid('firm');
    const resourceId = uid('share');
    for (let i = 0; i < 3; i++) await store.audit.append(makeAuditInput(firmId, 'share', resourceId, { data: { i } }));
    return { firmId, resourceId };
  };

  it('opens nothing until used', () => {
    const file = freshFile();
    sqliteStore({ file });
    assert.throws(() => new Database(file, { fileMustExist: true }));
  });

  it('runs in WAL mode with synchronous=FULL, a busy timeout and foreign keys on', async () => {
    const { store, file } = await open();
    // The mode lives in the file; the other settings are per connection, made by openSqlite.
    const other = new Database(file);
    assert.equal(other.pragma('journal_mode', { simple: true }), 'wal');
    other.close();
    const db = openSqlite(file);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('synchronous', { simple: true }), 2);
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.ok((db.pragma('busy_timeout', { simple: true }) as number) > 0);
    db.close();
    await store.close();
  });

  it('keeps data across reopening the file', async () => {
    const { store, file } = await open();
    const firm = makeFirm();
    await store.firms.put(firm);
    const link = makeLink(firm.id);
    await store.links.insert(link);
    const { firmId, resourceId } = await appendThree(store);
    await store.close();

    const reopened = sqliteStore({ file });
    await reopened.init();
    assert.deepEqual(await reopened.firms.get(firm.id), firm);
    assert.deepEqual(await reopened.links.getByHash(link.tokenHash), link);
    const events = await reopened.audit.listForResource(firmId, 'share', resourceId);
    assert.equal(verifyAuditChain(events, await reopened.audit.head(firmId, 'share', resourceId)).ok, true);
    assert.equal((await reopened.audit.append(makeAuditInput(firmId, 'share', resourceId))).seq, 4);
    await reopened.close();
  });

  it('refuses UPDATE and DELETE on audit_events, even from another connection', async () => {
    const { store, file } = await open();
    await appendThree(store);
    const db = new Database(file);
    assert.throws(() => db.prepare("UPDATE audit_events SET actor = 'mallory'").run(), /append-only/);
    assert.throws(() => db.prepare('DELETE FROM audit_events').run(), /append-only/);
    assert.equal((db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n, 3);
    db.close();
    await store.close();
  });

  it('backs up while in use: the copy, made with appends going on, passes the integrity check and its chains verify to their heads; an existing file is never replaced', async () => {
    const { store, file } = await open();
    const firmId = uid('firm');
    const resourceId = uid('share');
    // A steady stream of appends, each its own transaction, for the backup to run between.
    let appending = true;
    let appended = 0;
    const writer = (async () => {
      while (appending || appended < 200) {
        await store.audit.append(makeAuditInput(firmId, 'share', resourceId, { data: { n: appended, text: 'x'.repeat(2000) } }));
        appended++;
        if (appended % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const copy = join(file, '..', 'backup.db');
    await store.backup!(copy);
    appending = false;
    await writer;
    await assert.rejects(store.backup!(copy), /exists/);
    // A file that appears under the name while the backup runs is not replaced either, and no part of the backup stays.
    const late = join(file, '..', 'late.db');
    const racing = store.backup!(late);
    writeFileSync(late, 'someone else\'s file');
    await assert.rejects(racing, /exists/);
    assert.equal(readFileSync(late, 'utf8'), 'someone else\'s file');
    assert.deepEqual(readdirSync(join(file, '..')).filter((name) => name.includes('partial')), []);
    // On a file system without hard links (FAT, many network shares) the backup is copied into place instead.
    const link = fs.linkSync;
    fs.linkSync = () => {
      throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
    };
    syncBuiltinESMExports();
    try {
      const copied = join(file, '..', 'on-fat.db');
      await store.backup!(copied);
      const onFat = sqliteStore({ file: copied });
      await onFat.init();
      assert.deepEqual(await onFat.check!(), []);
      await onFat.close();
      await assert.rejects(store.backup!(copied), /exists/);
      // The stick fills up halfway through the copy: nothing stays under the name, and the next backup may use it.
      const copyFile = fs.copyFileSync;
      fs.copyFileSync = (from, to) => {
        fs.writeFileSync(to, fs.readFileSync(from).subarray(0, 4096));
        throw Object.assign(new Error('ENOSPC: no space left on device, copyfile'), { code: 'ENOSPC' });
      };
      syncBuiltinESMExports();
      const full = join(file, '..', 'full-stick.db');
      try {
        await assert.rejects(store.backup!(full), /ENOSPC/);
      } finally {
        fs.copyFileSync = copyFile;
        syncBuiltinESMExports();
      }
      assert.equal(fs.existsSync(full), false, 'no half a database under the name');
      await store.backup!(full);
      assert.ok(fs.statSync(full).size > 4096);
    } finally {
      fs.linkSync = link;
      syncBuiltinESMExports();
    }
    assert.deepEqual(readdirSync(join(file, '..')).filter((name) => name.includes('partial')), []);

    const restored = sqliteStore({ file: copy });
    await restored.init();
    assert.deepEqual(await restored.check!(), []);
    const events = await restored.audit.listForResource(firmId, 'share', resourceId);
    assert.ok(events.length > 0 && events.length <= appended, `${events.length} of ${appended} events in the copy`);
    assert.deepEqual(verifyAuditChain(events, await restored.audit.head(firmId, 'share', resourceId)), { ok: true, count: events.length });
    await restored.close();
    assert.deepEqual(await store.check!(), []);
    await store.close();
  });

  it('reports damage: a foreign key broken behind the store\'s back, a file overwritten in the middle', async () => {
    const { store, file } = await open();
    await appendThree(store);
    const db = new Database(file);
    db.pragma('foreign_keys = OFF');
    db.prepare(`INSERT INTO sessions (id, firm_id, link_id, token_hash, created_at, expires_at) VALUES ('ses_x', 'f', 'lnk_gone', 'h', '2026-01-01', '2026-01-01')`).run();
    db.close();
    assert.match((await store.check!()).join('\n'), /sessions row \d+: no links/);
    await store.close();

    const damaged = await open();
    await appendThree(damaged.store);
    for (let i = 0; i < 50; i++) await appendThree(damaged.store);
    await damaged.store.close();
    const bytes = readFileSync(damaged.file);
    bytes.fill(0x5a, 4096 * 3, 4096 * 3 + 2048); // half a page of the tables, garbled
    writeFileSync(damaged.file, bytes);
    const reopened = sqliteStore({ file: damaged.file });
    const problems = await reopened.check!();
    assert.ok(problems.length > 0, 'the damage is reported');
    await reopened.close();
  });

  it('shows an event edited behind the triggers (a superuser) as a broken chain at that event', async () => {
    const { store, file } = await open();
    const { firmId, resourceId } = await appendThree(store);
    const db = new Database(file);
    db.exec('DROP TRIGGER audit_events_no_update');
    db.prepare(`UPDATE audit_events SET data = '{"i":99}' WHERE resource_id = ? AND seq = 2`).run(resourceId);
    db.close();
    const result = verifyAuditChain(await store.audit.listForResource(firmId, 'share', resourceId));
    assert.equal(result.ok, false);
    assert.equal(result.brokenAt, 2);
    await store.close();
  });

  it('shows the last event deleted behind the triggers through the chain head', async () => {
    const { store, file } = await open();
    const { firmId, resourceId } = await appendThree(store);
    const db = new Database(file);
    db.exec('DROP TRIGGER audit_events_no_delete');
    db.prepare('DELETE FROM audit_events WHERE resource_id = ? AND seq = 3').run(resourceId);
    db.close();
    const events = await store.audit.listForResource(firmId, 'share', resourceId);
    assert.equal(verifyAuditChain(events).ok, true, 'the shortened chain is consistent on its own');
    const result = verifyAuditChain(events, await store.audit.head(firmId, 'share', resourceId));
    assert.equal(result.ok, false);
    assert.equal(result.brokenAt, 3);
    await store.close();
  });

  it('migrates once: a second store on the same file leaves the schema as it is', async () => {
    const { store, file } = await open();
    const second = sqliteStore({ file });
    await second.init();
    await second.init();
    const db = new Database(file);
    assert.equal(db.pragma('user_version', { simple: true }), SQLITE_MIGRATIONS.length);
    db.close();
    await second.close();
    await store.close();
  });

  it('migration 2 gives upload files and tus uploads written before it their request as parent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-migrate-'));
    const file = join(dir, 'v1.db');
    const v1 = new Database(file);
    v1.exec(SQLITE_MIGRATIONS[0]!);
    v1.pragma('user_version = 1');
    const insert = v1.prepare('INSERT INTO resources (firm_id, type, id, data, version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)');
    const when = new Date(0).toISOString();
    insert.run('firm_a', 'upload-file', 'file_1', JSON.stringify({ requestId: 'req_1', name: 'a.pdf' }), when, when);
    insert.run('firm_a', 'tus-upload', 'tus_1', JSON.stringify({ requestId: 'req_1', name: 'b.pdf' }), when, when);
    insert.run('firm_a', 'upload-file', 'file_2', JSON.stringify({ requestId: 'req_2', name: 'c.pdf' }), when, when);
    insert.run('firm_a', 'share', 'share_1', JSON.stringify({ requestId: 'not-a-parent' }), when, when);
    v1.close();

    const store = sqliteStore({ file });
    await store.init();
    assert.deepEqual((await store.resources.list('firm_a', 'upload-file', { parent: 'req_1' })).map((r) => r.id), ['file_1']);
    assert.deepEqual((await store.resources.list('firm_a', 'tus-upload', { parent: 'req_1' })).map((r) => r.id), ['tus_1']);
    assert.deepEqual((await store.resources.list('firm_a', 'upload-file', { parent: 'req_2' })).map((r) => r.id), ['file_2']);
    assert.equal((await store.resources.get('firm_a', 'share', 'share_1'))?.parent, undefined, 'only upload records get a parent');
    await store.close();
    const db = new Database(file);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM resources WHERE firm_id = ? AND type = ? AND parent = ? ORDER BY rowid").all('firm_a', 'upload-file', 'req_1') as { detail: string }[];
    db.close();
    rmSync(dir, { recursive: true, force: true });
    assert.ok(plan.some((step) => step.detail.includes('resources_parent')), `the parent lookup uses its index: ${JSON.stringify(plan)}`);
  });

  it('migration 6 lets a session written before migration 3 be pruned by its own expiry, and every prune searches an index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-migrate-'));
    const file = join(dir, 'v5.db');
    const v5 = new Database(file);
    for (const migration of SQLITE_MIGRATIONS.slice(0, 5)) v5.exec(migration);
    v5.pragma('user_version = 5');
    const link = makeLink('firm_a');
    v5.prepare(`INSERT INTO links (id, firm_id, token_hash, kind, action, resource_type, resource_id, recipient_email, created_at, expires_at)
      VALUES (?, 'firm_a', ?, 'view', 'view', 'share', 's', 'a@example.com', ?, ?)`).run(link.id, link.tokenHash, link.createdAt, link.expiresAt);
    v5.prepare(`INSERT INTO sessions (id, firm_id, link_id, token_hash, created_at, expires_at) VALUES ('ses_old', 'firm_a', ?, 'hash_old', ?, ?)`)
      .run(link.id, new Date(0).toISOString(), new Date(900_000).toISOString());
    v5.close();

    const store = sqliteStore({ file });
    await store.init();
    assert.equal(await store.sessions.prune!(new Date(900_000).toISOString()), 0, 'expires at the time itself: kept');
    assert.equal(await store.sessions.prune!(new Date(900_001).toISOString()), 1);
    await store.close();
    const db = new Database(file);
    // The statements of sqlite-store.ts's prunes.
    const plans = [
      ["DELETE FROM rate_limits WHERE ifnull(json_extract(hits, '$[#-1]'), 0) <= ?", 'rate_limits_last_hit', [1]],
      ['DELETE FROM sessions WHERE absolute_expires_at < ? AND expires_at < ?', 'sessions_absolute_expires', ['x', 'x']],
      ['DELETE FROM otps WHERE expires_at < ?', 'otps_expires', ['x']],
    ] as const;
    const details = plans.map(([sql, , params]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((step) => step.detail).join('; '));
    db.close();
    rmSync(dir, { recursive: true, force: true });
    plans.forEach(([, index], i) => assert.match(details[i]!, new RegExp(`SEARCH .* USING (COVERING )?INDEX ${index}`)));
  });

  it('refuses calls after close', async () => {
    const { store } = await open();
    await store.close();
    await assert.rejects(store.firms.list(), /closed/);
  });
});
