/**
 * `<guest-upload>`'s own strings. The shared link states, error codes and common words stay in
 * `../translations/`; only this widget's bundle carries these.
 */
import type { LocalizeController } from '../controllers/localize.js';

/** The shape of `<guest-upload>`'s tables. A missing or extra key is a type error. */
export interface UploadTranslation {
  readonly 'upload.deadline': (params: { date: string }) => string;
  readonly 'upload.overdue': (params: { date: string }) => string;
  readonly 'upload.closed.title': string;
  readonly 'upload.closed.overdue': (params: { date: string }) => string;
  readonly 'upload.closed.full': string;
  readonly 'upload.limits': (params: { files: number; size: string; types: string }) => string;
  readonly 'upload.name.label': string;
  readonly 'upload.name.missing': string;
  readonly 'upload.email.label': string;
  readonly 'upload.email.missing': string;
  readonly 'upload.email.invalid': string;
  readonly 'upload.dropzone.title': string;
  readonly 'upload.dropzone.action': string;
  readonly 'upload.dropzone.drop': string;
  readonly 'upload.camera': string;
  readonly 'upload.files': string;
  readonly 'upload.note': string;
  readonly 'upload.remove': string;
  readonly 'upload.cancel': string;
  readonly 'upload.submit': (params: { files: number }) => string;
  readonly 'upload.status.waiting': string;
  readonly 'upload.status.uploading': (params: { sent: string; total: string }) => string;
  readonly 'upload.status.speed': (params: { speed: string; left: string }) => string;
  readonly 'upload.status.finishing': string;
  readonly 'upload.status.done': string;
  readonly 'upload.status.late': string;
  readonly 'upload.progress': (params: { name: string }) => string;
  readonly 'upload.offline': string;
  readonly 'upload.refused.tooBig': (params: { name: string; max: string }) => string;
  readonly 'upload.refused.tooMany': (params: { name: string; remaining: number }) => string;
  readonly 'upload.refused.type': (params: { name: string; types: string }) => string;
  readonly 'upload.refused.empty': (params: { name: string }) => string;
  readonly 'upload.refused.dismiss': string;
  readonly 'upload.added': (params: { count: number }) => string;
  readonly 'upload.announce.done': (params: { name: string }) => string;
  readonly 'upload.announce.failed': (params: { name: string; reason: string }) => string;
  readonly 'upload.announce.cancelled': (params: { name: string }) => string;
  readonly 'upload.announce.removed': (params: { name: string }) => string;
  readonly 'upload.complete.title': (params: { count: number }) => string;
  readonly 'upload.complete.message': (params: { firm: string }) => string;
  readonly 'upload.more': string;
  readonly 'upload.received': (params: { count: number }) => string;
  readonly 'upload.required': string;
}

/** The localize controller `<guest-upload>` and its templates use: shared keys plus `upload.*`. */
export type UploadLocalize = LocalizeController<UploadTranslation>;

/** `<guest-upload>`'s English strings. */
export const uploadEn = {
  'upload.deadline': ({ date }) => `Please upload by ${date}.`,
  'upload.overdue': ({ date }) => `The deadline was ${date}. You can still upload; your files will be marked as late.`,
  'upload.closed.title': 'This request no longer accepts files',
  'upload.closed.overdue': ({ date }) => `The deadline was ${date}. If you still need to send files, please contact the sender.`,
  'upload.closed.full': 'This request has already received all the files it accepts.',
  'upload.limits': ({ files, size, types }) =>
    `${files === 1 ? 'One file' : `Up to ${files} files`}, each at most ${size}. Accepted: ${types}.`,
  'upload.name.label': 'Your name',
  'upload.name.missing': 'Please enter your name.',
  'upload.email.label': 'Your e-mail address',
  'upload.email.missing': 'Please enter your e-mail address.',
  'upload.email.invalid': 'Please enter a valid e-mail address, such as name@example.com.',
  'upload.dropzone.title': 'Drag files here',
  'upload.dropzone.action': 'or choose them on your device',
  'upload.dropzone.drop': 'Release to add',
  'upload.camera': 'Take a photo',
  'upload.files': 'Selected files',
  'upload.note': 'Note (optional)',
  'upload.remove': 'Remove',
  'upload.cancel': 'Cancel',
  'upload.submit': ({ files }) => (files === 1 ? 'Upload file' : `Upload ${files} files`),
  'upload.status.waiting': 'Waiting…',
  'upload.status.uploading': ({ sent, total }) => `${sent} of ${total}`,
  'upload.status.speed': ({ speed, left }) => `${speed}/s, ${left} left`,
  'upload.status.finishing': 'Checking…',
  'upload.status.done': 'Received',
  'upload.status.late': 'Received (after the deadline)',
  'upload.progress': ({ name }) => `Progress: ${name}`,
  'upload.offline': 'No connection. The upload continues as soon as you are back online.',
  'upload.refused.tooBig': ({ name, max }) => `“${name}” is too large. Each file can be at most ${max}.`,
  'upload.refused.tooMany': ({ name, remaining }) =>
    remaining === 0
      ? `“${name}” was not added: this request accepts no more files.`
      : `“${name}” was not added: you can upload only ${remaining === 1 ? 'one more file' : `${remaining} more files`}.`,
  'upload.refused.type': ({ name, types }) => `“${name}” is not a file type this request accepts. Accepted: ${types}.`,
  'upload.refused.empty': ({ name }) => `“${name}” is empty and was not added.`,
  'upload.refused.dismiss': 'Dismiss',
  'upload.added': ({ count }) => (count === 1 ? 'One file added.' : `${count} files added.`),
  'upload.announce.done': ({ name }) => `“${name}” has arrived.`,
  'upload.announce.failed': ({ name, reason }) => `“${name}” could not be uploaded. ${reason}`,
  'upload.announce.cancelled': ({ name }) => `Upload of “${name}” cancelled.`,
  'upload.announce.removed': ({ name }) => `“${name}” removed.`,
  'upload.complete.title': ({ count }) => (count === 1 ? 'One file received' : `${count} files received`),
  'upload.complete.message': ({ firm }) => `Thank you! ${firm} has received your files.`,
  'upload.more': 'Upload more files',
  'upload.received': ({ count }) => `Received in this visit (${count})`,
  'upload.required': 'Please upload at least one file.',
} as const satisfies UploadTranslation;

