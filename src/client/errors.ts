/**
 * Client errors. Every error has a stable `code` (one of the protocol's error codes, or
 * `network_error` / `invalid_response`); branch on `code`, never on `message`.
 * Type guards check `name`, so they work across realms (iframes, duplicated bundles).
 */
import type { ErrorCode, Problem } from '../protocol/errors.js';

/** Codes a client error can carry: the server's, plus two of the client's own. */
export type ClientErrorCode = ErrorCode | 'network_error' | 'invalid_response';

/** Base class of every error the client throws. */
export class GuestkitError extends Error {
  override name = 'GuestkitError';
  /** Stable, machine-readable reason. */
  readonly code: ClientErrorCode;
  constructor(code: ClientErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The server answered with an error body. */
export class GuestkitApiError extends GuestkitError {
  override name = 'GuestkitApiError';
  /** HTTP status. */
  readonly status: number;
  /** The parsed problem body. */
  readonly problem: Problem;
  /** Seconds to wait before retrying, when the server said so. */
  readonly retryAfter: number | undefined;
  constructor(problem: Problem, status: number) {
    super(problem.code as ErrorCode, problem.detail ?? problem.title);
    this.status = status;
    this.problem = problem;
    this.retryAfter = problem.retryAfter;
  }
}

/** The request never got an answer (offline, DNS, CORS refusal, timeout). */
export class GuestkitNetworkError extends GuestkitError {
  override name = 'GuestkitNetworkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('network_error', message, options);
  }
}

/** The server's answer did not match the wire contract. */
export class GuestkitValidationError extends GuestkitError {
  override name = 'GuestkitValidationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_response', message, options);
  }
}

const NAMES = new Set(['GuestkitError', 'GuestkitApiError', 'GuestkitNetworkError', 'GuestkitValidationError']);

/** True for any error thrown by the Guestkit client. */
export function isGuestkitError(error: unknown): error is GuestkitError {
  return error instanceof Error && NAMES.has(error.name) && typeof (error as GuestkitError).code === 'string';
}

/** True when the server answered with an error body. */
export function isGuestkitApiError(error: unknown): error is GuestkitApiError {
  return isGuestkitError(error) && error.name === 'GuestkitApiError';
}

/** True when the request got no answer. */
export function isGuestkitNetworkError(error: unknown): error is GuestkitNetworkError {
  return isGuestkitError(error) && error.name === 'GuestkitNetworkError';
}

/** What a call may answer when the open link ended or asks for its step-up again (a widget then shows that state: see `LinkController.ended`). */
export type LinkEndCode = 'link_expired' | 'link_revoked' | 'otp_required' | 'access_code_required' | 'access_code_invalid';

/** Whether `code` is a {@link LinkEndCode}. */
export function isLinkEnd(code: string): code is LinkEndCode {
  return code === 'link_expired' || code === 'link_revoked' || code === 'otp_required' || code.startsWith('access_code_');
}
