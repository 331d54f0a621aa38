/**
 * The words of the link states a visit may never see (expired, revoked, invalid, the code forms,
 * rate-limited, no connection, the unexpected error), in both languages. Only `link-states.ts`
 * imports this, so they travel in its lazily loaded chunk instead of the shared table every visit
 * downloads; it picks the table of the widget's current language (`localize.lang`).
 */
import type { LinkStateTranslation, TranslationLocale } from '../translations/types.js';

/** The German link-state strings (Sie-Form). */
export const linkStateDe = {
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
  'error.message': 'Leider ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es erneut.',
} as const satisfies LinkStateTranslation;

/** The English link-state strings. */
export const linkStateEn = {
  'expired.title': 'This link has expired',
  'expired.message':
    'For your security, links only work for a limited time. We can send a new link to the e-mail address this one was sent to.',
  'expired.action': 'Send me a fresh link',
  'expired.sending': 'Sending…',
  'expired.sent': 'If you still have access, a new link is on its way to your e-mail address.',

  'revoked.title': 'This link is no longer active',
  'revoked.message': 'The sender has withdrawn this link. If you still need access, please contact them directly.',

  'invalid.title': 'This link is not valid',
  'invalid.message':
    'We could not find this link. Please check that you opened the complete link from your e-mail, or ask the sender for a new one.',
  'invalid.missingTitle': 'Please open your link again',
  'invalid.missing':
    'For your security, this page forgets your link once it has opened it, so after a reload it no longer knows it. Please open it from your e-mail again.',

  'accessCode.title': 'Enter your access code',
  'accessCode.message': 'This link is protected. Please enter the access code you received from the sender.',
  'accessCode.label': 'Access code',
  'accessCode.submit': 'Continue',
  'accessCode.invalid': 'That code is not correct. Please check it and try again.',
  'accessCode.empty': 'Please enter the access code.',

  'otp.title': 'Confirm it’s you',
  'otp.message': 'For your security, we will send a one-time code to the e-mail address this link was sent to.',
  'otp.send': 'Send me a code',
  'otp.sent': 'We have sent you a code. Please check your inbox (and your spam folder).',
  'otp.resend': 'Send a new code',
  'otp.label': 'One-time code',
  'otp.submit': 'Confirm',
  'otp.invalid': 'That code is not correct or has expired. Please try again or ask for a new code.',
  'otp.empty': 'Please enter the code from your e-mail.',

  'rateLimited.title': 'Too many attempts',
  'rateLimited.message': 'Please wait a moment before trying again.',
  'rateLimited.retryAt': ({ time }) => `Please wait a moment and try again after ${time}.`,

  'network.title': 'No connection',
  'error.message': 'Sorry, something unexpected happened. Please try again.',
} as const satisfies LinkStateTranslation;

/** Both languages' link-state strings, by language. */
export const linkStateStrings: Readonly<Record<TranslationLocale, LinkStateTranslation>> = { de: linkStateDe, en: linkStateEn };