/** `<guest-upload>`'s German strings (Sie-Form). */
export const uploadDe = {
  'upload.deadline': ({ date }) => `Bitte bis ${date} hochladen.`,
  'upload.overdue': ({ date }) =>
    `Die Frist ist am ${date} abgelaufen. Sie können trotzdem noch Dateien hochladen; sie werden als verspätet gekennzeichnet.`,
  'upload.closed.title': 'Diese Anfrage nimmt keine Dateien mehr an',
  'upload.closed.overdue': ({ date }) =>
    `Die Frist ist am ${date} abgelaufen. Wenn Sie noch Dateien senden möchten, wenden Sie sich bitte an den Absender.`,
  'upload.closed.full': 'Zu dieser Anfrage sind bereits alle Dateien eingegangen, die sie annimmt.',
  'upload.limits': ({ files, size, types }) =>
    `${files === 1 ? 'Eine Datei' : `Bis zu ${files} Dateien`} mit je höchstens ${size}. Erlaubt: ${types}.`,
  'upload.name.label': 'Ihr Name',
  'upload.name.missing': 'Bitte geben Sie Ihren Namen ein.',
  'upload.email.label': 'Ihre E-Mail-Adresse',
  'upload.email.missing': 'Bitte geben Sie Ihre E-Mail-Adresse ein.',
  'upload.email.invalid': 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.',
  'upload.dropzone.title': 'Dateien hierher ziehen',
  'upload.dropzone.action': 'oder auf Ihrem Gerät auswählen',
  'upload.dropzone.drop': 'Zum Hinzufügen loslassen',
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
  'upload.refused.tooMany': ({ name, remaining }) =>
    remaining === 0
      ? `„${name}“ wurde nicht hinzugefügt: Zu dieser Anfrage können keine weiteren Dateien hochgeladen werden.`
      : `„${name}“ wurde nicht hinzugefügt: Sie können nur noch ${remaining === 1 ? 'eine Datei' : `${remaining} Dateien`} hochladen.`,
  'upload.refused.type': ({ name, types }) => `„${name}“ hat ein Format, das hier nicht angenommen wird. Erlaubt: ${types}.`,
  'upload.refused.empty': ({ name }) => `„${name}“ ist leer und wurde nicht hinzugefügt.`,
  'upload.refused.dismiss': 'Hinweise schließen',
  'upload.added': ({ count }) => (count === 1 ? 'Eine Datei hinzugefügt.' : `${count} Dateien hinzugefügt.`),
  'upload.announce.done': ({ name }) => `„${name}“ ist angekommen.`,
  'upload.announce.failed': ({ name, reason }) => `„${name}“ konnte nicht hochgeladen werden. ${reason}`,
  'upload.announce.cancelled': ({ name }) => `Hochladen von „${name}“ abgebrochen.`,
  'upload.announce.removed': ({ name }) => `„${name}“ entfernt.`,
  'upload.complete.title': ({ count }) => (count === 1 ? 'Eine Datei empfangen' : `${count} Dateien empfangen`),
  'upload.complete.message': ({ firm }) => `Vielen Dank! ${firm} hat Ihre Dateien erhalten.`,
  'upload.more': 'Weitere Dateien hochladen',
  'upload.received': ({ count }) => `In diesem Besuch empfangen (${count})`,
  'upload.required': 'Bitte laden Sie mindestens eine Datei hoch.',
} as const satisfies UploadTranslation;
