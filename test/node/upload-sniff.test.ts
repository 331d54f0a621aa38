/**
 * Type checks on uploads: the widget's pre-upload check (src/components/upload/sniff.ts) on magic
 * bytes, families and lying names, and the adapter's sniff of a finished upload.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatTypes } from '../../src/components/upload/format.js';
import { sniffType, typeAllowed, typeFamily } from '../../src/components/upload/sniff.js';
import { isGuestkitApiError } from '../../src/client/errors.js';
import { COMPOUND_FILE, compoundFileEntries, compoundFileType, inspectCompoundFile } from '../../src/server-adapter/uploads/compound-file.js';
import { DEFAULT_ALLOWED_TYPES, extensionsFor, nameFits, sniffContentType } from '../../src/server-adapter/uploads/content-types.js';
import { createHttpFixture, type HttpFixture } from './helpers/fixture.js';
import { PNG_1X1 } from './helpers/pdf.js';
import { finish, openUploadLink, sha256, tusUpload } from './helpers/uploads.js';
import { withSheet, replaced, renamed, FAT_SECTOR, END_OF_CHAIN, compoundFile, allocationTable, directorySector, EMPTY_GLOBALS, workbookPastItsEnd } from './helpers/compound-files.js';
import { DOCX, docxWithLateContentTypes, thumbnail, XLSX, xlsmWorkbook, xlsxAfterCustomXml, zipStored } from './helpers/zip.js';

/** An Office file from test/fixtures/office (see its README). */
const XLS = 'application/vnd.ms-excel';
const office = (name: string): Buffer => readFileSync(new URL(`../fixtures/office/${name}`, import.meta.url));

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));

const SAMPLES: [string, Uint8Array, string | undefined][] = [
  ['PDF', bytes('%PDF-1.7\n%âãÏÓ'), 'application/pdf'],
  ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'image/jpeg'],
  ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR'), 'image/png'],
  ['GIF', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif'],
  ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
  ['HEIC (iPhone)', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic'), 'image/heic'],
  ['HEIF', bytes([0, 0, 0, 0x18], 'ftypmif1', [0, 0, 0, 0], 'mif1heic'), 'image/heif'],
  ['TIFF (little-endian)', bytes([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]), 'image/tiff'],
  ['TIFF (big-endian)', bytes([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8]), 'image/tiff'],
  ['DOCX (a zip)', bytes('PK', [3, 4, 20, 0, 6, 0], '[Content_Types].xml'), 'application/zip'],
  ['ELF', bytes([0x7f], 'ELF', [2, 1, 1, 0]), 'application/x-elf'],
  ['Windows EXE', bytes('MZ', [0x90, 0, 3, 0]), 'application/x-msdownload'],
  ['Mach-O', bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), 'application/x-mach-binary'],
  ['plain text with umlauts', new TextEncoder().encode('Sehr geehrte Damen und Herren,\nanbei die Unterlagen. Grüße'), 'text/plain'],
  ['CSV whose first word begins with MZ (a Windows program’s magic bytes)', new TextEncoder().encode('MZ-Kosten;Betrag\nMiete;900\nStrom;80\n'), 'text/csv'],
  ['CSV with semicolons', new TextEncoder().encode('Datum;Betrag;Text\n01.02.2026;12,50;Büro\n02.02.2026;8,00;Porto\n'), 'text/csv'],
  ['CSV with commas, last line cut off', new TextEncoder().encode('a,b,c\n1,2,3\n4,5,6\n7,8'), 'text/csv'],
  ['Windows-1252 text (German Excel CSV encoding)', bytes('Gr', [0xfc], [0xdf], 'e'), 'text/plain'],
  ['text with a control byte', bytes('abc', [0x01], 'def'), undefined],
  ['random binary', bytes([0x00, 0x13, 0x37, 0xbe, 0xef]), undefined],
  ['empty', new Uint8Array(), undefined],
];

describe('sniffType', () => {
  for (const [label, head, expected] of SAMPLES) {
    it(`${label} → ${expected ?? 'unknown'}`, () => assert.equal(sniffType(head), expected));
  }
});

