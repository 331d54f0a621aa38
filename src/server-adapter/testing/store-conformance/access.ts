/** Store conformance: who may open what — firms, API keys, links, sessions and one-time codes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../../store/types.js';
import { at, fakeHash, makeFirm, makeLink, makeSession, T0, uid } from '../store-fixtures.js';
import type { ConformanceContext } from './context.js';

/** Registers the firms, API keys, links, sessions and one-time codes parts of the suite. */
export function accessConformance(ctx: ConformanceContext): void {
  const { twoFirms } = ctx;
  describe('firms', () => {
    it('puts, gets, lists and replaces a firm', async () => {
      const firm = makeFirm();
      await ctx.store.firms.put(firm);
      assert.deepEqual(await ctx.store.firms.get(firm.id), firm);
      const renamed = { ...firm, name: 'Kanzlei Müller & Partner', allowedOrigins: ['https://a.example', 'https://b.example'] };
      await ctx.store.firms.put(renamed);
      assert.deepEqual(await ctx.store.firms.get(firm.id), renamed);
      assert.equal((await ctx.store.firms.list()).filter((f) => f.id === firm.id).length, 1);
      assert.equal(await ctx.store.firms.get(uid('nope')), null);
    });
  });

  describe('api keys', () => {
    it('finds a key by hash, lists it for its firm only, and revokes it once', async () => {
      const { a, b } = await twoFirms();
      const key = { id: uid('key'), firmId: a, hash: fakeHash(), label: 'Portal', createdAt: at(0), revokedAt: null };
      await ctx.store.apiKeys.insert(key);
      assert.deepEqual(await ctx.store.apiKeys.getByHash(key.hash), key);
      assert.deepEqual(await ctx.store.apiKeys.list(a), [key]);
      assert.deepEqual(await ctx.store.apiKeys.list(b), []);
      assert.equal(await ctx.store.apiKeys.revoke(b, key.id, at(1)), false, 'another firm cannot revoke it');
      assert.equal(await ctx.store.apiKeys.revoke(a, key.id, at(2)), true);
      assert.equal(await ctx.store.apiKeys.revoke(a, key.id, at(3)), false, 'second revoke');
      assert.equal((await ctx.store.apiKeys.getByHash(key.hash))?.revokedAt, at(2));
      assert.equal(await ctx.store.apiKeys.getByHash(fakeHash()), null);
    });
  });

  describe('links', () => {
    it('stores a link and finds it by token hash and by id, only within its firm', async () => {
      const { a, b } = await twoFirms();
      const link = makeLink(a, { stepUp: 'access_code', accessCodeHash: 'ab:cd', replaces: uid('link') });
      await ctx.store.links.insert(link);
      assert.deepEqual(await ctx.store.links.getByHash(link.tokenHash), link);
      assert.deepEqual(await ctx.store.links.get(a, link.id), link);
      assert.equal(await ctx.store.links.get(b, link.id), null);
      assert.deepEqual(await ctx.store.links.list(b), []);
      assert.equal(await ctx.store.links.getByHash(fakeHash()), null);
    });

    it('rejects a second link with the same token hash', async () => {
      const { a } = await twoFirms();
      const link = makeLink(a);
      await ctx.store.links.insert(link);
      await assert.rejects(ctx.store.links.insert(makeLink(a, { tokenHash: link.tokenHash })));
    });

    it('lists newest first, filtered by resource, resource type, kind, activeAt and limit', async () => {
      const { a, b } = await twoFirms();
      const share = { type: 'share', id: uid('share') };
      const old = makeLink(a, { resource: share, createdAt: at(1), expiresAt: at(100) });
      const expiring = makeLink(a, { resource: share, createdAt: at(2), expiresAt: at(10) });
      const upload = makeLink(a, { kind: 'upload', action: 'upload', resource: { type: 'upload_request', id: uid('ur') }, createdAt: at(3) });
      const revoked = makeLink(a, { resource: share, createdAt: at(4), revokedAt: at(5) });
      for (const link of [old, expiring, upload, revoked]) await ctx.store.links.insert(link);
      await ctx.store.links.insert(makeLink(b, { resource: share, createdAt: at(9) }));
      const ids = async (filter?: Parameters<Store['links']['list']>[1]) => (await ctx.store.links.list(a, filter)).map((l) => l.id);

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
      await ctx.store.links.insert(link);
      await ctx.store.links.insert(other);
      const [s1, s2, s3] = [makeSession(link), makeSession(link), makeSession(other)];
      for (const s of [s1, s2, s3]) await ctx.store.sessions.insert(s);

      assert.equal(await ctx.store.links.revoke(b, link.id, at(6)), false, 'another firm cannot revoke it');
      assert.equal((await ctx.store.links.get(a, link.id))?.revokedAt, null);
      assert.equal(await ctx.store.links.revoke(a, link.id, at(7)), true);
      assert.equal((await ctx.store.links.get(a, link.id))?.revokedAt, at(7));
      assert.equal((await ctx.store.sessions.getByHash(s1.tokenHash))?.endedAt, at(7));
      assert.equal((await ctx.store.sessions.getByHash(s2.tokenHash))?.endedAt, at(7));
      assert.equal((await ctx.store.sessions.getByHash(s3.tokenHash))?.endedAt, null, "another link's session lives on");
      assert.equal(await ctx.store.links.revoke(a, link.id, at(8)), false, 'second revoke');
      assert.equal((await ctx.store.links.get(a, link.id))?.revokedAt, at(7), 'second revoke keeps the first time');
      assert.equal(await ctx.store.links.revoke(a, uid('link'), at(8)), false, 'unknown link');
    });

    it('setExpiry moves a live link’s expiry, within its firm, never a revoked one', async () => {
      const { a, b } = await twoFirms();
      const link = makeLink(a);
      await ctx.store.links.insert(link);
      assert.equal(await ctx.store.links.setExpiry(b, link.id, at(90)), false, 'another firm');
      assert.equal(await ctx.store.links.setExpiry(a, link.id, at(90)), true);
      assert.equal((await ctx.store.links.get(a, link.id))?.expiresAt, at(90));
      await ctx.store.links.revoke(a, link.id, at(91));
      assert.equal(await ctx.store.links.setExpiry(a, link.id, at(99)), false, 'revoked stays revoked');
      assert.equal((await ctx.store.links.get(a, link.id))?.expiresAt, at(90));
    });
  });

  describe('sessions', () => {
    it('stores a session, finds it by token hash, and ends it once, within its firm', async () => {
      const { a, b } = await twoFirms();
      const link = makeLink(a);
      await ctx.store.links.insert(link);
      const session = makeSession(link);
      await ctx.store.sessions.insert(session);
      assert.deepEqual(await ctx.store.sessions.getByHash(session.tokenHash), session);
      await ctx.store.sessions.end(b, session.id, at(3));
      assert.equal((await ctx.store.sessions.getByHash(session.tokenHash))?.endedAt, null, 'another firm cannot end it');
      await ctx.store.sessions.end(a, session.id, at(4));
      await ctx.store.sessions.end(a, session.id, at(5));
      assert.equal((await ctx.store.sessions.getByHash(session.tokenHash))?.endedAt, at(4));
      assert.equal(await ctx.store.sessions.getByHash(fakeHash()), null);
    });

    it('end answers whether it ended a live session: true once, then false (refreshing is single-use)', async () => {
      const { a, b } = await twoFirms();
      const link = makeLink(a);
      await ctx.store.links.insert(link);
      const session = makeSession(link);
      await ctx.store.sessions.insert(session);
      assert.equal(await ctx.store.sessions.end(b, session.id, at(3)), false, 'another firm');
      assert.equal(await ctx.store.sessions.end(a, session.id, at(4)), true, 'first end');
      assert.equal(await ctx.store.sessions.end(a, session.id, at(5)), false, 'second end');
      assert.equal(await ctx.store.sessions.end(a, uid('sess'), at(5)), false, 'unknown session');
      const raced = makeSession(link);
      await ctx.store.sessions.insert(raced);
      const ends = await Promise.all([at(6), at(7), at(8)].map((t) => ctx.store.sessions.end(a, raced.id, t)));
      assert.deepEqual(ends.filter(Boolean), [true], 'of ends at once, exactly one ends it');
      const revoked = makeSession(link);
      await ctx.store.sessions.insert(revoked);
      await ctx.store.links.revoke(a, link.id, at(9));
      assert.equal(await ctx.store.sessions.end(a, revoked.id, at(10)), false, 'ended by revoking its link');
    });

    it('rejects a session for a link that does not exist', async () => {
      const { a } = await twoFirms();
      await assert.rejects(ctx.store.sessions.insert(makeSession(makeLink(a))));
    });

    it('prune deletes the sessions whose chain and own expiry are both before a time, ended or not', async (t) => {
      if (!ctx.store.sessions.prune) return t.skip('the store keeps sessions (no sessions.prune)');
      const { a } = await twoFirms();
      const link = makeLink(a);
      await ctx.store.links.insert(link);
      // Long before T0, where the suite's other sessions are not.
      const chain = { createdAt: at(-3_000), expiresAt: at(-2_985), absoluteExpiresAt: at(-2_500) };
      const over = makeSession(link, chain);
      const ended = makeSession(link, { ...chain, endedAt: at(-2_990) });
      const refreshedAway = makeSession(link, { ...chain, absoluteExpiresAt: at(-1_000), endedAt: at(-2_990) });
      const endsAtTheCut = makeSession(link, { ...chain, absoluteExpiresAt: at(-2_000) });
      for (const session of [over, ended, refreshedAway, endsAtTheCut]) await ctx.store.sessions.insert(session);
      assert.equal(await ctx.store.sessions.prune(at(-2_000)), 2);
      assert.equal(await ctx.store.sessions.getByHash(over.tokenHash), null);
      assert.equal(await ctx.store.sessions.getByHash(ended.tokenHash), null);
      assert.deepEqual(await ctx.store.sessions.getByHash(refreshedAway.tokenHash), refreshedAway, 'its chain goes on: kept');
      assert.deepEqual(await ctx.store.sessions.getByHash(endsAtTheCut.tokenHash), endsAtTheCut, 'ends at the time itself: kept');
      assert.equal(await ctx.store.sessions.prune(at(-2_000)), 0);
    });
  });

  describe('one-time codes', () => {
    it('puts, counts attempts, replaces and deletes a code', async () => {
      const { a } = await twoFirms();
      const link = makeLink(a, { stepUp: 'email_otp' });
      await ctx.store.links.insert(link);
      const otp = { linkId: link.id, firmId: a, codeHash: fakeHash(), expiresAt: at(10), attempts: 0, createdAt: at(2) };
      await ctx.store.otps.put(otp);
      assert.deepEqual(await ctx.store.otps.get(link.id), otp);
      assert.equal(await ctx.store.otps.addAttempt(link.id), 1);
      assert.equal(await ctx.store.otps.addAttempt(link.id), 2);
      assert.equal((await ctx.store.otps.get(link.id))?.attempts, 2);

      const fresh = { ...otp, codeHash: fakeHash(), expiresAt: at(20), createdAt: at(11) };
      await ctx.store.otps.put(fresh);
      assert.deepEqual(await ctx.store.otps.get(link.id), fresh, 'a new code replaces the old one and its attempts');

      await ctx.store.otps.delete(link.id);
      assert.equal(await ctx.store.otps.get(link.id), null);
      assert.equal(await ctx.store.otps.addAttempt(link.id), 0, 'no code, nothing to count');
    });

    it('prune deletes the codes that expired before a time', async (t) => {
      if (!ctx.store.otps.prune) return t.skip('the store keeps codes (no otps.prune)');
      const { a } = await twoFirms();
      const [expired, atTheCut] = [makeLink(a, { stepUp: 'email_otp' }), makeLink(a, { stepUp: 'email_otp' })];
      for (const link of [expired, atTheCut]) await ctx.store.links.insert(link);
      const code = (linkId: string, expiresAt: string) => ({ linkId, firmId: a, codeHash: fakeHash(), expiresAt, attempts: 1, createdAt: at(-3_010) });
      await ctx.store.otps.put(code(expired.id, at(-3_000)));
      const kept = code(atTheCut.id, at(-2_000));
      await ctx.store.otps.put(kept);
      assert.equal(await ctx.store.otps.prune(at(-2_000)), 1);
      assert.equal(await ctx.store.otps.get(expired.id), null);
      assert.deepEqual(await ctx.store.otps.get(atTheCut.id), kept, 'expires at the time itself: kept');
    });
  });
}
