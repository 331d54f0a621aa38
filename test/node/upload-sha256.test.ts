/**
 * The widget's incremental SHA-256 (src/components/upload/sha256.ts) against node:crypto, at every
 * padding edge (55/56/63/64 bytes…), across slice and update boundaries, and on a few MiB.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Sha256, sha256Blob } from '../../src/components/upload/sha256.js';

const reference = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const SIZES = [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096, 65_535, 65_536, 65_537];

describe('Sha256 (incremental)', () => {
  it('matches the FIPS 180-4 vectors', () => {
    const text = (s: string): Uint8Array => new TextEncoder().encode(s);
    assert.equal(new Sha256().hex(), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(new Sha256().update(text('abc')).hex(), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(
      new Sha256().update(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).hex(),
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    const million = new Sha256();
    const block = text('a'.repeat(1000));
    for (let i = 0; i < 1000; i++) million.update(block);
    assert.equal(million.hex(), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  for (const size of SIZES) {
    it(`matches node:crypto for ${size} bytes, in one piece and in odd pieces`, () => {
      const bytes = new Uint8Array(randomBytes(size));
      assert.equal(new Sha256().update(bytes).hex(), reference(bytes));
      for (const piece of [1, 7, 63, 64, 65, 1000]) {
        const hash = new Sha256();
        for (let i = 0; i < size; i += piece) hash.update(bytes.subarray(i, i + piece));
        assert.equal(hash.hex(), reference(bytes), `pieces of ${piece}`);
      }
    });
  }

  it('refuses input after the digest', () => {
    const hash = new Sha256();
    hash.digest();
    assert.throws(() => hash.update(new Uint8Array(1)));
    assert.throws(() => hash.digest());
  });
});

describe('sha256Blob', () => {
  for (const size of [0, 1, 4 * 1024 * 1024 - 1, 4 * 1024 * 1024, 4 * 1024 * 1024 + 1, 9 * 1024 * 1024 + 3]) {
    it(`hashes a ${size}-byte Blob slice by slice (4 MiB slices) like node:crypto`, async () => {
      const bytes = new Uint8Array(randomBytes(size));
      assert.equal(await sha256Blob(new Blob([bytes])), reference(bytes));
    });
  }

  it('gives the same hash with slices that do not line up with 64-byte blocks', async () => {
    const bytes = new Uint8Array(randomBytes(100_003));
    for (const sliceBytes of [1, 63, 65, 4099]) {
      assert.equal(await sha256Blob(new Blob([bytes]), { sliceBytes }), reference(bytes), `slices of ${sliceBytes}`);
    }
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(sha256Blob(new Blob([new Uint8Array(10)]), { signal: controller.signal }), { name: 'AbortError' });
  });
});
