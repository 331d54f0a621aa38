/**
 * Display names of uploaded files. Files are stored under generated keys; the name is only
 * shown and offered on download, so it is checked and cleaned for those uses.
 */
import { GuestkitServerError } from '../core/errors.js';

// Path separators, `..` segments, NUL and control characters, and characters that reorder text
// (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C) are refused outright: a name with them is
// an attack or an accident the uploader should see, not something to quietly repair.
const REFUSED = /[\/\\\u0000-\u001f\u007f\u0080-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/;
const ENCODED_TRAVERSAL = /%(2e|2f|5c|00)/i;
// Checked on the name's compatibility form too: Windows also reserves COM¹–³ and LPT¹–³, and a
// full-width ｃｏｎ folds to CON wherever a program folds names.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_NAME_LENGTH = 200;
// Half of a character outside the BMP (an emoji) without its other half: not text.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Checks and cleans an uploaded file's display name. Throws `invalid_file_name` for names with
 * path parts, traversal (also percent-encoded), control or direction characters; otherwise
 * returns the name NFC-normalised, trimmed, without leading dots, with Windows device names
 * defused and at most 200 characters (keeping the extension). Half an emoji (a lone surrogate)
 * is refused too.
 */
export function cleanFileName(raw: string): string {
  const name = raw.normalize('NFC');
  if (!name.trim() || REFUSED.test(name) || ENCODED_TRAVERSAL.test(name) || name.includes('..') || new RegExp(LONE_SURROGATE.source).test(name)) {
    throw new GuestkitServerError('invalid_file_name');
  }
  let cleaned = name.replace(/\s+/g, ' ').trim().replace(/^[.\-\s]+/, '');
  if (!cleaned) throw new GuestkitServerError('invalid_file_name');
  if (WINDOWS_RESERVED.test(cleaned.normalize('NFKC'))) cleaned = `_${cleaned}`;
  if (cleaned.length > MAX_NAME_LENGTH) {
    const dot = cleaned.lastIndexOf('.');
    const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
    // Cut between characters (never inside an emoji) and without a space or dot left at the cut:
    // the name stays one that cleaning again would keep as it is.
    let stem = cleaned.slice(0, MAX_NAME_LENGTH - ext.length);
    if (/[\ud800-\udbff]$/.test(stem)) stem = stem.slice(0, -1);
    cleaned = stem.replace(/[.\s]+$/, '') + ext;
  }
  return cleaned;
}

/** A `Content-Disposition` value with an ASCII fallback and the UTF-8 name (RFC 6266 / 8187). */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  // What NFKD makes of some letters (U+2025 → "..", U+FF0F → "/") must not give a path in the fallback.
  let ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\;/]|\.\.+/g, '_').trim();
  // A name with nothing ASCII left but its extension still gets a readable fallback.
  if (!ascii || ascii.startsWith('.')) ascii = `download${ascii}`;
  const encoded = encodeURIComponent(name.replace(LONE_SURROGATE, '\ufffd')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
