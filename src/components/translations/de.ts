/** Deutsche Texte für alle gemeinsamen Zustände der Widgets und alle Fehlercodes (Sie-Form). */
import type { Translation } from './types.js';

/** The German translation table. */
export const de = {
  $code: 'de',
  $name: 'Deutsch',

  loading: 'Ihr Link wird geöffnet …',

  'expired.title': 'Dieser Link ist abgelaufen',
  'expired.message':
    'Zu Ihrer Sicherheit ist jeder Link nur begrenzte Zeit gültig. Wir können Ihnen einen neuen Link an die E-Mail-Adresse senden, an die dieser Link ging.',
  'expired.action': 'Neuen Link zusenden',
  'expired.sending': 'Wird gesendet …',
  'expired.sent': 'Falls Ihnen der Zugang noch zusteht, ist ein neuer Link an Ihre E-Mail-Adresse unterwegs.',

  'revoked.title': 'Dieser Link ist nicht mehr aktiv',
  'revoked.message':
    'Der Absender hat diesen Link zurückgezogen. Wenn Sie weiterhin Zugriff benötigen, wenden Sie sich bitte direkt an ihn.',

  'invalid.title': 'Dieser Link ist ungültig',
  'invalid.message':
    'Wir konnten diesen Link nicht finden. Bitte prüfen Sie, ob Sie den vollständigen Link aus Ihrer E-Mail geöffnet haben, oder bitten Sie den Absender um einen neuen.',
  'invalid.missingTitle': 'Bitte öffnen Sie Ihren Link erneut',
  'invalid.missing':
    'Zu Ihrer Sicherheit vergisst diese Seite Ihren Link, sobald sie ihn geöffnet hat; nach dem Neuladen kennt sie ihn daher nicht mehr. Bitte öffnen Sie ihn noch einmal aus Ihrer E-Mail.',

  'accessCode.title': 'Zugangscode eingeben',
  'accessCode.message': 'Dieser Link ist geschützt. Bitte geben Sie den Zugangscode ein, den Sie vom Absender erhalten haben.',
  'accessCode.label': 'Zugangscode',
  'accessCode.submit': 'Weiter',
  'accessCode.invalid': 'Dieser Code ist nicht korrekt. Bitte prüfen Sie ihn und versuchen Sie es erneut.',
  'accessCode.empty': 'Bitte geben Sie den Zugangscode ein.',

  'otp.title': 'Bestätigen Sie Ihre Identität',
  'otp.message':
    'Zu Ihrer Sicherheit senden wir einen Einmalcode an die E-Mail-Adresse, an die dieser Link geschickt wurde.',
  'otp.send': 'Code zusenden',
  'otp.sent': 'Wir haben Ihnen einen Code gesendet. Bitte sehen Sie in Ihrem Posteingang (und im Spam-Ordner) nach.',
  'otp.resend': 'Neuen Code zusenden',
  'otp.label': 'Einmalcode',
  'otp.submit': 'Bestätigen',
  'otp.invalid': 'Dieser Code ist nicht korrekt oder abgelaufen. Bitte versuchen Sie es erneut oder fordern Sie einen neuen Code an.',
  'otp.empty': 'Bitte geben Sie den Code aus Ihrer E-Mail ein.',

  'rateLimited.title': 'Zu viele Versuche',
  'rateLimited.message': 'Bitte warten Sie einen Moment, bevor Sie es erneut versuchen.',
  'rateLimited.retryAt': ({ time }) => `Bitte warten Sie einen Moment und versuchen Sie es ab ${time} Uhr erneut.`,

  'network.title': 'Keine Verbindung',
  'network.message':
    'Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',

  'error.title': 'Etwas ist schiefgelaufen',
  'error.message': 'Leider ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es erneut.',

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

