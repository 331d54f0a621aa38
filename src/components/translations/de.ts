/**
 * Deutsche Texte, die jeder Besuch brauchen kann, und alle Fehlercodes (Sie-Form). Die Texte der
 * seltenen Link-Zustände (abgelaufen, Zugangscode, …) kommen mit deren Vorlagen: `../base/link-state-strings.ts`.
 */
import type { Translation } from './types.js';

/** The German translation table. */
export const de = {
  $code: 'de',
  $name: 'Deutsch',

  loading: 'Ihr Link wird geöffnet …',

  'network.message':
    'Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',

  'error.title': 'Etwas ist schiefgelaufen',

  retry: 'Erneut versuchen',

  'code.invalid_token': 'Dieser Link ist ungültig.',
  'code.link_not_found': 'Dieser Link wurde nicht gefunden.',
  'code.link_expired': 'Dieser Link ist abgelaufen.',
  'code.link_revoked': 'Der Absender hat diesen Link zurückgezogen.',
  'code.session_invalid': 'Ihre Sitzung ist beendet. Bitte öffnen Sie den Link erneut.',
  'code.access_code_required': 'Für diesen Link ist ein Zugangscode nötig.',
  'code.access_code_invalid': 'Der Zugangscode ist nicht korrekt.',
  'code.otp_required': 'Für diesen Link ist ein Einmalcode nötig, den wir an Ihre E-Mail-Adresse senden.',
  'code.otp_invalid': 'Der Einmalcode ist nicht korrekt oder abgelaufen.',
  'code.scope_forbidden': 'Dieser Link erlaubt diese Aktion nicht.',
  'code.origin_forbidden': 'Diese Seite darf den Link nicht öffnen.',
  'code.api_key_invalid': 'Der API-Schlüssel fehlt oder ist ungültig.',
  'code.rate_limited': 'Zu viele Versuche. Bitte warten Sie einen Moment.',
  'code.validation_failed': 'Einige Angaben sind ungültig.',
  'code.payload_too_large': 'Die Datenmenge ist zu groß.',
  'code.unsupported_media_type': 'Dieses Format wird nicht unterstützt.',
  'code.idempotency_key_required': 'Die Anfrage konnte nicht sicher ausgeführt werden.',
  'code.idempotency_in_flight': 'Der Vorgang wird noch bearbeitet. Bitte warten Sie einen Moment.',
  'code.idempotency_key_reused': 'Diese Anfrage widerspricht einer früheren.',
  'code.file_too_large': 'Diese Datei ist größer als erlaubt.',
  'code.too_many_files': 'Zu dieser Anfrage können keine weiteren Dateien hinzugefügt werden.',
  'code.file_type_not_allowed': 'Dieser Dateityp wird hier nicht angenommen.',
  'code.file_has_macros': 'Die Datei enthält Makros. Bitte speichern Sie sie ohne Makros (zum Beispiel als .xlsx oder .docx) und laden Sie sie erneut hoch.',
  'code.file_encrypted': 'Die Arbeitsmappe ist mit einem Passwort geschützt und kann daher nicht geprüft werden. Bitte speichern Sie sie ohne Passwort und laden Sie sie erneut hoch.',
  'code.invalid_file_name': 'Dieser Dateiname kann nicht verwendet werden. Bitte benennen Sie die Datei um und versuchen Sie es erneut.',
  'code.checksum_mismatch': 'Die Datei ist beschädigt angekommen. Bitte laden Sie sie erneut hoch.',
  'code.upload_incomplete': 'Die Datei ist noch nicht vollständig angekommen.',
  'code.upload_closed': 'Diese Anfrage nimmt keine Dateien mehr an.',
  'code.uploader_details_required': 'Bitte geben Sie Ihren Namen und Ihre E-Mail-Adresse an.',
  'code.file_quarantined': 'Diese Datei wurde von der Virenprüfung gesperrt.',
  'code.download_disabled': 'Für diese Dokumente ist kein Herunterladen vorgesehen.',
  'code.document_locked': 'Diese Dokumente sind verfügbar, sobald die Rechnung bezahlt ist.',
  'code.range_not_satisfiable': 'Dieser Teil des Dokuments existiert nicht.',
  'code.token_in_query': 'Der Link wurde auf unsichere Weise übergeben.',
  'code.not_found': 'Das wurde nicht gefunden.',
  'code.method_not_allowed': 'Diese Aktion ist hier nicht möglich.',
  'code.unavailable': 'Der Dienst ist gerade nicht verfügbar. Bitte versuchen Sie es später erneut.',
  'code.internal': 'Auf dem Server ist ein Fehler aufgetreten.',
  'code.network_error': 'Der Server ist nicht erreichbar.',
  'code.invalid_response': 'Die Antwort des Servers konnte nicht gelesen werden.',
} as const satisfies Translation;

