/** Browser-side helpers for upload tests: files with known content, their SHA-256, and drag and drop. */

const PIECE = 64 * 1024;

/** A file of `size` random bytes (filled 64 KiB at a time: `getRandomValues` takes at most 64 KiB). */
export function randomFile(size: number, name: string, type = 'application/pdf', prefix?: Uint8Array): File {
  const bytes = new Uint8Array(size);
  for (let offset = 0; offset < size; offset += PIECE) crypto.getRandomValues(bytes.subarray(offset, Math.min(size, offset + PIECE)));
  if (prefix) bytes.set(prefix);
  return new File([bytes], name, { type, lastModified: Date.now() });
}

/** A small file that starts with the PDF signature. */
export function pdfFile(name = 'Rechnung.pdf', size = 2048): File {
  return randomFile(size, name, 'application/pdf', new TextEncoder().encode('%PDF-1.7\n'));
}

/** A file named `.pdf` whose bytes are an ELF executable. */
export function elfAsPdf(name = 'rechnung.pdf'): File {
  return randomFile(4096, name, 'application/pdf', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
}

/** A small PNG-signature file. */
export function pngFile(name = 'foto.png'): File {
  return randomFile(2048, name, 'image/png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

/** Hex SHA-256 of a file, by Web Crypto (one shot). */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Drags `files` onto `target` as a browser does: dragenter, dragover, drop, with a real DataTransfer. */
export function dropFiles(target: Element, files: File[]): { accepted: boolean } {
  const data = new DataTransfer();
  for (const file of files) data.items.add(file);
  const init = { bubbles: true, composed: true, cancelable: true, dataTransfer: data };
  target.dispatchEvent(new DragEvent('dragenter', init));
  const over = new DragEvent('dragover', init);
  target.dispatchEvent(over);
  target.dispatchEvent(new DragEvent('drop', init));
  return { accepted: over.defaultPrevented };
}

/** Puts `files` into a file input as the picker would, and fires `change`. */
export function pickFiles(input: HTMLInputElement, files: File[]): void {
  const data = new DataTransfer();
  for (const file of files) data.items.add(file);
  input.files = data.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/**
 * A real (stored, uncompressed) zip archive holding one text file — a zip, but not a DOCX: the
 * widget's sniff (zip family) lets it through as `.docx`, the server's content check does not.
 */
export function plainZip(name = 'Vertrag.docx'): File {
  const encoder = new TextEncoder();
  const entry = encoder.encode('hello.txt');
  const content = encoder.encode('Hallo, das ist kein Word-Dokument.\n');
  const local = new Uint8Array(30 + entry.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(4, 10, true);
  lv.setUint32(18, content.length, true);
  lv.setUint32(22, content.length, true);
  lv.setUint16(26, entry.length, true);
  local.set(entry, 30);
  const central = new Uint8Array(46 + entry.length);
  const cv = new DataView(central.buffer);
  cv.setUint32(0, 0x02014b50, true);
  cv.setUint16(4, 20, true);
  cv.setUint16(6, 10, true);
  cv.setUint32(20, content.length, true);
  cv.setUint32(24, content.length, true);
  cv.setUint16(28, entry.length, true);
  central.set(entry, 46);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, 1, true);
  ev.setUint16(10, 1, true);
  ev.setUint32(12, central.length, true);
  ev.setUint32(16, local.length + content.length, true);
  return new File([local, content, central, end], name, { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
}
