/**
 * Idempotency-Key handling for mutating routes (IETF draft semantics): a repeat of a finished
 * request replays its answer, a repeat while it runs gets 409, the same key with another body
 * gets 422, and a missing key gets 400.
 *
 * The answers kept for replay hold secrets (a created link's token and URL), so they are kept as
 * tokens are (SECURITY.md R3): the key is stored only as its SHA-256 hash, the answer only
 * encrypted (AES-256-GCM) with a key derived from the Idempotency-Key, which only the caller
 * holds, and both are forgotten after 24 hours. What is stored is as hard to read as the key is to
 * guess: the SDK sends random UUIDs.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { hashToken } from '../core/crypto.js';
import { GuestkitServerError } from '../core/errors.js';
import { isoNow, type Runtime } from '../core/options.js';
import { HOUR } from '../core/rate-limit.js';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,255}$/;

// How long a key and its answer are kept: Stripe's rule (SECURITY.md, "pruned after ≥24 h").
const IDEMPOTENCY_ANSWER_TTL_MS = 24 * HOUR;

const IV_BYTES = 12;
const TAG_BYTES = 16;

// What the server makes of an Idempotency-Key: its hash to find it by, and keys only its holder can derive.
interface KeyMaterial {
  lookup: string;
  fingerprintKey: Buffer;
  answerKey: Buffer;
}

function keyMaterial(scope: string, key: string): KeyMaterial {
  const derive = (info: string): Buffer => Buffer.from(hkdfSync('sha256', key, scope, info, 32));
  return { lookup: hashToken(key), fingerprintKey: derive('guestkit idempotency fingerprint'), answerKey: derive('guestkit idempotency answer') };
}

// Base64 of IV ‖ ciphertext ‖ tag; a fresh IV for every answer.
function sealAnswer(key: Buffer, text: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([iv, cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
}

function openAnswer(key: Buffer, sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** Runs `run` at most once per (scope, key) within 24 hours; retries replay the stored status and body. */
export async function withIdempotency(
  runtime: Runtime,
  request: Request,
  scope: string,
  body: unknown,
  run: () => Promise<{ status: number; body: unknown }>,
): Promise<Response> {
  const key = request.headers.get('idempotency-key');
  if (!key) throw new GuestkitServerError('idempotency_key_required');
  if (!KEY_PATTERN.test(key)) throw new GuestkitServerError('validation_failed', 'Idempotency-Key must be 8–255 characters of A–Z, a–z, 0–9, _ . : -');
  const { lookup, fingerprintKey, answerKey } = keyMaterial(scope, key);
  // Keyed, so the stored fingerprint can't be used to test guesses at the body (an access code in it).
  const fingerprint = createHmac('sha256', fingerprintKey).update(`${request.method} ${new URL(request.url).pathname}\n${JSON.stringify(body)}`).digest('hex');
  const store = runtime.store.idempotency;
  // Pruned before claiming, so an answer older than the limit is never replayed.
  await store.prune(new Date(runtime.now() - IDEMPOTENCY_ANSWER_TTL_MS).toISOString());
  let claimedAt = isoNow(runtime);
  const claim = await store.claim(scope, lookup, fingerprint, claimedAt, new Date(runtime.now() - runtime.idempotencyLeaseMs).toISOString());
  const headers = { 'content-type': 'application/json; charset=utf-8' };
  switch (claim.state) {
    case 'in_flight':
      throw new GuestkitServerError('idempotency_in_flight');
    case 'mismatch':
      throw new GuestkitServerError('idempotency_key_reused');
    case 'done':
      return new Response(openAnswer(answerKey, claim.body), { status: claim.status, headers: { ...headers, 'idempotent-replayed': 'true' } });
    case 'claimed':
      break;
  }
  // A claim held longer than the lease (`idempotencyLeaseSeconds`) without a sign of life is taken
  // to belong to a process that stopped mid-request, and a retry takes it over rather than hearing
  // "in flight" for ever. A heartbeat keeps a running request's claim from looking stale, however
  // long it takes; the claim's time is its token, so a request whose key was taken over stores
  // and frees nothing. Every route behind a key is safe to run again once its first run is gone.
  let renewing = Promise.resolve();
  const heartbeat = setInterval(() => {
    renewing = renewing.then(async () => {
      const next = isoNow(runtime);
      if (await store.renew(scope, lookup, claimedAt, next).catch(() => false)) claimedAt = next;
    });
  }, runtime.idempotencyLeaseMs / 5);
  heartbeat.unref?.();
  let result: { status: number; body: unknown };
  try {
    result = await run();
  } catch (error) {
    clearInterval(heartbeat);
    await renewing;
    // Validation and other refusals happened before anything changed: let the key be used again.
    await store.release(scope, lookup, claimedAt);
    throw error;
  }
  clearInterval(heartbeat);
  await renewing;
  const text = JSON.stringify(result.body);
  await store.complete(scope, lookup, result.status, sealAnswer(answerKey, text), claimedAt);
  return new Response(text, { status: result.status, headers });
}
