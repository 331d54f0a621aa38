import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { formatToken, isLinkToken, LINK_KINDS, parseToken } from '../../src/protocol/index.js';

describe('token format', () => {
  it('is gk_<kind>_ + 43 base62 body chars + 6 checksum chars, for every link kind', () => {
    for (const kind of LINK_KINDS) {
      const token = formatToken(kind, randomBytes(32));
      assert.match(token, new RegExp(`^gk_${kind}_[0-9A-Za-z]{49}$`));
      assert.deepEqual(parseToken(token)?.kind, kind);
      assert.equal(isLinkToken(token, kind), true);
    }
  });

  it('encodes all 256 bits: all-zero and all-0xff bodies round-trip to distinct tokens', () => {
    const zero = formatToken('view', new Uint8Array(32));
    const ones = formatToken('view', new Uint8Array(32).fill(0xff));
    assert.notEqual(zero, ones);
    assert.ok(parseToken(zero) && parseToken(ones));
  });

  it('rejects a token with any single character changed (checksum)', () => {
    const token = formatToken('sign', randomBytes(32));
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    let rejected = 0;
    for (let i = 'gk_sign_'.length; i < token.length; i++) {
      const replacement = alphabet[(alphabet.indexOf(token[i]!) + 17) % 62]!;
      const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
      if (parseToken(tampered) === null) rejected++;
    }
    assert.equal(rejected, token.length - 'gk_sign_'.length);
  });

  it('rejects garbage, wrong kinds, wrong lengths and non-strings', () => {
    const good = formatToken('pay', randomBytes(32));
    for (const bad of ['', 'hello', good.replace('gk_pay_', 'gk_foo_'), good.slice(0, -1), `${good}0`, good.replace('gk_', 'GK_'), ` ${good}`, null, 42, {}]) {
      assert.equal(parseToken(bad), null, String(bad));
    }
    assert.equal(isLinkToken(formatToken('sess', randomBytes(32))), false, 'a session token is not a link token');
    assert.equal(isLinkToken(good, 'view'), false, 'wrong kind');
  });

  it('refuses to build a token from anything but 32 random bytes', () => {
    assert.throws(() => formatToken('view', randomBytes(16)), RangeError);
  });
});
