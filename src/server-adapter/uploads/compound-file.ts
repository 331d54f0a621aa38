/**
 * Telling Office files apart that come in a compound file (OLE2, "CFB": the bytes begin
 * `D0 CF 11 E0 A1 B1 1A E1`): legacy Word (`.doc`) and Excel (`.xls`) documents, and
 * password-protected Office Open XML (`.docx`, `.xlsx`, `.pptx`), which Office encrypts into a
 * compound file holding `EncryptionInfo` and `EncryptedPackage` (ECMA-376 part 2 / MS-OFFCRYPTO).
 * file-type names all of them `application/x-cfb`; the names of the streams inside tell them apart,
 * and for a workbook the kinds of sheet its `Workbook` stream lists (Excel 4 macro sheets).
 *
 * Reads are bounded: the directory takes a few sectors whatever the file's size, and a workbook's
 * sheet list is read record by record, skipping what the records hold (its shared strings, cells).
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
/** How many sectors are kept once read (the allocation tables' among them): in files up to this many, none is read twice. */
const MAX_CACHED_SECTORS = 256;
const ENTRY_BYTES = 128;
const UTF16 = new TextDecoder('utf-16le');

/** The Office Open XML type a password-protected file is, by its name (the package inside is encrypted). */
const ENCRYPTED_PACKAGE_TYPES: Record<string, string> = {
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** An entry of a compound file's directory. */
interface DirectoryEntry {
  /** Upper-cased (names compare without regard to case). */
  name: string;
  /** The stream's first sector (a mini sector for a stream below the cutoff). */
  start: number;
  size: number;
}

/** A compound file whose directory was read to its end. */
interface CompoundFile {
  entries: DirectoryEntry[];
  /** Reads a stream: `length` bytes from `offset` in it, or `undefined` where its chain breaks off. */
  stream(entry: DirectoryEntry): (offset: number, length: number) => Promise<Uint8Array | undefined>;
}

/** Opens a compound file's directory, or `undefined` for bytes that are none or whose directory cannot be read to its end. */
async function openCompoundFile(read: ReadBytes, size: number): Promise<CompoundFile | undefined> {
  const header = await read(0, 512);
  if (header.length < 512 || !SIGNATURE.every((byte, i) => header[i] === byte)) return undefined;
  const view = new DataView(header.buffer, header.byteOffset, 512);
  const shift = view.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return undefined;
  const sectorSize = 2 ** shift;
  const idsPerSector = sectorSize / 4;
  // Sectors after the header; some writers cut the last one short, which reads as zeros.
  const sectorCount = Math.ceil(size / sectorSize) - 1;
  // The sectors read, up to a bound, and the last one read beyond it (a stream read in order).
  const cache = new Map<number, DataView>();
  let last: { id: number; view: DataView } | undefined;
  const sector = async (id: number): Promise<DataView | undefined> => {
    if (id >= sectorCount) return undefined;
    const cached = cache.get(id) ?? (last?.id === id ? last.view : undefined);
    if (cached) return cached;
    const bytes = await read((id + 1) * sectorSize, sectorSize);
    if (bytes.length === 0) return undefined;
    const whole = bytes.length === sectorSize ? bytes : new Uint8Array(sectorSize);
    if (whole !== bytes) whole.set(bytes);
    const sectorView = new DataView(whole.buffer, whole.byteOffset, sectorSize);
    if (cache.size < MAX_CACHED_SECTORS) cache.set(id, sectorView);
    else last = { id, view: sectorView };
    return sectorView;
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
  /** The first `count` sectors of the chain from `start`, or `undefined` where it ends sooner or breaks off. */
  const chain = async (start: number, count: number, next = following): Promise<number[] | undefined> => {
    const ids: number[] = [];
    for (let id: number | undefined = start; ids.length < count; id = await next(id)) {
      if (id === undefined || id >= MAX_SECTOR_ID) return undefined;
      ids.push(id);
    }
    return ids;
  };

  const entries: DirectoryEntry[] = [];
  let id: number | undefined = view.getUint32(0x30, true);
  for (let sectors = 0; id !== END_OF_CHAIN; sectors++) {
    const directory = id === undefined || sectors === MAX_DIRECTORY_SECTORS ? undefined : await sector(id);
    if (!directory) return undefined;
    for (let at = 0; at < sectorSize; at += ENTRY_BYTES) {
      const nameBytes = directory.getUint16(at + 0x40, true);
      const kind = directory.getUint8(at + 0x42);
      // Storages (1), streams (2) and the root (5), with a name of 1–31 characters and its terminator.
      if (![1, 2, 5].includes(kind) || nameBytes < 4 || nameBytes > 64 || nameBytes % 2 !== 0) continue;
      entries.push({
        name: UTF16.decode(new Uint8Array(directory.buffer, directory.byteOffset + at, nameBytes - 2)).toUpperCase(),
        start: directory.getUint32(at + 0x74, true),
        // The high half counts only in files of 4096-byte sectors; no stream is larger than its file.
        size: directory.getUint32(at + 0x78, true) + (shift === 12 ? directory.getUint32(at + 0x7c, true) * 2 ** 32 : 0),
      });
    }
    id = await following(id!);
  }

  // Streams below the cutoff live in the mini stream (the root entry's), in 64-byte mini sectors
  // chained by the mini allocation table.
  const miniShift = view.getUint16(0x20, true);
  const cutoff = view.getUint32(0x38, true);
  const root = entries.find((entry) => entry.name === 'ROOT ENTRY');
  const miniTable = (): Promise<number[] | undefined> => chain(view.getUint32(0x3c, true), Math.min(view.getUint32(0x40, true), sectorCount));
  const miniContainer = (): Promise<number[] | undefined> =>
    root && root.size <= size ? chain(root.start, Math.ceil(root.size / sectorSize)) : Promise.resolve(undefined);

  /** Bytes `offset` to `offset + length` of a stream laid out in `unit`-byte pieces, piece `n` at `locate(pieces[n])`. */
  const reader =
    (pieces: number[], unit: number, locate: (piece: number) => Promise<{ sector: number; at: number } | undefined>) =>
    async (offset: number, length: number): Promise<Uint8Array | undefined> => {
      const out = new Uint8Array(length);
      for (let done = 0; done < length; ) {
        const index = Math.floor((offset + done) / unit);
        if (index >= pieces.length) return undefined;
        const place = await locate(pieces[index]!);
        const bytes = place && (await sector(place.sector));
        if (!place || !bytes) return undefined;
        const within = (offset + done) % unit;
        const take = Math.min(unit - within, length - done);
        out.set(new Uint8Array(bytes.buffer, bytes.byteOffset + place.at + within, take), done);
        done += take;
      }
      return out;
    };

  return {
    entries,
    stream(entry) {
      let open: Promise<((offset: number, length: number) => Promise<Uint8Array | undefined>) | undefined> | undefined;
      const prepare = async (): Promise<((offset: number, length: number) => Promise<Uint8Array | undefined>) | undefined> => {
        if (entry.size > size) return undefined;
        if (entry.size >= cutoff || miniShift !== 6) {
          const sectors = await chain(entry.start, Math.ceil(entry.size / sectorSize));
          return sectors && reader(sectors, sectorSize, async (piece) => ({ sector: piece, at: 0 }));
        }
        const [table, container] = [await miniTable(), await miniContainer()];
        if (!table || !container) return undefined;
        const nextMini = async (mini: number): Promise<number | undefined> => {
          const tableSector = table[Math.floor(mini / idsPerSector)];
          return tableSector === undefined ? undefined : (await sector(tableSector))?.getUint32((mini % idsPerSector) * 4, true);
        };
        const minis = await chain(entry.start, Math.ceil(entry.size / 64), nextMini);
        return (
          minis &&
          reader(minis, 64, async (mini) => {
            const sectorIndex = Math.floor((mini * 64) / sectorSize);
            return sectorIndex < container.length ? { sector: container[sectorIndex]!, at: (mini * 64) % sectorSize } : undefined;
          })
        );
      };
      return async (offset, length) => (offset + length > entry.size ? undefined : (await (open ??= prepare()))?.(offset, length));
    },
  };
}

/**
 * The names of the storages and streams in a compound file (all levels, upper-cased: names in a
 * compound file compare without regard to case, and Office finds `_vba_project_cur` as it finds
 * `_VBA_PROJECT_CUR`), or `undefined` for bytes that are no compound file or whose directory
 * cannot be read to its end: a chain that breaks off, loops, or runs past {@link MAX_DIRECTORY_SECTORS}.
 */
export async function compoundFileEntries(read: ReadBytes, size: number): Promise<Set<string> | undefined> {
  const file = await openCompoundFile(read, size);
  return file && new Set(file.entries.map((entry) => entry.name));
}

/** BIFF record types (MS-XLS 2.3): a substream's first and last record, a sheet's entry, encryption. */
const BOF = 0x0809;
const EOF = 0x000a;
const BOUND_SHEET = 0x0085;
const FILE_PASS = 0x002f;
/** Sheet kinds (`BoundSheet8.dt`) that hold macros: an Excel 4 macro sheet, an Excel 5 VBA module. */
const MACRO_SHEETS = [1, 6];

/**
 * Whether a workbook stream lists a macro sheet among its sheets — the Excel 4 (XLM) macros that
 * run on opening (`Auto_Open`), hidden or not — read record by record through the workbook's
 * globals (`BOF` to `EOF`). `undefined` when it is no workbook or breaks off before its `EOF`.
 * A workbook encrypted with a password (`FilePass`) lists its sheets' kinds encrypted: no macro
 * sheet can be seen there, as none can in an encrypted package.
 */
async function listsMacroSheet(read: (offset: number, length: number) => Promise<Uint8Array | undefined>): Promise<boolean | undefined> {
  for (let at = 0; ; ) {
    const header = await read(at, 4);
    if (!header) return undefined;
    const type = header[0]! | (header[1]! << 8);
    const length = header[2]! | (header[3]! << 8);
    if (at === 0 && type !== BOF) return undefined;
    if (type === EOF || type === FILE_PASS) return false;
    if (type === BOUND_SHEET) {
      const sheet = length >= 6 ? await read(at + 4, 6) : undefined;
      if (!sheet) return undefined;
      if (MACRO_SHEETS.includes(sheet[5]!)) return true;
    }
    at += 4 + length;
  }
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
 *   `Book` from Excel 5): a legacy document of one kind, without macros;
 * - the `.docx`/`.xlsx`/`.pptx` type for an encrypted package (`EncryptionInfo` and
 *   `EncryptedPackage`, and nothing of a legacy document besides) named so: what the package
 *   holds cannot be read without the password, so its name says which;
 * - else {@link COMPOUND_FILE}, also for a legacy document carrying macros — VBA (a `Macros`,
 *   `_VBA_PROJECT_CUR`, `VBA` or `PROJECT` entry, in any case) or, in a workbook, an Excel 4
 *   macro sheet or VBA module sheet: it is not the plain document its name promises, as a `.docm`
 *   is no `.docx`.
 * A directory that cannot be read to its end, and a workbook stream whose sheet list cannot, are
 * {@link COMPOUND_FILE}: what they hide is unknown.
 */
export async function compoundFileType(read: ReadBytes, size: number, name: string): Promise<string> {
  const file = await openCompoundFile(read, size);
  const entries = new Set(file?.entries.map((entry) => entry.name));
  if (!file || MACRO_ENTRIES.some((entry) => entries.has(entry))) return COMPOUND_FILE;
  const kinds = new Set(Object.keys(DOCUMENT_STREAMS).filter((stream) => entries.has(stream)).map((stream) => DOCUMENT_STREAMS[stream]!));
  const encrypted = entries.has('ENCRYPTEDPACKAGE') && entries.has('ENCRYPTIONINFO');
  if (kinds.size === 0) return (encrypted && ENCRYPTED_PACKAGE_TYPES[extensionOf(name)]) || COMPOUND_FILE;
  // A document of one kind, and nothing that claims to be an encrypted package as well.
  if (kinds.size !== 1 || entries.has('ENCRYPTEDPACKAGE')) return COMPOUND_FILE;
  // Every workbook stream, wherever it sits in the directory: Excel reads the one at the top.
  for (const entry of file.entries.filter((each) => each.name === 'WORKBOOK' || each.name === 'BOOK')) {
    if ((await listsMacroSheet(file.stream(entry))) !== false) return COMPOUND_FILE;
  }
  return [...kinds][0]!;
}
