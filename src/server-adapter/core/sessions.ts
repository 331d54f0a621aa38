/** Exchanging a link for a short-lived bearer session, and checking sessions on later calls. */
import type { Session } from '../../protocol/session.js';
import { parseToken } from '../../protocol/token-format.js';
import type { FirmRecord, LinkRecord, SessionRecord } from '../store/types.js';
import { recordAudit, type Actor } from './audit.js';
import { hashToken, newId, newToken } from './crypto.js';
import { GuestkitServerError } from './errors.js';
import { findLink, linkUnusableReason } from './link-access.js';
import { isoNow, type Runtime } from './options.js';
import { enforceRateLimit, HOUR, MINUTE } from './rate-limit.js';
import { assertOriginAllowed, type RequestMeta } from './request-meta.js';
import { verifyStepUp, type StepUpAnswers } from './step-up.js';

/** The longest grace after a link's end that `authenticateSession` is ever asked for (7 days: see `SessionCheckOptions.graceMs`). */
export const MAX_GRACE_MS = 7 * 86_400_000;

/** An authenticated session with its link and firm. */
export interface SessionContext {
  session: SessionRecord;
  link: LinkRecord;
  firm: FirmRecord;
}

/** `m***@bank.example`: enough for the visitor to recognise, too little for a page script to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

function actorFor(meta: RequestMeta, who: string): Actor {
  return { actor: who, ip: meta.ip, userAgent: meta.userAgent };
}

/**
 * Issues a session for `link`: `sessionTtlSeconds` long, and never past `absoluteEnd` (the end of
 * the chain it continues; without it, a new chain of `sessionMaxMs` begins) nor the link's expiry.
 */
async function issueSession(runtime: Runtime, firm: FirmRecord, link: LinkRecord, meta: RequestMeta, absoluteEnd?: number): Promise<{ session: Session; id: string }> {
  const token = newToken('sess');
  // One instant for all of it: a new chain ends exactly `sessionMaxMs` after the session it begins with.
  const now = runtime.now();
  const absolute = Math.min(absoluteEnd ?? now + runtime.sessionMaxMs, Date.parse(link.expiresAt));
  const expiresAt = Math.min(now + runtime.sessionTtlSeconds * 1000, absolute);
  const record: SessionRecord = {
    id: newId('ses'),
    firmId: firm.id,
    linkId: link.id,
    tokenHash: hashToken(token),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(expiresAt).toISOString(),
    absoluteExpiresAt: new Date(absolute).toISOString(),
    endedAt: null,
    ip: meta.ip,
    userAgent: meta.userAgent,
  };
  await runtime.store.sessions.insert(record);
  return { session: { session: token, ...describeSession({ session: record, link, firm }) }, id: record.id };
}

/**
 * Exchanges a link token for a session. Order matters: per-IP limit, format/checksum (no lookup
 * for garbage), per-token limit, lookup, origin, revocation/expiry, step-up, then the session.
 * Records `link.opened` as unverified: a mail scanner running the page looks exactly like a person.
 */
export async function exchangeLink(runtime: Runtime, token: string, answers: StepUpAnswers, meta: RequestMeta): Promise<Session> {
  await enforceRateLimit(runtime, `exchange-ip:${meta.ip ?? 'unknown'}`, runtime.limits.exchangePerIpPerMinute, MINUTE);
  if (!parseToken(token)) throw new GuestkitServerError('invalid_token');
  const tokenKey = hashToken(token).slice(0, 32);
  await enforceRateLimit(runtime, `exchange-token:${tokenKey}`, runtime.limits.exchangePerTokenPerMinute, MINUTE);
  await enforceRateLimit(runtime, `exchange-token-hour:${tokenKey}`, runtime.limits.exchangePerTokenPerHour, HOUR);
  const { link, firm } = await findLink(runtime, token);
  assertOriginAllowed(firm, meta);
  const by = actorFor(meta, `link:${link.id}`);
  const unusable = linkUnusableReason(runtime, link);
  if (unusable) {
    await recordAudit(runtime, { firmId: firm.id, resource: link.resource, type: 'link.refused', verified: false, data: { linkId: link.id, reason: unusable } }, by);
    throw new GuestkitServerError(unusable);
  }
  const steppedUp = await verifyStepUp(runtime, link, answers, by);
  const { session, id } = await issueSession(runtime, firm, link, meta);
  try {
    await recordAudit(runtime, { firmId: firm.id, resource: link.resource, type: 'link.opened', verified: steppedUp, data: { linkId: link.id, stepUp: link.stepUp } }, by);
  } catch (error) {
    // Not on record, not handed out: the session is ended, so no live session is left that nobody
    // holds (an audit log out of room fails here, after the session found room).
    await runtime.store.sessions.end(firm.id, id, isoNow(runtime)).catch(() => undefined);
    throw error;
  }
  return session;
}

