/**
 * A link opened in this page: the link token stays in memory only, is exchanged for a
 * short-lived bearer session, and is exchanged again when that session runs out.
 */
import { ROUTES } from '../protocol/routes.js';
import type { SessionExchangeRequest } from '../protocol/session-requests.js';
import { sessionSchema, type Session } from '../protocol/session.js';
import { GuestkitError, isGuestkitApiError, isLinkEnd, type GuestkitApiError } from './errors.js';
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
  /** Swaps the session for a fresh one (same link, no step-up again). Done automatically before expiry. */
  refresh(): Promise<Session>;
  /**
   * Renews the session after the server refused it (`401 session_invalid`): refreshes it, else —
   * when the server no longer knows it (the 8-hour chain ended, the adapter forgot it) — opens the
   * link again. Rejects with `otp_required` when the link asks for a new one-time code (the one
   * given is spent), and with the link's end (`link_expired`, …); after `otp_required`,
   * `link_revoked` or `access_code_*`, and after `close()`, it and every call reject at once,
   * without asking the server again.
   *
   * @param refused - the session token the server refused (default: the current one). When it has
   *   been replaced meanwhile — the refused request left before a renewal and arrived after it —
   *   the current session is the answer: renewing it again would end it under the calls using it.
   */
  reopen(refused?: string): Promise<Session>;
  /** Ends the session on the server; later calls fail with `session_invalid`. */
  close(): Promise<void>;
}

const REFRESH_MARGIN_MS = 30_000;
/** How long calls go on with the session in hand after renewing it failed (a 503, the link's end), before asking again. */
const RENEW_AGAIN_MS = 10_000;

/** When this session runs out by the local clock (server lifetime, so clock skew does not matter). */
function localExpiry(session: Session): number {
  return Date.now() + (Date.parse(session.expiresAt) - Date.parse(session.issuedAt));
}

/** Exchanges `token` and returns the opened link. */
export async function openLinkSession(http: Http, token: string, stepUp: StepUpAnswer = {}): Promise<LinkSession> {
  let answers = stepUp;
  const exchange = async (): Promise<Session> => {
    const body: SessionExchangeRequest = { token, ...answers };
    const opened = await http.call('POST', ROUTES.exchangeSession.path, sessionSchema, { json: body });
    // A one-time code works once: exchanging again (the session chain ended after 8 hours) asks
    // for a new one (`otp_required`) rather than failing with the spent one. An access code stays.
    const { otp: _spent, ...lasting } = answers;
    answers = lasting;
    return opened;
  };
  const refresh = (): Promise<Session> =>
    http.call('POST', ROUTES.refreshSession.path, sessionSchema, { headers: { authorization: `Bearer ${session.session}` } });

  let session = await exchange();
  let expiresLocally = localExpiry(session);
  let pending: Promise<Session> | null = null;
  // Until when calls use the session in hand without renewing it first: a renewal that could not
  // give more (the 8-hour chain's or the link's end is near) or failed is not asked again on every call.
  let quiet = 0;
  let closed = false;
  // Why the link cannot be renewed any more (it asks for a new one-time code, was revoked): said
  // at once from then on, without asking the server again — the widget opens the link anew.
  let ended: GuestkitApiError | undefined;

  // One renewal at a time, shared by every caller waiting on it.
  function renew(how: () => Promise<Session>): Promise<Session> {
    pending ??= how()
      .then((next) => {
        session = next;
        expiresLocally = localExpiry(next);
        // One that ends within the margin (the chain's or the link's end is near) is used to its end.
        quiet = expiresLocally - Date.now() > REFRESH_MARGIN_MS ? 0 : expiresLocally;
        return next;
      })
      .finally(() => (pending = null));
    return pending;
  }

  function usable(): void {
    if (closed) throw new GuestkitError('session_invalid', 'this link session was closed');
    if (ended) throw ended;
  }

  // Refreshing first keeps the step-up (a one-time code works once). Only a session the server no
  // longer knows (`session_invalid`: the 8-hour chain ended, the adapter forgot it) is replaced by
  // opening the link again, which asks for a new code where the link has one; a refresh that failed
  // otherwise (a 503, the network) is no reason to. One reopening at a time, shared by every caller.
  let reopening: Promise<Session> | null = null;
  function reopen(refused = session.session): Promise<Session> {
    reopening ??= (async () => {
      usable();
      // A plain `refresh()` the page started answers for the old session alone: wait for it, then renew as here.
      await pending?.catch(() => undefined);
      usable();
      // Renewed since the refused request left: that session is the answer.
      if (session.session !== refused) return session;
      return renew(() =>
        refresh().catch((error: unknown) => {
          if (isGuestkitApiError(error) && error.code === 'session_invalid') return exchange();
          throw error;
        }),
      );
    })()
      .catch((error: unknown) => {
        // The link's end leaves the session in hand worthless — but one that merely expired, whose uploads begun in time may finish.
        if (isGuestkitApiError(error) && isLinkEnd(error.code) && error.code !== 'link_expired') ended = error;
        throw error;
      })
      .finally(() => (reopening = null));
    return reopening;
  }

  async function current(): Promise<Session> {
    usable();
    const now = Date.now();
    if (expiresLocally - now > REFRESH_MARGIN_MS || now < quiet) return session;
    // If renewing fails (the link just expired, the network), keep the session we have: the server
    // decides whether work begun in time may still finish. A link that asks for its step-up again
    // or was revoked says so: the session we have is worth nothing then.
    return reopen().catch(() => {
      if (ended) throw ended;
      quiet = Date.now() + RENEW_AGAIN_MS;
      return session;
    });
  }

  async function withSession<T>(run: (bearer: string) => Promise<T>): Promise<T> {
    const first = await current();
    try {
      return await run(`Bearer ${first.session}`);
    } catch (error) {
      // The server may have ended the session early (idle timeout, restart): renew it, once.
      if (!isGuestkitApiError(error) || error.code !== 'session_invalid' || closed) throw error;
      return run(`Bearer ${(await reopen(first.session)).session}`);
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
    refresh: async () => {
      usable();
      return renew(refresh);
    },
    reopen,
    async close() {
      closed = true;
      // A renewal under way brings a session of its own: end that one, not the one it replaces.
      await Promise.allSettled([reopening, pending]);
      await http.raw('DELETE', ROUTES.endSession.path, { headers: { authorization: `Bearer ${session.session}` } }).catch(() => undefined);
    },
  };
}
