/**
 * Stable error codes and the `application/problem+json` body every error response carries.
 * Codes never change meaning; messages may. Clients branch on `code`, never on text.
 */
import { z } from './zod.js';

/** Every error code the adapter can answer with, and the HTTP status it goes with. */
export const ERROR_STATUS = {
  /** The token is malformed or its checksum is wrong (rejected before any lookup). */
  invalid_token: 404,
  /** No link with this token exists (or it belongs to nobody you may see). */
  link_not_found: 404,
  /** The link's expiry date has passed. */
  link_expired: 410,
  /** The firm revoked the link. */
  link_revoked: 410,
  /** The bearer session is missing, unknown, expired or was ended. */
  session_invalid: 401,
  /** The link is protected by an access code the firm set; send `accessCode`. */
  access_code_required: 401,
  /** The access code was wrong. */
  access_code_invalid: 401,
  /** The link needs a one-time code e-mailed to the recipient; request one, then send `otp`. */
  otp_required: 401,
  /** The one-time code was wrong or has expired. */
  otp_invalid: 401,
  /** The session's scope does not allow this resource or action. */
  scope_forbidden: 403,
  /** The request came from an origin the firm has not allowed. */
  origin_forbidden: 403,
  /** The firm API key is missing, unknown or revoked. */
  api_key_invalid: 401,
  /** Too many requests; retry after `retryAfter` seconds. */
  rate_limited: 429,
  /** The request body or parameters failed validation. */
  validation_failed: 400,
  /** The request body is larger than this route accepts. */
  payload_too_large: 413,
  /** The body is not `application/json`. */
  unsupported_media_type: 415,
  /** A mutating call without the `Idempotency-Key` header. */
  idempotency_key_required: 400,
  /** The same `Idempotency-Key` is still being processed. */
  idempotency_in_flight: 409,
  /** The same `Idempotency-Key` was used with a different request body. */
  idempotency_key_reused: 422,
  /** The file is larger than the upload request allows. */
  file_too_large: 413,
  /** The upload request accepts no more files. */
  too_many_files: 409,
  /** The file's content (sniffed, not its name) is not a type the request allows. */
  file_type_not_allowed: 415,
  /** An Office file carries macros (VBA, an Excel 4 macro sheet): saved without them it is taken. */
  file_has_macros: 415,
  /** An Office workbook is encrypted with a password, so what it holds cannot be checked: saved without one it is taken. */
  file_encrypted: 415,
  /** The file name is not acceptable (path separators, `..`, control or direction characters). */
  invalid_file_name: 400,
  /** The SHA-256 of the bytes received is not the one the uploader computed. */
  checksum_mismatch: 422,
  /** The tus upload has not received all its bytes yet. */
  upload_incomplete: 409,
  /** The upload request was deactivated, or its deadline passed and late uploads are refused. */
  upload_closed: 410,
  /** The firm asks for the uploader's name or e-mail address. */
  uploader_details_required: 400,
  /** The file was found infected and is quarantined. */
  file_quarantined: 403,
  /** The firm turned downloads off for this share. */
  download_disabled: 403,
  /** The documents stay locked until an invoice is paid. */
  document_locked: 402,
  /** The requested byte range lies outside the document. */
  range_not_satisfiable: 416,
  /** Tokens are never accepted in a query string. */
  token_in_query: 400,
  /** No such route or resource. */
  not_found: 404,
  /** The method is not allowed on this route. */
  method_not_allowed: 405,
  /** Storage or a dependency is unavailable; retry later. */
  unavailable: 503,
  /** Something unexpected went wrong on the server. */
  internal: 500,
} as const;

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** All error codes, for validation and exhaustive switches. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** The media type of every error body. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The header every error answer carries its `code` in as well: an answer to `HEAD` has no body. */
export const ERROR_CODE_HEADER = 'guestkit-error';

/** Schema of an error body (RFC 9457 problem details plus a stable `code`). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  code: z.string(),
  detail: z.optional(z.string()),
  retryAfter: z.optional(z.number()),
  issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

/** An error body as sent on the wire. */
export type Problem = z.infer<typeof problemSchema>;

/** True when `code` is one of Guestkit's error codes. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_STATUS, code);
}
