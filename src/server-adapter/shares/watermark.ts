/** Stamping a recipient's e-mail address on every page of a PDF (pdf-lib, loaded when first needed). */

// Helvetica can only draw WinAnsi characters; anything else becomes "?" rather than failing the share.
const winAnsi = (text: string): string => text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

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
  const label = winAnsi(text);
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
