/** Error titles in German and English, chosen by `Accept-Language`. */
import type { Locale } from '../../protocol/common.js';
import type { ErrorCode } from '../../protocol/errors.js';

const en: Record<ErrorCode, string> = {
  invalid_token: 'This link is not valid.',
  link_not_found: 'This link is not valid.',
  link_expired: 'This link has expired.',
  link_revoked: 'This link is no longer available.',
  session_invalid: 'Your session has ended. Please open the link again.',
  access_code_required: 'Please enter the access code you received.',
  access_code_invalid: 'The access code is not correct.',
  otp_required: 'Please enter the code we sent to your e-mail address.',
  otp_invalid: 'The code is not correct or has expired.',
  scope_forbidden: 'This link does not allow that.',
  origin_forbidden: 'This website may not use this link.',
  api_key_invalid: 'The API key is missing or not valid.',
  rate_limited: 'Too many attempts. Please wait a moment and try again.',
  validation_failed: 'Some of the information sent is not valid.',
  payload_too_large: 'The request is too large.',
  unsupported_media_type: 'The request must be sent as JSON.',
  idempotency_key_required: 'This request needs an Idempotency-Key header.',
  idempotency_in_flight: 'The same request is still being processed.',
  idempotency_key_reused: 'This Idempotency-Key was already used for a different request.',
  file_too_large: 'This file is larger than allowed.',
  too_many_files: 'No more files can be added to this request.',
  file_type_not_allowed: 'This type of file is not accepted here.',
  file_has_macros: 'The file contains macros. Please save it without macros (for example as .xlsx or .docx) and upload it again.',
  file_encrypted: 'The workbook is protected by a password, so it cannot be checked. Please save it without a password and upload it again.',
  invalid_file_name: 'This file name cannot be used. Please rename the file and try again.',
  checksum_mismatch: 'The file arrived damaged. Please upload it again.',
  upload_incomplete: 'The file has not arrived completely yet.',
  upload_closed: 'This request no longer accepts files.',
  uploader_details_required: 'Please enter your name and e-mail address.',
  file_quarantined: 'This file was blocked by the virus scan.',
  download_disabled: 'Downloading is not offered for these documents.',
  document_locked: 'These documents are available once the invoice is paid.',
  range_not_satisfiable: 'That part of the document does not exist.',
  token_in_query: 'Links must not be sent in the address query.',
  not_found: 'Not found.',
  method_not_allowed: 'This method is not allowed here.',
  unavailable: 'The service is temporarily unavailable. Please try again shortly.',
  internal: 'Something went wrong on our side.',
};

