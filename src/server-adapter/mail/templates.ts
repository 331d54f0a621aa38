/**
 * Localised mail templates. A message carries the token only inside the link itself — never in
 * the subject, a header, or anywhere else.
 */
import type { Locale } from '../../protocol/common.js';
import type { LinkKind } from '../../protocol/token-format.js';
import type { FirmRecord, LinkRecord } from '../store/types.js';
import type { MailMessage } from './types.js';

type Texts = {
  invite: Record<LinkKind, { subject: string; intro: string; action: string }>;
  greeting: (name: string | null) => string;
  validUntil: (date: string) => string;
  /** What opening the link will ask for. Never the code: an access code reaches the recipient another way. */
  stepUp: Record<NonNullable<LinkRecord['stepUp']>, string>;
  deadline: (date: string) => string;
  lateUploads: Record<InvitationDeadline['lateUploads'], string>;
  /** A deadline gone by, for a request that still takes late files. */
  deadlinePassed: (date: string) => string;
  messageFrom: (name: string) => string;
  /**
   * Named as the widget names it ("Einmalcode", "one-time code": src/components/translations/):
   * the "Zugangscode" / "access code" is the other one, which the firm hands out.
   */
  otpSubject: string;
  otpBody: (code: string, minutes: number) => string;
  freshSubject: string;
  freshIntro: string;
  ignore: string;
  regards: string;
};

const en: Texts = {
  invite: {
    view: { subject: 'Documents shared with you', intro: '{firm} has shared documents with you.', action: 'View the documents' },
    upload: { subject: 'Please upload your documents', intro: '{firm} asks you to upload documents.', action: 'Upload documents' },
    sign: { subject: 'Please sign a document', intro: '{firm} asks you to sign a document.', action: 'Review and sign' },
    pay: { subject: 'Your invoice', intro: '{firm} has sent you an invoice.', action: 'View and pay the invoice' },
    req: { subject: 'A few questions for you', intro: '{firm} asks you to answer a few questions.', action: 'Answer the questions' },
  },
  greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
  validUntil: (date) => `This link is valid until ${date}.`,
  stepUp: {
    access_code: 'When you open the link, you will be asked for an access code. The sender gives it to you separately; it is not in this e-mail.',
    email_otp: 'When you open the link, you will be asked for a one-time code, which we send to this e-mail address.',
  },
  deadline: (date) => `Please upload your documents by ${date}.`,
  lateUploads: {
    allow: 'Files that arrive later are still accepted, but marked as late.',
    refuse: 'After that, the link no longer accepts files.',
  },
  deadlinePassed: (date) => `The deadline was ${date}. Files you send now are still accepted, but marked as late.`,
  messageFrom: (name) => `A message from ${name}:`,
  otpSubject: 'Your one-time code',
  otpBody: (code, minutes) => `Your one-time code is: ${code}\n\nIt is valid for ${minutes} minutes. If you did not ask for it, you can ignore this e-mail.`,
  freshSubject: 'Your new link',
  freshIntro: 'You asked for a new link. Your previous link has expired; this one replaces it.',
  ignore: 'If you were not expecting this e-mail, you can ignore it.',
  regards: 'Kind regards',
};

const de: Texts = {
  invite: {
    view: { subject: 'Für Sie freigegebene Dokumente', intro: '{firm} hat Dokumente für Sie freigegeben.', action: 'Dokumente ansehen' },
    upload: { subject: 'Bitte laden Sie Ihre Unterlagen hoch', intro: '{firm} bittet Sie, Unterlagen hochzuladen.', action: 'Unterlagen hochladen' },
    sign: { subject: 'Bitte unterschreiben Sie ein Dokument', intro: '{firm} bittet Sie, ein Dokument zu unterschreiben.', action: 'Prüfen und unterschreiben' },
    pay: { subject: 'Ihre Rechnung', intro: '{firm} hat Ihnen eine Rechnung gesendet.', action: 'Rechnung ansehen und bezahlen' },
    req: { subject: 'Ein paar Fragen an Sie', intro: '{firm} bittet Sie, ein paar Fragen zu beantworten.', action: 'Fragen beantworten' },
  },
  greeting: (name) => (name ? `Guten Tag ${name},` : 'Guten Tag,'),
  validUntil: (date) => `Dieser Link ist gültig bis ${date}.`,
  stepUp: {
    access_code: 'Beim Öffnen des Links werden Sie nach einem Zugangscode gefragt. Diesen erhalten Sie gesondert vom Absender; er steht nicht in dieser E-Mail.',
    email_otp: 'Beim Öffnen des Links werden Sie nach einem Einmalcode gefragt, den wir Ihnen an diese E-Mail-Adresse senden.',
  },
  deadline: (date) => `Bitte laden Sie Ihre Unterlagen bis ${date} hoch.`,
  lateUploads: {
    allow: 'Später eingehende Dateien werden noch angenommen, aber als verspätet gekennzeichnet.',
    refuse: 'Danach nimmt der Link keine Dateien mehr an.',
  },
  deadlinePassed: (date) => `Die Frist endete am ${date}. Dateien, die Sie jetzt senden, werden noch angenommen, aber als verspätet gekennzeichnet.`,
  messageFrom: (name) => `Eine Nachricht von ${name}:`,
  otpSubject: 'Ihr Einmalcode',
  otpBody: (code, minutes) => `Ihr Einmalcode lautet: ${code}\n\nEr ist ${minutes} Minuten gültig. Falls Sie ihn nicht angefordert haben, können Sie diese E-Mail ignorieren.`,
  freshSubject: 'Ihr neuer Link',
  freshIntro: 'Sie haben einen neuen Link angefordert. Ihr bisheriger Link ist abgelaufen; dieser ersetzt ihn.',
  ignore: 'Falls Sie diese E-Mail nicht erwartet haben, können Sie sie ignorieren.',
  regards: 'Mit freundlichen Grüßen',
};

