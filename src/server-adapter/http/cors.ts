/**
 * CORS with an exact origin allowlist per firm. Credentials are never allowed (bearer tokens
 * only); `null` and unknown origins get no CORS headers at all, so the browser blocks them.
 */
import { ERROR_CODE_HEADER } from '../../protocol/errors.js';
import type { Store } from '../store/types.js';

const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'idempotency-key',
  'accept-language',
  'tus-resumable',
  'upload-length',
  'upload-metadata',
  'upload-offset',
  'upload-defer-length',
  'upload-concat',
  'x-http-method-override',
  'range',
];
const EXPOSED_HEADERS = ['location', 'retry-after', 'content-disposition', 'content-range', 'accept-ranges', 'content-length', 'etag', 'upload-offset', 'upload-length', 'upload-expires', 'upload-metadata', 'tus-resumable', 'tus-version', 'tus-extension', 'tus-max-size', 'x-request-id', ERROR_CODE_HEADER];

/** Answers which origins may call the adapter at all (the union of every firm's allowlist). */
export function createOriginIndex(store: Store, ttlMs = 5_000): { isKnown(origin: string): Promise<boolean>; invalidate(): void } {
  let cached: { at: number; origins: Set<string> } | null = null;
  return {
    async isKnown(origin) {
      if (!cached || Date.now() - cached.at > ttlMs) {
        const firms = await store.firms.list();
        cached = { at: Date.now(), origins: new Set(firms.flatMap((f) => f.allowedOrigins)) };
      }
      return cached.origins.has(origin);
    },
    invalidate() {
      cached = null;
    },
  };
}

/** Adds the CORS headers that let `origin` read `response`. */
export function allowOrigin(response: Response, origin: string): Response {
  response.headers.set('access-control-allow-origin', origin);
  response.headers.set('access-control-expose-headers', EXPOSED_HEADERS.join(', '));
  response.headers.append('vary', 'Origin');
  return response;
}

/** The answer to a preflight from an allowed origin. */
export function preflight(origin: string): Response {
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'GET, HEAD, POST, PATCH, DELETE, OPTIONS',
      'access-control-allow-headers': ALLOWED_HEADERS.join(', '),
      'access-control-max-age': '600',
      vary: 'Origin',
    },
  });
}
