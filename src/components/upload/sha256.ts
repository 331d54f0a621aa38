/**
 * An incremental SHA-256 (FIPS 180-4). Web Crypto only digests a whole buffer at once, which
 * would mean holding a large file in memory; this hashes it slice by slice instead.
 */

// The constants are the first 32 bits of the fractional parts of the cube roots (K) and square
// roots (initial state) of the first primes (FIPS 180-4 §4.2.2, §5.3.3). Deriving them is exact
// in doubles and ships fewer bytes than the 72 literals; the tests pin the results.
const PRIMES: number[] = [];
for (let n = 2; PRIMES.length < 64; n++) if (PRIMES.every((p) => n % p !== 0)) PRIMES.push(n);
const fraction32 = (x: number): number => ((x - Math.floor(x)) * 0x1_0000_0000) >>> 0;
const K = Uint32Array.from(PRIMES, (p) => fraction32(Math.cbrt(p)));
const INITIAL = PRIMES.slice(0, 8).map((p) => fraction32(Math.sqrt(p)));

/**
 * Incremental SHA-256: feed bytes with `update()` as they come, then call `digest()` or `hex()` once.
 *
 * @example
 * ```ts
 * const hash = new Sha256();
 * hash.update(new TextEncoder().encode('ab')).update(new TextEncoder().encode('c'));
 * hash.hex(); // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * ```
 */
export class Sha256 {
  readonly #state = Uint32Array.from(INITIAL);
  readonly #w = new Uint32Array(64);
  readonly #block = new Uint8Array(64);
  #blockLength = 0;
  #length = 0;
  #finished = false;

  /** Adds `data` to the hash. Returns the hash, for chaining. */
  update(data: Uint8Array): this {
    if (this.#finished) throw new Error('Sha256: update() after digest()');
    this.#length += data.length;
    let offset = 0;
    if (this.#blockLength > 0) {
      offset = Math.min(64 - this.#blockLength, data.length);
      this.#block.set(data.subarray(0, offset), this.#blockLength);
      this.#blockLength += offset;
      if (this.#blockLength < 64) return this;
      this.#compress(this.#block, 0);
      this.#blockLength = 0;
    }
    for (; offset + 64 <= data.length; offset += 64) this.#compress(data, offset);
    if (offset < data.length) {
      this.#block.set(data.subarray(offset));
      this.#blockLength = data.length - offset;
    }
    return this;
  }

  /** Finishes the hash and returns its 32 bytes. The hash takes no more input afterwards. */
  digest(): Uint8Array {
    if (this.#finished) throw new Error('Sha256: digest() called twice');
    this.#finished = true;
    const block = this.#block;
    const bits = this.#length * 8;
    block[this.#blockLength++] = 0x80;
    if (this.#blockLength > 56) {
      block.fill(0, this.#blockLength);
      this.#compress(block, 0);
      this.#blockLength = 0;
    }
    block.fill(0, this.#blockLength);
    const view = new DataView(block.buffer);
    view.setUint32(56, Math.floor(bits / 0x1_0000_0000));
    view.setUint32(60, bits >>> 0);
    this.#compress(block, 0);
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    this.#state.forEach((word, i) => outView.setUint32(i * 4, word));
    return out;
  }

  /** Finishes the hash and returns it as 64 lowercase hex digits. */
  hex(): string {
    return Array.from(this.digest(), (byte) => byte.toString(16).padStart(2, '0')).join('');
  }

  #compress(data: Uint8Array, offset: number): void {
    const w = this.#w;
    const s = this.#state;
    for (let i = 0; i < 16; i++) {
      const j = offset + i * 4;
      w[i] = (data[j]! << 24) | (data[j + 1]! << 16) | (data[j + 2]! << 8) | data[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = s[0]!, b = s[1]!, c = s[2]!, d = s[3]!, e = s[4]!, f = s[5]!, g = s[6]!, h = s[7]!;
    for (let i = 0; i < 64; i++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    s[0] = s[0]! + a;
    s[1] = s[1]! + b;
    s[2] = s[2]! + c;
    s[3] = s[3]! + d;
    s[4] = s[4]! + e;
    s[5] = s[5]! + f;
    s[6] = s[6]! + g;
    s[7] = s[7]! + h;
  }
}

/** How much of a file `sha256Blob` reads at a time. */
export const HASH_SLICE_BYTES = 4 * 1024 * 1024;

/**
 * The hex SHA-256 of a `Blob` (a `File`), read slice by slice so memory stays flat however large
 * the file is. Rejects with an `AbortError` when `signal` aborts.
 *
 * @example
 * ```ts
 * const sha256 = await sha256Blob(file);
 * ```
 */
export async function sha256Blob(blob: Blob, options: { signal?: AbortSignal; sliceBytes?: number } = {}): Promise<string> {
  const { signal, sliceBytes = HASH_SLICE_BYTES } = options;
  const hash = new Sha256();
  for (let start = 0; start < blob.size; start += sliceBytes) {
    signal?.throwIfAborted();
    hash.update(new Uint8Array(await blob.slice(start, start + sliceBytes).arrayBuffer()));
  }
  signal?.throwIfAborted();
  return hash.hex();
}
