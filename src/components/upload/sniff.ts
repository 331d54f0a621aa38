/**
 * A small magic-byte sniffer for the widget's check before upload. The server decides for real
 * (it sniffs the bytes it received); this only spares the visitor a pointless upload and gives
 * the reason at once. Like the server, it never trusts the name or the browser's claimed type.
 */

/** How many leading bytes `sniffType` looks at. */
export const SNIFF_BYTES = 4096;

/** Content types that only a zip container can carry (Office Open XML, OpenDocument, zip). */
const ZIP_FAMILY = /^application\/(zip|x-zip-compressed|vnd\.openxmlformats-officedocument\.|vnd\.oasis\.opendocument\.)/;

/**
 * ISO media (`ftyp`) major brands that are still images, named as the server's sniffer
 * (file-type) names them: `mif1` is HEIF and `heic` HEIC, which the server tells apart, and image
 * sequences are types of their own. Other brands (`heim`, `heis`…) the server reads as video.
 */
const IMAGE_BRANDS: Record<string, string> = {
  heic: 'image/heic',
  heix: 'image/heic',
  hevc: 'image/heic-sequence',
  hevx: 'image/heic-sequence',
  mif1: 'image/heif',
  msf1: 'image/heif-sequence',
  avif: 'image/avif',
  avis: 'image/avif',
};

const ascii = (bytes: Uint8Array, from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  return signature.every((byte, i) => bytes[at + i] === byte);
}

/**
 * Text in any ASCII-compatible encoding (UTF-8, or Windows-1252 as German Excel writes CSV): no
 * control bytes but tab, line feed, form feed and carriage return. The same test the server applies.
 */
function looksLikeText(bytes: Uint8Array): boolean {
  for (const b of bytes) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) return false;
  return bytes.length > 0;
}

/** Text whose first lines split into the same number (> 1) of fields on `,`, `;` or a tab. */
function looksLikeCsv(text: string): boolean {
  const lines = text.split(/\r?\n/).slice(0, 10).filter((line) => line.length > 0);
  if (lines.length < 2) return false;
  // The last line may be cut off by the sniff window.
  const whole = lines.length > 2 ? lines.slice(0, -1) : lines;
  return [',', ';', '\t'].some((sep) => {
    const counts = whole.map((line) => line.split(sep).length);
    return counts[0]! > 1 && counts.every((n) => n === counts[0]);
  });
}

/**
 * The content type the first bytes of a file show, or `undefined` when nothing matches (unknown
 * binary data). Recognises PDF, JPEG, PNG, GIF, WebP, HEIC/HEIF/AVIF, TIFF, zip containers
 * (`application/zip`: DOCX, XLSX, ODT… are zip files), compound files (`application/x-cfb`:
 * legacy Word and Excel, password-protected DOCX and XLSX), executables (ELF, Windows PE, Mach-O,
 * reported so they can be refused by name), and UTF-8 text (`text/csv` when it looks tabular).
 *
 * @example
 * ```ts
 * sniffType(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer())); // 'application/pdf'
 * ```
 */
export function sniffType(bytes: Uint8Array): string | undefined {
  if (ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (/^GIF8[79]a$/.test(ascii(bytes, 0, 6))) return 'image/gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brand = IMAGE_BRANDS[ascii(bytes, 8, 12)];
    if (brand) return brand;
  }
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'application/x-cfb';
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'application/x-elf';
  // "MZ" begins Windows programs, and the odd line of text ("MZ-Kosten;…"), which holds no control bytes.
  if (startsWith(bytes, [0x4d, 0x5a]) && !looksLikeText(bytes)) return 'application/x-msdownload';
  if ([[0xcf, 0xfa, 0xed, 0xfe], [0xce, 0xfa, 0xed, 0xfe], [0xfe, 0xed, 0xfa, 0xcf], [0xca, 0xfe, 0xba, 0xbe]].some((sig) => startsWith(bytes, sig))) {
    return 'application/x-mach-binary';
  }
  if (bytes.length > 0 && looksLikeText(bytes)) {
    return looksLikeCsv(new TextDecoder().decode(bytes)) ? 'text/csv' : 'text/plain';
  }
  return undefined;
}

/**
 * The family a content type belongs to for matching a sniffed type against an allowed one:
 * every zip container is `zip` (the first bytes cannot tell DOCX from XLSX), every compound file
 * `cfb` (legacy Word and Excel), all text is
 * `text` (the name decides between CSV and plain text, as on the server), HEIC and HEIF are `heif`
 * (either name fits either type; the type itself must be allowed as it is, see {@link typeAllowed}).
 */
export function typeFamily(type: string): string {
  if (ZIP_FAMILY.test(type)) return 'zip';
  if (/^application\/(x-cfb|msword|vnd\.ms-excel)$/.test(type)) return 'cfb';
  if (type.startsWith('text/')) return 'text';
  if (type === 'image/heic' || type === 'image/heif') return 'heif';
  return type;
}

/**
 * The type family (see {@link typeFamily}) a file name's extension promises, where we know one;
 * extensions lower-case, with the dot.
 */
const EXTENSION_FAMILIES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.heic': 'heif',
  '.heif': 'heif',
  '.avif': 'image/avif',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.zip': 'zip',
  '.doc': 'cfb',
  '.xls': 'cfb',
  '.docx': 'zip',
  '.xlsx': 'zip',
  '.pptx': 'zip',
  '.odt': 'zip',
  '.ods': 'zip',
  '.odp': 'zip',
  '.txt': 'text',
  '.csv': 'text',
};

/** A file name's extension, lower-case with the dot (`'.pdf'`), or `''`. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/**
 * Whether a file may be uploaded as far as the browser can tell: its extension is one the request
 * accepts, its bytes are of an allowed type, and the bytes are what the extension promises (a
 * `.pdf` that is really an executable fails here).
 *
 * @param name - The file's name.
 * @param head - Its first {@link SNIFF_BYTES} bytes.
 * @param allowedTypes - The request's allowed content types; empty means any.
 * @param accept - The request's allowed extensions (`['.pdf', …]`); empty means any.
 */
export function typeAllowed(name: string, head: Uint8Array, allowedTypes: readonly string[], accept: readonly string[]): boolean {
  const extension = extensionOf(name);
  if (accept.length > 0 && !accept.includes(extension)) return false;
  if (allowedTypes.length === 0) return true;
  const promised = EXTENSION_FAMILIES[extension];
  const type = sniffType(head) ?? 'application/octet-stream';
  const sniffed = typeFamily(type);
  // A password-protected DOCX or XLSX is a compound file, as a .doc or .xls is: the server tells them apart.
  const family = sniffed === 'cfb' && promised === 'zip' ? 'zip' : sniffed;
  // The server tells HEIC from HEIF by the brand, as sniffType does: an allowed `image/heic` takes
  // no `mif1` image (`image/heif`), so only the name is shared.
  if (!allowedTypes.some((allowed) => (family === 'heif' ? allowed === type : typeFamily(allowed) === family))) return false;
  return promised === undefined || promised === family;
}
