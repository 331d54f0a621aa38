/** What `<doc-viewer>` can do with a document of a given type, and the type in words. */
import type { SharedDocument } from '../../protocol/shares.js';
import type { ViewerLocalize } from './translations.js';

/** How a document is shown: rendered by pdf.js, as an `<img>`, or not at all (download only). */
export type DocumentKind = 'pdf' | 'image' | 'other';

/** Image types every current browser shows in an `<img>` (not SVG: a document is not a picture of the page). */
const NATIVE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);

/** A document's media type without parameters, lower-case (`text/csv; charset=utf-8` → `text/csv`). */
function mediaType({ type }: Pick<SharedDocument, 'type'>): string {
  return type.split(';')[0]!.trim().toLowerCase();
}

/** How `<doc-viewer>` shows a document. */
export function documentKind(document: Pick<SharedDocument, 'type'>): DocumentKind {
  const base = mediaType(document);
  if (base === 'application/pdf') return 'pdf';
  return NATIVE_IMAGES.has(base) ? 'image' : 'other';
}

/**
 * The type a document's bytes are printed as: `application/pdf`, or its image type; `undefined`
 * for anything else. The print frame shows the bytes as a document of the page's own origin, so
 * the type comes from here — never from the answer's `Content-Type`, which could say `text/html`.
 */
export function printableType(document: Pick<SharedDocument, 'type'>): string | undefined {
  // A PDF's media type is `application/pdf`, an image's one of `NATIVE_IMAGES`.
  return documentKind(document) === 'other' ? undefined : mediaType(document);
}

/** The format's short name: `PNG`, `JPEG`, else the file's extension, else the subtype. */
function formatName({ type, name }: Pick<SharedDocument, 'type' | 'name'>): string {
  const subtype = type.split(';')[0]!.split('/').pop() ?? '';
  if (subtype && subtype !== 'octet-stream') return subtype.replace(/^x-/, '').toUpperCase();
  const extension = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1];
  return (extension ?? subtype).toUpperCase();
}

/** The document's type in words, in the visitor's language: `PDF-Dokument`, `Image (PNG)`. */
export function typeInWords(localize: ViewerLocalize, document: Pick<SharedDocument, 'type' | 'name'>): string {
  const type = mediaType(document);
  if (type === 'application/pdf') return localize.t('viewer.type.pdf');
  if (type.startsWith('image/')) return localize.t('viewer.type.image', { format: formatName(document) });
  if (type === 'text/plain') return localize.t('viewer.type.text');
  if (type === 'text/csv' || type.includes('spreadsheet') || type.includes('ms-excel')) return localize.t('viewer.type.spreadsheet');
  if (type.includes('wordprocessing') || type === 'application/msword') return localize.t('viewer.type.word');
  if (type === 'application/zip') return localize.t('viewer.type.archive');
  return localize.t('viewer.type.other', { format: formatName(document) });
}