describe('typeFamily', () => {
  it('puts zip containers, text and HEIC/HEIF into families', () => {
    assert.equal(typeFamily('application/vnd.openxmlformats-officedocument.wordprocessingml.document'), 'zip');
    assert.equal(typeFamily('application/vnd.oasis.opendocument.text'), 'zip');
    assert.equal(typeFamily('text/csv'), 'text');
    assert.equal(typeFamily('image/heif'), 'heif');
    assert.equal(typeFamily('application/pdf'), 'application/pdf');
  });
});

describe('typeAllowed', () => {
  const allowed = ['application/pdf', 'image/jpeg', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/csv'];
  const accept = ['.pdf', '.jpg', '.jpeg', '.docx', '.csv'];
  const pdf = bytes('%PDF-1.4\n');
  const elf = bytes([0x7f], 'ELF', [2, 1, 1, 0]);

  it('accepts a PDF named .pdf, a DOCX named .docx and a CSV named .csv', () => {
    assert.equal(typeAllowed('Steuerbescheid 2025.PDF', pdf, allowed, accept), true);
    assert.equal(typeAllowed('Vertrag.docx', bytes('PK', [3, 4]), allowed, accept), true);
    assert.equal(typeAllowed('konto.csv', new TextEncoder().encode('a;b\n1;2\n'), allowed, accept), true);
  });

  it('refuses a .pdf that is really an executable', () => {
    assert.equal(typeAllowed('rechnung.pdf', elf, allowed, accept), false);
    assert.equal(typeAllowed('rechnung.pdf', bytes('MZ', [0x90, 0]), allowed, accept), false);
  });

  it('refuses a PDF disguised as a JPEG, and an allowed type under an extension the request does not take', () => {
    assert.equal(typeAllowed('foto.jpg', pdf, allowed, accept), false);
    assert.equal(typeAllowed('scan.pdf.exe', pdf, allowed, accept), false);
  });

  it('refuses types the request does not allow, and unknown binary data', () => {
    assert.equal(typeAllowed('bild.png', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]), allowed, ['.png']), false);
    assert.equal(typeAllowed('daten.pdf', bytes([0, 1, 2, 3]), allowed, accept), false);
  });

  it('lets a password-protected DOCX or XLSX (a compound file) through under its Office name, and legacy Word or Excel only where allowed', () => {
    const compound = bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], [0, 0, 0, 0]);
    assert.equal(sniffType(compound), 'application/x-cfb');
    assert.equal(typeAllowed('Lohnliste.docx', compound, allowed, accept), true);
    assert.equal(typeAllowed('Lohnliste.pdf', compound, allowed, accept), false);
    assert.equal(typeAllowed('Kasse.xls', compound, allowed, [...accept, '.xls']), false);
    const legacy = ['application/msword', 'application/vnd.ms-excel'];
    assert.equal(typeAllowed('Kasse.xls', compound, legacy, ['.doc', '.xls']), true);
    assert.equal(typeAllowed('Kasse.xls', pdf, legacy, ['.doc', '.xls']), false);
  });

  it('names the allowed Office types as people know them, in the visitor’s language', () => {
    const office = ['application/pdf', 'application/msword', 'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'];
    assert.equal(formatTypes(office, 'de'), 'PDF, Word (DOC), Excel (XLS) und PowerPoint (PPTX)');
    assert.equal(formatTypes(office, 'en'), 'PDF, Word (DOC), Excel (XLS), and PowerPoint (PPTX)');
  });

  it('leaves the decision to the extension list alone when the request allows any type', () => {
    assert.equal(typeAllowed('anything.bin', bytes([0, 1, 2]), [], []), true);
  });
});

