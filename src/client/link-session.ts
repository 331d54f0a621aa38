/**
 * A link opened in this page: the link token stays in memory only, is exchanged for a
 * short-lived bearer session, and is exchanged again when that session runs out.
 */
import { ROUTES, sessionSchema, type Session, type SessionExchangeRequest } from '../protocol/index.js';
import { isGuestkitApiError } from './errors.js';
import type { CallOptions, Http, Schema } from './http.js';
import { newIdempotencyKey } from './idempotency.js';

/** Step-up answers for a protected link. */
export interface StepUpAnswer {
  /** The access code the firm gave the recipient. */
  accessCode?: string;
  /** The one-time code mailed to the recipient. */
  otp?: string;
}

/** An opened link with its current session. */
export interface LinkSession {
  /** The current session (scope, firm branding, expiry). */
  readonly session: Session;
  /** GET a session-authenticated route and parse the answer. */
  get<T>(path: string, schema: Schema<T>, options?: CallOptions): Promise<T>;
  /** POST to a session-authenticated route. Completing actions get an idempotency key (generated unless given). */
  post<T>(path: string, body: unknown, schema: Schema<T>, options?: CallOptions): Promise<T>;
  /** A raw response (downloads, streams), with the bearer header. */
  raw(method: string, path: string, options?: CallOptions): Promise<Response>;
  /** The `Authorization` header value for the current session (for tus and other engines). */
  authorization(): Promise<string>;
  /** Ends the session on the server and forgets it here. */
  close(): Promise<void>;
}

const REFRESH_MARGIN_MS = 30_000;

/** Exchanges `token` and returns the opened link. */
export async function openLinkSession(http: Http, token: string, stepUp: StepUpAnswer = {}): Promise<LinkSession> {
  const exchange = (): Promise<Session> => {
    const body: SessionExchangeRequest = { token, ...stepUp };
    return http.call('POST', ROUTES.exchangeSession.path, sessionSchema, { json: body });
  };
  let session = await exchange();
  let pending: Promise<Session> | null = null;

  async function current(): Promise<Session> {
    if (Date.parse(session.expiresAt) - Date.now() > REFRESH_MARGIN_MS) return session;
    pending ??= exchange().finally(() => (pending = null));
    session = await pending;
    return session;
  }

  async function withSession<T>(run: (bearer: string) => Promise<T>): Promise<T> {
    const first = await current();
    try {
      return await run(`Bearer ${first.session}`);
    } catch (error) {
      // The server may have ended the session early (idle timeout, restart): re-exchange once.
      if (!isGuestkitApiError(error) || error.code !== 'session_invalid') throw error;
      pending ??= exchange().finally(() => (pending = null));
      session = await pending;
      return run(`Bearer ${session.session}`);
    }
  }

  const authed = (options: CallOptions | undefined, bearer: string): CallOptions => ({
    ...options,
    headers: { ...options?.headers, authorization: bearer },
  });

  return {
    get session() {
      return session;
    },
    get: (path, schema, options) => withSession((bearer) => http.call('GET', path, schema, authed(options, bearer))),
    post: (path, body, schema, options) => {
      const idempotencyKey = options?.idempotencyKey ?? newIdempotencyKey();
      return withSession((bearer) => http.call('POST', path, schema, { ...authed(options, bearer), json: body, idempotencyKey }));
    },
    raw: (method, path, options) => withSession((bearer) => http.raw(method, path, authed(options, bearer))),
    authorization: async () => `Bearer ${(await current()).session}`,
    async close() {
      await http.raw('DELETE', ROUTES.endSession.path, { headers: { authorization: `Bearer ${session.session}` } }).catch(() => undefined);
    },
  };
}
