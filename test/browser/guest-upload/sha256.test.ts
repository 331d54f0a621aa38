/** The widget's incremental SHA-256 in the browser, against known vectors and Web Crypto's one-shot digest. */
import { expect } from '@open-wc/testing';
import { Sha256, sha256Blob } from '../../../src/components/upload/sha256.js';
import { randomFile, sha256Hex } from '../helpers/files.js';

describe('Sha256 in the browser', () => {
  it('hashes "" and "abc" to the FIPS 180-4 values', () => {
    expect(new Sha256().hex()).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(new Sha256().update(new TextEncoder().encode('abc')).hex()).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes 1 MiB + 3 bytes, in slices that straddle blocks, like crypto.subtle.digest', async () => {
    const file = randomFile(1024 * 1024 + 3, 'x.bin', 'application/octet-stream');
    const expected = await sha256Hex(file);
    expect(await sha256Blob(file)).to.equal(expected);
    expect(await sha256Blob(file, { sliceBytes: 1000 })).to.equal(expected);
  });

  it('hashes 9 MiB + 5 bytes across 4 MiB slices like crypto.subtle.digest', async () => {
    const file = randomFile(9 * 1024 * 1024 + 5, 'y.bin', 'application/octet-stream');
    expect(await sha256Blob(file)).to.equal(await sha256Hex(file));
  });
});