describe('the adapter sniffs a finished upload', () => {
  let f: HttpFixture;
  before(async () => {
    f = await createHttpFixture();
  });
  after(() => f.close());

  const open = async (allowedTypes: string[]) => {
    const created = await f.gk.uploads.createRequest(f.firmId, { title: 'Unterlagen', uploader: { email: 'bookkeeper@client.example' }, limits: { allowedTypes } });
    return { request: created.request, session: await openUploadLink(f.endpoint, created.link.token) };
  };
  /** Uploads with tus to a new request allowing `allowedTypes`, then finishes the upload as the widget does. */
  const upload = async (allowedTypes: string[], bytes: Buffer, name: string) => {
    const { session, request } = await open(allowedTypes);
    const { id } = await tusUpload(f.endpoint, session, bytes, { name });
    return { request, finishing: () => finish(session, { uploadId: id, sha256: sha256(bytes) }) };
  };
  const refusal = async (promise: Promise<unknown>): Promise<string> => {
    const error = await promise.then(() => null, (e: unknown) => e);
    assert.ok(isGuestkitApiError(error), `expected an API error, got ${String(error)}`);
    return error.code;
  };

  it('regression: a DOCX whose [Content_Types].xml and word/ entries start past byte 4100 is a Word document, not a refused zip', async () => {
    const bytes = docxWithLateContentTypes();
    assert.ok(bytes.indexOf('[Content_Types].xml') > 4100 && bytes.indexOf('word/') > 4100);
    const { finishing } = await upload([DOCX, XLSX], bytes, 'Vollmacht.docx');
    assert.equal((await finishing()).type, DOCX);
  });

  it('regression: an XLSX whose [Content_Types].xml and xl/ entries start past byte 4100 is a workbook, not a refused zip', async () => {
    const bytes = xlsxAfterCustomXml();
    assert.ok(bytes.indexOf('[Content_Types].xml') > 4100 && bytes.indexOf('xl/') > 4100);
    const { finishing } = await upload([DOCX, XLSX], bytes, 'Umsätze 2025.xlsx');
    assert.equal((await finishing()).type, XLSX);
  });

  it('still refuses a plain zip named .docx when only DOCX is allowed, however far the sniff reads', async () => {
    const plain = zipStored([thumbnail(), { name: 'Belege/Rechnung 1.pdf', data: '%PDF-1.7\n' }, { name: 'Belege/liesmich.txt', data: 'Belege 2025' }]);
    const { finishing, request } = await upload([DOCX], plain, 'Vertrag.docx');
    assert.equal(await refusal(finishing()), 'file_type_not_allowed');
    assert.equal((await f.gk.uploads.listFiles(f.firmId, request.id)).length, 0);
    // Directory names alone do not make a Word document: without `[Content_Types].xml` it is a zip.
    const wordFolder = zipStored([thumbnail(), { name: 'word/document.xml', data: '<w:document/>' }]);
    assert.equal(await refusal((await upload([DOCX], wordFolder, 'Vertrag.docx')).finishing()), 'file_type_not_allowed');
  });

  it('refuses bytes of an allowed type under the name of another (HTML or a PNG named .pdf, a PDF named .jpg), with the default types', async () => {
    const lying: [string, Buffer][] = [
      ['Rechnung.pdf', Buffer.from('<!doctype html><html><body><script>alert(1)</script>Rechnung</body></html>\n')],
      ['Rechnung.pdf', PNG_1X1],
      ['Foto.jpg', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n')],
      ['Umsätze.xlsx', Buffer.from('Datum;Betrag\n01.02.2026;12,50\n')],
    ];
    for (const [name, bytes] of lying) {
      const { finishing, request } = await upload(DEFAULT_ALLOWED_TYPES, bytes, name);
      assert.equal(await refusal(finishing()), 'file_type_not_allowed', `${name}: ${bytes.subarray(0, 12).toString('latin1')}`);
      assert.equal((await f.gk.uploads.listFiles(f.firmId, request.id)).length, 0);
    }
    // A JPEG saved by a browser as .jfif is a JPEG.
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), Buffer.from('JFIF'), Buffer.alloc(200, 1)]);
    assert.equal((await (await upload(DEFAULT_ALLOWED_TYPES, jpeg, 'Quittung.jfif')).finishing()).type, 'image/jpeg');
    // Text is what a .txt or .csv promises, whatever it says; HEIC and HEIF take either name.
    const { finishing } = await upload(DEFAULT_ALLOWED_TYPES, Buffer.from('<html>nur Text</html>\n'), 'Notiz.txt');
    assert.equal((await finishing()).type, 'text/plain');
    // Text whose first letters are some format's magic bytes is still text when its name says so.
    for (const line of ['BMW;320d;2019;18.500\nAudi;A4;2020;21.000\n', 'ID3-Nummer;Betrag\n4711;12,50\n', 'MZ-Kosten,Betrag\nMiete,900\n', 'GIF-Lizenz;Betrag\nJahr;49\n']) {
      assert.equal((await (await upload(DEFAULT_ALLOWED_TYPES, Buffer.from(line), 'Fahrzeuge.csv')).finishing()).type, 'text/csv', line);
    }
    const bitmap = Buffer.concat([Buffer.from('BM'), Buffer.from([0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28, 0, 0, 0]), Buffer.alloc(64)]);
    assert.equal(await refusal((await upload(DEFAULT_ALLOWED_TYPES, bitmap, 'Fahrzeuge.csv')).finishing()), 'file_type_not_allowed', 'a real bitmap named .csv');
    const heif = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmif1'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1heic'), Buffer.alloc(64)]);
    assert.equal((await (await upload(DEFAULT_ALLOWED_TYPES, heif, 'IMG_0001.HEIC')).finishing()).type, 'image/heif');
  });

  it('takes password-protected DOCX and XLSX files (compound files holding an encrypted package) as what their names say, with the default types', async () => {
    for (const [fixture, name, type] of [['protected.xlsx', 'Lohnliste 2025.xlsx', XLSX], ['protected.docx', 'Vollmacht.docx', DOCX]] as const) {
      const bytes = office(fixture);
      const { finishing, request } = await upload(DEFAULT_ALLOWED_TYPES, bytes, name);
      const received = await finishing();
      assert.equal(received.type, type, fixture);
      assert.equal(received.sha256, sha256(bytes));
      assert.equal((await f.gk.uploads.listFiles(f.firmId, request.id)).length, 1);
    }
    // Under a name other than an Office Open XML one it is just a compound file, and refused.
    const misnamed = await upload(DEFAULT_ALLOWED_TYPES, office('protected.xlsx'), 'Lohnliste.pdf');
    assert.equal(await refusal(misnamed.finishing()), 'file_type_not_allowed');
    assert.equal((await f.gk.uploads.listFiles(f.firmId, misnamed.request.id)).length, 0);
  });

  it('takes legacy Word and Excel files where the firm allows them, and refuses them by default, under another name, carrying VBA or Excel 4 macros, or protected by a password', async () => {
    const legacy = ['application/msword', 'application/vnd.ms-excel'];
    assert.equal((await (await upload(legacy, office('legacy.doc'), 'Vollmacht.doc')).finishing()).type, 'application/msword');
    assert.equal((await (await upload(legacy, office('legacy.xls'), 'Kasse 2019.xls')).finishing()).type, 'application/vnd.ms-excel');
    assert.equal(await refusal((await upload(legacy, office('legacy.xls'), 'Kasse 2019.doc')).finishing()), 'file_type_not_allowed', 'a workbook named .doc');
    const macros = await upload(legacy, office('macro.xls'), 'Kasse 2019.xls');
    // Refused with the reason, so the uploader knows what to do: save the file without its macros.
    assert.equal(await refusal(macros.finishing()), 'file_has_macros', 'a workbook with a VBA project');
    assert.equal((await f.gk.uploads.listFiles(f.firmId, macros.request.id)).length, 0);
    const xlm = await upload(legacy, withSheet(office('legacy.xls'), 'data', { kind: 1 }), 'Kasse 2020.xls');
    assert.equal(await refusal(xlm.finishing()), 'file_has_macros', 'a workbook with an Excel 4 macro sheet');
    const hidden = await upload(legacy, withSheet(office('legacy.xls'), 'data', { kind: 6, state: 2 }), 'Kasse 2021.xls');
    assert.equal(await refusal(hidden.finishing()), 'file_has_macros', 'a very hidden VBA module');
    // A macro-enabled workbook named as a plain one, with the default types.
    assert.equal(await refusal((await upload(DEFAULT_ALLOWED_TYPES, xlsmWorkbook(), 'Kasse 2022.xlsx')).finishing()), 'file_has_macros', 'an .xlsm named .xlsx');
    assert.equal((await f.gk.uploads.listFiles(f.firmId, xlm.request.id)).length, 0);
    // Refused with the reason: saved without its password, it is taken.
    const locked = await upload(legacy, office('protected.xls'), 'Lohn 2025.xls');
    assert.equal(await refusal(locked.finishing()), 'file_encrypted', 'a password-protected workbook');
    assert.equal((await f.gk.uploads.listFiles(f.firmId, locked.request.id)).length, 0);
    // The advice only where the file so fixed is taken: a firm that asks for PDFs alone gets "not accepted".
    const pdfOnly = ['application/pdf'];
    assert.equal(await refusal((await upload(pdfOnly, office('protected.xls'), 'Lohn 2025.pdf')).finishing()), 'file_type_not_allowed', 'a protected workbook named .pdf');
    assert.equal(await refusal((await upload(pdfOnly, office('macro.xls'), 'Kasse.pdf')).finishing()), 'file_type_not_allowed', 'a workbook with macros named .pdf');
    assert.equal(await refusal((await upload([DOCX], xlsmWorkbook(), 'Kasse 2022.docx')).finishing()), 'file_type_not_allowed', 'an .xlsm where only Word documents are taken');
    // Not among the default types: the creation is refused by its name already.
    const { session } = await open(DEFAULT_ALLOWED_TYPES);
    await assert.rejects(tusUpload(f.endpoint, session, office('legacy.xls'), { name: 'Kasse 2019.xls' }), /415|file_type_not_allowed/);
  });

  it('regression: a 3 KB compound file whose chains run past its end and loop is refused at once, and the adapter answers on (it stalled for a second and ~1 GB per finish)', async () => {
    const hostile = workbookPastItsEnd();
    const legacy = ['application/msword', 'application/vnd.ms-excel'];
    const asWorkbook = await upload(legacy, hostile, 'Kasse 2019.xls');
    assert.equal(await refusal(asWorkbook.finishing()), 'file_type_not_allowed');
    assert.equal((await f.gk.uploads.listFiles(f.firmId, asWorkbook.request.id)).length, 0);
    assert.equal(await refusal((await upload(DEFAULT_ALLOWED_TYPES, hostile, 'Lohnliste 2025.xlsx')).finishing()), 'file_type_not_allowed');
    // The next guest's workbook is taken as before.
    assert.equal((await (await upload(legacy, office('legacy.xls'), 'Kasse 2019.xls')).finishing()).type, XLS);
  });
});

