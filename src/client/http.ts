/**
 * The one HTTP layer under the client: a ky instance that never sends cookies or a Referer,
 * never caches, turns error bodies into typed errors and parses every answer with a schema.
 */
import ky, { type KyInstance, type Options } from 'ky';
import { problemSchema, PROBLEM_CONTENT_TYPE, ERROR_STATUS } from '../protocol/errors.js';
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
  /** Language for server messages (`Accept-Language`). */
  locale?: string;
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
  /** Sent as `Idempotency-Key`; keyed POSTs are retried on network failure and 5xx. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Lets the request outlive the page (fetch `keepalive`): for small reports sent as the page is hidden or closed. */
  keepalive?: boolean;
}

/** The HTTP layer. */
export interface Http {
  readonly endpoint: string;
  call<T>(method: string, path: string, schema: Schema<T>, options?: CallOptions): Promise<T>;
  /** The raw response (for downloads); throws typed errors like `call`. */
  raw(method: string, path: string, options?: CallOptions): Promise<Response>;
}

async function toApiError(response: Response): Promise<GuestkitError> {
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith(PROBLEM_CONTENT_TYPE) || type.startsWith('application/json')) {
    const parsed = problemSchema.safeParse(await response.json().catch(() => null));
    if (parsed.success) return new GuestkitApiError(parsed.data, response.status);
  }
  const code = response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'unavailable' : 'not_found';
  return new GuestkitApiError(
    { type: 'about:blank', title: response.statusText || `HTTP ${response.status}`, status: response.status, code: code satisfies keyof typeof ERROR_STATUS },
    response.status,
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
    throwHttpErrors: false,
    retry: { limit: 0 },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: options.locale ? { 'accept-language': options.locale } : {},
  });

  async function raw(method: string, path: string, call: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...call.headers };
    if (call.idempotencyKey) headers['idempotency-key'] = call.idempotencyKey;
    const request: Options = { method, headers };
    if (call.json !== undefined) request.json = call.json;
    else if (call.body !== undefined) request.body = call.body;
    if (call.searchParams) request.searchParams = call.searchParams;
    if (call.signal) request.signal = call.signal;
    if (call.keepalive) request.keepalive = true;
    // Only keyed POSTs are safe to resend: the server replays the first answer.
    if (method === 'GET' || call.idempotencyKey) {
      request.retry = { limit: 2, methods: [method.toLowerCase()], statusCodes: [408, 429, 500, 502, 503, 504] };
    }
    let response: Response;
    try {
      response = await api(path.replace(/^\//, ''), request);
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      throw new GuestkitNetworkError(error instanceof Error ? error.message : 'network error', { cause: error });
    }
    if (!response.ok) throw await toApiError(response);
    return response;
  }

  return {
    endpoint,
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
