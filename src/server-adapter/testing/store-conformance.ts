/** The behaviour every `Store` implementation must show, as a `node:test` suite. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GENESIS_HASH, verifyAuditChain } from '../store/audit-chain.js';
import type { Store } from '../store/types.js';
import { at, fakeHash, makeAuditInput, makeFirm, makeLink, makeResource, makeSession, T0, uid } from './store-fixtures.js';

/**
 * Registers the store conformance suite. Each test works in firms of its own, so one store
 * instance serves the whole suite.
 *
 * @example
 * ```ts
 * import { storeConformance } from 'guestkit/server/testing';
 * storeConformance('postgres', () => pgStore({ connectionString: process.env.DATABASE_URL! }));
 * ```
 */
export function storeConformance(name: string, create: () => Promise<Store> | Store): void {
  void describe(`Store conformance: ${name}`, () => {
    let store: Store;
    const twoFirms = async () => {
      const a = makeFirm(uid('firm_a'));
      const b = makeFirm(uid('firm_b'));
      await store.firms.put(a);
      await store.firms.put(b);
      return { a: a.id, b: b.id };
    };

    before(async () => {
      store = await create();
      await store.init();
      await store.init(); // init() must be idempotent
    });
    after(async () => {
      await store.close();
    });

    describe('firms', () => {
      it('puts, gets, lists and replaces a firm', async () => {
        const firm = makeFirm();
        await store.firms.put(firm);
        assert.deepEqual(await store.firms.get(firm.id), firm);
        const renamed = { ...firm, name: 'Kanzlei Müller & Partner', allowedOrigins: ['https://a.example', 'https://b.example'] };
        await store.firms.put(renamed);
        assert.deepEqual(await store.firms.get(firm.id), renamed);
        assert.equal((await store.firms.list()).filter((f) => f.id === firm.id).length, 1);
        assert.equal(await store.firms.get(uid('nope')), null);
      });
    });

    describe('api keys', () => {
      it('finds a key by hash, lists it for its firm only, and revokes it once', async () => {
        const { a, b } = await twoFirms();
        const key = { id: uid('key'), firmId: a, hash: fakeHash(), label: 'Portal', createdAt: at(0), revokedAt: null };
        await store.apiKeys.insert(key);
        assert.deepEqual(await store.apiKeys.getByHash(key.hash), key);
        assert.deepEqual(await store.apiKeys.list(a), [key]);
        assert.deepEqual(await store.apiKeys.list(b), []);
        assert.equal(await store.apiKeys.revoke(b, key.id, at(1)), false, 'another firm cannot revoke it');
        assert.equal(await store.apiKeys.revoke(a, key.id, at(2)), true);
        assert.equal(await store.apiKeys.revoke(a, key.id, at(3)), false, 'second revoke');
        assert.equal((await store.apiKeys.getByHash(key.hash))?.revokedAt, at(2));
        assert.equal(await store.apiKeys.getByHash(fakeHash()), null);
      });
    });

    describe('links', () => {
      it('stores a link and finds it by token hash and by id, only within its firm', async () => {
        const { a, b } = await twoFirms();
        const link = makeLink(a, { stepUp: 'access_code', accessCodeHash: 'ab:cd', replaces: uid('link') });
        await store.links.insert(link);
        assert.deepEqual(await store.links.getByHash(link.tokenHash), link);
        assert.deepEqual(await store.links.get(a, link.id), link);
        assert.equal(await store.links.get(b, link.id), null);
        assert.deepEqual(await store.links.list(b), []);
        assert.equal(await store.links.getByHash(fakeHash()), null);
      });

      it('rejects a second link with the same token hash', async () => {
        const { a } = await twoFirms();
        const link = makeLink(a);
        await store.links.insert(link);
        await assert.rejects(store.links.insert(makeLink(a, { tokenHash: link.tokenHash })));
      });

      it('lists newest first, filtered by resource, resource type, kind, activeAt and limit', async () => {
        const { a, b } = await twoFirms();
        const share = { type: 'share', id: uid('share') };
        const old = makeLink(a, { resource: share, createdAt: at(1), expiresAt: at(100) });
        const expiring = makeLink(a, { resource: share, createdAt: at(2), expiresAt: at(10) });
        const upload = makeLink(a, { kind: 'upload', action: 'upload', resource: { type: 'upload_request', id: uid('ur') }, createdAt: at(3) });
        const revoked = makeLink(a, { resource: share, createdAt: at(4), revokedAt: at(5) });
        for (const link of [old, expiring, upload, revoked]) await store.links.insert(link);
        await store.links.insert(makeLink(b, { resource: share, createdAt: at(9) }));
        const ids = async (filter?: Parameters<Store['links']['list']>[1]) => (await store.links.list(a, filter)).map((l) => l.id);

        assert.deepEqual(await ids(), [revoked.id, upload.id, expiring.id, old.id]);
        assert.deepEqual(await ids({ resource: share }), [revoked.id, expiring.id, old.id]);
        assert.deepEqual(await ids({ kind: 'upload' }), [upload.id]);
        assert.deepEqual(await ids({ resourceType: 'share' }), [revoked.id, expiring.id, old.id]);
        assert.deepEqual(await ids({ resourceType: 'upload_request' }), [upload.id]);
        assert.deepEqual(await ids({ activeAt: at(50) }), [upload.id, old.id], 'expired and revoked links are not active');
        assert.deepEqual(await ids({ activeAt: at(3) }), [revoked.id, upload.id, expiring.id, old.id], 'revoked later, so active then');
        assert.deepEqual(await ids({ limit: 2 }), [revoked.id, upload.id]);
        assert.deepEqual(await ids({ resource: share, kind: 'view', activeAt: at(50), limit: 5 }), [old.id]);
      });

      it('revoke sets revokedAt, ends every session of the link, and is idempotent', async () => {
        const { a, b } = await twoFirms();
        const link = makeLink(a);
        const other = makeLink(a);
        await store.links.insert(link);
        await store.links.insert(other);
        const [s1, s2, s3] = [makeSession(link), makeSession(link), makeSession(other)];
        for (const s of [s1, s2, s3]) await store.sessions.insert(s);

        assert.equal(await store.links.revoke(b, link.id, at(6)), false, 'another firm cannot revoke it');
        assert.equal((await store.links.get(a, link.id))?.revokedAt, null);
        assert.equal(await store.links.revoke(a, link.id, at(7)), true);
        assert.equal((await store.links.get(a, link.id))?.revokedAt, at(7));
        assert.equal((await store.sessions.getByHash(s1.tokenHash))?.endedAt, at(7));
        assert.equal((await store.sessions.getByHash(s2.tokenHash))?.endedAt, at(7));
        assert.equal((await store.sessions.getByHash(s3.tokenHash))?.endedAt, null, "another link's session lives on");
        assert.equal(await store.links.revoke(a, link.id, at(8)), false, 'second revoke');
        assert.equal((await store.links.get(a, link.id))?.revokedAt, at(7), 'second revoke keeps the first time');
        assert.equal(await store.links.revoke(a, uid('link'), at(8)), false, 'unknown link');
      });

      it('setExpiry moves a live link’s expiry, within its firm, never a revoked one', async () => {
        const { a, b } = await twoFirms();
        const link = makeLink(a);
        await store.links.insert(link);
        assert.equal(await store.links.setExpiry(b, link.id, at(90)), false, 'another firm');
        assert.equal(await store.links.setExpiry(a, link.id, at(90)), true);
        assert.equal((await store.links.get(a, link.id))?.expiresAt, at(90));
        await store.links.revoke(a, link.id, at(91));
        assert.equal(await store.links.setExpiry(a, link.id, at(99)), false, 'revoked stays revoked');
        assert.equal((await store.links.get(a, link.id))?.expiresAt, at(90));
      });
    });

    describe('sessions', () => {
      it('stores a session, finds it by token hash, and ends it once, within its firm', async () => {
        const { a, b } = await twoFirms();
        const link = makeLink(a);
        await store.links.insert(link);
        const session = makeSession(link);
        await store.sessions.insert(session);
        assert.deepEqual(await store.sessions.getByHash(session.tokenHash), session);
        await store.sessions.end(b, session.id, at(3));
        assert.equal((await store.sessions.getByHash(session.tokenHash))?.endedAt, null, 'another firm cannot end it');
        await store.sessions.end(a, session.id, at(4));
        await store.sessions.end(a, session.id, at(5));
        assert.equal((await store.sessions.getByHash(session.tokenHash))?.endedAt, at(4));
        assert.equal(await store.sessions.getByHash(fakeHash()), null);
      });

      it('end answers whether it ended a live session: true once, then false (refreshing is single-use)', async () => {
        const { a, b } = await twoFirms();
        const link = makeLink(a);
        await store.links.insert(link);
        const session = makeSession(link);
        await store.sessions.insert(session);
        assert.equal(await store.sessions.end(b, session.id, at(3)), false, 'another firm');
        assert.equal(await store.sessions.end(a, session.id, at(4)), true, 'first end');
        assert.equal(await store.sessions.end(a, session.id, at(5)), false, 'second end');
        assert.equal(await store.sessions.end(a, uid('sess'), at(5)), false, 'unknown session');
        const raced = makeSession(link);
        await store.sessions.insert(raced);
        const ends = await Promise.all([at(6), at(7), at(8)].map((t) => store.sessions.end(a, raced.id, t)));
        assert.deepEqual(ends.filter(Boolean), [true], 'of ends at once, exactly one ends it');
        const revoked = makeSession(link);
        await store.sessions.insert(revoked);
        await store.links.revoke(a, link.id, at(9));
        assert.equal(await store.sessions.end(a, revoked.id, at(10)), false, 'ended by revoking its link');
      });

      it('rejects a session for a link that does not exist', async () => {
        const { a } = await twoFirms();
        await assert.rejects(store.sessions.insert(makeSession(makeLink(a))));
      });

      it('prune deletes the sessions whose chain and own expiry are both before a time, ended or not', async (t) => {
        if (!store.sessions.prune) return t.skip('the store keeps sessions (no sessions.prune)');
        const { a } = await twoFirms();
        const link = makeLink(a);
        await store.links.insert(link);
        // Long before T0, where the suite's other sessions are not.
        const chain = { createdAt: at(-3_000), expiresAt: at(-2_985), absoluteExpiresAt: at(-2_500) };
        const over = makeSession(link, chain);
        const ended = makeSession(link, { ...chain, endedAt: at(-2_990) });
        const refreshedAway = makeSession(link, { ...chain, absoluteExpiresAt: at(-1_000), endedAt: at(-2_990) });
        const endsAtTheCut = makeSession(link, { ...chain, absoluteExpiresAt: at(-2_000) });
        for (const session of [over, ended, refreshedAway, endsAtTheCut]) await store.sessions.insert(session);
        assert.equal(await store.sessions.prune(at(-2_000)), 2);
        assert.equal(await store.sessions.getByHash(over.tokenHash), null);
        assert.equal(await store.sessions.getByHash(ended.tokenHash), null);
        assert.deepEqual(await store.sessions.getByHash(refreshedAway.tokenHash), refreshedAway, 'its chain goes on: kept');
        assert.deepEqual(await store.sessions.getByHash(endsAtTheCut.tokenHash), endsAtTheCut, 'ends at the time itself: kept');
        assert.equal(await store.sessions.prune(at(-2_000)), 0);
      });
    });

    describe('one-time codes', () => {
      it('puts, counts attempts, replaces and deletes a code', async () => {
        const { a } = await twoFirms();
        const link = makeLink(a, { stepUp: 'email_otp' });
        await store.links.insert(link);
        const otp = { linkId: link.id, firmId: a, codeHash: fakeHash(), expiresAt: at(10), attempts: 0, createdAt: at(2) };
        await store.otps.put(otp);
        assert.deepEqual(await store.otps.get(link.id), otp);
        assert.equal(await store.otps.addAttempt(link.id), 1);
        assert.equal(await store.otps.addAttempt(link.id), 2);
        assert.equal((await store.otps.get(link.id))?.attempts, 2);

        const fresh = { ...otp, codeHash: fakeHash(), expiresAt: at(20), createdAt: at(11) };
        await store.otps.put(fresh);
        assert.deepEqual(await store.otps.get(link.id), fresh, 'a new code replaces the old one and its attempts');

        await store.otps.delete(link.id);
        assert.equal(await store.otps.get(link.id), null);
        assert.equal(await store.otps.addAttempt(link.id), 0, 'no code, nothing to count');
      });

      it('prune deletes the codes that expired before a time', async (t) => {
        if (!store.otps.prune) return t.skip('the store keeps codes (no otps.prune)');
        const { a } = await twoFirms();
        const [expired, atTheCut] = [makeLink(a, { stepUp: 'email_otp' }), makeLink(a, { stepUp: 'email_otp' })];
        for (const link of [expired, atTheCut]) await store.links.insert(link);
        const code = (linkId: string, expiresAt: string) => ({ linkId, firmId: a, codeHash: fakeHash(), expiresAt, attempts: 1, createdAt: at(-3_010) });
        await store.otps.put(code(expired.id, at(-3_000)));
        const kept = code(atTheCut.id, at(-2_000));
        await store.otps.put(kept);
        assert.equal(await store.otps.prune(at(-2_000)), 1);
        assert.equal(await store.otps.get(expired.id), null);
        assert.deepEqual(await store.otps.get(atTheCut.id), kept, 'expires at the time itself: kept');
      });
    });

    describe('resources', () => {
      it('stores resources per firm and type', async () => {
        const { a, b } = await twoFirms();
        const invoice = makeResource(a);
        const share = makeResource(a, { type: 'share', data: { files: ['a.pdf'] } });
        await store.resources.insert(invoice);
        await store.resources.insert(share);
        await store.resources.insert(makeResource(b, { id: invoice.id }));
        assert.deepEqual(await store.resources.get(a, 'invoice', invoice.id), invoice);
        assert.equal(await store.resources.get(a, 'share', invoice.id), null);
        assert.deepEqual(await store.resources.list(a, 'invoice'), [invoice]);
        assert.deepEqual(await store.resources.list(a, 'share'), [share]);
        assert.equal((await store.resources.get(b, 'invoice', invoice.id))?.firmId, b, "another firm's record with the same id");
        await assert.rejects(store.resources.insert(invoice), 'same firm, type and id twice');
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
        for (const record of [first, elsewhere, orphan, second, wrongType, otherFirm]) await store.resources.insert(record);
        assert.deepEqual(await store.resources.list(a, 'upload-file', { parent: request }), [first, second]);
        assert.deepEqual(await store.resources.list(a, 'upload-file', { parent: other }), [elsewhere]);
        assert.deepEqual(await store.resources.list(a, 'upload-file', { parent: uid('none') }), []);
        assert.deepEqual(await store.resources.list(a, 'upload-file'), [first, elsewhere, orphan, second], 'without a filter: every parent, and none');
        assert.deepEqual(await store.resources.get(a, 'upload-file', orphan.id), orphan, 'no parent reads back without one');
        const updated = await store.resources.update(a, 'upload-file', first.id, { status: 'clean' }, 1, at(9));
        assert.equal(updated?.parent, request);
        assert.deepEqual(await store.resources.list(a, 'upload-file', { parent: request }), [updated, second]);
      });

      it('updates only from the expected version (optimistic concurrency)', async () => {
        const { a, b } = await twoFirms();
        const record = makeResource(a);
        await store.resources.insert(record);
        const updated = await store.resources.update(a, record.type, record.id, { amountCents: 1 }, 1, at(9));
        assert.deepEqual(updated, { ...record, data: { amountCents: 1 }, version: 2, updatedAt: at(9) });
        assert.equal(await store.resources.update(a, record.type, record.id, { amountCents: 2 }, 1, at(10)), null, 'stale version');
        assert.equal(await store.resources.update(b, record.type, record.id, { amountCents: 3 }, 2, at(10)), null, 'another firm');
        assert.equal(await store.resources.update(a, record.type, uid('x'), {}, 1, at(10)), null, 'unknown id');
        assert.deepEqual(await store.resources.get(a, record.type, record.id), updated);
        assert.equal((await store.resources.update(a, record.type, record.id, { amountCents: 4 }, 2, at(11)))?.version, 3);
      });
    });

    describe('audit', () => {
      it('chains appended events: seq 1..n, prevHash links, verifiable, head matches', async () => {
        const { a } = await twoFirms();
        const id = uid('share');
        const appended = [];
        for (let i = 0; i < 3; i++) appended.push(await store.audit.append(makeAuditInput(a, 'share', id, { at: at(10 + i), verified: i === 2 })));
        assert.deepEqual(appended.map((e) => e.seq), [1, 2, 3]);
        assert.equal(appended[0]!.prevHash, GENESIS_HASH);
        assert.equal(appended[1]!.prevHash, appended[0]!.hash);
        assert.equal(appended[2]!.prevHash, appended[1]!.hash);
        assert.equal(new Set(appended.map((e) => e.id)).size, 3);

        const stored = await store.audit.listForResource(a, 'share', id);
        assert.deepEqual(stored, appended, 'stored events read back exactly as appended');
        const head = await store.audit.head(a, 'share', id);
        assert.deepEqual(head, { seq: 3, hash: appended[2]!.hash });
        assert.deepEqual(verifyAuditChain(stored, head), { ok: true, count: 3 });
        assert.equal(await store.audit.head(a, 'share', uid('none')), null);
      });

      it('keeps one chain per resource and per firm', async () => {
        const { a, b } = await twoFirms();
        const id = uid('share');
        await store.audit.append(makeAuditInput(a, 'share', id));
        await store.audit.append(makeAuditInput(a, 'share', id));
        const otherType = await store.audit.append(makeAuditInput(a, 'invoice', id));
        const otherFirm = await store.audit.append(makeAuditInput(b, 'share', id));
        assert.equal(otherType.seq, 1);
        assert.equal(otherFirm.seq, 1);
        assert.equal(otherFirm.prevHash, GENESIS_HASH);
        assert.equal((await store.audit.listForResource(a, 'share', id)).length, 2);
        assert.deepEqual(await store.audit.listForResource(b, 'share', id), [otherFirm]);
        assert.deepEqual((await store.audit.list(b)).map((e) => e.id), [otherFirm.id]);
      });

      it('keeps the chain valid under 50 concurrent appends to one resource', async () => {
        const { a } = await twoFirms();
        const id = uid('share');
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.audit.append(makeAuditInput(a, 'share', id, { data: { i } }))),
        );
        assert.deepEqual(results.map((e) => e.seq).sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i + 1));
        const stored = await store.audit.listForResource(a, 'share', id);
        assert.deepEqual(stored.map((e) => e.seq), Array.from({ length: 50 }, (_, i) => i + 1));
        assert.deepEqual(verifyAuditChain(stored, await store.audit.head(a, 'share', id)), { ok: true, count: 50 });
      });

      it("lists a firm's events newest first, by type and with a limit", async () => {
        const { a } = await twoFirms();
        const viewed = await store.audit.append(makeAuditInput(a, 'share', uid('s'), { at: at(1), type: 'share.viewed' }));
        const paid = await store.audit.append(makeAuditInput(a, 'invoice', uid('i'), { at: at(2), type: 'invoice.paid' }));
        const viewedAgain = await store.audit.append(makeAuditInput(a, 'share', uid('s'), { at: at(3), type: 'share.viewed' }));
        const ids = async (options?: { limit?: number; type?: string }) => (await store.audit.list(a, options)).map((e) => e.id);
        assert.deepEqual(await ids(), [viewedAgain.id, paid.id, viewed.id]);
        assert.deepEqual(await ids({ limit: 2 }), [viewedAgain.id, paid.id]);
        assert.deepEqual(await ids({ type: 'share.viewed' }), [viewedAgain.id, viewed.id]);
        assert.deepEqual(await ids({ type: 'share.viewed', limit: 1 }), [viewedAgain.id]);
        assert.deepEqual(await ids({ type: 'nothing.happened' }), []);
      });
    });

    describe('rate limits', () => {
      it('counts hits per key while fewer than the limit came in the window before, and returns those earlier hits', async () => {
        const key = uid('otp-mail');
        const window = 60_000;
        const start = T0;
        assert.deepEqual(await store.rateLimits.hit(key, window, start, 3), []);
        assert.deepEqual(await store.rateLimits.hit(key, window, start + 1_000, 3), [start]);
        assert.deepEqual(await store.rateLimits.hit(uid('other'), window, start + 2_000, 3), [], 'keys count apart');
        assert.deepEqual(await store.rateLimits.hit(key, window, start + 50_000, 3), [start, start + 1_000]);
        assert.deepEqual(await store.rateLimits.hit(key, window, start + 55_000, 3), [start, start + 1_000, start + 50_000], 'over the limit: not counted');
        assert.deepEqual(await store.rateLimits.hit(key, window, start + 60_000, 3), [start + 1_000, start + 50_000], 'a hit a window old has left it');
        assert.deepEqual(await store.rateLimits.hit(key, window, start + 200_000, 3), [], 'all have left it');
      });

      it('loses no hit to concurrency, and lets no more than the limit through', async () => {
        const key = uid('exchange-ip');
        const earlier = await Promise.all(Array.from({ length: 20 }, (_, i) => store.rateLimits.hit(key, 60_000, T0 + i, 15)));
        assert.equal(earlier.filter((hits) => hits.length < 15).length, 15);
        assert.equal((await store.rateLimits.hit(key, 60_000, T0 + 20, 100)).length, 15);
      });

      it('prune forgets the keys with no hit after a time, whatever their window, and keeps the others whole', async (t) => {
        if (!store.rateLimits.prune) return t.skip('the store keeps rate-limit keys (no rateLimits.prune)');
        // A week before T0, where the suite's other keys have no hit.
        const cut = T0 - 7 * 86_400_000;
        const [old, atTheCut, onlyRead, recent] = [uid('fresh-ip'), uid('fresh-ip'), uid('code'), uid('fresh-ip')];
        await store.rateLimits.hit(old, 86_400_000, cut - 10_000, 5);
        await store.rateLimits.hit(atTheCut, 60_000, cut, 5);
        await store.rateLimits.hit(onlyRead, 60_000, cut + 5_000, 0); // a limit of 0 counts nothing: an empty log
        await store.rateLimits.hit(recent, 86_400_000, cut - 10_000, 5);
        await store.rateLimits.hit(recent, 86_400_000, cut + 1, 5);
        assert.equal(await store.rateLimits.prune(cut), 3);
        assert.equal(await store.rateLimits.prune(cut), 0, 'nothing left to forget');
        assert.deepEqual(await store.rateLimits.hit(recent, 86_400_000, cut + 2, 5), [cut - 10_000, cut + 1], 'a hit after the time keeps every hit of its key');
        assert.deepEqual(await store.rateLimits.hit(old, 86_400_000, cut + 3, 5), [], 'forgotten, though its window had not passed');
      });
    });

    describe('idempotency keys', () => {
      it('claims once, reports in-flight, mismatch and done, and replays the response', async () => {
        const scope = uid('firm');
        const key = uid('idem');
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp1', at(1)), { state: 'claimed' });
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp1', at(1)), { state: 'in_flight' });
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp2', at(1)), { state: 'mismatch' });
        assert.deepEqual(await store.idempotency.claim(uid('scope'), key, 'fp2', at(1)), { state: 'claimed' }, 'scopes are apart');
        await store.idempotency.complete(scope, key, 201, '{"ok":true}', at(1));
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp1', at(2)), { state: 'done', status: 201, body: '{"ok":true}' });
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp2', at(2)), { state: 'mismatch' });
      });

      it('lets a released key be claimed again', async () => {
        const scope = uid('firm');
        const key = uid('idem');
        await store.idempotency.claim(scope, key, 'fp1', at(1));
        await store.idempotency.release(scope, key, at(1));
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp2', at(2)), { state: 'claimed' });
      });

      it('lets a retry take over a claim left in flight before staleBefore, and only such a claim', async () => {
        const scope = uid('firm');
        const key = uid('idem');
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp1', at(1)), { state: 'claimed' });
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp1', at(2), at(1)), { state: 'in_flight' }, 'not older than staleBefore');
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp2', at(5), at(3)), { state: 'mismatch' }, 'another body never takes over');
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp1', at(5), at(3)), { state: 'claimed' }, 'stale: taken over');
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp1', at(6), at(3)), { state: 'in_flight' }, 'the takeover counts from its own time');
        await store.idempotency.complete(scope, key, 201, '{"ok":1}', at(5));
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp1', at(99), at(98)), { state: 'done', status: 201, body: '{"ok":1}' }, 'a finished key is never taken over');
      });

      it('a claim that was taken over stores and frees nothing; renew keeps a claim from going stale and says whether it still holds', async () => {
        const scope = uid('firm');
        const key = uid('idem');
        await store.idempotency.claim(scope, key, 'fp1', at(1));
        assert.equal(await store.idempotency.renew(scope, key, at(1), at(4)), true, 'the heartbeat of the claim that holds it');
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp1', at(6), at(3)), { state: 'in_flight' }, 'renewed: not stale');
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp1', at(9), at(5)), { state: 'claimed' }, 'stale again: taken over');
        assert.equal(await store.idempotency.renew(scope, key, at(4), at(10)), false, 'the old claim no longer holds it');
        await store.idempotency.release(scope, key, at(4));
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp1', at(11), at(2)), { state: 'in_flight' }, 'the old claim freed nothing');
        await store.idempotency.complete(scope, key, 500, '{"late":true}', at(4));
        await store.idempotency.complete(scope, key, 201, '{"ok":2}', at(9));
        assert.deepEqual(await store.idempotency.claim(scope, key, 'fp1', at(12)), { state: 'done', status: 201, body: '{"ok":2}' }, 'the answer of the claim that held it');
        assert.equal(await store.idempotency.renew(scope, key, at(9), at(13)), false, 'a finished key is not renewed');
      });

      it('gives exactly one of many concurrent claims', async () => {
        const scope = uid('firm');
        const key = uid('idem');
        const claims = await Promise.all(Array.from({ length: 20 }, () => store.idempotency.claim(scope, key, 'fp', at(1))));
        assert.equal(claims.filter((c) => c.state === 'claimed').length, 1);
      });

      it('prune forgets keys claimed before a time, answered or not, and keeps the later ones', async () => {
        const scope = uid('firm');
        const [answered, abandoned, recent] = [uid('idem'), uid('idem'), uid('idem')];
        await store.idempotency.claim(scope, answered, 'fp', at(20_000));
        await store.idempotency.complete(scope, answered, 201, '{"ok":1}', at(20_000));
        await store.idempotency.claim(scope, abandoned, 'fp', at(20_001));
        await store.idempotency.claim(scope, recent, 'fp', at(20_010));
        await store.idempotency.prune(at(20_010));
        assert.deepEqual(await store.idempotency.claim(scope, answered, 'other', at(20_011)), { state: 'claimed' }, 'the answer is gone');
        assert.deepEqual(await store.idempotency.claim(scope, abandoned, 'other', at(20_011)), { state: 'claimed' }, 'the claim is gone');
        assert.deepEqual(await store.idempotency.claim(scope, recent, 'fp', at(20_011)), { state: 'in_flight' }, 'claimed at the time itself: kept');
      });
    });

    describe('records are copies', () => {
      it('mutating what went in or came out does not change the store', async () => {
        const { a } = await twoFirms();
        const firm = makeFirm();
        await store.firms.put(firm);
        firm.allowedOrigins.push('https://evil.example');
        (await store.firms.get(firm.id))!.allowedOrigins.push('https://evil.example');
        assert.deepEqual((await store.firms.get(firm.id))!.allowedOrigins, ['https://kanzlei.example']);

        const link = makeLink(a);
        await store.links.insert(link);
        link.resource.id = 'changed';
        const read = (await store.links.get(a, link.id))!;
        read.revokedAt = at(1);
        read.resource.type = 'changed';
        const again = (await store.links.get(a, link.id))!;
        assert.equal(again.revokedAt, null);
        assert.notEqual(again.resource.id, 'changed');
        assert.notEqual(again.resource.type, 'changed');

        const record = makeResource(a);
        await store.resources.insert(record);
        (record.data.lines as Array<{ cents: number }>)[0]!.cents = 0;
        const got = (await store.resources.get(a, record.type, record.id))!;
        (got.data.lines as Array<{ cents: number }>)[0]!.cents = 1;
        assert.equal(((await store.resources.get(a, record.type, record.id))!.data.lines as Array<{ cents: number }>)[0]!.cents, 12_345);

        const input = makeAuditInput(a, 'share', uid('s'));
        const event = await store.audit.append(input);
        (input.data.nested as { ok: boolean }).ok = false;
        (event.data.nested as { ok: boolean }).ok = false;
        const listed = await store.audit.listForResource(a, 'share', input.resourceId);
        assert.equal((listed[0]!.data.nested as { ok: boolean }).ok, true);
        (listed[0]!.data.nested as { ok: boolean }).ok = false;
        assert.equal(verifyAuditChain(await store.audit.listForResource(a, 'share', input.resourceId)).ok, true);
      });
    });
  });
}
