/** Deciding a file's type from its bytes (never from its name or the claimed type). */
import { fileTypeFromBuffer, fileTypeFromTokenizer } from 'file-type';
import type { ITokenizer } from 'strtok3';

/** What the upload widgets accept unless the firm says otherwise. */
export const DEFAULT_ALLOWED_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/heic',
  'image/heif',
  'image/tiff',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/csv',
  'text/plain',
];

/** File extensions per content type, for the picker's `accept` list and early refusals. */
export const EXTENSIONS: Record<string, string[]> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg', '.jfif'],
  'image/png': ['.png'],
  'image/heic': ['.heic'],
  'image/heif': ['.heif'],
  'image/tiff': ['.tif', '.tiff'],
  'image/webp': ['.webp'],
  'image/avif': ['.avif'],
  'image/gif': ['.gif'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['.pptx'],
  'application/msword': ['.doc'],
  'application/vnd.ms-excel': ['.xls'],
  'application/zip': ['.zip'],
  'text/csv': ['.csv'],
  'text/plain': ['.txt'],
};

/** The extensions a set of allowed types maps to. */
export function extensionsFor(types: readonly string[]): string[] {
  return [...new Set(types.flatMap((t) => EXTENSIONS[t] ?? []))];
}

/**
 * Whether a file's name promises the type its bytes have: `Rechnung.pdf` must be a PDF, whatever
 * else the request allows (HTML named `.pdf` is text, and text is what `.txt` promises). HEIC and
 * HEIF take either name: phones write both brands under `.heic`.
 */
export function nameFits(name: string, type: string): boolean {
  const heif = /^image\/hei[cf]$/.test(type);
  return (heif ? ['.heic', '.heif'] : (EXTENSIONS[type] ?? [])).includes(extensionOf(name));
}

/** A file name's extension, lower-case with the dot (`'.pdf'`), or `''` (none, or a name that is only one). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

// Text has no magic bytes. Any ASCII-compatible encoding counts (UTF-8, or Windows-1252 as German
// Excel writes CSV): what rules text out is a control byte other than tab, LF, FF or CR.
function looksLikeText(head: Uint8Array): boolean {
  for (const b of head) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) return false;
  return head.length > 0;
}

/**
 * The content type of a file from its first bytes (4 KiB is enough). Text (see `looksLikeText`)
 * counts as `text/csv` when the name ends in `.csv`, else `text/plain`.
 * Returns `application/octet-stream` when nothing matches.
 */
export async function sniffContentType(head: Uint8Array, name: string): Promise<string> {
  const lower = name.toLowerCase();
  const text = looksLikeText(head) ? (lower.endsWith('.csv') ? 'text/csv' : 'text/plain') : null;
  // A file named as text whose first 4 KiB are all text is text, even where its first letters
  // are some format's magic bytes: a CSV of cars beginning "BMW;" is no bitmap, "ID3 …" no MP3.
  // Real files of those formats hold control bytes right away.
  if (text && /\.(?:csv|txt)$/.test(lower)) return text;
  const detected = await fileTypeFromBuffer(head);
  return detected?.mime ?? text ?? 'application/octet-stream';
}

/**
 * The real type of a file whose first bytes say zip. A DOCX, XLSX or ODT is a zip that file-type
 * names only once it reaches the entries that say so (`[Content_Types].xml`, `word/`, `mimetype`),
 * and writers may put those anywhere (LibreOffice writes a thumbnail first). file-type walks the
 * local headers through `tokenizer` and skips entry data, buffering only the few small entries it
 * reads, so memory stays bounded; given the size, it skips entries of any length. Closes `tokenizer`.
 */
export async function sniffZip(tokenizer: ITokenizer): Promise<string> {
  try {
    return (await fileTypeFromTokenizer(tokenizer))?.mime ?? 'application/zip';
  } finally {
    await tokenizer.close().catch(() => undefined);
  }
}
