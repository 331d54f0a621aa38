import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { main } from '../../src/cli/main.js';
import { createEmbeddedGuestkit, ensureFirm } from '../../src/server-adapter/embedded.js';

describe('guestkit CLI on the embedded store', () => {
  let dir: string;
  const run = async (...args: string[]) => {
    const lines: string[] = [];
    const code = await main([...args, '--dir', dir], (line) => lines.push(line));
    return { code, lines };
  };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'guestkit-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('explains itself, and says what to do when there is no firm yet', async () => {
    assert.equal(await main(['--help'], () => {}), 0);
    const { code, lines } = await run('api-key', 'create');
    assert.equal(code, 1);
    assert.match(lines.join('\n'), /no firm "default".*npm start/);
  });

  it('creates an API key that authenticates the admin API, lists it without the secret, revokes it', async () => {
    const gk = createEmbeddedGuestkit({ dir });
    await gk.init();
    await ensureFirm(gk, { name: 'CLI Kanzlei', mailFrom: 'no-reply@cli.example', linkBaseUrl: 'https://cli.example/{kind}' });
    await gk.close();

    const created = await run('api-key', 'create', '--label', 'erp');
    assert.equal(created.code, 0);
    const key = created.lines[1]!;
    assert.match(key, /^gk_key_[0-9A-Za-z]{49}$/);

    const check = createEmbeddedGuestkit({ dir });
    await check.init();
    const response = await check.handle(new Request('http://x/guestkit/v1/admin/firm', { headers: { authorization: `Bearer ${key}` } }));
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { name: string }).name, 'CLI Kanzlei');
    await check.close();

    const listed = await run('api-key', 'list');
    assert.ok(listed.lines.some((l) => l.includes('erp') && l.includes('active')));
    assert.ok(!listed.lines.join('\n').includes(key));
    const id = created.lines[0]!.split(' ')[2]!;
    assert.equal((await run('api-key', 'revoke', id)).code, 0);
    assert.ok((await run('api-key', 'list')).lines.some((l) => l.includes('erp') && l.includes('revoked')));
  });

  it('issues a link with the token in the fragment and verifies the audit chain', async () => {
    const link = await run('link', 'create', '--kind', 'upload', '--resource', 'upload-request:r1', '--email', 'lead@example.com');
    assert.equal(link.code, 0);
    assert.match(link.lines[1]!, /^https:\/\/cli\.example\/upload#gk=gk_upload_/);
    const verified = await run('audit', 'verify', '--resource', 'upload-request:r1');
    assert.equal(verified.code, 0);
    assert.match(verified.lines[0]!, /^ok: 1 events/);
    assert.equal((await run('link', 'create', '--kind', 'nope', '--email', 'a@b.c', '--resource', 'a:b')).code, 1);
  });

  it('checks or backs up only a database that is there: a mistyped --dir makes no empty one', async () => {
    const missing = join(dir, 'no-such-folder');
    for (const args of [['store', 'check'], ['store', 'backup', join(dir, 'copy.db')]]) {
      const lines: string[] = [];
      assert.equal(await main([...args, '--dir', missing], (line) => lines.push(line)), 1, args.join(' '));
      assert.match(lines.join('\n'), /^error: no Guestkit database in .*no-such-folder/);
    }
    assert.equal(existsSync(missing), false, 'nothing made');
    assert.equal(existsSync(join(dir, 'copy.db')), false);
  });

  it('checks the database, and backs it up to a copy that checks clean and holds the audit chain', async () => {
    const checked = await run('store', 'check');
    assert.deepEqual(checked, { code: 0, lines: [`ok: ${dir} has no damage`] });
    const copyDir = mkdtempSync(join(tmpdir(), 'guestkit-cli-backup-'));
    try {
      const backup = await run('store', 'backup', join(copyDir, 'guestkit.db'));
      assert.equal(backup.code, 0, backup.lines.join('\n'));
      assert.equal((await run('store', 'backup', join(copyDir, 'guestkit.db'))).code, 1, 'never over an existing file');
      const lines: string[] = [];
      assert.equal(await main(['store', 'check', '--dir', copyDir], (line) => lines.push(line)), 0);
      assert.equal(await main(['audit', 'verify', '--resource', 'upload-request:r1', '--dir', copyDir], (line) => lines.push(line)), 0);
      assert.match(lines.join('\n'), /ok: 1 events, chain intact/);
    } finally {
      rmSync(copyDir, { recursive: true, force: true });
    }
  });

  it('checks and backs up the database as it is: no migration first, also for one a newer Guestkit wrote', async () => {
    const copyDir = mkdtempSync(join(tmpdir(), 'guestkit-cli-newer-'));
    const file = join(copyDir, 'guestkit.db');
    try {
      assert.equal((await run('store', 'backup', file)).code, 0);
      const schemaVersion = (set?: number): number => {
        const db = new Database(file);
        try {
          if (set !== undefined) db.pragma(`user_version = ${set}`);
          return db.pragma('user_version', { simple: true }) as number;
        } finally {
          db.close();
        }
      };
      const newer = schemaVersion() + 1;
      schemaVersion(newer);
      const lines: string[] = [];
      assert.equal(await main(['store', 'check', '--dir', copyDir], (line) => lines.push(line)), 0, lines.join('\n'));
      assert.equal(await main(['store', 'backup', join(copyDir, 'again.db'), '--dir', copyDir], (line) => lines.push(line)), 0, lines.join('\n'));
      assert.deepEqual(lines, [`ok: ${copyDir} has no damage`, `backed up ${copyDir} to ${join(copyDir, 'again.db')}`]);
      assert.equal(schemaVersion(), newer, 'the schema left as it was');
      // What serving it says, for contrast: this Guestkit does not run a newer schema.
      assert.equal(await main(['api-key', 'list', '--dir', copyDir], (line) => lines.push(line)), 1);
      assert.match(lines.at(-1)!, /newer than this Guestkit/);
    } finally {
      rmSync(copyDir, { recursive: true, force: true });
    }
  });
});
