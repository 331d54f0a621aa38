/**
 * The one HTTP layer under the client: a ky instance that never sends cookies or a Referer,
 * never caches, turns error bodies into typed errors and parses every answer with a schema.
 */
import ky, { HTTPError, type KyInstance, type Options } from 'ky';
import { problemSchema, PROBLEM_CONTENT_TYPE, ERROR_CODE_HEADER } from '../protocol/errors.js';
import type { z } from '../protocol/zod.js';
import { GuestkitApiError, GuestkitError, GuestkitNetworkError, GuestkitValidationError } from './errors.js';

/** Options shared by every client. */
export interface HttpOptions {
  /** Base URL of the Guestkit adapter, e.g. `https://api.firm.example/guestkit`. */
  endpoint: string;
  /** A `fetch` to use instead of the global one (tests, service workers). */
  fetch?: typeof fetch;
  /** Per-request timeout in milliseconds (default 30 000). */
  timeout?: number;
  /**
   * Language for server messages (`Accept-Language`); a function is asked on every request, so a
   * page that switches language keeps its client (and the visitor's session) and is answered in the new one.
   */
  locale?: string | (() => string | undefined);
}

/** A schema the client can parse answers with. */
export type Schema<T> = z.ZodMiniType<T>;

/** Request options the client adds on top of ky's. */
export interface CallOptions {
  json?: unknown;
  /** A raw request body (files); use `json` for JSON. */
  body?: BodyInit;
  headers?: Record<string, string>;
  searchParams?: Record<string, string>;
  /** Sent as `Idempotency-Key`; keyed POSTs are retried on network failure, 5xx and a short 429. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Lets the request outlive the page (fetch `keepalive`): for small reports sent as the page is hidden or closed. */
  keepalive?: boolean;
}

/** The HTTP layer. */
export interface Http {
  readonly endpoint: string;
  /** The language requests are sent with now (`HttpOptions.locale`). */
  locale(): string | undefined;
  call<T>(method: string, path: string, schema: Schema<T>, options?: CallOptions): Promise<T>;
  /** The raw response (for downloads); throws typed errors like `call`. */
  raw(method: string, path: string, options?: CallOptions): Promise<Response>;
}

/** Longest `Retry-After` (seconds) a request waits out by itself; a longer one is the caller's to show. */
const MAX_RETRY_AFTER = 5;

/** How long a keyed request waits in all for its earlier attempt the server is still running. */
const IN_FLIGHT_WAIT_MS = 30_000;

/** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** The code of an answer without a problem body or `Guestkit-Error` header, by its status. */
const STATUS_CODES: Record<number, string> = { 401: 'session_invalid', 404: 'not_found', 408: 'unavailable', 410: 'not_found', 413: 'payload_too_large', 429: 'rate_limited' };

async function toApiError(response: Response): Promise<GuestkitError> {
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith(PROBLEM_CONTENT_TYPE) || type.startsWith('application/json')) {
    const parsed = problemSchema.safeParse(await response.json().catch(() => null));
    if (parsed.success) return new GuestkitApiError(parsed.data, response.status);
  }
  // No problem body (an answer to HEAD, a proxy's page): the code header the adapter sends with
  // every refusal (taken as a body's `code` is), else one read from the status. Only 404 and 410
  // say something is gone; a firewall's 403 is no reason to call a link unknown, nor a proxy's 408
  // or 413 one to upload a file anew.
  const { status } = response;
  const code =
    response.headers.get(ERROR_CODE_HEADER) ||
    (STATUS_CODES[status] ?? (status >= 500 ? 'unavailable' : 'invalid_response'));
  const retryAfter = Number(response.headers.get('retry-after'));
  return new GuestkitApiError(
    { type: 'about:blank', title: response.statusText || `HTTP ${status}`, status, code, ...(retryAfter > 0 ? { retryAfter } : {}) },
    status,
  );
}

// A page may say `endpoint="/guestkit"`; engines such as tus need the absolute URL, so resolve
// it against the page once. In Node a relative endpoint stays as given (ky will refuse it).
function absoluteEndpoint(endpoint: string): string {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  try {
    return new URL(endpoint, base).href.replace(/\/+$/, '');
  } catch {
    return endpoint.replace(/\/+$/, '');
  }
}

/** Creates the HTTP layer for one adapter endpoint. */
export function createHttp(options: HttpOptions): Http {
  const endpoint = absoluteEndpoint(options.endpoint);
  const api: KyInstance = ky.create({
    prefixUrl: endpoint,
    timeout: options.timeout ?? 30_000,
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    cache: 'no-store',
    // ky retries a status only when it throws for it; `raw` takes the answer back from the error.
    throwHttpErrors: true,
    retry: { limit: 0 },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const { locale: given } = options;
  const locale = typeof given === 'function' ? given : () => given;

  async function raw(method: string, path: string, call: CallOptions = {}): Promise<Response> {
    const language = locale();
    const headers: Record<string, string> = { ...(language ? { 'accept-language': language } : {}), ...call.headers };
    if (call.idempotencyKey) headers['idempotency-key'] = call.idempotencyKey;
    const request: Options = { method, headers };
    if (call.json !== undefined) request.json = call.json;
    else if (call.body !== undefined) request.body = call.body;
    if (call.searchParams) request.searchParams = call.searchParams;
    if (call.signal) request.signal = call.signal;
    if (call.keepalive) request.keepalive = true;
    // Only keyed POSTs are safe to resend: the server replays the first answer.
    if (method === 'GET' || call.idempotencyKey) {
      request.retry = {
        limit: 2,
        methods: [method.toLowerCase()],
        statusCodes: [408, 429, 500, 502, 503, 504],
        maxRetryAfter: MAX_RETRY_AFTER * 1000,
        // A rate limit that lasts longer than a moment is not waited out here (it may be an hour).
        shouldRetry: ({ error }) => (error instanceof HTTPError && Number(error.response.headers.get('retry-after')) > MAX_RETRY_AFTER ? false : undefined),
      };
    }
    for (let attempt = 0, waited = 0; ; attempt++) {
      try {
        return await api(path.replace(/^\//, ''), request);
      } catch (error) {
        if (!(error instanceof HTTPError)) {
          if (error instanceof Error && error.name === 'AbortError') throw error;
          throw new GuestkitNetworkError(error instanceof Error ? error.message : 'network error', { cause: error });
        }
        const refused = await toApiError(error.response);
        // A keyed request whose earlier attempt the server is still running (its answer was lost on
        // the way, and this is the retry): wait for that attempt, then ask again, and the server
        // replays its answer — instead of telling the caller "still in progress" of its own request.
        if (!call.idempotencyKey || refused.code !== 'idempotency_in_flight' || waited >= IN_FLIGHT_WAIT_MS) throw refused;
        const delay = Math.min(500 * 2 ** Math.min(attempt, 3), IN_FLIGHT_WAIT_MS - waited); // 0.5, 1, 2, 4, 4 … s
        await pause(delay, call.signal);
        waited += delay;
      }
    }
  }

  return {
    endpoint,
    locale,
    raw,
    async call<T>(method: string, path: string, schema: Schema<T>, call?: CallOptions): Promise<T> {
      const response = await raw(method, path, call);
      const body: unknown = response.status === 204 ? {} : await response.json().catch(() => undefined);
      const parsed = schema.safeParse(body);
      if (!parsed.success) throw new GuestkitValidationError(`unexpected answer from ${method} ${path}`, { cause: parsed.error });
      return parsed.data;
    },
  };
}
