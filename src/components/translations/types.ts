/** The shape every translation table has. A missing or extra key is a type error. */
import type { ClientErrorCode } from '../../client/errors.js';

/** A language Guestkit's widgets speak. */
export type TranslationLocale = 'de' | 'en';

/** One message per error code (`code.link_expired`, …), so any `gk-error` can be shown in the user's language. */
export type ErrorCodeMessages = { readonly [C in ClientErrorCode as `code.${C}`]: string };

/**
 * A translation table. Plain strings, or functions of one params object where the text needs
 * values (an e-mail address, a time). Keys are flat so `t()` can type them.
 */
export interface Translation extends ErrorCodeMessages {
  readonly $code: TranslationLocale;
  /** The language's own name. */
  readonly $name: string;

  readonly loading: string;

  readonly 'expired.title': string;
  readonly 'expired.message': string;
  readonly 'expired.action': string;
  readonly 'expired.sending': string;
  readonly 'expired.sent': string;

  readonly 'revoked.title': string;
  readonly 'revoked.message': string;

  readonly 'invalid.title': string;
  readonly 'invalid.message': string;
  /** The page had no token (reloaded after the widget removed it from the address bar). */
  readonly 'invalid.missingTitle': string;
  readonly 'invalid.missing': string;

  readonly 'accessCode.title': string;
  readonly 'accessCode.message': string;
  readonly 'accessCode.label': string;
  readonly 'accessCode.submit': string;
  readonly 'accessCode.invalid': string;
  readonly 'accessCode.empty': string;

  readonly 'otp.title': string;
  readonly 'otp.message': string;
  readonly 'otp.send': string;
  readonly 'otp.sent': string;
  readonly 'otp.resend': string;
  readonly 'otp.label': string;
  readonly 'otp.submit': string;
  readonly 'otp.invalid': string;
  readonly 'otp.empty': string;

  readonly 'rateLimited.title': string;
  readonly 'rateLimited.message': string;
  readonly 'rateLimited.retryAt': (params: { time: string }) => string;

  readonly 'network.title': string;
  readonly 'network.message': string;

  readonly 'error.title': string;
  readonly 'error.message': string;

  readonly retry: string;
}

/** A key of the translation table. */
export type TranslationKey = Exclude<keyof Translation, '$code' | '$name'>;

/** The arguments `t(key, …)` takes: a params object for function entries, nothing for strings. */
export type TranslationArgs<K extends TranslationKey> = Translation[K] extends (params: infer P) => string ? [params: P] : [];