function texts(locale: Locale): Texts {
  return locale === 'de' ? de : en;
}

/**
 * A date and time in a mail to a recipient: German time (the firms are German; the zone is named,
 * so a reader elsewhere can convert), to the second where `seconds` (a receipt).
 * @example formatDate('2099-12-15T17:00:00Z', 'de') // '15. Dezember 2099 um 18:00 MEZ'
 */
export function formatDate(iso: string, locale: Locale, { seconds = false } = {}): string {
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    timeZone: 'Europe/Berlin',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** `"Firm Name" <address>` with the display name quoted safely. */
export function firmSender(firm: FirmRecord): string {
  return `"${firm.name.replace(/["\\\r\n]/g, '')}" <${firm.mailFrom}>`;
}

function signature(firm: FirmRecord, link: LinkRecord, t: Texts): string {
  return [t.regards, link.createdByName ?? undefined, firm.name].filter(Boolean).join('\n');
}

/** Sender, the link's recipient, a reply to whoever at the firm made the link, and "automatic" headers. */
export function linkMailBase(firm: FirmRecord, link: LinkRecord): Pick<MailMessage, 'from' | 'to' | 'replyTo' | 'headers'> {
  return {
    from: firmSender(firm),
    to: link.recipientEmail,
    ...(link.createdByEmail ? { replyTo: link.createdByEmail } : {}),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
  };
}

/** The locale a message to this link's recipient is written in. */
export function recipientLocale(firm: FirmRecord, link: LinkRecord): Locale {
  return link.recipientLocale ?? firm.defaultLocale;
}

/** An upload request's deadline, as its invitation states it. */
export interface InvitationDeadline {
  /** The deadline (ISO 8601). */
  at: string;
  /** Whether files after it are still taken (marked late) or refused. */
  lateUploads: 'allow' | 'refuse';
  /** It has gone by when the mail is sent (a link made after it, a fresh link): said as such. */
  passed: boolean;
}

/**
 * The link and what opening it takes: a code it will ask for (never the code itself), and an upload
 * request's deadline, in the same time zone as the link's validity below it.
 */
function linkLines(link: LinkRecord, url: string, locale: Locale, t: Texts, deadline?: InvitationDeadline): string[] {
  const lines = [`${t.invite[link.kind].action}: ${url}`, ''];
  if (link.stepUp) lines.push(t.stepUp[link.stepUp], '');
  if (deadline) {
    const date = formatDate(deadline.at, locale);
    lines.push(deadline.passed ? t.deadlinePassed(date) : `${t.deadline(date)} ${t.lateUploads[deadline.lateUploads]}`, '');
  }
  lines.push(t.validUntil(formatDate(link.expiresAt, locale)));
  return lines;
}

/** The invitation that carries a new link (with its upload request's `deadline`, if it has one). */
export function linkInvitation(firm: FirmRecord, link: LinkRecord, url: string, message?: string, deadline?: InvitationDeadline): MailMessage {
  const locale = recipientLocale(firm, link);
  const t = texts(locale);
  const kind = t.invite[link.kind];
  const parts = [t.greeting(link.recipientName), '', kind.intro.replace('{firm}', firm.name), ''];
  if (message) parts.push(t.messageFrom(link.createdByName ?? firm.name), '', message, '');
  parts.push(...linkLines(link, url, locale, t, deadline), '', t.ignore, '', signature(firm, link, t));
  return { ...linkMailBase(firm, link), subject: `${kind.subject} – ${firm.name}`, text: parts.join('\n') };
}

/** The mail that carries a fresh link for an expired one (stating `deadline`, an upload request's, like the invitation). */
export function freshLinkMail(firm: FirmRecord, link: LinkRecord, url: string, deadline?: InvitationDeadline): MailMessage {
  const locale = recipientLocale(firm, link);
  const t = texts(locale);
  const text = [t.greeting(link.recipientName), '', t.freshIntro, '', ...linkLines(link, url, locale, t, deadline), '', signature(firm, link, t)].join('\n');
  return { ...linkMailBase(firm, link), subject: `${t.freshSubject} – ${firm.name}`, text };
}

/** The mail that carries a one-time code. */
export function otpMail(firm: FirmRecord, link: LinkRecord, code: string, ttlSeconds: number): MailMessage {
  const locale = recipientLocale(firm, link);
  const t = texts(locale);
  const text = [t.greeting(link.recipientName), '', t.otpBody(code, Math.round(ttlSeconds / 60)), '', signature(firm, link, t)].join('\n');
  return { ...linkMailBase(firm, link), subject: `${t.otpSubject} – ${firm.name}`, text };
}
