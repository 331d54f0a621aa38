/** The adapter's one error type: a stable code, an HTTP status from the protocol, optional detail. */
import { ERROR_STATUS, type ErrorCode } from '../../protocol/errors.js';

/** An error the adapter turns into a problem+json response. */
export class GuestkitServerError extends Error {
  override readonly name = 'GuestkitServerError';
  /** HTTP status for `code`. */
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly extra: { retryAfter?: number; issues?: { path: string; message: string }[] } = {},
  ) {
    super(detail ?? code);
    this.status = ERROR_STATUS[code];
  }
}

/** True for errors the adapter raised on purpose. */
export function isGuestkitServerError(error: unknown): error is GuestkitServerError {
  return error instanceof GuestkitServerError;
}
