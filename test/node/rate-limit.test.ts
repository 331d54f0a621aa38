/**
 * Rate limits slide: "5 per 15 minutes" holds for any 15 minutes, on the embedded store. They were
 * fixed windows aligned to the epoch, so five wrong access codes just before a window's edge and
 * five just after were all checked, ten within four seconds.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSqliteFixture, type Fixture } from './helpers/fixture.js';

const WINDOW = 15 * 60_000;
const ACCESS_CODE = 'Linde-17';

describe('sliding rate limits on the embedded store', () => {
  let f: Fixture;
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
});
