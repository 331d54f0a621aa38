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

// A store that stayed busy longer than it waits (SQLite's busy timeout while another process
// writes; PostgreSQL's serialization failure, deadlock, lock timeout or restart).
const STORE_BUSY = /^(?:SQLITE_BUSY|SQLITE_LOCKED|40001|40P01|55P03|57P01|57P03)/;

/** True for a store that was busy for a moment: the request may simply be sent again (`503`). */
export function isStoreBusy(error: unknown): boolean {
  return STORE_BUSY.test(String((error as { code?: unknown } | null)?.code ?? ''));
}
