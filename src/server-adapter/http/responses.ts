/** Response builders: JSON, problem+json, and the security headers every answer carries. */
import type { Locale } from '../../protocol/common.js';
import { ERROR_CODE_HEADER, PROBLEM_CONTENT_TYPE, type ErrorCode, type Problem } from '../../protocol/errors.js';
import { GuestkitServerError } from '../core/errors.js';
import { errorTitle } from '../core/messages.js';

/** Headers on every API response: no caching, no sniffing, no referrer, no framing, no indexing. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-site',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
};

/** Adds the security headers (without replacing ones already set). */
export function withSecurityHeaders(response: Response): Response {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!response.headers.has(name)) response.headers.set(name, value);
  return response;
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

/** A problem+json response for `error`, titled in `locale`. */
export function problem(error: GuestkitServerError, locale: Locale): Response {
  const body: Problem = {
    type: `https://guestkit.dev/errors/${error.code}`,
    title: errorTitle(error.code as ErrorCode, locale, error.extra.issues),
    status: error.status,
    code: error.code,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(error.extra.retryAfter !== undefined ? { retryAfter: error.extra.retryAfter } : {}),
    ...(error.extra.issues ? { issues: error.extra.issues } : {}),
  };
  const headers: Record<string, string> = { 'content-type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8`, 'content-language': locale, [ERROR_CODE_HEADER]: error.code };
  if (error.extra.retryAfter !== undefined) headers['retry-after'] = String(error.extra.retryAfter);
  return new Response(JSON.stringify(body), { status: error.status, headers });
}
