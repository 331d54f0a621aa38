/** Reading JSON request bodies with a hard size limit, before parsing anything. */
import { GuestkitServerError } from '../core/errors.js';

/** Largest JSON body the adapter reads (64 KiB). */
export const MAX_JSON_BYTES = 64 * 1024;

/**
 * Reads and parses a JSON body. Refuses a wrong content type (415) and a body over `maxBytes`
 * (413) — by `Content-Length` before reading, and again while reading for chunked bodies.
 */
export async function readJson(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new GuestkitServerError('unsupported_media_type');
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new GuestkitServerError('payload_too_large');
  if (!request.body) throw new GuestkitServerError('validation_failed', 'missing body');
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new GuestkitServerError('payload_too_large');
    }
    chunks.push(value);
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GuestkitServerError('validation_failed', 'body is not valid JSON');
  }
}
