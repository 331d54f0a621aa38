/**
 * Idempotency-Key handling for mutating routes (IETF draft semantics): a repeat of a finished
 * request replays its answer, a repeat while it runs gets 409, the same key with another body
 * gets 422, and a missing key gets 400.
 */
import { createHash } from 'node:crypto';
import { GuestkitServerError } from '../core/errors.js';
import { isoNow, type Runtime } from '../core/options.js';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,255}$/;

/** Runs `run` at most once per (scope, key); retries replay the stored status and body. */
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
  const fingerprint = createHash('sha256').update(`${request.method} ${new URL(request.url).pathname}\n${JSON.stringify(body)}`).digest('hex');
  const store = runtime.store.idempotency;
  let claimedAt = isoNow(runtime);
  const claim = await store.claim(scope, key, fingerprint, claimedAt, new Date(runtime.now() - runtime.idempotencyLeaseMs).toISOString());
  const headers = { 'content-type': 'application/json; charset=utf-8' };
  switch (claim.state) {
    case 'in_flight':
      throw new GuestkitServerError('idempotency_in_flight');
    case 'mismatch':
      throw new GuestkitServerError('idempotency_key_reused');
    case 'done':
      return new Response(claim.body, { status: claim.status, headers: { ...headers, 'idempotent-replayed': 'true' } });
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
      if (await store.renew(scope, key, claimedAt, next).catch(() => false)) claimedAt = next;
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
    await store.release(scope, key, claimedAt);
    throw error;
  }
  clearInterval(heartbeat);
  await renewing;
  const text = JSON.stringify(result.body);
  await store.complete(scope, key, result.status, text, claimedAt);
  return new Response(text, { status: result.status, headers });
}
