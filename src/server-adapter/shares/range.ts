/**
 * The conditional headers of document content: `Range: bytes=…` (one range; several are answered
 * with the whole file) and `If-None-Match`.
 */
import type { ByteRange } from '../blob/types.js';

/**
 * Parses a `Range` header against a file of `size` bytes. Returns `null` for no (or an ignorable)
 * header, the inclusive range to send, or `'unsatisfiable'` (answer 416).
 */
export function parseRange(header: string | null, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  // The unit is case-insensitive (RFC 9110 §14.1).
  const match = /^bytes=(\d*)-(\d*)$/i.exec(header.trim());
  if (!match) return null; // several ranges or another unit: send the whole file (RFC 9110 allows it)
  const [, from, to] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    // An empty file has no last bytes to send (RFC 9110): not `{ start: 0, end: -1 }`.
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  // A last byte before the first is no range at all (RFC 9110 §14.1.1): ignored, the whole file.
  if (to !== '' && Number(to) < start) return null;
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/**
 * Whether an `If-None-Match` header matches the document's `etag` (a strong entity tag), so a GET
 * or HEAD is answered 304: `*` matches any document, and a list matches when one of its tags does by
 * weak comparison — `W/"x"` and `"x"` are the same tag here (RFC 9110 §13.1.2, §8.8.3.2).
 */
export function ifNoneMatch(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === '*') return true;
  for (const [, tag] of header.matchAll(/(?:W\/)?("[^"]*")/g)) {
    if (tag === etag) return true;
  }
  return false;
}
