/**
 * Stand-in for the `js-base64` package in Guestkit's own browser bundles (`cdn/guestkit.js`, the
 * size builds, the demo and the browser tests).
 *
 * tus-js-client 4 (`lib.esm/upload.js`) imports `js-base64` for one call only:
 * `Base64.encode(String(value))`, which encodes each `Upload-Metadata` value (the file's name and
 * type). js-base64 exports its whole API as one object, which no bundler can tree-shake (≈ 0.8 KiB
 * gzip in `<guest-upload>`'s bundle); `TextEncoder` and `btoa` do the same job in every browser. The
 * build aliases the bare import `js-base64` (imported from tus-js-client) to this file; see
 * `tusShims()` in `rollup.config.mjs` and docs/guest-upload.md, "Smaller tus dependencies".
 *
 * Only `Base64.encode` exists here. Nothing else in the bundle may import `js-base64`.
 *
 * @module
 */

/** Bytes per `String.fromCharCode` call: stays well below engines' argument-count limits. */
const CHUNK = 0x8000;

/**
 * Standard base64 (RFC 4648 §4: `A–Z a–z 0–9 + /`, `=` padding) of `bytes`.
 *
 * @param bytes - Any bytes.
 * @returns The base64 text.
 */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/**
 * The part of js-base64's `Base64` object that tus-js-client uses.
 *
 * `encode` gives exactly what js-base64 3.x's `Base64.encode(s)` gives wherever `TextEncoder`
 * exists (which js-base64 then uses too): the UTF-8 bytes of `s` in standard, padded base64. A
 * lone surrogate becomes U+FFFD (`EF BF BD`), as `TextEncoder` encodes it. (js-base64's fallback
 * for engines without `TextEncoder` encodes lone surrogates as 3-byte CESU-8 instead; no browser
 * that runs Guestkit takes that path.) `test/node/tus-shims.test.ts` compares both over a table.
 *
 * @example
 * ```ts
 * Base64.encode('Grüße 📄.pdf'); // 'R3LDvMOfZSDwn5OELnBkZg=='
 * ```
 */
export const Base64 = {
  /**
   * UTF-8, then standard padded base64 — what tus puts in `Upload-Metadata`.
   *
   * @param s - Any string (tus passes `String(value)`).
   * @returns The base64 text; `''` for `''`.
   */
  encode(s: string): string {
    return base64(new TextEncoder().encode(s));
  },
};
