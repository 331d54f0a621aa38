/**
 * `<guest-upload>`'s strings: the shape of its tables and where each language loads from. The tables
 * themselves are in `lang/de.ts` and `lang/en.ts`; the shared link states, error codes and common
 * words are in `../translations/`.
 */
import type { LocalizeController, StringLoaders } from '../controllers/localize.js';

/** The shape of `<guest-upload>`'s tables. A missing or extra key is a type error. */
export interface UploadTranslation {
  readonly 'upload.deadline': (params: { date: string }) => string;
  readonly 'upload.overdue': (params: { date: string }) => string;
  readonly 'upload.closed.title': string;
  readonly 'upload.closed.overdue': (params: { date: string }) => string;
  readonly 'upload.closed.full': string;
  /**
   * The limits line: `files` more files (at least one), each at most `size`, of `types`; `more`
   * once the request has some already (from an earlier visit, or chosen in this one).
   */
  readonly 'upload.limits': (params: { files: number; more: boolean; size: string; types: string }) => string;
  readonly 'upload.name.label': string;
  readonly 'upload.name.missing': string;
  /** The adapter refused the name (more than 200 characters, or a line break pasted in). */
  readonly 'upload.name.invalid': string;
  readonly 'upload.email.label': string;
  readonly 'upload.email.missing': string;
  readonly 'upload.email.invalid': string;
  /** Letters beyond ASCII before the @ (`müller@…`): Guestkit cannot mail such an address. */
  readonly 'upload.email.nonAscii': string;
  readonly 'upload.dropzone.title': string;
  /** The drop zone's headline on a touch screen, which cannot drag. */
  readonly 'upload.dropzone.tap': string;
  readonly 'upload.dropzone.action': string;
  readonly 'upload.dropzone.drop': string;
  /** The drop zone once the files chosen fill the request, and how to choose another. */
  readonly 'upload.dropzone.full': string;
  readonly 'upload.dropzone.fullAction': string;
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
  /** A file past the request's limit: it takes `max` files in all (this visit's and earlier ones). */
  readonly 'upload.refused.tooMany': (params: { name: string; max: number }) => string;
  readonly 'upload.refused.type': (params: { name: string; types: string }) => string;
  readonly 'upload.refused.empty': (params: { name: string }) => string;
  readonly 'upload.refused.duplicate': (params: { name: string }) => string;
  readonly 'upload.refused.dismiss': string;
  readonly 'upload.added': (params: { count: number }) => string;
  /** Said on completion once the receipt went out. */
  /** `email`: the link's address, masked (`b***@mandant.example`). */
  readonly 'upload.complete.receipt': (params: { email: string }) => string;
  /** A dropped folder held no files (only hidden ones, or none). */
  readonly 'upload.emptyFolder': string;
  readonly 'upload.announce.done': (params: { name: string }) => string;
  readonly 'upload.announce.failed': (params: { name: string; reason: string }) => string;
  readonly 'upload.announce.cancelled': (params: { name: string }) => string;
  readonly 'upload.announce.removed': (params: { name: string }) => string;
  readonly 'upload.complete.title': (params: { count: number }) => string;
  readonly 'upload.complete.message': (params: { firm: string }) => string;
  readonly 'upload.more': string;
  readonly 'upload.received': (params: { count: number }) => string;
  readonly 'upload.required': string;
  readonly 'upload.unfinished.title': string;
  readonly 'upload.unfinished.hint': string;
  readonly 'upload.unfinished.choose': string;
  readonly 'upload.unfinished.discard': string;
  readonly 'upload.unfinished.discarded': (params: { name: string }) => string;
}

/** The localize controller `<guest-upload>` and its templates use: shared keys plus `upload.*`. */
export type UploadLocalize = LocalizeController<UploadTranslation>;

/**
 * Where `<guest-upload>` gets its strings: `lang/de.ts` or `lang/en.ts`, each a chunk of its own
 * holding the shared table and the `upload.*` strings of one language, so a visitor downloads one
 * language only.
 */
export const uploadStrings: StringLoaders<UploadTranslation> = {
  de: () => import('./lang/de.js').then((m) => ({ shared: m.shared, own: m.uploadDe })),
  en: () => import('./lang/en.js').then((m) => ({ shared: m.shared, own: m.uploadEn })),
};