/** Options of `authenticateSession`. */
export interface SessionCheckOptions {
  /**
   * Once the link has expired, accept it for at most this long after, with a session that was
   * still live when it expired. Only for finishing work begun in time — an upload started before
   * the link expired — never for starting anything. An expired session otherwise counts for
   * nothing (the client renews it while the link is live), so a session token that leaks is worth
   * its 15 minutes, not the link's lifetime.
   */
  graceMs?: number;
}

/** Resolves a bearer session; throws `session_invalid` unless it and its link are live (or within grace). */
export async function authenticateSession(runtime: Runtime, authorization: string | null, meta: RequestMeta, options: SessionCheckOptions = {}): Promise<SessionContext> {
  const grace = options.graceMs ?? 0;
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : null;
  if (parseToken(token)?.kind !== 'sess') throw new GuestkitServerError('session_invalid');
  const session = await runtime.store.sessions.getByHash(hashToken(token!));
  if (!session) throw new GuestkitServerError('session_invalid');
  const link = await runtime.store.links.get(session.firmId, session.linkId);
  const firm = await runtime.store.firms.get(session.firmId);
  if (!link || !firm) throw new GuestkitServerError('session_invalid');
  const now = runtime.now();
  const linkEnd = Date.parse(link.expiresAt);
  // The link's end first: a widget whose page stayed open past it says "expired" (and offers a
  // fresh link) or "revoked" — revoking ends the sessions too — not "session ended" (which
  // reopening the link would not cure).
  if (link.revokedAt) throw new GuestkitServerError('link_revoked');
  if (session.endedAt) throw new GuestkitServerError('session_invalid');
  if (linkEnd + grace <= now) throw new GuestkitServerError('link_expired');
  const sessionEnd = Date.parse(session.expiresAt);
  if (sessionEnd <= now) {
    // While the link is live the client renews its session instead.
    if (linkEnd > now) throw new GuestkitServerError('session_invalid');
    // In the grace after the link's end only the session still live at that end goes on (the one
    // the widget kept renewing; sessions end with their link at the latest), so a leaked token is
    // never worth more than its 15 minutes. Otherwise the link is the reason, a fresh link the way on.
    if (grace === 0 || sessionEnd < linkEnd) throw new GuestkitServerError('link_expired');
  }
  assertOriginAllowed(firm, meta);
  return { session, link, firm };
}

/**
 * Replaces a live session with a new one (same link, fresh lifetime), without repeating step-up —
 * within the chain's absolute end: a session refreshed for 8 hours is not refreshed again, and the
 * widget opens its link anew (step-up included). Single-use: of two refreshes of one session at
 * once, the one that does not end it gets `session_invalid`. Limited per link, as each one is a
 * session row: past the limit `rate_limited`, and the session in hand goes on.
 */
export async function refreshSession(runtime: Runtime, context: SessionContext, meta: RequestMeta): Promise<Session> {
  const absoluteEnd = Date.parse(context.session.absoluteExpiresAt);
  if (!(absoluteEnd > runtime.now())) throw new GuestkitServerError('session_invalid');
  // Before the old session ends: a refresh refused leaves the caller the session it has.
  await enforceRateLimit(runtime, `session-refresh:${context.link.id}`, runtime.limits.sessionRefreshesPerLinkPerHour, HOUR);
  // End the old session before issuing the new one, and only if still live: otherwise two
  // refreshes that both passed `authenticateSession` would turn one token into two live ones.
  if (!(await runtime.store.sessions.end(context.firm.id, context.session.id, isoNow(runtime)))) throw new GuestkitServerError('session_invalid');
  return (await issueSession(runtime, context.firm, context.link, meta, absoluteEnd)).session;
}

/** Ends a session. */
export async function endSession(runtime: Runtime, context: SessionContext): Promise<void> {
  await runtime.store.sessions.end(context.firm.id, context.session.id, isoNow(runtime));
}

/** The session answer for `GET /v1/session` (no new token: the caller already holds it). */
export function describeSession(context: SessionContext): Omit<Session, 'session'> {
  const { link, firm, session } = context;
  return {
    issuedAt: session.createdAt,
    expiresAt: session.expiresAt,
    linkExpiresAt: link.expiresAt,
    scope: {
      kind: link.kind,
      action: link.action,
      resource: { ...link.resource },
      recipient: { email: maskEmail(link.recipientEmail), ...(link.recipientName ? { name: link.recipientName } : {}), ...(link.recipientLocale ? { locale: link.recipientLocale } : {}) },
    },
    firm: { name: firm.name, ...(firm.accentColor ? { accentColor: firm.accentColor } : {}), ...(firm.logoUrl ? { logoUrl: firm.logoUrl } : {}) },
  };
}
