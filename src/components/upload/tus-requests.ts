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
 * (not after a refusal with a reason, nor offline); a `401` renews the session (kept in
 * `work.refreshing`, which later requests wait for) and tries once more.
 */
export function tusRequestOptions(session: LinkSession, work: { refreshing?: Promise<unknown> | undefined }, endpoint: string): UploadOptions {
  return {
    retryDelays: RETRY_DELAYS,
    onBeforeRequest: async (request) => {
      await work.refreshing;
      // The bearer goes to this adapter's uploads only (see isUploadUrlOf).
      if (!isUploadUrlOf(request.getURL(), endpoint)) throw new TusFailure('invalid_response');
      request.setHeader('Authorization', await session.authorization());
    },
    onShouldRetry: (error, attempt) => {
      // A refusal with a reason (too many files, closed, too big) stays a refusal.
      if (!canRetry(tusErrorCode(error))) return false;
      const status = error.originalResponse?.getStatus() ?? 0;
      // The session ended early (adapter restart, idle timeout): renew it and try once more.
      if (status === 401) {
        if (attempt > 0) return false;
        work.refreshing = session.refresh().catch(() => undefined);
      }
      const transient = status < 400 || status >= 500 || [401, 409, 423, 429].includes(status);
      return transient && navigator.onLine !== false;
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