describe('compound files', () => {
  const reader = (bytes: Buffer) => async (offset: number, length: number) => bytes.subarray(offset, offset + length);
  const typeOf = (bytes: Buffer, name: string) => compoundFileType(reader(bytes), bytes.length, name);

  it('names the streams in a compound file, following its directory across sectors', async () => {
    const entries = await compoundFileEntries(reader(office('legacy.doc')), office('legacy.doc').length);
    for (const name of ['ROOT ENTRY', 'WORDDOCUMENT', '1TABLE', '\x05SUMMARYINFORMATION', '\x01COMPOBJ']) assert.ok(entries?.has(name), name);
    assert.ok((await compoundFileEntries(reader(office('protected.xlsx')), office('protected.xlsx').length))?.has('ENCRYPTEDPACKAGE'));
  });

  it('tells legacy Word and Excel, encrypted packages and macros apart, and gives up on what is no compound file', async () => {
    assert.equal(await typeOf(office('legacy.doc'), 'a.doc'), 'application/msword');
    assert.equal(await typeOf(office('legacy.xls'), 'a.xls'), 'application/vnd.ms-excel');
    assert.equal(await typeOf(office('protected.xlsx'), 'a.xlsx'), XLSX);
    assert.equal(await typeOf(office('protected.docx'), 'a.docx'), DOCX);
    assert.equal(await typeOf(office('protected.docx'), 'a.pdf'), COMPOUND_FILE);
    assert.equal(await typeOf(office('macro.xls'), 'a.xls'), COMPOUND_FILE);
    assert.equal(await typeOf(Buffer.from('%PDF-1.7\n'), 'a.doc'), COMPOUND_FILE);
    // Cut off, or a directory pointing past the end: nothing to name, and no read past the bytes given.
    assert.equal(await typeOf(office('legacy.doc').subarray(0, 1024), 'a.doc'), COMPOUND_FILE);
    const pointingAway = Buffer.from(office('legacy.doc'));
    pointingAway.writeUInt32LE(0xfffff0, 0x30);
    assert.equal(await typeOf(pointingAway, 'a.doc'), COMPOUND_FILE);
  });

  it('refuses what hides behind a name: a macro storage in lower case, a legacy document posing as an encrypted package, a directory that loops', async () => {
    // Names compare without regard to case: Office finds `_vba_project_cur` as it finds `_VBA_PROJECT_CUR`.
    assert.equal(await typeOf(renamed(office('macro.xls'), '_VBA_PROJECT_CUR', '_vba_project_cur'), 'Kasse.xls'), COMPOUND_FILE);
    // A workbook (with or without macros) given the two entries of an encrypted package is no protected XLSX.
    const posing = renamed(renamed(office('legacy.xls'), '\x05SummaryInformation', 'EncryptedPackage'), '\x01CompObj', 'EncryptionInfo');
    assert.ok((await compoundFileEntries(reader(posing), posing.length))?.has('ENCRYPTEDPACKAGE'));
    assert.equal(await typeOf(posing, 'Rechnung.xlsx'), COMPOUND_FILE);
    assert.equal(await typeOf(renamed(renamed(office('macro.xls'), '_VBA_PROJECT_CUR', 'EncryptedPackage'), '\x01CompObj', 'EncryptionInfo'), 'Rechnung.xlsx'), COMPOUND_FILE);
    // A directory chain that comes back to its own first sector is never read to its end.
    const looping = Buffer.from(office('legacy.doc'));
    const directory = looping.readUInt32LE(0x30);
    looping.writeUInt32LE(directory, (looping.readUInt32LE(0x4c) + 1) * 512 + directory * 4);
    assert.equal(await compoundFileEntries(reader(looping), looping.length), undefined);
    assert.equal(await typeOf(looping, 'Vertrag.doc'), COMPOUND_FILE);
  });

  it('reads a workbook\'s sheet list: an Excel 4 macro sheet or a VBA module, hidden or not, listed or begun as such, is refused; worksheets and charts are not', async () => {
    for (const [fixture, sheet] of [['legacy.xls', 'data'], ['ledger.xls', 'mid']] as const) {
      // In the mini stream (legacy.xls) and in the file's own sectors (ledger.xls).
      assert.equal(await typeOf(office(fixture), 'Kasse.xls'), 'application/vnd.ms-excel', fixture);
      assert.equal(await typeOf(withSheet(office(fixture), sheet, { kind: 1 }), 'Kasse.xls'), COMPOUND_FILE, `${fixture}: macro sheet`);
      assert.equal(await typeOf(withSheet(office(fixture), sheet, { kind: 1, state: 2 }), 'Kasse.xls'), COMPOUND_FILE, `${fixture}: very hidden macro sheet`);
      assert.equal(await typeOf(withSheet(office(fixture), sheet, { kind: 6 }), 'Kasse.xls'), COMPOUND_FILE, `${fixture}: VBA module`);
      assert.equal(await typeOf(withSheet(office(fixture), sheet, { kind: 3 }), 'Kasse.xls'), COMPOUND_FILE, `${fixture}: a kind of sheet no Excel writes`);
      assert.equal(await typeOf(withSheet(office(fixture), sheet, { kind: 2 }), 'Kasse.xls'), 'application/vnd.ms-excel', `${fixture}: chart sheet`);
      // Listed as a worksheet, begun as a macro sheet (its own BOF: version 0x0600, kind 0x0040).
      assert.equal(await typeOf(replaced(office(fixture), [0x09, 0x08, 0x10, 0, 0, 6, 0x10, 0], [0x09, 0x08, 0x10, 0, 0, 6, 0x40, 0]), 'Kasse.xls'), COMPOUND_FILE, `${fixture}: begun as a macro sheet`);
      // A record claiming to run past the stream's end: the sheet list cannot be read to its end.
      assert.equal(await typeOf(withSheet(office(fixture), sheet, { recordLength: 0xffff }), 'Kasse.xls'), COMPOUND_FILE, `${fixture}: broken sheet list`);
    }
    // A password-protected workbook lists its sheets' kinds encrypted (after `FilePass`), and Excel
    // opens one encrypted with its built-in password without asking: it cannot be checked.
    assert.equal(await typeOf(office('protected.xls'), 'Lohn 2025.xls'), COMPOUND_FILE);
    // Macros are said to be the reason only where they were seen.
    const verdict = (bytes: Buffer) => inspectCompoundFile(reader(bytes), bytes.length, 'Kasse.xls');
    assert.deepEqual(await verdict(office('macro.xls')), { type: COMPOUND_FILE, refusal: { code: 'file_has_macros', fixed: XLS } });
    assert.deepEqual(await verdict(withSheet(office('ledger.xls'), 'mid', { kind: 1 })), { type: COMPOUND_FILE, refusal: { code: 'file_has_macros', fixed: XLS } });
    assert.deepEqual(await verdict(replaced(office('ledger.xls'), [0x09, 0x08, 0x10, 0, 0, 6, 0x10, 0], [0x09, 0x08, 0x10, 0, 0, 6, 0x40, 0])), { type: COMPOUND_FILE, refusal: { code: 'file_has_macros', fixed: XLS } });
    assert.deepEqual(await verdict(withSheet(office('ledger.xls'), 'mid', { kind: 3 })), { type: COMPOUND_FILE });
    assert.deepEqual(await verdict(office('protected.xls')), { type: COMPOUND_FILE, refusal: { code: 'file_encrypted', fixed: XLS } });
    assert.deepEqual(await verdict(office('legacy.xls')), { type: 'application/vnd.ms-excel' });
  });

  it('refuses what reads differently elsewhere: a first entry that is no root, a mini-stream cutoff or mini sector other than the format\'s, an entry with an invalid name', async () => {
    const root = Buffer.from(office('legacy.xls'));
    const directory = (root.readUInt32LE(0x30) + 1) * 512;
    root[directory + 0x42] = 1; // the root entry made a storage
    assert.equal(await typeOf(root, 'Kasse.xls'), COMPOUND_FILE);
    const cutoff = Buffer.from(office('legacy.xls'));
    cutoff.writeUInt32LE(0, 0x38); // every stream then read from the file's sectors, not the mini stream
    assert.equal(await typeOf(cutoff, 'Kasse.xls'), COMPOUND_FILE);
    const miniSector = Buffer.from(office('legacy.xls'));
    miniSector.writeUInt16LE(7, 0x20);
    assert.equal(await typeOf(miniSector, 'Kasse.xls'), COMPOUND_FILE);
    const name = Buffer.from(office('legacy.xls'));
    name.writeUInt16LE(19, directory + 128 + 0x40); // an odd name length on the second entry
    assert.equal(await typeOf(name, 'Kasse.xls'), COMPOUND_FILE);
  });

  it('regression: a 3 KB file whose chain runs past its end, with a DIFAT chain that loops, is refused at once (the reader filled a table of 33.5 million entries, ~1 GB, per file)', async () => {
    const bytes = workbookPastItsEnd();
    const before = process.memoryUsage().heapUsed;
    let heapGrowth = 0;
    const read = async (offset: number, length: number) => {
      heapGrowth = Math.max(heapGrowth, process.memoryUsage().heapUsed - before);
      return bytes.subarray(offset, offset + length);
    };
    // Not the workbook the bytes past the file's end would make of it: what it hides is unknown.
    assert.deepEqual(await inspectCompoundFile(read, bytes.length, 'Kasse.xls'), { type: COMPOUND_FILE });
    assert.equal(await typeOf(bytes, 'Lohnliste.xlsx'), COMPOUND_FILE);
    // Measured at each read: a table read on past the file would be held here, hundreds of MB.
    assert.ok(heapGrowth < 32 * 2 ** 20, `the heap grew by ${Math.round(heapGrowth / 2 ** 20)} MB while reading a 3 KB file`);
  });

  it('regression: a stream whose chain comes back to a sector it passed, or that several entries name, is not read over and over into a workbook', async () => {
    // Sector 2 holds the globals' `BOF` and a record the walk skips to byte 3584; the chain goes on
    // to sector 3 and from there to sector 3 again, so the stream's eighth sector would be sector 3,
    // whose `EOF` would end a plain sheet list.
    const globals = Buffer.alloc(512);
    Buffer.from(EMPTY_GLOBALS.slice(0, 20)).copy(globals);
    globals.writeUInt16LE(0x00e1, 20);
    globals.writeUInt16LE(3584 - 24, 22);
    const end = Buffer.from([0x0a, 0, 0, 0, ...Array(508).fill(0)]);
    const workbook = { name: 'Workbook', start: 2, size: 4096 };
    const directory = directorySector({ start: END_OF_CHAIN, size: 0 }, workbook);
    const empty = (count: number) => Array.from({ length: count }, () => Buffer.alloc(512));
    const looping = compoundFile({ fat: 0, directory: 1 }, [allocationTable({ 0: FAT_SECTOR, 1: END_OF_CHAIN, 2: 3, 3: 3 }), directory, globals, end, ...empty(4)]);
    assert.equal(await typeOf(looping, 'Kasse.xls'), COMPOUND_FILE);
    // Laid out in eight sectors of its own (2 to 9), the same stream is a plain workbook.
    const table: Record<number, number> = { 0: FAT_SECTOR, 1: END_OF_CHAIN, 9: END_OF_CHAIN };
    for (let id = 2; id < 9; id++) table[id] = id + 1;
    const sectors = [allocationTable(table), directory, globals, ...empty(6), end];
    assert.equal(await typeOf(compoundFile({ fat: 0, directory: 1 }, sectors), 'Kasse.xls'), XLS);
    // Named three times in the directory, its sectors would be read once for each name: an 800 KB
    // sheet list named by the 255 entries 64 directory sectors hold took 24 s to read (2047 entries
    // in sectors of 4096 bytes).
    sectors[1] = directorySector({ start: END_OF_CHAIN, size: 0 }, workbook, workbook, { ...workbook, name: 'Book' });
    assert.equal(await typeOf(compoundFile({ fat: 0, directory: 1 }, sectors), 'Kasse.xls'), COMPOUND_FILE);
  });
});

