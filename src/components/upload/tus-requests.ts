/** How `<guest-upload>`'s tus requests go out: with the link's session, and retried when that can help. */
import type { DetailedError, UploadOptions } from 'tus-js-client';
import { GuestkitError, isLinkEnd, type ClientErrorCode } from '../../client/errors.js';
import type { LinkSession } from '../../client/link-session.js';
import { TusUpload } from './tus.js';
import { isUploadUrlOf } from './unfinished.js';
import { canRetry, tusErrorCode } from './upload-errors.js';

/** tus retry delays (ms) for network failures and 5xx answers. */
export const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000];

/** A tus upload that failed, with the reason the widget shows (a `GuestkitError`, like every other failure). */
export class TusFailure extends GuestkitError {
  /**
   * @param code - why it failed.
   * @param status - the HTTP status of the answer it was read from, `0` when there was none: a
   *   failure thrown for an answer leaves tus-js-client's error without that answer.
   */
  constructor(code: ClientErrorCode, readonly status = 0) {
    super(code, code);
  }
}

/** The HTTP status a tus request failed with: of its answer, or of the answer it was refused for; `0` for none. */
function failedStatus(error: DetailedError): number {
  const { originalResponse, causingError } = error;
  if (originalResponse) return originalResponse.getStatus();
  return causingError instanceof TusFailure ? causingError.status : 0;
}

/** What the tus requests of one file share between its attempts. */
export interface TusWork {
  /** A session renewal under way, which the next requests wait for. */
  refreshing?: Promise<unknown> | undefined;
  /**
   * The session was renewed for a `401`, and no answer has been accepted since: another `401` fails
   * the request. Cleared by {@link tusRequestOptions} (a new start) and before a file is deleted.
   */
  renewed?: boolean;
}

/**
 * The request options of every tus request of an upload (uploading it, and deleting it): the
 * session's bearer, sent to `endpoint`'s uploads only; retries with back-off while they can help
 * (not after a refusal with a reason, nor offline); a `401` opens the link again (kept in
 * `work.refreshing`, which later requests wait for) and tries once more — after a network failure
 * too (an adapter restarted without its sessions), but not twice before an answer is accepted.
 */
export function tusRequestOptions(session: LinkSession, work: TusWork, endpoint: string): UploadOptions {
  // A new start of the file (Try again, back online) may renew the session again, whatever the last one did.
  work.renewed = false;
  return {
    // One more than the back-off has: a session refused on the last retry (an adapter restart that
    // took as long as the back-off) is still renewed and tried once more.
    retryDelays: [...RETRY_DELAYS, 0],
    onBeforeRequest: async (request) => {
      // Waits for a renewal under way; one that failed fails this request with its reason (the
      // link asks for a new one-time code, ended), once: a later attempt renews anew.
      const renewing = work.refreshing;
      if (renewing) await renewing.finally(() => work.refreshing === renewing && (work.refreshing = undefined));
      // The bearer goes to this adapter's uploads only (see isUploadUrlOf).
      if (!isUploadUrlOf(request.getURL(), endpoint)) throw new TusFailure('invalid_response');
      request.setHeader('Authorization', await session.authorization());
    },
    onAfterResponse: (request, response) => {
      const status = response.getStatus();
      // An accepted answer: the session works, so a later refusal of it may renew it again.
      if (status < 400) work.renewed = false;
      if (status < 400) return;
      const code = tusErrorCode({ originalResponse: response });
      // A refused session is a reason to renew it, and the link's end (410 link_expired, revoked) a
      // reason to stop.
      if (status === 401 || isLinkEnd(code)) throw new TusFailure(code, status);
      // tus-js-client takes any other failed answer to its HEAD (a 503 while the adapter restarts, a
      // 429, a 403) for an upload that is gone: it would forget the upload and start the file anew.
      // Only a 404 or 410 says that; the rest fail the request, and the retry rules below decide.
      if (request.getMethod() === 'HEAD' && status !== 404 && status !== 410 && status !== 423) throw new TusFailure(code, status);
    },
    onShouldRetry: (error, attempt, options) => {
      const code = tusErrorCode(error);
      // A refusal with a reason (too many files, closed, too big) stays a refusal.
      if (!canRetry(code) || navigator.onLine === false) return false;
      if (code === 'session_invalid') {
        // The server refused the session (the 8-hour chain ended, an adapter restart): open the
        // link again and try once more; when the link asks for a new code, that is what the upload
        // fails with. A renewed session refused before any answer was accepted is not renewed again.
        // Refused with a session renewed since (for another file's request): go on with the new one.
        const refused = error.originalRequest?.getHeader('Authorization')?.slice(7);
        if (refused && refused !== session.session.session) return true;
        if (work.renewed) return false;
        // Only for the attempt that follows: a renewal no attempt waits for must not fail a later one.
        // A renewal that failed for a moment (a 503, the network) has not used up the one allowed.
        const renewing = session.reopen(refused);
        renewing.catch(() => (work.renewed = false));
        work.refreshing = renewing;
        work.renewed = true;
        return true;
      }
      // The attempts made so far: deleting an upload (tus-js-client's `terminate`) always says 0 and
      // hands on the delays not used yet instead.
      const used = attempt + (RETRY_DELAYS.length + 1 - (options.retryDelays?.length ?? 0));
      const status = failedStatus(error);
      // The last delay is the renewal's, not another retry's.
      return used < RETRY_DELAYS.length && (status < 400 || status >= 500 || [409, 423, 429].includes(status));
    },
  };
}

/**
 * Deletes the upload at `uploadUrl` (tus `DELETE`, with the session's bearer and the same retries
 * as uploading). Resolves to why it failed, or `undefined` once the upload is gone (a `404`, or a
 * `410` that is not the link's end, means the server had forgotten it already; at the link's end
 * it resolves to that code: `link_expired`, `link_revoked`).
 */
export async function terminateUpload(uploadUrl: string, session: LinkSession, endpoint: string): Promise<ClientErrorCode | undefined> {
  try {
    await TusUpload.terminate(uploadUrl, tusRequestOptions(session, {}, endpoint));
  } catch (error) {
    const status = (error as DetailedError).originalResponse?.getStatus();
    if (status !== 404 && status !== 410) return tusErrorCode(error);
  }
  return undefined;
}
