/** Stamping a recipient's e-mail address on every page of a PDF (pdf-lib, loaded when first needed). */
import { domainToASCII } from 'node:url';

const NOT_WIN_ANSI = /[^\x20-\x7e\xa0-\xff]/;

/**
 * What Helvetica can draw of `address`: only WinAnsi characters. An address is kept as Unicode
 * (`ana@пример.рф`, see core/email.ts); when its domain has letters beyond WinAnsi, the domain is
 * stamped as punycode, which still names the mailbox, where "?" in its place would not. Anything
 * else outside WinAnsi becomes "?" rather than failing the share.
 */
function drawable(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = address.slice(at + 1);
  const ascii = at >= 0 && NOT_WIN_ANSI.test(domain) ? domainToASCII(domain) : '';
  return (ascii ? `${address.slice(0, at)}@${ascii}` : address).replace(new RegExp(NOT_WIN_ANSI, 'g'), '?');
}

/** What `watermarkPdf` throws for a PDF it cannot write into: an encrypted (password-protected) one. */
export class EncryptedPdfError extends Error {
  override readonly name = 'EncryptedPdfError';
}

/** Returns a copy of `pdf` with `text` across each page and in its footer. */
export async function watermarkPdf(pdf: Uint8Array, text: string): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts, degrees, rgb } = await import('pdf-lib');
  // Loaded even when encrypted, to tell that case apart (pdf-lib's own refusal is a plain Error).
  const doc = await PDFDocument.load(pdf, { ignoreEncryption: true });
  if (doc.isEncrypted) throw new EncryptedPdfError('the PDF is encrypted');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const label = drawable(text);
  for (const page of doc.getPages()) {
    const { width, height } = page.getSize();
    const size = Math.max(18, Math.min(width, height) / 14);
    const textWidth = font.widthOfTextAtSize(label, size);
    page.drawText(label, {
      x: width / 2 - (textWidth / 2) * Math.cos(Math.PI / 4),
      y: height / 2 - (textWidth / 2) * Math.sin(Math.PI / 4),
      size,
      font,
      color: rgb(0.55, 0.55, 0.55),
      opacity: 0.25,
      rotate: degrees(45),
    });
    page.drawText(label, { x: 24, y: 14, size: 8, font, color: rgb(0.4, 0.4, 0.4), opacity: 0.8 });
  }
  return doc.save();
}
