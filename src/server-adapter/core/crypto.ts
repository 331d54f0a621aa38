/** Randomness and hashing for tokens, ids and short codes. */
import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { formatToken, type TokenKind, TOKEN_BYTES } from '../../protocol/token-format.js';

/** A fresh 256-bit token of `kind`, from the CSPRNG. */
export function newToken(kind: TokenKind): string {
  return formatToken(kind, randomBytes(TOKEN_BYTES));
}

/** Hex SHA-256 of a token: the only form in which tokens are stored or looked up. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A random record id with a readable prefix, e.g. `lnk_3kd9…` (128 bits). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString('base64url').replace(/[-_]/g, '').slice(0, 20).toLowerCase()}${randomBytes(2).toString('hex')}`;
}

/** A numeric one-time code of `digits` digits. */
export function newNumericCode(digits = 6): string {
  return String(randomInt(0, 10 ** digits)).padStart(digits, '0');
}

const SCRYPT_KEYLEN = 32;

function scryptAsync(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFKC'), salt, SCRYPT_KEYLEN, { N: 16384, r: 8, p: 1 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** Hashes a low-entropy secret (access code, one-time code) with scrypt: `salt:hash` in hex. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${(await scryptAsync(secret, salt)).toString('hex')}`;
}

/** Checks `secret` against a `hashSecret` result in constant time. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [saltHex, hashHex] = stored.split(':');
  if (!saltHex || !hashHex) return false;
  const actual = await scryptAsync(secret, Buffer.from(saltHex, 'hex'));
  const expected = Buffer.from(hashHex, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
