/**
 * Real files for `<doc-viewer>` tests, built on the server: a 30-page PDF (pdf-lib, each page
 * saying "Seite N von 30" in large type), a large PDF (several MiB, for range streaming), a
 * password-protected PDF (a fixture), a small PNG (encoded here), and a text file.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { concatTransformationMatrix, drawObject, PDFDocument, popGraphicsState, pushGraphicsState, rgb, StandardFonts } from 'pdf-lib';
import type { Locale, StepUpInput } from '../../../src/protocol/index.js';
import type { Guestkit } from '../../../src/server-adapter/index.js';

/** The kinds of document `POST /__test/shares` builds. */
export type SeedDocumentKind = 'pdf30' | 'pdfLarge' | 'pdfProtected' | 'pdfDamaged' | 'image' | 'text';

/** A PDF of `pages` A4 pages, each with "Seite N von <pages>" large enough to see on any canvas. */
export async function pagesPdf(pages = 30): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.HelveticaBold);
  const body = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`Seite ${n} von ${pages}`, { x: 60, y: 700, size: 48, font, color: rgb(0.05, 0.1, 0.3) });
    page.drawRectangle({ x: 60, y: 660, width: 475, height: 8, color: rgb(0.1, 0.35, 0.75) });
    for (let line = 0; line < 12; line++) {
      page.drawText(`Zeile ${line + 1}: Kaufvertrag, Anlage ${n}.`, { x: 60, y: 600 - line * 30, size: 16, font: body });
    }
  }
  return doc.save();
}

/** The side, in pixels, of each page's noise picture in {@link largePdf} (RGB, 8 bits: 192 KiB raw). */
const NOISE_SIDE = 256;

/**
 * A PDF of `pages` A4 pages, each saying "Seite N von <pages>" above a picture of random noise
 * stored raw (no filter, and nothing a filter could shrink), so the file is large — 32 pages make
 * ≈ 6 MiB — and each page's bytes are its own: a viewer that fetches by range needs a small part
 * of the file for any one page.
 */
export async function largePdf(pages = 32): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.HelveticaBold);
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`Seite ${n} von ${pages}`, { x: 60, y: 700, size: 48, font, color: rgb(0.05, 0.1, 0.3) });
    const noise = doc.context.stream(randomBytes(NOISE_SIDE * NOISE_SIDE * 3), {
      Type: 'XObject',
      Subtype: 'Image',
      Width: NOISE_SIDE,
      Height: NOISE_SIDE,
      ColorSpace: 'DeviceRGB',
      BitsPerComponent: 8,
    });
    const name = page.node.newXObject('Noise', doc.context.register(noise));
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(475, 0, 0, 475, 60, 150), drawObject(name), popGraphicsState());
  }
  return doc.save();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A `width`×`height` RGB PNG with a colour gradient (a real, decodable image). */
export function gradientPng(width = 96, height = 64): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1); // filter byte 0, then pixels
    for (let x = 0; x < width; x++) rows.set([Math.round((x / width) * 255), Math.round((y / height) * 255), 160], row + 1 + x * 3);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', new Uint8Array())]);
}

/** The bytes and a default name for a seeded document. */
export async function seedDocument(kind: SeedDocumentKind): Promise<{ name: string; body: Uint8Array }> {
  switch (kind) {
    case 'pdf30':
      return { name: 'Kaufvertrag.pdf', body: await pagesPdf(30) };
    case 'pdfLarge':
      return { name: 'Bauakte.pdf', body: await largePdf(32) };
    case 'pdfProtected': // two pages, password `Steuer-2025` (test/fixtures/README.md)
      return { name: 'Lohnabrechnung.pdf', body: readFileSync(new URL('../../fixtures/protected.pdf', import.meta.url)) };
    case 'pdfDamaged': // a PDF header, then nothing pdf.js can read: a damaged file
      return { name: 'Beschädigt.pdf', body: new TextEncoder().encode(`%PDF-1.7\n${'Diese Datei ist beschädigt. '.repeat(80)}\n`) };
    case 'image':
      return { name: 'Grundriss.png', body: gradientPng() };
    case 'text':
      return { name: 'Notizen.txt', body: new TextEncoder().encode('Notizen zum Kaufvertrag\nBitte bis Freitag prüfen.\n') };
  }
}

/** What `POST /__test/shares` accepts. */
export interface SeedShareRequest {
  documents: { kind: SeedDocumentKind; name?: string }[];
  /**
   * Each recipient's link expires `expiresInSeconds` from the server's clock, or at the instant
   * `expiresAt` (ISO 8601; it must be in the future).
   */
  recipients: ({ email: string; locale?: Locale } & ({ expiresInSeconds: number } | { expiresAt: string }))[];
  allowDownload?: boolean;
  watermark?: boolean;
  /** Lock the documents until an invoice is paid. */
  locked?: boolean;
  /** Every recipient must also give an access code, or a code mailed to them (`email_otp`). */
  stepUp?: StepUpInput;
  title?: string;
  message?: string;
}

/** What `POST /__test/shares` answers. */
export interface SeedShareResponse {
  shareId: string;
  /** One link token per recipient, in the order given. */
  tokens: string[];
  emails: string[];
  documents: { id: string; name: string; type: string; size: number; sha256: string }[];
}

/**
 * Builds the documents, adds them with `gk.documents.add`, and shares them (no mail: tests read
 * the outbox for what the widget triggers). `now` is the server clock; `n` makes the title unique.
 */
export async function createSeedShare(gk: Guestkit, firmId: string, input: SeedShareRequest, { n, now }: { n: number; now: number }): Promise<SeedShareResponse> {
  const documents = [];
  for (const wanted of input.documents) {
    const built = await seedDocument(wanted.kind);
    const added = await gk.documents.add(firmId, { name: wanted.name ?? built.name, body: built.body });
    documents.push({ id: added.id, name: added.name, type: added.type, size: added.size, sha256: added.sha256 });
  }
  const { share, links } = await gk.shares.create(firmId, {
    title: input.title ?? `Unterlagen zum Kaufvertrag ${n}`,
    ...(input.message === undefined ? {} : { message: input.message }),
    documentIds: documents.map((document) => document.id),
    recipients: input.recipients.map((recipient) => ({
      email: recipient.email,
      expiresAt: 'expiresAt' in recipient ? recipient.expiresAt : new Date(now + recipient.expiresInSeconds * 1000).toISOString(),
      ...(recipient.locale ? { locale: recipient.locale } : {}),
    })),
    ...(input.allowDownload === undefined ? {} : { allowDownload: input.allowDownload }),
    ...(input.watermark ? { watermark: true } : {}),
    ...(input.locked ? { lockedUntilPaid: { invoiceId: `inv-${n}` } } : {}),
    ...(input.stepUp ? { stepUp: input.stepUp } : {}),
    send: false,
  });
  const byEmail = new Map(links.map((link) => [link.email, link.token]));
  const emails = input.recipients.map((recipient) => recipient.email.toLowerCase());
  return { shareId: share.id, tokens: emails.map((email) => byEmail.get(email) ?? ''), emails, documents };
}
