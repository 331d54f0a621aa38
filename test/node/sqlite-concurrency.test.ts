import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteStore } from '../../src/server-adapter/index.js';
import { createFixture, type Fixture } from './helpers/fixture.js';

describe('the embedded SQLite store under concurrent use (SECURITY.md D2)', () => {
  let f: Fixture;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'guestkit-concurrency-'));
    f = await createFixture({ store: sqliteStore({ file: join(dir, 'guestkit.db') }), rateLimits: { exchangePerIpPerMinute: 1000 } });
  });
  after(async () => {
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('50 links issued and opened at once: no busy errors, one chain per resource that verifies', async () => {
    const resource = { type: 'share', id: 'busy' };
    const created = await Promise.all(
      Array.from({ length: 50 }, (_, i) => f.gk.links.create(f.firmId, { kind: 'view', resource, recipient: { email: `r${i}@example.com` } })),
    );
    const opened = await Promise.all(created.map(({ token }, i) => f.call('POST', '/v1/session', { body: { token }, ip: `198.51.100.${i}` })));
    assert.deepEqual([...new Set(opened.map((r) => r.status))], [201]);
    const events = await f.gk.audit.list(f.firmId, { resource });
    assert.equal(events.length, 100);
    assert.deepEqual(events.map((e) => e.seq), Array.from({ length: 100 }, (_, i) => i + 1));
    assert.deepEqual(await f.gk.audit.verify(f.firmId, resource), { ok: true, count: 100 });
  });

  it('regression: 50 finishes racing for 10 slots — exactly 10 win, the rest are told too_many_files, none gets unavailable', async () => {
    const { request } = await f.gk.uploads.createRequest(f.firmId, { title: 'race', uploader: { email: 'u@example.com' }, limits: { maxFiles: 10 } });
    const { claimSlot } = await import('../../src/server-adapter/uploads/finish.js');
    const claims = await Promise.all(
      Array.from({ length: 50 }, (_, i) => claimSlot(f.gk.runtime, f.firmId, request.id, `file_${i}`).then(() => true, (e: Error & { code?: string }) => (e.code === 'too_many_files' ? false : Promise.reject(e)))),
    );
    assert.equal(claims.filter(Boolean).length, 10);
    assert.equal((await f.gk.uploads.getRequest(f.firmId, request.id)).fileCount, 10);
  });
});
