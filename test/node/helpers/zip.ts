/** A minimal zip writer for tests: stored (uncompressed) entries, in the order given; and Office files built with it. */
import { randomBytes } from 'node:crypto';

/** One zip entry: its path inside the archive and its bytes. */
export interface ZipEntry {
  name: string;
  data: Uint8Array | string;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** The CRC-32 (IEEE) that zip stores per entry. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// 1 January 2026, 00:00 in MS-DOS date/time format, so every archive is byte-for-byte the same.
const DOS_TIME = 0;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;

/**
 * A real zip archive (local headers, central directory, end record) of STORED entries, written in
 * the given order — enough for file-type, `unzip -t` and Office to read.
 * @example zipStored([{ name: 'a.txt', data: 'hello' }])
 */
export function zipStored(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data);
    const crc = crc32(data);

    // The fields local and central headers share, from "version needed" to the name's length.
    const shared = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at); // version needed: 2.0
      header.writeUInt16LE(0x0800, at + 2); // flags: names are UTF-8
      header.writeUInt16LE(0, at + 4); // method: stored
      header.writeUInt16LE(DOS_TIME, at + 6);
      header.writeUInt16LE(DOS_DATE, at + 8);
      header.writeUInt32LE(crc, at + 10);
      header.writeUInt32LE(data.length, at + 14); // compressed size
      header.writeUInt32LE(data.length, at + 18); // size
      header.writeUInt16LE(name.length, at + 22);
    };

    const local = Buffer.alloc(30); // extra field length stays 0
    local.writeUInt32LE(0x04034b50, 0);
    shared(local, 4);
    locals.push(local, name, data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    shared(central, 6);
    // extra, comment, disk number, internal and external attributes stay 0
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The content type of a Word document. */
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** The content type of an Excel workbook. */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE_DOCUMENT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';

/** `[Content_Types].xml` naming the package's main part. */
const contentTypes = (part: string, mainType: string): string =>
  `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/>' +
  `<Override PartName="/${part}" ContentType="${mainType}"/></Types>`;
const rootRels = (part: string): string => `${XML}<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE_DOCUMENT}" Target="${part}"/></Relationships>`;

/** More than the 4100 bytes the adapter's first sniff reads: a thumbnail as LibreOffice or Word may write first. */
export const thumbnail = (): ZipEntry => ({ name: 'docProps/thumbnail.jpeg', data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(12_000)]) });

/** A Word document laid out as LibreOffice writes it: thumbnail (or `first`) first, `[Content_Types].xml` last. */
export function docxWithLateContentTypes(first: ZipEntry = thumbnail()): Buffer {
  return zipStored([
    first,
    { name: '_rels/.rels', data: rootRels('word/document.xml') },
    { name: 'word/document.xml', data: `${XML}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Vollmacht</w:t></w:r></w:p></w:body></w:document>` },
    { name: '[Content_Types].xml', data: contentTypes('word/document.xml', `${DOCX}.main+xml`) },
  ]);
}

/** An Excel workbook whose custom XML parts come before `[Content_Types].xml` and `xl/`. */
export function xlsxAfterCustomXml(): Buffer {
  const item = `${XML}<root>${'<Belegnummer>2026-0001</Belegnummer>'.repeat(200)}</root>`;
  return zipStored([
    { name: 'customXml/item1.xml', data: item },
    { name: '[Content_Types].xml', data: contentTypes('xl/workbook.xml', `${XLSX}.main+xml`) },
    { name: '_rels/.rels', data: rootRels('xl/workbook.xml') },
    { name: 'xl/workbook.xml', data: `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Umsätze" sheetId="1"/></sheets></workbook>` },
    { name: 'xl/worksheets/sheet1.xml', data: `${XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>` },
  ]);
}

/** A macro-enabled workbook (what Excel saves as `.xlsm`: its main part typed so, a VBA project beside it). */
export function xlsmWorkbook(): Buffer {
  return zipStored([
    { name: '[Content_Types].xml', data: contentTypes('xl/workbook.xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml') },
    { name: '_rels/.rels', data: rootRels('xl/workbook.xml') },
    { name: 'xl/workbook.xml', data: `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Kasse" sheetId="1"/></sheets></workbook>` },
    { name: 'xl/vbaProject.bin', data: randomBytes(2000) },
  ]);
}
