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

  readonly 'viewer.availableUntil': (params: { date: string }) => string;
  readonly 'viewer.documents': (params: { count: number }) => string;
  readonly 'viewer.empty': string;
  readonly 'viewer.viewOnly': string;
  readonly 'viewer.type.pdf': string;
  readonly 'viewer.type.image': (params: { format: string }) => string;
  readonly 'viewer.type.text': string;
  readonly 'viewer.type.word': string;
  readonly 'viewer.type.spreadsheet': string;
  readonly 'viewer.type.archive': string;
  readonly 'viewer.type.other': (params: { format: string }) => string;
  readonly 'viewer.open': string;
  readonly 'viewer.openNamed': (params: { name: string }) => string;
  readonly 'viewer.download': string;
  readonly 'viewer.downloadNamed': (params: { name: string }) => string;
  readonly 'viewer.downloading': (params: { name: string }) => string;
  readonly 'viewer.downloaded': (params: { name: string }) => string;
  readonly 'viewer.downloadFailed': (params: { name: string; reason: string }) => string;
  readonly 'viewer.noPreview': string;
  readonly 'viewer.noPreviewNoDownload': string;
  readonly 'viewer.back': string;
  readonly 'viewer.toolbar': string;
  readonly 'viewer.previous': string;
  readonly 'viewer.next': string;
  readonly 'viewer.pageLabel': string;
  readonly 'viewer.pageOf': (params: { total: number }) => string;
  readonly 'viewer.pageStatus': (params: { page: number; total: number }) => string;
  readonly 'viewer.zoomIn': string;
  readonly 'viewer.zoomOut': string;
  readonly 'viewer.zoomLevel': (params: { percent: string }) => string;
  readonly 'viewer.fitWidth': string;
  readonly 'viewer.pages': (params: { count: number }) => string;
  readonly 'viewer.goToPage': (params: { page: number }) => string;
  readonly 'viewer.pageArea': (params: { name: string }) => string;
  readonly 'viewer.imageArea': (params: { name: string }) => string;
  readonly 'viewer.loadingDocument': string;
  readonly 'viewer.loadFailed': string;
  readonly 'viewer.opened': (params: { name: string; pages: number }) => string;
  readonly 'viewer.locked.title': string;
  readonly 'viewer.locked.message': string;
}

/** A key of the translation table. */
export type TranslationKey = Exclude<keyof Translation, '$code' | '$name'>;

/** The arguments `t(key, …)` takes: a params object for function entries, nothing for strings. */
export type TranslationArgs<K extends TranslationKey> = Translation[K] extends (params: infer P) => string ? [params: P] : [];
