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
/** The marker after a chain's last sector. */
const END_OF_CHAIN = 0xfffffffe;
/** A directory of 64 sectors names at least 256 entries; Office's documents have a few dozen. */
const MAX_DIRECTORY_SECTORS = 64;
const ENTRY_BYTES = 128;
const UTF16 = new TextDecoder('utf-16le');

/** The Office Open XML type a password-protected file is, by its name (the package inside is encrypted). */
const ENCRYPTED_PACKAGE_TYPES: Record<string, string> = {
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/**
 * The names of the storages and streams in a compound file (all levels, upper-cased: names in a
 * compound file compare without regard to case, and Office finds `_vba_project_cur` as it finds
 * `_VBA_PROJECT_CUR`), or `undefined` for bytes that are no compound file or whose directory
 * cannot be read to its end: a chain that breaks off, loops, or runs past {@link MAX_DIRECTORY_SECTORS}.
 */
export async function compoundFileEntries(read: ReadBytes, size: number): Promise<Set<string> | undefined> {
  const header = await read(0, 512);
  if (header.length < 512 || !SIGNATURE.every((byte, i) => header[i] === byte)) return undefined;
  const view = new DataView(header.buffer, header.byteOffset, 512);
  const shift = view.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return undefined;
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
  /** The sector after `id` in its chain (`END_OF_CHAIN` after the last), or `undefined` where the table cannot say. */
  const following = async (id: number): Promise<number | undefined> => {
    const fatSector = await fatSectorAt(Math.floor(id / idsPerSector));
    const table = fatSector === undefined || fatSector >= MAX_SECTOR_ID ? undefined : await sector(fatSector);
    return table?.getUint32((id % idsPerSector) * 4, true);
  };

  const names = new Set<string>();
  let id: number | undefined = view.getUint32(0x30, true);
  for (let sectors = 0; id !== END_OF_CHAIN; sectors++) {
    const directory = id === undefined || sectors === MAX_DIRECTORY_SECTORS ? undefined : await sector(id);
    if (!directory) return undefined;
    for (let at = 0; at < sectorSize; at += ENTRY_BYTES) {
      const nameBytes = directory.getUint16(at + 0x40, true);
      const kind = directory.getUint8(at + 0x42);
      // Storages (1), streams (2) and the root (5), with a name of 1–31 characters and its terminator.
      if (![1, 2, 5].includes(kind) || nameBytes < 4 || nameBytes > 64 || nameBytes % 2 !== 0) continue;
      names.add(UTF16.decode(new Uint8Array(directory.buffer, directory.byteOffset + at, nameBytes - 2)).toUpperCase());
    }
    id = await following(id!);
  }
  return names;
}

/** The streams that make a compound file a legacy document, and the type each gives (none for PowerPoint). */
const DOCUMENT_STREAMS: Record<string, string> = {
  WORDDOCUMENT: 'application/msword',
  WORKBOOK: 'application/vnd.ms-excel',
  BOOK: 'application/vnd.ms-excel',
  'POWERPOINT DOCUMENT': COMPOUND_FILE,
};
/** Entries of VBA projects (Word's `Macros`, Excel's `_VBA_PROJECT_CUR`, and what they hold). */
const MACRO_ENTRIES = ['MACROS', '_VBA_PROJECT_CUR', '_VBA_PROJECT', 'VBA', 'PROJECT', 'PROJECTWM'];

/**
 * The type of a compound file from the entries it holds and, for a password-protected Office Open
 * XML file, its name:
 * - `application/msword` (a `WordDocument` stream) or `application/vnd.ms-excel` (`Workbook`, or
 *   `Book` from Excel 5): a legacy document of one kind, without VBA macros;
 * - the `.docx`/`.xlsx`/`.pptx` type for an encrypted package (`EncryptionInfo` and
 *   `EncryptedPackage`, and nothing of a legacy document besides) named so: what the package
 *   holds cannot be read without the password, so its name says which;
 * - else {@link COMPOUND_FILE}, also for a legacy document carrying VBA macros (a `Macros`,
 *   `_VBA_PROJECT_CUR`, `VBA` or `PROJECT` entry, in any case): it is not the plain document its
 *   name promises, as a `.docm` is no `.docx`. Excel 4 (XLM) macros live inside the `Workbook`
 *   stream, which is never read: a firm that allows `.xls` takes those.
 * A directory that cannot be read to its end is {@link COMPOUND_FILE}: what it hides is unknown.
 */
export async function compoundFileType(read: ReadBytes, size: number, name: string): Promise<string> {
  const entries = await compoundFileEntries(read, size);
  if (!entries || MACRO_ENTRIES.some((entry) => entries.has(entry))) return COMPOUND_FILE;
  const kinds = new Set(Object.keys(DOCUMENT_STREAMS).filter((stream) => entries.has(stream)).map((stream) => DOCUMENT_STREAMS[stream]!));
  const encrypted = entries.has('ENCRYPTEDPACKAGE') && entries.has('ENCRYPTIONINFO');
  if (kinds.size === 0) return (encrypted && ENCRYPTED_PACKAGE_TYPES[extensionOf(name)]) || COMPOUND_FILE;
  // A document of one kind, and nothing that claims to be an encrypted package as well.
  return kinds.size === 1 && !entries.has('ENCRYPTEDPACKAGE') ? [...kinds][0]! : COMPOUND_FILE;
}
