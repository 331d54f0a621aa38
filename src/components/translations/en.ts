/**
 * English strings any visit may need, and every error code. The rare link states' words (expired,
 * access code, …) come with their templates: `../base/link-state-strings.ts`.
 */
import type { Translation } from './types.js';

/** The English translation table. */
export const en = {
  $code: 'en',
  $name: 'English',

  loading: 'Opening your link…',

  'network.message': 'We could not reach the server. Please check your internet connection and try again.',

  'error.title': 'Something went wrong',

  retry: 'Try again',

  'code.invalid_token': 'This link is not valid.',
  'code.link_not_found': 'This link could not be found.',
  'code.link_expired': 'This link has expired.',
  'code.link_revoked': 'This link has been withdrawn by the sender.',
  'code.session_invalid': 'Your session has ended. Please open the link again.',
  'code.access_code_required': 'This link needs an access code.',
  'code.access_code_invalid': 'The access code is not correct.',
  'code.otp_required': 'This link needs a one-time code sent to your e-mail address.',
  'code.otp_invalid': 'The one-time code is not correct or has expired.',
  'code.scope_forbidden': 'This link does not allow that.',
  'code.origin_forbidden': 'This page is not allowed to open the link.',
  'code.api_key_invalid': 'The API key is missing or not valid.',
  'code.rate_limited': 'Too many attempts. Please wait a moment.',
  'code.validation_failed': 'Some of the information is not valid.',
  'code.payload_too_large': 'That is too large to send.',
  'code.unsupported_media_type': 'That format is not supported.',
  'code.idempotency_key_required': 'The request could not be completed safely.',
  'code.idempotency_in_flight': 'This is still being processed. Please wait a moment.',
  'code.idempotency_key_reused': 'This request conflicts with an earlier one.',
  'code.file_too_large': 'This file is larger than allowed.',
  'code.too_many_files': 'No more files can be added to this request.',
  'code.file_type_not_allowed': 'This type of file is not accepted here.',
  'code.file_has_macros': 'The file contains macros. Please save it without macros (for example as .xlsx or .docx) and upload it again.',
  'code.file_encrypted': 'The workbook is protected by a password, so it cannot be checked. Please save it without a password and upload it again.',
  'code.invalid_file_name': 'This file name cannot be used. Please rename the file and try again.',
  'code.checksum_mismatch': 'The file arrived damaged. Please upload it again.',
  'code.upload_incomplete': 'The file has not arrived completely yet.',
  'code.upload_closed': 'This request no longer accepts files.',
  'code.uploader_details_required': 'Please enter your name and e-mail address.',
  'code.file_quarantined': 'This file was blocked by the virus scan.',
  'code.download_disabled': 'Downloading is not offered for these documents.',
  'code.document_locked': 'These documents are available once the invoice is paid.',
  'code.range_not_satisfiable': 'That part of the document does not exist.',
  'code.token_in_query': 'The link was passed in an unsafe way.',
  'code.not_found': 'This could not be found.',
  'code.method_not_allowed': 'That action is not possible here.',
  'code.unavailable': 'The service is not available right now. Please try again later.',
  'code.internal': 'Something went wrong on the server.',
  'code.network_error': 'We could not reach the server.',
  'code.invalid_response': 'The server sent an answer we could not read.',
} as const satisfies Translation;

