/** Reading the error code of a failed upload, and whether another attempt can help. */
import type { DetailedError } from 'tus-js-client';
import { isGuestkitError, isLinkEnd, type ClientErrorCode } from '../../client/errors.js';
import { ERROR_CODE_HEADER, isErrorCode } from '../../protocol/errors.js';

/** Refusals that another attempt cannot fix. */
const FINAL = new Set<ClientErrorCode>([
  'file_too_large',
  'too_many_files',
  'file_type_not_allowed',
  'file_has_macros',
  'file_encrypted',
  'invalid_file_name',
  'upload_closed',
  'link_not_found',
  'scope_forbidden',
  'file_quarantined',
  'validation_failed',
]);

/**
 * Whether retrying a file that failed with `code` can succeed. Not after the link's end: its state
 * shows (the code form, when it asks for its step-up again), and the file goes on after it.
 */
export function canRetry(code: ClientErrorCode | undefined): boolean {
  return code === undefined || !(FINAL.has(code) || isLinkEnd(code));
}

const BY_STATUS: Record<number, ClientErrorCode> = {
  401: 'session_invalid',
  404: 'not_found',
  413: 'file_too_large',
  415: 'file_type_not_allowed',
  429: 'rate_limited',
};

/**
 * The error code of a failed tus request: the problem body's `code` (the adapter answers tus
 * refusals with the same problem+json as every other route) or, without a body (`HEAD`), its
 * `Guestkit-Error` header, else one read from the HTTP status;
 * a request stopped before it went out fails with our reason; no response at all is `network_error`.
 */
export function tusErrorCode(error: unknown): ClientErrorCode {
  const { originalResponse: response, causingError } = error as Partial<DetailedError>;
  // Failed before it went out (in `onBeforeRequest`), for a reason of ours.
  if (!response && isGuestkitError(causingError)) return causingError.code;
  if (!response) return 'network_error';
  try {
    const { code } = JSON.parse(response.getBody()) as { code?: unknown };
    if (isErrorCode(code)) return code;
  } catch {
    // not a problem body (an answer to HEAD has none): the code header, else the status
  }
  const code = response.getHeader(ERROR_CODE_HEADER);
  if (code && isErrorCode(code)) return code;
  const status = response.getStatus();
  return BY_STATUS[status] ?? (status >= 500 ? 'unavailable' : 'internal');
}
