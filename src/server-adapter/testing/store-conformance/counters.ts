/** Store conformance: what counts requests — rate limits and idempotency keys, under concurrency too. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, T0, uid } from '../store-fixtures.js';
import type { ConformanceContext } from './context.js';

/** Registers the rate-limit and idempotency-key parts of the suite. */
export function countersConformance(ctx: ConformanceContext): void {
  describe('rate limits', () => {
    it('counts hits per key while fewer than the limit came in the window before, and returns those earlier hits', async () => {
      const key = uid('otp-mail');
      const window = 60_000;
      const start = T0;
      assert.deepEqual(await ctx.store.rateLimits.hit(key, window, start, 3), []);
      assert.deepEqual(await ctx.store.rateLimits.hit(key, window, start + 1_000, 3), [start]);
      assert.deepEqual(await ctx.store.rateLimits.hit(uid('other'), window, start + 2_000, 3), [], 'keys count apart');
      assert.deepEqual(await ctx.store.rateLimits.hit(key, window, start + 50_000, 3), [start, start + 1_000]);
      assert.deepEqual(await ctx.store.rateLimits.hit(key, window, start + 55_000, 3), [start, start + 1_000, start + 50_000], 'over the limit: not counted');
      assert.deepEqual(await ctx.store.rateLimits.hit(key, window, start + 60_000, 3), [start + 1_000, start + 50_000], 'a hit a window old has left it');
      assert.deepEqual(await ctx.store.rateLimits.hit(key, window, start + 200_000, 3), [], 'all have left it');
    });

    it('loses no hit to concurrency, and lets no more than the limit through', async () => {
      const key = uid('exchange-ip');
      const earlier = await Promise.all(Array.from({ length: 20 }, (_, i) => ctx.store.rateLimits.hit(key, 60_000, T0 + i, 15)));
      assert.equal(earlier.filter((hits) => hits.length < 15).length, 15);
      assert.equal((await ctx.store.rateLimits.hit(key, 60_000, T0 + 20, 100)).length, 15);
    });

    it('prune forgets the keys with no hit after a time, whatever their window, and keeps the others whole', async (t) => {
      if (!ctx.store.rateLimits.prune) return t.skip('the store keeps rate-limit keys (no rateLimits.prune)');
      // A week before T0, where the suite's other keys have no hit.
      const cut = T0 - 7 * 86_400_000;
      const [old, atTheCut, onlyRead, recent] = [uid('fresh-ip'), uid('fresh-ip'), uid('code'), uid('fresh-ip')];
      await ctx.store.rateLimits.hit(old, 86_400_000, cut - 10_000, 5);
      await ctx.store.rateLimits.hit(atTheCut, 60_000, cut, 5);
      await ctx.store.rateLimits.hit(onlyRead, 60_000, cut + 5_000, 0); // a limit of 0 counts nothing: an empty log
      await ctx.store.rateLimits.hit(recent, 86_400_000, cut - 10_000, 5);
      await ctx.store.rateLimits.hit(recent, 86_400_000, cut + 1, 5);
      assert.equal(await ctx.store.rateLimits.prune(cut), 3);
      assert.equal(await ctx.store.rateLimits.prune(cut), 0, 'nothing left to forget');
      assert.deepEqual(await ctx.store.rateLimits.hit(recent, 86_400_000, cut + 2, 5), [cut - 10_000, cut + 1], 'a hit after the time keeps every hit of its key');
      assert.deepEqual(await ctx.store.rateLimits.hit(old, 86_400_000, cut + 3, 5), [], 'forgotten, though its window had not passed');
    });
  });

  describe('idempotency keys', () => {
    it('claims once, reports in-flight, mismatch and done, and replays the response', async () => {
      const scope = uid('firm');
      const key = uid('idem');
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp1', at(1)), { state: 'claimed' });
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp1', at(1)), { state: 'in_flight' });
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp2', at(1)), { state: 'mismatch' });
      assert.deepEqual(await ctx.store.idempotency.claim(uid('scope'), key, 'fp2', at(1)), { state: 'claimed' }, 'scopes are apart');
      await ctx.store.idempotency.complete(scope, key, 201, '{"ok":true}', at(1));
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp1', at(2)), { state: 'done', status: 201, body: '{"ok":true}' });
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp2', at(2)), { state: 'mismatch' });
    });

    it('lets a released key be claimed again', async () => {
      const scope = uid('firm');
      const key = uid('idem');
      await ctx.store.idempotency.claim(scope, key, 'fp1', at(1));
      await ctx.store.idempotency.release(scope, key, at(1));
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp2', at(2)), { state: 'claimed' });
    });

    it('lets a retry take over a claim left in flight before staleBefore, and only such a claim', async () => {
      const scope = uid('firm');
      const key = uid('idem');
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp1', at(1)), { state: 'claimed' });
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp1', at(2), at(1)), { state: 'in_flight' }, 'not older than staleBefore');
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp2', at(5), at(3)), { state: 'mismatch' }, 'another body never takes over');
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp1', at(5), at(3)), { state: 'claimed' }, 'stale: taken over');
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp1', at(6), at(3)), { state: 'in_flight' }, 'the takeover counts from its own time');
      await ctx.store.idempotency.complete(scope, key, 201, '{"ok":1}', at(5));
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp1', at(99), at(98)), { state: 'done', status: 201, body: '{"ok":1}' }, 'a finished key is never taken over');
    });

    it('a claim that was taken over stores and frees nothing; renew keeps a claim from going stale and says whether it still holds', async () => {
      const scope = uid('firm');
      const key = uid('idem');
      await ctx.store.idempotency.claim(scope, key, 'fp1', at(1));
      assert.equal(await ctx.store.idempotency.renew(scope, key, at(1), at(4)), true, 'the heartbeat of the claim that holds it');
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp1', at(6), at(3)), { state: 'in_flight' }, 'renewed: not stale');
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp1', at(9), at(5)), { state: 'claimed' }, 'stale again: taken over');
      assert.equal(await ctx.store.idempotency.renew(scope, key, at(4), at(10)), false, 'the old claim no longer holds it');
      await ctx.store.idempotency.release(scope, key, at(4));
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp1', at(11), at(2)), { state: 'in_flight' }, 'the old claim freed nothing');
      await ctx.store.idempotency.complete(scope, key, 500, '{"late":true}', at(4));
      await ctx.store.idempotency.complete(scope, key, 201, '{"ok":2}', at(9));
      assert.deepEqual(await ctx.store.idempotency.claim(scope, key, 'fp1', at(12)), { state: 'done', status: 201, body: '{"ok":2}' }, 'the answer of the claim that held it');
      assert.equal(await ctx.store.idempotency.renew(scope, key, at(9), at(13)), false, 'a finished key is not renewed');
    });

    it('gives exactly one of many concurrent claims', async () => {
      const scope = uid('firm');
      const key = uid('idem');
      const claims = await Promise.all(Array.from({ length: 20 }, () => ctx.store.idempotency.claim(scope, key, 'fp', at(1))));
      assert.equal(claims.filter((c) => c.state === 'claimed').length, 1);
    });

    it('prune forgets keys claimed before a time, answered or not, and keeps the later ones', async () => {
      const scope = uid('firm');
      const [answered, abandoned, recent] = [uid('idem'), uid('idem'), uid('idem')];
      await ctx.store.idempotency.claim(scope, answered, 'fp', at(20_000));
      await ctx.store.idempotency.complete(scope, answered, 201, '{"ok":1}', at(20_000));
      await ctx.store.idempotency.claim(scope, abandoned, 'fp', at(20_001));
      await ctx.store.idempotency.claim(scope, recent, 'fp', at(20_010));
      await ctx.store.idempotency.prune(at(20_010));
      assert.deepEqual(await ctx.store.idempotency.claim(scope, answered, 'other', at(20_011)), { state: 'claimed' }, 'the answer is gone');
      assert.deepEqual(await ctx.store.idempotency.claim(scope, abandoned, 'other', at(20_011)), { state: 'claimed' }, 'the claim is gone');
      assert.deepEqual(await ctx.store.idempotency.claim(scope, recent, 'fp', at(20_011)), { state: 'in_flight' }, 'claimed at the time itself: kept');
    });
  });
}
