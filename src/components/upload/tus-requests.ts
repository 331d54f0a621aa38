/** How `<guest-upload>`'s tus requests go out: with the link's session, and retried when that can help. */
import type { DetailedError, UploadOptions } from 'tus-js-client';
import { GuestkitError, type ClientErrorCode } from '../../client/errors.js';
import type { LinkSession } from '../../client/link-session.js';
import { TusUpload } from './tus.js';
import { isUploadUrlOf } from './unfinished.js';
import { canRetry, tusErrorCode } from './upload-errors.js';

/** tus retry delays (ms) for network failures and 5xx answers. */
export const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000];

/** A tus upload that failed, with the reason the widget shows (a `GuestkitError`, like every other failure). */
export class TusFailure extends GuestkitError {
  constructor(code: ClientErrorCode) {
    super(code, code);
  }
}

/**
 * The request options of every tus request of an upload (uploading it, and deleting it): the
 * session's bearer, sent to `endpoint`'s uploads only; retries with back-off while they can help
 * (not after a refusal with a reason, nor offline); a `401` opens the link again (kept in
 * `work.refreshing`, which later requests wait for) and tries once more.
 */
export function tusRequestOptions(session: LinkSession, work: { refreshing?: Promise<unknown> | undefined }, endpoint: string): UploadOptions {
  return {
    retryDelays: RETRY_DELAYS,
    onBeforeRequest: async (request) => {
      // Waits for a renewal under way; one that failed fails this request with its reason (the
      // link asks for a new one-time code, ended), once: a later attempt renews anew.
      const renewing = work.refreshing;
      if (renewing) await renewing.finally(() => work.refreshing === renewing && (work.refreshing = undefined));
      // The bearer goes to this adapter's uploads only (see isUploadUrlOf).
      if (!isUploadUrlOf(request.getURL(), endpoint)) throw new TusFailure('invalid_response');
      request.setHeader('Authorization', await session.authorization());
    },
    onShouldRetry: (error, attempt) => {
      // A refusal with a reason (too many files, closed, too big) stays a refusal.
      if (!canRetry(tusErrorCode(error))) return false;
      const status = error.originalResponse?.getStatus() ?? 0;
      // The server refused the session (the 8-hour chain ended, an adapter restart): open the link
      // again and try once more; when the link asks for a new code, that is what the upload fails with.
      if (status === 401 && attempt > 0) return false;
      const transient = status < 400 || status >= 500 || [401, 409, 423, 429].includes(status);
      if (!transient || navigator.onLine === false) return false;
      if (status === 401) {
        // Only for the attempt that follows: a renewal no attempt waits for must not fail a later one.
        const renewing = session.reopen();
        renewing.catch(() => undefined);
        work.refreshing = renewing;
      }
      return true;
    },
  };
}

/**
 * Deletes the upload at `uploadUrl` (tus `DELETE`, with the session's bearer and the same retries
 * as uploading). Resolves to why it failed, or `undefined` once the upload is gone (a `404` or
 * `410` means the server had forgotten it already).
 */
export async function terminateUpload(uploadUrl: string, session: LinkSession, endpoint: string): Promise<ClientErrorCode | undefined> {
  try {
    await TusUpload.terminate(uploadUrl, tusRequestOptions(session, { refreshing: undefined }, endpoint));
  } catch (error) {
    const status = (error as DetailedError).originalResponse?.getStatus();
    if (status !== 404 && status !== 410) return tusErrorCode(error);
  }
  return undefined;
}
