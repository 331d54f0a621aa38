/** The shape every translation table has. A missing or extra key is a type error. */
import type { ClientErrorCode } from '../../client/errors.js';

/** A language Guestkit's widgets speak. */
export type TranslationLocale = 'de' | 'en';

/** One message per error code (`code.link_expired`, …), so any `gk-error` can be shown in the user's language. */
export type ErrorCodeMessages = { readonly [C in ClientErrorCode as `code.${C}`]: string };

/**
 * The shared translation table: what any visit may need (loading, the unreachable server, the
 * generic error, "Try again", a message per error code). The rare link states' own words are in
 * `LinkStateTranslation`. Plain strings, or functions of one params object where the text
 * needs values (an e-mail address, a time). Keys are flat so `t()` can type them.
 */
export interface Translation extends ErrorCodeMessages {
  readonly $code: TranslationLocale;
  /** The language's own name. */
  readonly $name: string;

  readonly loading: string;

  readonly 'network.message': string;

  readonly 'error.title': string;

  readonly retry: string;
}

/** A key of the translation table. */
export type TranslationKey = Exclude<keyof Translation, '$code' | '$name'>;

/** The arguments `t(key, …)` takes: a params object for function entries, nothing for strings. */
export type TranslationArgs<K extends TranslationKey> = Translation[K] extends (params: infer P) => string ? [params: P] : [];

/**
 * The words of the link states a visit may never see: expired, revoked, invalid, the access-code
 * and one-time-code forms, rate-limited, no connection and the unexpected error. They are not in
 * the shared `Translation` (which every visit downloads): both languages travel with the
 * lazily loaded link-state templates (`base/link-state-strings.ts`), fetched only when a link is
 * in one of those states, which pick the table of the widget's current language.
 */
export interface LinkStateTranslation {
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

  readonly 'error.message': string;
}

/** A key of the link states' own table. */
export type LinkStateKey = keyof LinkStateTranslation;

/** The arguments a link-state string takes: a params object for function entries, nothing for strings. */
export type LinkStateArgs<K extends LinkStateKey> = LinkStateTranslation[K] extends (params: infer P) => string ? [params: P] : [];
