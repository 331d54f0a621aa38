/** Base62 alphabet: no `_` or `-`, so a double-click selects a whole token and `_` stays a separator. */
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Encodes bytes as a fixed-width base62 string (left-padded with `0`). */
export function base62Encode(bytes: Uint8Array, width: number): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return base62FromBigInt(n, width);
}

/** Encodes a non-negative integer as a fixed-width base62 string (left-padded with `0`). */
export function base62FromBigInt(value: bigint, width: number): string {
  let out = '';
  let n = value;
  while (n > 0n) {
    out = BASE62_ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out.padStart(width, '0');
}
