/** Store conformance: what the firm keeps — resources, the audit chain, and records handed out as copies. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GENESIS_HASH, verifyAuditChain } from '../../store/audit-chain.js';
import { at, makeAuditInput, makeFirm, makeLink, makeResource, uid } from '../store-fixtures.js';
import type { ConformanceContext } from './context.js';

/** Registers the resources, audit and copies parts of the suite. */
export function recordsConformance(ctx: ConformanceContext): void {
  const { twoFirms } = ctx;
  describe('resources', () => {
    it('stores resources per firm and type', async () => {
      const { a, b } = await twoFirms();
      const invoice = makeResource(a);
      const share = makeResource(a, { type: 'share', data: { files: ['a.pdf'] } });
      await ctx.store.resources.insert(invoice);
      await ctx.store.resources.insert(share);
      await ctx.store.resources.insert(makeResource(b, { id: invoice.id }));
      assert.deepEqual(await ctx.store.resources.get(a, 'invoice', invoice.id), invoice);
      assert.equal(await ctx.store.resources.get(a, 'share', invoice.id), null);
      assert.deepEqual(await ctx.store.resources.list(a, 'invoice'), [invoice]);
      assert.deepEqual(await ctx.store.resources.list(a, 'share'), [share]);
      assert.equal((await ctx.store.resources.get(b, 'invoice', invoice.id))?.firmId, b, "another firm's record with the same id");
      await assert.rejects(ctx.store.resources.insert(invoice), 'same firm, type and id twice');
    });

    it('lists a parent’s records of a type, in insertion order, and keeps the parent through updates', async () => {
      const { a, b } = await twoFirms();
      const request = uid('req');
      const other = uid('req');
      const first = makeResource(a, { type: 'upload-file', parent: request });
      const elsewhere = makeResource(a, { type: 'upload-file', parent: other });
      const orphan = makeResource(a, { type: 'upload-file' });
      const second = makeResource(a, { type: 'upload-file', parent: request });
      const wrongType = makeResource(a, { type: 'tus-upload', parent: request });
      const otherFirm = makeResource(b, { type: 'upload-file', parent: request });
      for (const record of [first, elsewhere, orphan, second, wrongType, otherFirm]) await ctx.store.resources.insert(record);
      assert.deepEqual(await ctx.store.resources.list(a, 'upload-file', { parent: request }), [first, second]);
      assert.deepEqual(await ctx.store.resources.list(a, 'upload-file', { parent: other }), [elsewhere]);
      assert.deepEqual(await ctx.store.resources.list(a, 'upload-file', { parent: uid('none') }), []);
      assert.deepEqual(await ctx.store.resources.list(a, 'upload-file'), [first, elsewhere, orphan, second], 'without a filter: every parent, and none');
      assert.deepEqual(await ctx.store.resources.get(a, 'upload-file', orphan.id), orphan, 'no parent reads back without one');
      const updated = await ctx.store.resources.update(a, 'upload-file', first.id, { status: 'clean' }, 1, at(9));
      assert.equal(updated?.parent, request);
      assert.deepEqual(await ctx.store.resources.list(a, 'upload-file', { parent: request }), [updated, second]);
    });

    it('updates only from the expected version (optimistic concurrency)', async () => {
      const { a, b } = await twoFirms();
      const record = makeResource(a);
      await ctx.store.resources.insert(record);
      const updated = await ctx.store.resources.update(a, record.type, record.id, { amountCents: 1 }, 1, at(9));
      assert.deepEqual(updated, { ...record, data: { amountCents: 1 }, version: 2, updatedAt: at(9) });
      assert.equal(await ctx.store.resources.update(a, record.type, record.id, { amountCents: 2 }, 1, at(10)), null, 'stale version');
      assert.equal(await ctx.store.resources.update(b, record.type, record.id, { amountCents: 3 }, 2, at(10)), null, 'another firm');
      assert.equal(await ctx.store.resources.update(a, record.type, uid('x'), {}, 1, at(10)), null, 'unknown id');
      assert.deepEqual(await ctx.store.resources.get(a, record.type, record.id), updated);
      assert.equal((await ctx.store.resources.update(a, record.type, record.id, { amountCents: 4 }, 2, at(11)))?.version, 3);
    });
  });

  describe('audit', () => {
    it('chains appended events: seq 1..n, prevHash links, verifiable, head matches', async () => {
      const { a } = await twoFirms();
      const id = uid('share');
      const appended = [];
      for (let i = 0; i < 3; i++) appended.push(await ctx.store.audit.append(makeAuditInput(a, 'share', id, { at: at(10 + i), verified: i === 2 })));
      assert.deepEqual(appended.map((e) => e.seq), [1, 2, 3]);
      assert.equal(appended[0]!.prevHash, GENESIS_HASH);
      assert.equal(appended[1]!.prevHash, appended[0]!.hash);
      assert.equal(appended[2]!.prevHash, appended[1]!.hash);
      assert.equal(new Set(appended.map((e) => e.id)).size, 3);

      const stored = await ctx.store.audit.listForResource(a, 'share', id);
      assert.deepEqual(stored, appended, 'stored events read back exactly as appended');
      const head = await ctx.store.audit.head(a, 'share', id);
      assert.deepEqual(head, { seq: 3, hash: appended[2]!.hash });
      assert.deepEqual(verifyAuditChain(stored, head), { ok: true, count: 3 });
      assert.equal(await ctx.store.audit.head(a, 'share', uid('none')), null);
    });

    it('keeps one chain per resource and per firm', async () => {
      const { a, b } = await twoFirms();
      const id = uid('share');
      await ctx.store.audit.append(makeAuditInput(a, 'share', id));
      await ctx.store.audit.append(makeAuditInput(a, 'share', id));
      const otherType = await ctx.store.audit.append(makeAuditInput(a, 'invoice', id));
      const otherFirm = await ctx.store.audit.append(makeAuditInput(b, 'share', id));
      assert.equal(otherType.seq, 1);
      assert.equal(otherFirm.seq, 1);
      assert.equal(otherFirm.prevHash, GENESIS_HASH);
      assert.equal((await ctx.store.audit.listForResource(a, 'share', id)).length, 2);
      assert.deepEqual(await ctx.store.audit.listForResource(b, 'share', id), [otherFirm]);
      assert.deepEqual((await ctx.store.audit.list(b)).map((e) => e.id), [otherFirm.id]);
    });

    it('keeps the chain valid under 50 concurrent appends to one resource', async () => {
      const { a } = await twoFirms();
      const id = uid('share');
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => ctx.store.audit.append(makeAuditInput(a, 'share', id, { data: { i } }))),
      );
      assert.deepEqual(results.map((e) => e.seq).sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i + 1));
      const stored = await ctx.store.audit.listForResource(a, 'share', id);
      assert.deepEqual(stored.map((e) => e.seq), Array.from({ length: 50 }, (_, i) => i + 1));
      assert.deepEqual(verifyAuditChain(stored, await ctx.store.audit.head(a, 'share', id)), { ok: true, count: 50 });
    });

    it("lists a firm's events newest first, by type and with a limit", async () => {
      const { a } = await twoFirms();
      const viewed = await ctx.store.audit.append(makeAuditInput(a, 'share', uid('s'), { at: at(1), type: 'share.viewed' }));
      const paid = await ctx.store.audit.append(makeAuditInput(a, 'invoice', uid('i'), { at: at(2), type: 'invoice.paid' }));
      const viewedAgain = await ctx.store.audit.append(makeAuditInput(a, 'share', uid('s'), { at: at(3), type: 'share.viewed' }));
      const ids = async (options?: { limit?: number; type?: string }) => (await ctx.store.audit.list(a, options)).map((e) => e.id);
      assert.deepEqual(await ids(), [viewedAgain.id, paid.id, viewed.id]);
      assert.deepEqual(await ids({ limit: 2 }), [viewedAgain.id, paid.id]);
      assert.deepEqual(await ids({ type: 'share.viewed' }), [viewedAgain.id, viewed.id]);
      assert.deepEqual(await ids({ type: 'share.viewed', limit: 1 }), [viewedAgain.id]);
      assert.deepEqual(await ids({ type: 'nothing.happened' }), []);
    });
  });

  describe('records are copies', () => {
    it('mutating what went in or came out does not change the store', async () => {
      const { a } = await twoFirms();
      const firm = makeFirm();
      await ctx.store.firms.put(firm);
      firm.allowedOrigins.push('https://evil.example');
      (await ctx.store.firms.get(firm.id))!.allowedOrigins.push('https://evil.example');
      assert.deepEqual((await ctx.store.firms.get(firm.id))!.allowedOrigins, ['https://kanzlei.example']);

      const link = makeLink(a);
      await ctx.store.links.insert(link);
      link.resource.id = 'changed';
      const read = (await ctx.store.links.get(a, link.id))!;
      read.revokedAt = at(1);
      read.resource.type = 'changed';
      const again = (await ctx.store.links.get(a, link.id))!;
      assert.equal(again.revokedAt, null);
      assert.notEqual(again.resource.id, 'changed');
      assert.notEqual(again.resource.type, 'changed');

      const record = makeResource(a);
      await ctx.store.resources.insert(record);
      (record.data.lines as Array<{ cents: number }>)[0]!.cents = 0;
      const got = (await ctx.store.resources.get(a, record.type, record.id))!;
      (got.data.lines as Array<{ cents: number }>)[0]!.cents = 1;
      assert.equal(((await ctx.store.resources.get(a, record.type, record.id))!.data.lines as Array<{ cents: number }>)[0]!.cents, 12_345);

      const input = makeAuditInput(a, 'share', uid('s'));
      const event = await ctx.store.audit.append(input);
      (input.data.nested as { ok: boolean }).ok = false;
      (event.data.nested as { ok: boolean }).ok = false;
      const listed = await ctx.store.audit.listForResource(a, 'share', input.resourceId);
      assert.equal((listed[0]!.data.nested as { ok: boolean }).ok, true);
      (listed[0]!.data.nested as { ok: boolean }).ok = false;
      assert.equal(verifyAuditChain(await ctx.store.audit.listForResource(a, 'share', input.resourceId)).ok, true);
    });
  });
}
