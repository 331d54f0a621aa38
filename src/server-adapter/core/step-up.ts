/** Step-up before a link shows anything: a firm-set access code, or a one-time code mailed to the recipient. */
import { createHash } from 'node:crypto';
import { otpMail } from '../mail/templates.js';
import type { FirmRecord, LinkRecord } from '../store/types.js';
import { recordAudit, type Actor } from './audit.js';
import { hashSecret, newNumericCode, verifySecret } from './crypto.js';
import { GuestkitServerError } from './errors.js';
import { inBackgroundInOrder } from './in-order.js';
import { isoNow, type Runtime } from './options.js';
import { enforceFailureLimit, underRateLimit, DAY, HOUR, type CountedAttempt } from './rate-limit.js';

const STEP_UP_WINDOW_MS = 15 * 60_000;

/** Answers the visitor gave. */
export interface StepUpAnswers {
  accessCode?: string | undefined;
  otp?: string | undefined;
}

/**
 * The store key of an access code's allowance: a digest of its salted hash, so neither the code nor
 * anything that tests a guess at it is kept there. Every link made with the hash shares the key —
 * one share's recipients, and fresh links made from them.
 */
function codeKey(accessCodeHash: string): string {
  return `stepup-code:${createHash('sha256').update(accessCodeHash, 'utf8').digest('hex')}`;
}

/**
 * Counts a step-up attempt against the link's limits — wrong codes per 15 minutes, and per day
 * (five every 15 minutes alone would let a 4-digit code be guessed within a month) — and, for an
 * access code, against the code's: wrong codes per day across every link that carries it, so
 * someone holding several of one share's links gets no more guesses than the code's own allowance.
 * Right codes count against none of them, not even the 15 minutes': a recipient who opens the link
 * again and again (a reload, another browser or device, each asking for the code anew) is not held
 * back. Nor do they make room for wrong ones: each takes only its own attempt out of the count, so
 * someone who knows the code cannot buy an accomplice more guesses with it. How often a link opens
 * is bounded by the exchange limits per link token instead (each opening is a session). Each limit
 * counts the attempt before the code is checked, and an attempt not yet known to be right counts as
 * a wrong one, so parallel guesses cannot slip past it. The link is counted first, and an attempt it
 * refuses counts against neither, so `Retry-After` holds and a link whose day is spent cannot eat
 * the others' room. An attempt the code refuses is given back on the link: it was no wrong code.
 */
async function countAttempt(runtime: Runtime, link: LinkRecord): Promise<CountedAttempt[]> {
  const { limits } = runtime;
  const onLink = await enforceFailureLimit(runtime, {
    key: `stepup-fail:${link.id}`,
    failures: limits.stepUpFailuresPerLinkPerDay,
    windowMs: DAY,
    attempts: limits.stepUpFailuresPerLink,
    attemptsMs: STEP_UP_WINDOW_MS,
  });
  // A one-time code is the link's own: nothing to share.
  if (link.stepUp !== 'access_code' || !link.accessCodeHash) return [onLink];
  try {
    const onCode = await enforceFailureLimit(runtime, { key: codeKey(link.accessCodeHash), failures: limits.stepUpFailuresPerCodePerDay, windowMs: DAY, attemptsMs: STEP_UP_WINDOW_MS });
    return [onLink, onCode];
  } catch (error) {
    await onLink.giveBack();
    throw error;
  }
}

/** Whether `given` is the link's access code, or its live one-time code (which it then spends). */
async function isRightCode(runtime: Runtime, link: LinkRecord, given: string): Promise<boolean> {
  if (link.stepUp === 'access_code') return !!link.accessCodeHash && (await verifySecret(given.trim(), link.accessCodeHash));
  const otp = await runtime.store.otps.get(link.id);
  const live = otp && Date.parse(otp.expiresAt) > runtime.now() && otp.attempts < runtime.limits.stepUpFailuresPerLink;
  if (live && (await verifySecret(given.replace(/\s+/g, ''), otp.codeHash))) {
    await runtime.store.otps.delete(link.id);
    return true;
  }
  if (otp) await runtime.store.otps.addAttempt(link.id);
  return false;
}

/**
 * Checks the link's step-up, if it has one. Past a limit (wrong codes per 15 minutes or per day on
 * the link or, for an access code, per day across the links that carry it) the link answers
 * `rate_limited`, whatever is sent (the right code too), until enough wrong codes have left their
 * window. Returns true when a step-up was passed (the visitor proved more than possession of the
 * link).
 */
export async function verifyStepUp(runtime: Runtime, link: LinkRecord, answers: StepUpAnswers, by: Actor): Promise<boolean> {
  if (!link.stepUp) return false;
  const given = link.stepUp === 'access_code' ? answers.accessCode : answers.otp;
  if (!given) throw new GuestkitServerError(link.stepUp === 'access_code' ? 'access_code_required' : 'otp_required');
  const attempts = await countAttempt(runtime, link);
  const right = await isRightCode(runtime, link, given);
  // Settled before the answer, so every wrong code a visitor is told of is on record.
  await Promise.all(attempts.map((attempt) => (right ? attempt.giveBack() : attempt.failed())));
  const type = right ? 'link.step_up_passed' : 'link.step_up_failed';
  await recordAudit(runtime, { firmId: link.firmId, resource: link.resource, type, data: { linkId: link.id, method: link.stepUp } }, by);
  if (!right) throw new GuestkitServerError(link.stepUp === 'access_code' ? 'access_code_invalid' : 'otp_invalid');
  return true;
}

/**
 * Mails a fresh one-time code to the link's own recipient (never to an address the visitor
 * names). Silent when the link has no e-mail step-up or the per-link mail limit is reached.
 *
 * It returns once the request is counted against that limit: the code is made, stored and mailed
 * in the background (`mailOtp`), since the time that takes (scrypt, then the mail) would tell a
 * real token from an unknown one. A failure there is logged as `one-time code mail failed`;
 * `close()` waits for it.
 */
export async function sendOtp(runtime: Runtime, firm: FirmRecord, link: LinkRecord, by: Actor): Promise<void> {
  if (link.stepUp !== 'email_otp') return;
  if (!(await underRateLimit(runtime, `otp-mail:${link.id}`, runtime.limits.otpMailsPerLinkPerHour, HOUR))) return;
  // One at a time per link, in the order asked for: the code mailed last is the one stored.
  inBackgroundInOrder(runtime, `otp-mail:${link.id}`, 'one-time code mail failed', () => mailOtp(runtime, firm, link, by), { linkId: link.id });
}

/** Makes, stores and mails a one-time code for `link`, then records `link.otp_sent` (once the mail is sent). */
async function mailOtp(runtime: Runtime, firm: FirmRecord, link: LinkRecord, by: Actor): Promise<void> {
  const code = newNumericCode(6);
  await runtime.store.otps.put({
    linkId: link.id,
    firmId: link.firmId,
    codeHash: await hashSecret(code),
    expiresAt: isoNow(runtime, runtime.otpTtlSeconds * 1000),
    attempts: 0,
    createdAt: isoNow(runtime),
  });
  await runtime.mailer.send(otpMail(firm, link, code, runtime.otpTtlSeconds));
  await recordAudit(runtime, { firmId: link.firmId, resource: link.resource, type: 'link.otp_sent', data: { linkId: link.id, to: link.recipientEmail } }, by);
}
