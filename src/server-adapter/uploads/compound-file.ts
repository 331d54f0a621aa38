/**
 * Telling Office files apart that come in a compound file (OLE2, "CFB": the bytes begin
 * `D0 CF 11 E0 A1 B1 1A E1`): legacy Word (`.doc`) and Excel (`.xls`) documents, and
 * password-protected Office Open XML (`.docx`, `.xlsx`, `.pptx`), which Office encrypts into a
 * compound file holding `EncryptionInfo` and `EncryptedPackage` (ECMA-376 part 2 / MS-OFFCRYPTO).
 * file-type names all of them `application/x-cfb`; the names of the streams inside tell them apart.
 *
 * Only the directory is read (its sectors found through the allocation table), never a stream's
 * content, and reads are bounded: a few sectors whatever the file's size.
 */
import { extensionOf } from './content-types.js';

/** Reads up to `length` bytes at `offset` (fewer at the end of the file). */
export type ReadBytes = (offset: number, length: number) => Promise<Uint8Array>;

/** What file-type calls a compound file it cannot name further. */
export const COMPOUND_FILE = 'application/x-cfb';

const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Sector ids from here up are markers (free, end of chain, FAT, DIFAT), not sectors. */
const MAX_SECTOR_ID = 0xfffffffa;
/** A directory of 64 sectors names at least 256 entries; Office's documents have a few dozen. */
const MAX_DIRECTORY_SECTORS = 64;
const ENTRY_BYTES = 128;

/** The Office Open XML type a password-protected file is, by its name (the package inside is encrypted). */
const ENCRYPTED_PACKAGE_TYPES: Record<string, string> = {
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/**
 * The names of the storages and streams in a compound file (all levels), or an empty set for
 * bytes that are no compound file or whose directory cannot be followed.
 */
export async function compoundFileEntries(read: ReadBytes, size: number): Promise<Set<string>> {
  const names = new Set<string>();
  const header = await read(0, 512);
  if (header.length < 512 || !SIGNATURE.every((byte, i) => header[i] === byte)) return names;
  const view = new DataView(header.buffer, header.byteOffset, 512);
  const shift = view.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return names;
  const sectorSize = 2 ** shift;
  const idsPerSector = sectorSize / 4;
  // Sectors after the header; some writers cut the last one short, which reads as zeros.
  const sectorCount = Math.ceil(size / sectorSize) - 1;
  const sector = async (id: number): Promise<DataView | undefined> => {
    if (id >= sectorCount) return undefined;
    const bytes = await read((id + 1) * sectorSize, sectorSize);
    if (bytes.length === 0) return undefined;
    const whole = bytes.length === sectorSize ? bytes : new Uint8Array(sectorSize);
    if (whole !== bytes) whole.set(bytes);
    return new DataView(whole.buffer, whole.byteOffset, sectorSize);
  };

  // Where the allocation table's sectors are: 109 in the header, the rest in a chain of DIFAT sectors.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(view.getUint32(0x4c + i * 4, true));
  let difat = view.getUint32(0x44, true);
  const fatSectorAt = async (index: number): Promise<number | undefined> => {
    while (index >= fatSectors.length && difat < MAX_SECTOR_ID) {
      const next = await sector(difat);
      if (!next) return undefined;
      for (let i = 0; i < idsPerSector - 1; i++) fatSectors.push(next.getUint32(i * 4, true));
      difat = next.getUint32(sectorSize - 4, true);
    }
    return fatSectors[index];
  };
  const following = async (id: number): Promise<number> => {
    const fatSector = await fatSectorAt(Math.floor(id / idsPerSector));
    const table = fatSector === undefined || fatSector >= MAX_SECTOR_ID ? undefined : await sector(fatSector);
    return table ? table.getUint32((id % idsPerSector) * 4, true) : MAX_SECTOR_ID;
  };

  let id = view.getUint32(0x30, true);
  for (let sectors = 0; id < MAX_SECTOR_ID && sectors < MAX_DIRECTORY_SECTORS; sectors++) {
    const directory = await sector(id);
    if (!directory) break;
    for (let at = 0; at < sectorSize; at += ENTRY_BYTES) {
      const nameBytes = directory.getUint16(at + 0x40, true);
      const kind = directory.getUint8(at + 0x42);
      // Storages (1), streams (2) and the root (5), with a name of 1–31 characters and its terminator.
      if (![1, 2, 5].includes(kind) || nameBytes < 4 || nameBytes > 64 || nameBytes % 2 !== 0) continue;
      names.add(new TextDecoder('utf-16le').decode(new Uint8Array(directory.buffer, directory.byteOffset + at, nameBytes - 2)));
    }
    id = await following(id);
  }
  return names;
}

/**
 * The type of a compound file from the streams it holds and, for a password-protected Office Open
 * XML file, its name: `application/msword` (a `WordDocument` stream), `application/vnd.ms-excel`
 * (`Workbook`, or `Book` from Excel 5), the `.docx`/`.xlsx`/`.pptx` type for an encrypted package
 * named so, else {@link COMPOUND_FILE}. A legacy document carrying VBA macros (a `Macros` or
 * `_VBA_PROJECT_CUR` storage) stays {@link COMPOUND_FILE}: it is not the plain document its name
 * promises, as a `.docm` is no `.docx`.
 */
export async function compoundFileType(read: ReadBytes, size: number, name: string): Promise<string> {
  const entries = await compoundFileEntries(read, size);
  if (entries.has('EncryptedPackage') && entries.has('EncryptionInfo')) return ENCRYPTED_PACKAGE_TYPES[extensionOf(name)] ?? COMPOUND_FILE;
  if (entries.has('Macros') || entries.has('_VBA_PROJECT_CUR')) return COMPOUND_FILE;
  if (entries.has('WordDocument')) return 'application/msword';
  if (entries.has('Workbook') || entries.has('Book')) return 'application/vnd.ms-excel';
  return COMPOUND_FILE;
}
