/**
 * The link token format: `gk_<kind>_<43 base62 chars = 256 bits><6 base62 chars of CRC-32>`.
 *
 * The checksum lets the server (and secret scanners) reject typos and garbage before any store
 * lookup. It proves nothing about authenticity: only the store knows a token's hash.
 */
import { base62Encode, base62FromBigInt } from './base62.js';
import { crc32 } from './crc32.js';

/** The kinds of link a firm can issue, one per widget. */
export const LINK_KINDS = ['view', 'upload', 'sign', 'pay', 'req'] as const;
/** A link kind: `view` (doc-viewer), `upload`, `sign`, `pay` or `req` (request-form). */
export type LinkKind = (typeof LINK_KINDS)[number];

/** Token kinds that are not links: bearer sessions and firm API keys. */
export const CREDENTIAL_KINDS = ['sess', 'key'] as const;
/** Any token kind Guestkit mints. */
export type TokenKind = LinkKind | (typeof CREDENTIAL_KINDS)[number];

/** The single action each link kind grants (one token = one scope). */
export const LINK_ACTIONS = {
  view: 'view',
  upload: 'upload',
  sign: 'sign',
  pay: 'pay',
  req: 'submit',
} as const satisfies Record<LinkKind, string>;
/** The action a link grants. */
export type LinkAction = (typeof LINK_ACTIONS)[LinkKind];

/** Random bytes in every token body. */
export const TOKEN_BYTES = 32;
const BODY_CHARS = 43; // ceil(256 / log2(62))
const CHECKSUM_CHARS = 6; // 62^6 > 2^32
const TOKEN_PATTERN = /^gk_(view|upload|sign|pay|req|sess|key)_([0-9A-Za-z]{43})([0-9A-Za-z]{6})$/;

/** A syntactically valid token, split into its parts. */
export interface ParsedToken {
  kind: TokenKind;
  body: string;
}

function checksum(prefixAndBody: string): string {
  return base62FromBigInt(BigInt(crc32(prefixAndBody)), CHECKSUM_CHARS);
}

/**
 * Builds a token from 32 random bytes. The caller supplies the bytes (from a CSPRNG) so this
 * module stays free of any runtime's crypto API.
 */
export function formatToken(kind: TokenKind, randomBytes: Uint8Array): string {
  if (randomBytes.length !== TOKEN_BYTES) throw new RangeError(`a token needs exactly ${TOKEN_BYTES} random bytes`);
  const head = `gk_${kind}_${base62Encode(randomBytes, BODY_CHARS)}`;
  return head + checksum(head);
}

/**
 * Parses a token and checks its checksum. Returns `null` for anything malformed, so callers can
 * reject it without touching the store.
 *
 * @example
 * ```ts
 * parseToken('gk_view_…')?.kind // 'view'
 * parseToken('hello')          // null
 * ```
 */
export function parseToken(token: unknown): ParsedToken | null {
  if (typeof token !== 'string' || token.length > 64) return null;
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const [, kind, body, sum] = match;
  if (checksum(`gk_${kind}_${body}`) !== sum) return null;
  return { kind: kind as TokenKind, body: body! };
}

/** True when `token` is a well-formed link token (of `kind`, if given). */
export function isLinkToken(token: unknown, kind?: LinkKind): boolean {
  const parsed = parseToken(token);
  if (!parsed || !(LINK_KINDS as readonly string[]).includes(parsed.kind)) return false;
  return kind === undefined || parsed.kind === kind;
}
