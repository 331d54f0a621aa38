/**
 * Rate limits slide: "5 per 15 minutes" holds for any 15 minutes, on the embedded store. They were
 * fixed windows aligned to the epoch, so five wrong access codes just before a window's edge and
 * five just after were all checked, ten within four seconds. Wrong codes also add up over a day,
 * counted before the code is checked, so guesses sent together cannot all slip under the limit,
 * and what the store keeps of them stays small however often the right code is given.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { createSqliteFixture, type SqliteFixture } from './helpers/fixture.js';
import { createGuestkit, memoryStore, type RateLimits } from '../../src/server-adapter/index.js';

const WINDOW = 15 * 60_000;
const ACCESS_CODE = 'Linde-17';

describe('sliding rate limits on the embedded store', () => {
  let f: SqliteFixture;
  before(async () => (f = await createSqliteFixture()));
  after(() => f.close());

  it('regression: wrong access codes on both sides of a 15-minute boundary are refused after five, and Retry-After is when the next is let through', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource: { type: 'share', id: 's-1' }, recipient: { email: 'r@example.com' }, stepUp: { type: 'access_code', code: ACCESS_CODE } });
    const guess = async (accessCode: string, i: number) => {
      const response = await f.call('POST', '/v1/session', { body: { token, accessCode }, ip: `198.51.100.${i}` });
      const { code, retryAfter } = (await response.json()) as { code?: string; retryAfter?: number };
      return { status: response.status, code, retryAfter, header: response.headers.get('retry-after') };
    };
    f.advance(WINDOW - (f.gk.runtime.now() % WINDOW) - 3_000); // 3 s before the edge of a window aligned to the epoch
    const answers = [];
    for (let i = 0; i < 12; i++) {
      if (i === 6) f.advance(3_500); // past the edge
      answers.push(await guess(`guess-${i}`, i));
    }
    assert.deepEqual(answers.map((a) => a.code), [...Array(5).fill('access_code_invalid'), ...Array(7).fill('rate_limited')], 'five checked in 15 minutes, whatever the IP');
    const last = answers.at(-1)!;
    assert.equal(last.header, String(last.retryAfter));
    // The first guess leaves the window 15 minutes after it came, 3.5 s before this answer.
    assert.ok(last.retryAfter! <= 900 - 3 && last.retryAfter! >= 900 - 5, `Retry-After ${last.retryAfter}`);
    f.advance(last.retryAfter! * 1000 - 1_500);
    assert.equal((await guess(ACCESS_CODE, 20)).code, 'rate_limited', 'not before Retry-After, not even the right code');
    f.advance(1_500);
    assert.equal((await guess(ACCESS_CODE, 21)).status, 201, 'let through at Retry-After: refused attempts did not count');
  });

  it('wrong codes sent together near the day’s limit: only as many are checked as it has room for, on the embedded store too', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource: { type: 'share', id: 's-2' }, recipient: { email: 'r@example.com' }, stepUp: { type: 'access_code', code: ACCESS_CODE } });
    const guess = async (accessCode: string) => ((await (await f.call('POST', '/v1/session', { body: { token, accessCode } })).json()) as { code?: string }).code;
    for (let i = 0; i < 17; i++) {
      if (i % 5 === 0) f.advance(WINDOW);
      assert.equal(await guess(`guess-${i}`), 'access_code_invalid');
    }
    f.advance(WINDOW);
    const together = await Promise.all(Array.from({ length: 5 }, (_, i) => guess(`together-${i}`)));
    assert.deepEqual(together.sort(), [...Array(3).fill('access_code_invalid'), ...Array(2).fill('rate_limited')], 'the 18th to 20th checked, no more');
    f.advance(WINDOW);
    assert.equal(await guess(ACCESS_CODE), 'rate_limited', 'the day’s wrong codes are spent, for the right code too');
  });

  it('regression: every right code was kept for a day (given back with no cap, Number.MAX_SAFE_INTEGER), so a link opened often grew its stored log without bound; now no step-up log holds more than twice the day’s limit, and the day’s wrong codes still count', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource: { type: 'share', id: 's-3' }, recipient: { email: 'r@example.com' }, stepUp: { type: 'access_code', code: ACCESS_CODE } });
    const attempt = async (accessCode: string) => {
      const response = await f.call('POST', '/v1/session', { body: { token, accessCode } });
      return response.status === 201 ? 'opened' : ((await response.json()) as { code?: string }).code;
    };
    for (let i = 0; i < 19; i++) {
      if (i % 5 === 0) f.advance(WINDOW);
      assert.equal(await attempt(`guess-${i}`), 'access_code_invalid');
    }
    // A hundred openings with the right code, five per 15 minutes: five hours, within the day.
    for (let i = 0; i < 100; i++) {
      if (i % 5 === 0) f.advance(WINDOW);
      assert.equal(await attempt(ACCESS_CODE), 'opened', `opening ${i + 1}`);
    }
    const db = new Database(f.file, { readonly: true });
    const logs = db.prepare(`SELECT key, hits FROM rate_limits WHERE key LIKE 'stepup-%'`).all() as { key: string; hits: string }[];
    db.close();
    assert.ok(logs.length > 0);
    const limit = f.gk.runtime.limits.stepUpFailuresPerLinkPerDay;
    for (const { key, hits } of logs) assert.ok((JSON.parse(hits) as number[]).length <= 2 * limit, `${key} keeps ${(JSON.parse(hits) as number[]).length} times`);
    f.advance(WINDOW);
    assert.equal(await attempt('guess-19'), 'access_code_invalid', 'the 20th wrong code of the day');
    assert.equal(await attempt(ACCESS_CODE), 'rate_limited', 'then the day’s wrong codes are spent');
  });
});

describe('rate limits given as options', () => {
  const make = (rateLimits: Record<string, unknown>) => () =>
    createGuestkit({ store: memoryStore(), mailer: { send: async () => ({ messageId: 'unused' }) }, rateLimits: rateLimits as Partial<RateLimits> });

  it('regression: a limit given as undefined (an unset environment variable) switched the step-up limits off; it keeps its default', async () => {
    const gk = make({ stepUpFailuresPerLinkPerDay: undefined, stepUpFailuresPerLink: undefined })();
    assert.equal(gk.runtime.limits.stepUpFailuresPerLinkPerDay, 20);
    assert.equal(gk.runtime.limits.stepUpFailuresPerLink, 5);
    assert.equal(gk.runtime.limits.stepUpFailuresPerCodePerDay, 40);
  });

  it('refuses a limit that is no whole number of at least 1, naming it', () => {
    for (const value of [0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '5', null]) {
      assert.throws(make({ downloadsPerLinkPerHour: value }), new RegExp(`^TypeError: rateLimits.downloadsPerLinkPerHour must be a whole number of at least 1, not ${String(value)}`), String(value));
    }
    assert.equal(make({ downloadsPerLinkPerHour: 7 })().runtime.limits.downloadsPerLinkPerHour, 7);
  });
});
