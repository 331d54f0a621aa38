/** Step-up before a link shows anything: a firm-set access code, or a one-time code mailed to the recipient. */
import { otpMail } from '../mail/templates.js';
import type { FirmRecord, LinkRecord } from '../store/types.js';
import { recordAudit, type Actor } from './audit.js';
import { hashSecret, newNumericCode, verifySecret } from './crypto.js';
import { GuestkitServerError } from './errors.js';
import { isoNow, type Runtime } from './options.js';
import { assertUnderRateLimit, enforceFailureLimit, enforceRateLimit, underRateLimit, DAY, HOUR, type CountedAttempt } from './rate-limit.js';

const STEP_UP_WINDOW_MS = 15 * 60_000;

/** Answers the visitor gave. */
export interface StepUpAnswers {
  accessCode?: string | undefined;
  otp?: string | undefined;
}

async function failAttempt(runtime: Runtime, link: LinkRecord, by: Actor, code: 'access_code_invalid' | 'otp_invalid'): Promise<never> {
  await recordAudit(runtime, { firmId: link.firmId, resource: link.resource, type: 'link.step_up_failed', data: { linkId: link.id, method: link.stepUp } }, by);
  throw new GuestkitServerError(code);
}

/**
 * Counts a step-up attempt against the link's limits: attempts per 15 minutes, and wrong codes per
 * day (five every 15 minutes alone would let a 4-digit code be guessed within a month; right codes
 * are given back, so a recipient who opens the link often is not held back). Each limit counts the
 * attempt before the code is checked, so parallel guesses cannot slip past it, and an attempt one
 * refuses counts against neither, so `Retry-After` holds: the 15-minute limit is read first and
 * counted last. Only a parallel guess that took its last place meanwhile is refused then, and that
 * one stays among the day's wrong codes.
 */
async function countAttempt(runtime: Runtime, link: LinkRecord): Promise<CountedAttempt> {
  const attemptsKey = `stepup-fail:${link.id}`;
  await assertUnderRateLimit(runtime, attemptsKey, runtime.limits.stepUpFailuresPerLink, STEP_UP_WINDOW_MS);
  const attempt = await enforceFailureLimit(runtime, `stepup-wrong-day:${link.id}`, runtime.limits.stepUpFailuresPerLinkPerDay, DAY);
  await enforceRateLimit(runtime, attemptsKey, runtime.limits.stepUpFailuresPerLink, STEP_UP_WINDOW_MS);
  return attempt;
}

/**
 * Checks the link's step-up, if it has one. Attempts are counted per link, and wrong codes per day
 * on top: past either limit the link answers `rate_limited`, whatever is sent, until the oldest
 * counted attempt is 15 minutes old or the oldest wrong code a day old. Returns true when a
 * step-up was passed (the visitor proved more than possession of the link).
 */
export async function verifyStepUp(runtime: Runtime, link: LinkRecord, answers: StepUpAnswers, by: Actor): Promise<boolean> {
  if (!link.stepUp) return false;
  const given = link.stepUp === 'access_code' ? answers.accessCode : answers.otp;
  if (!given) throw new GuestkitServerError(link.stepUp === 'access_code' ? 'access_code_required' : 'otp_required');
  const attempt = await countAttempt(runtime, link);

  if (link.stepUp === 'access_code') {
    if (!link.accessCodeHash || !(await verifySecret(given.trim(), link.accessCodeHash))) return failAttempt(runtime, link, by, 'access_code_invalid');
  } else {
    const otp = await runtime.store.otps.get(link.id);
    const live = otp && Date.parse(otp.expiresAt) > runtime.now() && otp.attempts < runtime.limits.stepUpFailuresPerLink;
    if (!live || !(await verifySecret(given.replace(/\s+/g, ''), otp.codeHash))) {
      if (otp) await runtime.store.otps.addAttempt(link.id);
      return failAttempt(runtime, link, by, 'otp_invalid');
    }
    await runtime.store.otps.delete(link.id);
  }
  await attempt.giveBack();
  await recordAudit(runtime, { firmId: link.firmId, resource: link.resource, type: 'link.step_up_passed', data: { linkId: link.id, method: link.stepUp } }, by);
  return true;
}

/**
 * Mails a fresh one-time code to the link's own recipient (never to an address the visitor
 * names). Silent when the link has no e-mail step-up or the per-link mail limit is reached.
 */
export async function sendOtp(runtime: Runtime, firm: FirmRecord, link: LinkRecord, by: Actor): Promise<void> {
  if (link.stepUp !== 'email_otp') return;
  if (!(await underRateLimit(runtime, `otp-mail:${link.id}`, runtime.limits.otpMailsPerLinkPerHour, HOUR))) return;
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
