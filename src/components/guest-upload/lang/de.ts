/**
 * `<guest-upload>`'s German strings and the shared German table, in one module: the chunk a
 * German-speaking visitor loads (see `../translations.ts`).
 */
import type { UploadTranslation } from '../translations.js';

export { de as shared } from '../../translations/de.js';

/** `<guest-upload>`'s German strings (Sie-Form). */
export const uploadDe = {
  'upload.deadline': ({ date }) => `Bitte bis ${date} hochladen.`,
  'upload.overdue': ({ date }) =>
    `Die Frist ist am ${date} abgelaufen. Sie können trotzdem noch Dateien hochladen; sie werden als verspätet gekennzeichnet.`,
  'upload.closed.title': 'Diese Anfrage nimmt keine Dateien mehr an',
  'upload.closed.overdue': ({ date }) =>
    `Die Frist ist am ${date} abgelaufen. Wenn Sie noch Dateien senden möchten, wenden Sie sich bitte an den Absender.`,
  'upload.closed.full': 'Zu dieser Anfrage sind bereits alle Dateien eingegangen, die sie annimmt.',
  'upload.limits': ({ files, more, size, types }) =>
    `${files === 1 ? `${more ? 'Noch eine' : 'Eine'} Datei mit` : `${more ? 'Noch bis' : 'Bis'} zu ${files} Dateien mit je`} höchstens ${size}. Erlaubt: ${types}.`,
  'upload.name.label': 'Ihr Name',
  'upload.name.missing': 'Bitte geben Sie Ihren Namen ein.',
  'upload.name.invalid': 'Bitte geben Sie Ihren Namen in einer Zeile und mit höchstens 200 Zeichen ein.',
  'upload.email.label': 'Ihre E-Mail-Adresse',
  'upload.email.missing': 'Bitte geben Sie Ihre E-Mail-Adresse ein.',
  'upload.email.invalid': 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.',
  'upload.email.nonAscii': 'An Adressen mit Umlauten, ß oder Akzenten vor dem @ können wir keine E-Mails senden. Bitte geben Sie eine andere E-Mail-Adresse ein.',
  'upload.dropzone.title': 'Dateien oder Ordner hierher ziehen',
  'upload.dropzone.tap': 'Dateien auswählen',
  'upload.dropzone.action': 'oder auf Ihrem Gerät auswählen',
  'upload.dropzone.drop': 'Zum Hinzufügen loslassen',
  'upload.dropzone.full': 'Keine weiteren Dateien möglich',
  'upload.dropzone.fullAction': 'Entfernen Sie eine Datei (oder brechen Sie ihr Hochladen ab), um eine andere zu wählen.',
  'upload.camera': 'Foto aufnehmen',
  'upload.files': 'Ausgewählte Dateien',
  'upload.note': 'Notiz (optional)',
  'upload.remove': 'Entfernen',
  'upload.cancel': 'Abbrechen',
  'upload.submit': ({ files }) => (files === 1 ? 'Datei hochladen' : `${files} Dateien hochladen`),
  'upload.status.waiting': 'Wartet …',
  'upload.status.uploading': ({ sent, total }) => `${sent} von ${total}`,
  'upload.status.speed': ({ speed, left }) => `${speed}/s, noch ${left}`,
  'upload.status.finishing': 'Wird geprüft …',
  'upload.status.done': 'Empfangen',
  'upload.status.late': 'Empfangen (nach der Frist)',
  'upload.progress': ({ name }) => `Fortschritt: ${name}`,
  'upload.offline': 'Keine Verbindung. Das Hochladen geht weiter, sobald Sie wieder online sind.',
  'upload.refused.tooBig': ({ name, max }) => `„${name}“ ist zu groß. Jede Datei darf höchstens ${max} groß sein.`,
  'upload.refused.tooMany': ({ name, max }) =>
    `„${name}“ wurde nicht hinzugefügt: Diese Anfrage nimmt ${max === 1 ? 'nur eine Datei' : `höchstens ${max} Dateien`} an.`,
  'upload.refused.type': ({ name, types }) => `„${name}“ hat ein Format, das hier nicht angenommen wird. Erlaubt: ${types}.`,
  'upload.refused.empty': ({ name }) => `„${name}“ ist leer und wurde nicht hinzugefügt.`,
  'upload.refused.duplicate': ({ name }) => `„${name}“ ist schon in der Liste.`,
  'upload.refused.dismiss': 'Hinweise schließen',
  'upload.added': ({ count }) => (count === 1 ? 'Eine Datei hinzugefügt.' : `${count} Dateien hinzugefügt.`),
  'upload.complete.receipt': ({ email }) => `Eine Eingangsbestätigung mit der Liste wurde an ${email} geschickt.`,
  'upload.emptyFolder': 'In diesem Ordner sind keine Dateien.',
  'upload.announce.done': ({ name }) => `„${name}“ ist angekommen.`,
  'upload.announce.failed': ({ name, reason }) => `„${name}“ konnte nicht hochgeladen werden. ${reason}`,
  'upload.announce.cancelled': ({ name }) => `Hochladen von „${name}“ abgebrochen.`,
  'upload.announce.removed': ({ name }) => `„${name}“ entfernt.`,
  'upload.complete.title': ({ count }) => (count === 1 ? 'Eine Datei empfangen' : `${count} Dateien empfangen`),
  'upload.complete.message': ({ firm }) => `Vielen Dank! ${firm} hat Ihre Dateien erhalten.`,
  'upload.more': 'Weitere Dateien hochladen',
  'upload.received': ({ count }) => `In diesem Besuch empfangen (${count})`,
  'upload.required': 'Bitte laden Sie mindestens eine Datei hoch.',
  'upload.unfinished.title': 'Beim letzten Mal nicht fertig geworden',
  'upload.unfinished.hint': 'Wählen Sie dieselbe Datei noch einmal, dann geht es dort weiter, wo es aufgehört hat.',
  'upload.unfinished.choose': 'Datei auswählen',
  'upload.unfinished.discard': 'Verwerfen',
  'upload.unfinished.discarded': ({ name }) => `„${name}“ verworfen.`,
} as const satisfies UploadTranslation;
