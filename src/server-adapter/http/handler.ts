/**
 * The Web-standard core: `(Request) => Promise<Response>`. Every answer gets the security headers
 * and a request id (`X-Request-Id`); CORS is granted per firm; errors become problem+json in the
 * visitor's language; logs carry the request id, method, path, status and time — never a token, a
 * query string or a body — and refusals that matter to security get a warning line of their own.
 */
import { randomBytes } from 'node:crypto';
import { UPLOAD_ROUTES } from '../../protocol/uploads.js';
import { GuestkitServerError, isGuestkitServerError, STORE_RETRY_AFTER_SECONDS, storeTrouble } from '../core/errors.js';
import { localeFromHeader } from '../core/messages.js';
import type { Runtime } from '../core/options.js';
import type { RequestMeta } from '../core/request-meta.js';
import { allowOrigin, preflight, type createOriginIndex } from './cors.js';
import { problem, withSecurityHeaders } from './responses.js';
import type { RouteContext, Router } from './router.js';

/**
 * What a tus client learns from `OPTIONS` on the tus endpoint (tus 1.0 discovery). `Tus-Max-Size`
 * is each upload request's own: it is added when the `OPTIONS` carries the uploader's session
 * (a browser's preflight never does; the limit is then refused with `413` at creation).
 */
const TUS_DISCOVERY = { 'tus-resumable': '1.0.0', 'tus-version': '1.0.0', 'tus-extension': 'creation,expiration,termination' };

/** Facts about the connection that a `Request` does not carry (the runtime adapter supplies them). */
export interface HandleContext {
  /** The client's IP address. */
  ip?: string;
}

/** The adapter's request handler. */
export type GuestkitHandler = (request: Request, context?: HandleContext) => Promise<Response>;

const TOKEN_IN_TEXT = /gk_(view|upload|sign|pay|req|sess|key)_/;
const TOKEN_PARAM_NAMES = new Set(['token', 't', 'gk', 'session', 'access_token', 'key', 'api_key']);

/** True when a query string carries anything that looks like a credential. */
function queryCarriesToken(url: URL): boolean {
  for (const [name, value] of url.searchParams) {
    if (TOKEN_PARAM_NAMES.has(name.toLowerCase()) || TOKEN_IN_TEXT.test(value) || TOKEN_IN_TEXT.test(name)) return true;
  }
  return false;
}

/**
 * Refusals worth a warning (SECURITY.md R70): tokens that are no link's or tried in a URL, wrong
 * codes, an API key or origin refused, a scope overstepped, a rate limit tripped, a file name
 * that tries to climb out of its folder, a quarantined file asked for. Not `session_invalid`:
 * clients renew ended sessions all day.
 */
const SECURITY_REFUSALS = new Set([
  'invalid_token',
  'link_not_found',
  'token_in_query',
  'access_code_invalid',
  'otp_invalid',
  'api_key_invalid',
  'origin_forbidden',
  'scope_forbidden',
  'rate_limited',
  'invalid_file_name',
  'file_quarantined',
]);

function toServerError(error: unknown, runtime: Runtime): GuestkitServerError {
  if (isGuestkitServerError(error)) return error;
  const trouble = storeTrouble(error);
  if (trouble) {
    // Out of room needs someone to act; busy passes by itself. Either way the client tries again.
    if (trouble === 'full') runtime.logger?.error('store full', { error: String(error) });
    else runtime.logger?.warn('store busy', { error: String(error) });
    return new GuestkitServerError('unavailable', undefined, { retryAfter: STORE_RETRY_AFTER_SECONDS });
  }
  runtime.logger?.error('unhandled error', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  return new GuestkitServerError('internal');
}

/** Builds the handler over a router. */
export function createHandler(runtime: Runtime, router: Router, origins: ReturnType<typeof createOriginIndex>): GuestkitHandler {
  return async (request, context = {}) => {
    const started = performance.now();
    const url = new URL(request.url);
    const origin = request.headers.get('origin');
    const locale = localeFromHeader(request.headers.get('accept-language'));
    // A User-Agent is kept (sessions, audit) to 512 characters: enough for any browser's, and a 6 KB
    // one can neither fill the store nor make an exchange fail for want of room.
    const meta: RequestMeta = { ip: context.ip ?? null, userAgent: request.headers.get('user-agent')?.slice(0, 512) ?? null, origin };
    const ctx: RouteContext = { request, url, params: {}, meta, firm: null };
    // Ties the log lines of one request together, and to what the client saw.
    const requestId = randomBytes(9).toString('base64url');
    let response: Response;
    // A preflight carries its own CORS answer; it still gets the request id and the access log line.
    let preflighted = false;
    try {
      if (url.pathname !== runtime.basePath && !url.pathname.startsWith(`${runtime.basePath}/`)) throw new GuestkitServerError('not_found');
      if (queryCarriesToken(url)) throw new GuestkitServerError('token_in_query');
      const path = url.pathname.slice(runtime.basePath.length) || '/';
      if (request.method === 'OPTIONS') {
        response = origin && origin !== 'null' && (await origins.isKnown(origin)) ? preflight(origin) : new Response(null, { status: 204 });
        if (path === UPLOAD_ROUTES.tus || path.startsWith(`${UPLOAD_ROUTES.tus}/`)) {
          for (const [name, value] of Object.entries(TUS_DISCOVERY)) response.headers.set(name, value);
          const own = request.headers.has('authorization') ? router.match('OPTIONS', UPLOAD_ROUTES.tus) : null;
          const max = own && own !== 'method' ? (await own.handler(ctx).catch(() => null))?.headers.get('tus-max-size') : null;
          if (max) response.headers.set('tus-max-size', max);
        }
        preflighted = true;
      } else {
        let matched = router.match(request.method, path);
        if (matched === 'method' && request.method === 'HEAD') matched = router.match('GET', path);
        if (matched === null) throw new GuestkitServerError('not_found');
        if (matched === 'method') throw new GuestkitServerError('method_not_allowed');
        ctx.params = matched.params;
        response = await matched.handler(ctx);
      }
    } catch (error) {
      const refusal = toServerError(error, runtime);
      if (SECURITY_REFUSALS.has(refusal.code)) {
        runtime.logger?.warn('refused', { requestId, code: refusal.code, method: request.method, path: url.pathname, ip: meta.ip });
      }
      response = problem(refusal, locale);
    }
    withSecurityHeaders(response);
    response.headers.set('x-request-id', requestId);
    if (origin && origin !== 'null' && !preflighted) {
      const allowed = ctx.firm ? ctx.firm.allowedOrigins.includes(origin) : await origins.isKnown(origin);
      if (allowed) allowOrigin(response, origin);
      else response.headers.append('vary', 'Origin');
    }
    runtime.logger?.info('request', {
      requestId,
      method: request.method,
      path: url.pathname,
      status: response.status,
      ms: Math.round(performance.now() - started),
    });
    return response;
  };
}