const de: Record<ErrorCode, string> = {
  invalid_token: 'Dieser Link ist ungültig.',
  link_not_found: 'Dieser Link ist ungültig.',
  link_expired: 'Dieser Link ist abgelaufen.',
  link_revoked: 'Dieser Link ist nicht mehr verfügbar.',
  session_invalid: 'Ihre Sitzung ist beendet. Bitte öffnen Sie den Link erneut.',
  access_code_required: 'Bitte geben Sie den Zugangscode ein, den Sie erhalten haben.',
  access_code_invalid: 'Der Zugangscode ist nicht richtig.',
  otp_required: 'Bitte geben Sie den Code ein, den wir an Ihre E-Mail-Adresse gesendet haben.',
  otp_invalid: 'Der Code ist nicht richtig oder abgelaufen.',
  scope_forbidden: 'Dieser Link erlaubt das nicht.',
  origin_forbidden: 'Diese Website darf diesen Link nicht verwenden.',
  api_key_invalid: 'Der API-Schlüssel fehlt oder ist ungültig.',
  rate_limited: 'Zu viele Versuche. Bitte warten Sie einen Moment und versuchen Sie es erneut.',
  validation_failed: 'Einige der gesendeten Angaben sind ungültig.',
  payload_too_large: 'Die Anfrage ist zu groß.',
  unsupported_media_type: 'Die Anfrage muss als JSON gesendet werden.',
  idempotency_key_required: 'Diese Anfrage braucht einen Idempotency-Key-Header.',
  idempotency_in_flight: 'Dieselbe Anfrage wird noch bearbeitet.',
  idempotency_key_reused: 'Dieser Idempotency-Key wurde bereits für eine andere Anfrage verwendet.',
  file_too_large: 'Diese Datei ist größer als erlaubt.',
  too_many_files: 'Zu dieser Anfrage können keine weiteren Dateien hinzugefügt werden.',
  file_type_not_allowed: 'Dieser Dateityp wird hier nicht angenommen.',
  file_has_macros: 'Die Datei enthält Makros. Bitte speichern Sie sie ohne Makros (zum Beispiel als .xlsx oder .docx) und laden Sie sie erneut hoch.',
  file_encrypted: 'Die Arbeitsmappe ist mit einem Passwort geschützt und kann daher nicht geprüft werden. Bitte speichern Sie sie ohne Passwort und laden Sie sie erneut hoch.',
  invalid_file_name: 'Dieser Dateiname kann nicht verwendet werden. Bitte benennen Sie die Datei um und versuchen Sie es erneut.',
  checksum_mismatch: 'Die Datei ist beschädigt angekommen. Bitte laden Sie sie erneut hoch.',
  upload_incomplete: 'Die Datei ist noch nicht vollständig angekommen.',
  upload_closed: 'Diese Anfrage nimmt keine Dateien mehr an.',
  uploader_details_required: 'Bitte geben Sie Ihren Namen und Ihre E-Mail-Adresse an.',
  file_quarantined: 'Diese Datei wurde von der Virenprüfung gesperrt.',
  download_disabled: 'Für diese Dokumente ist kein Herunterladen vorgesehen.',
  document_locked: 'Diese Dokumente sind verfügbar, sobald die Rechnung bezahlt ist.',
  range_not_satisfiable: 'Dieser Teil des Dokuments existiert nicht.',
  token_in_query: 'Links dürfen nicht in der Adress-Abfrage gesendet werden.',
  not_found: 'Nicht gefunden.',
  method_not_allowed: 'Diese Methode ist hier nicht erlaubt.',
  unavailable: 'Der Dienst ist vorübergehend nicht verfügbar. Bitte versuchen Sie es gleich noch einmal.',
  internal: 'Bei uns ist etwas schiefgelaufen.',
};

// A code whose one issue is about one field says what that field needs. `uploader_details_required`
// with one field missing names it: the uploader who gave the other is not asked for it again (both
// missing, or not said, is the code's own title, which names both). `validation_failed` on an
// upload request's deadline alone (not a date-time, or past on a request that is mailed) asks for
// one ahead.
const ONE_ISSUE: Record<Locale, Partial<Record<ErrorCode, Record<string, string>>>> = {
  en: {
    uploader_details_required: { 'uploader.name': 'Please enter your name.', 'uploader.email': 'Please enter your e-mail address.' },
    validation_failed: { deadline: 'Please check the deadline: it must be a date and time in the future.' },
  },
  de: {
    uploader_details_required: { 'uploader.name': 'Bitte geben Sie Ihren Namen an.', 'uploader.email': 'Bitte geben Sie Ihre E-Mail-Adresse an.' },
    validation_failed: { deadline: 'Bitte prüfen Sie die Frist: Sie muss ein Zeitpunkt in der Zukunft sein.' },
  },
};

/**
 * The title for `code` in `locale`. `issues` are the error's: one alone may have a title of its
 * own, naming the one field missing (`uploader_details_required`) or what a deadline needs.
 * @example errorTitle('uploader_details_required', 'de', [{ path: 'uploader.email' }]) // 'Bitte geben Sie Ihre E-Mail-Adresse an.'
 */
export function errorTitle(code: ErrorCode, locale: Locale, issues: readonly { path: string }[] = []): string {
  const only = issues.length === 1 ? ONE_ISSUE[locale][code]?.[issues[0]!.path] : undefined;
  return only ?? (locale === 'de' ? de : en)[code];
}

/** Picks `de` or `en` from an `Accept-Language` header (first supported language wins). */
export function localeFromHeader(header: string | null, fallback: Locale = 'en'): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { lang: (tag ?? '').split('-')[0], q: Number.isFinite(q) ? q : 0 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) if (lang === 'de' || lang === 'en') return lang;
  return fallback;
}