describe('HEIF brands: the widget decides as the server will', () => {
  /** The first bytes of an ISO media file whose major brand is `brand` (compatible brands `mif1heic`, as an iPhone writes). */
  const iso = (brand: string): Uint8Array => bytes([0, 0, 0, 0x18], `ftyp${brand}`, [0, 0, 0, 0], 'mif1heic', Array(40).fill(0));
  const limits = [['application/pdf', 'image/jpeg', 'image/heic'], ['image/heif'], ['image/heic', 'image/heif'], DEFAULT_ALLOWED_TYPES];

  it('regression: a .heic whose major brand is mif1 passed the widget under an allowed image/heic, and the server refused it after the whole upload', async () => {
    for (const brand of ['mif1', 'msf1', 'hevc', 'hevx', 'heic', 'heix', 'heim', 'heis', 'avif']) {
      const head = iso(brand);
      for (const name of ['IMG_0001.heic', 'IMG_0001.HEIF']) {
        const type = await sniffContentType(head, name);
        for (const allowed of limits) {
          const server = allowed.includes(type) && nameFits(name, type);
          assert.equal(typeAllowed(name, head, allowed, []), server, `${brand} named ${name} (${type}) under ${allowed.join(', ')}`);
        }
      }
    }
    assert.equal(typeAllowed('IMG_0001.heic', iso('mif1'), ['application/pdf', 'image/jpeg', 'image/heic'], ['.pdf', '.jpg', '.heic']), false);
  });

  it('regression: an AVIF photo named .avif, where the firm allows image/avif, is taken by the server as by the widget (the server knew no name for it)', async () => {
    const head = iso('avif');
    const type = await sniffContentType(head, 'Foto.avif');
    assert.equal(type, 'image/avif');
    assert.ok(nameFits('Foto.avif', type), 'the name promises the type');
    assert.ok(extensionsFor(['image/avif']).includes('.avif'), 'the picker offers it');
    assert.equal(typeAllowed('Foto.avif', head, ['image/avif'], extensionsFor(['image/avif'])), true);
    assert.ok(!nameFits('Foto.avif', 'image/png') && !nameFits('Foto.png', type), 'and no other');
  });
});
