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

// A store out of room: SQLite's database or disk full (`SQLITE_FULL`, also past its
// `max_page_count`), PostgreSQL's `disk_full`, and a file system that takes no more bytes under the
// blob store or the upload folder (a full disk, a used-up quota, a file size limit: `ulimit -f`).
const STORE_FULL = /^(?:SQLITE_FULL|53100|ENOSPC|EDQUOT|EFBIG)$/;

/** Why a store cannot take a write just now: `busy` for a moment, or `full` until room is made. */
export type StoreTrouble = 'busy' | 'full';

/** What keeps the store (the database, the blob store) from taking a write that may go through later; `null` for any other error. */
export function storeTrouble(error: unknown): StoreTrouble | null {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  return STORE_BUSY.test(code) ? 'busy' : STORE_FULL.test(code) ? 'full' : null;
}

/**
 * True for a store that cannot take the request now but may later — busy for a moment, or out of
 * room until space is freed (`storeTrouble` tells which): the request may simply be sent again,
 * `503` with `Retry-After`, never `500`.
 */
export function isStoreBusy(error: unknown): boolean {
  return storeTrouble(error) !== null;
}

/** The `Retry-After` (seconds) of a `503` for a store that cannot take a write just now. */
export const STORE_RETRY_AFTER_SECONDS = 1;
