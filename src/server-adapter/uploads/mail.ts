/** The firm's notification when a file arrives (in the firm's language), and the uploader's receipt. */
// The widget's own rule (pure `Intl`, no DOM): a size reads the same in the mail as on the
// uploader's screen — `2,9 MB` in German, `2.9 MB` in English, steps of 1024.
import { formatBytes } from '../../components/upload/format.js';
import type { FirmRecord, LinkRecord } from '../store/types.js';
import type { MailMessage } from '../mail/types.js';
import { firmSender, formatDate, linkMailBase, recipientLocale } from '../mail/templates.js';
import type { UploadedFileData, UploadRequestData } from './records.js';

/**
 * The uploader's note as a quotation, every line marked `> `: a note has lines of its own, and
 * none of them may pass for a line of the notification (a scan verdict, another file, a link).
 */
function quoted(note: string): string[] {
  return note.split(/\r\n|[\r\n\u0085\u2028\u2029]/).map((line) => `> ${line}`);
}

/** "A file arrived for <request>" to one person at the firm. */
export function uploadReceivedMail(firm: FirmRecord, request: UploadRequestData, file: UploadedFileData, to: string): MailMessage {
  const de = firm.defaultLocale === 'de';
  const who = file.uploaderName ?? request.uploaderName ?? request.uploaderEmail;
  const lines = de
    ? [
        `Neue Datei zur Anfrage „${request.title}“ von ${who}:`,
        '',
        `${file.name} (${formatBytes(file.size, firm.defaultLocale)}, ${file.type})`,
        `SHA-256: ${file.sha256}`,
        ...(file.note ? ['Notiz:', ...quoted(file.note)] : []),
        ...(file.late ? ['Nach Ablauf der Frist eingegangen.'] : []),
        ...(file.status === 'infected' ? ['Die Virenprüfung hat die Datei gesperrt (Quarantäne).'] : []),
        ...(file.status === 'unscannable' ? ['Die Virenprüfung konnte diese Datei nicht untersuchen. Sie bleibt gesperrt und kann weder heruntergeladen noch geteilt werden.'] : []),
      ]
    : [
        `New file for the request "${request.title}" from ${who}:`,
        '',
        `${file.name} (${formatBytes(file.size, firm.defaultLocale)}, ${file.type})`,
        `SHA-256: ${file.sha256}`,
        ...(file.note ? ['Note:', ...quoted(file.note)] : []),
        ...(file.late ? ['Received after the deadline.'] : []),
        ...(file.status === 'infected' ? ['The virus scan blocked this file (quarantined).'] : []),
        ...(file.status === 'unscannable' ? ['The virus scan could not check this file. It stays blocked and cannot be downloaded or shared.'] : []),
      ];
  return {
    from: firmSender(firm),
    to,
    subject: de ? `Neue Datei: ${request.title}` : `New file: ${request.title}`,
    text: lines.join('\n'),
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

/**
 * The uploader's receipt for the files of one visit, in the request's language: what arrived,
 * when (to the second, in the time zone the invitation gave its dates in, named), how large, and its SHA-256 — so they can show what they handed in, and when.
 */
export function uploadReceiptMail(firm: FirmRecord, request: UploadRequestData, files: UploadedFileData[], link: LinkRecord): MailMessage {
  const locale = recipientLocale(firm, link);
  const de = locale === 'de';
  const entries = files.flatMap((file) => [
    `${file.name} (${formatBytes(file.size, locale)})`,
    `  ${de ? 'Eingang' : 'Received'}: ${formatDate(file.receivedAt, locale, { seconds: true })}${file.late ? (de ? ', nach Ablauf der Frist' : ', after the deadline') : ''}`,
    `  SHA-256: ${file.sha256}`,
    ...(file.status === 'pending' ? [de ? '  Die Virenprüfung läuft noch.' : '  The virus check is still running.'] : []),
    ...(file.status === 'infected' || file.status === 'unscannable'
      ? [de ? '  Von der Virenprüfung gesperrt: die Kanzlei kann sie nicht verwenden.' : '  Blocked by the virus check: the firm cannot use it.']
      : []),
  ]);
  const lines = de
    ? [`${firm.name} hat zur Anfrage „${request.title}“ diese Dateien von Ihnen erhalten:`, '', ...entries, '', 'Diese Bestätigung wurde automatisch erstellt.']
    : [`${firm.name} has received these files from you for the request "${request.title}":`, '', ...entries, '', 'This receipt was created automatically.'];
  return {
    ...linkMailBase(firm, link),
    subject: de ? `Eingangsbestätigung: ${request.title}` : `Receipt: ${request.title}`,
    text: lines.join('\n'),
  };
}
