/**
 * Telling Office files apart that come in a compound file (OLE2, "CFB": the bytes begin
 * `D0 CF 11 E0 A1 B1 1A E1`): legacy Word (`.doc`) and Excel (`.xls`) documents, and
 * password-protected Office Open XML (`.docx`, `.xlsx`, `.pptx`), which Office encrypts into a
 * compound file holding `EncryptionInfo` and `EncryptedPackage` (ECMA-376 part 2 / MS-OFFCRYPTO).
 * file-type names all of them `application/x-cfb`; the names of the streams inside tell them apart,
 * and for a workbook the kinds of sheet its `Workbook` stream lists (no Excel 4 macro sheets).
 *
 * Reads are bounded: the directory takes a few sectors whatever the file's size, and a workbook's
 * sheet list is read record by record, skipping what the records hold (its shared strings, cells).
 * Every chain is bounded by the file: a sector id past its last sector, or one a chain passed
 * already (a loop), ends the chain there, so no file makes more work than it has sectors.
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
/** Streams smaller than this live in the mini stream, in mini sectors of `MINI_SECTOR` bytes. */
const MINI_STREAM_CUTOFF = 4096;
const MINI_SECTOR = 64;
const UTF16 = new TextDecoder('utf-16le');

/**
 * The Office Open XML types by extension: what a password-protected file is by its name (the
 * package inside is encrypted), and what a macro-enabled one becomes saved without its macros.
 */
export const OFFICE_OPEN_XML_TYPES: Record<string, string> = {
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

/** Reads `length` bytes at `offset` in a stream; `undefined` past its end or where its chain breaks off. */
type StreamRead = (offset: number, length: number) => Promise<Uint8Array | undefined>;

/** A compound file whose directory was read to its end. */
interface CompoundFile {
  entries: DirectoryEntry[];
  /** Reads a stream, following its chain only as far as the bytes asked for. */
  stream(entry: DirectoryEntry): StreamRead;
}

/**
 * Opens a compound file's directory, or `undefined` for bytes that are none, whose directory cannot
 * be read to its end, or that bend the format where readers might differ: an entry with an invalid
 * name or kind, a first entry that is no root, a mini-stream cutoff or mini sector size other than
 * the format's (4096 and 64 bytes), which would have this reader read other bytes than Office does.
 */
async function openCompoundFile(read: ReadBytes, size: number): Promise<CompoundFile | undefined> {
  const header = await read(0, 512);
  if (header.length < 512 || !SIGNATURE.every((byte, i) => header[i] === byte)) return undefined;
  const view = new DataView(header.buffer, header.byteOffset, 512);
  const shift = view.getUint16(0x1e, true);
  if ((shift !== 9 && shift !== 12) || view.getUint16(0x20, true) !== 6 || view.getUint32(0x38, true) !== MINI_STREAM_CUTOFF) return undefined;
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

  // Where the allocation table's sectors are: 109 in the header, the rest in a chain of DIFAT sectors,
  // each read once (a chain coming back to one it passed breaks off there).
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(view.getUint32(0x4c + i * 4, true));
  let difat = view.getUint32(0x44, true);
  const difatRead = new Set<number>();
  const fatSectorAt = async (index: number): Promise<number | undefined> => {
    while (index >= fatSectors.length && difat < MAX_SECTOR_ID) {
      const next = difatRead.has(difat) ? undefined : await sector(difat);
      if (!next) return undefined;
      difatRead.add(difat);
      for (let i = 0; i < idsPerSector - 1; i++) fatSectors.push(next.getUint32(i * 4, true));
      difat = next.getUint32(sectorSize - 4, true);
    }
    return fatSectors[index];
  };
  /**
   * The sector after `id` in its chain (`END_OF_CHAIN` after the last), or `undefined` where the table
   * cannot say. Only the sectors in the file have one: the table is then read no further than it
   * takes to cover them.
   */
  const following = async (id: number): Promise<number | undefined> => {
    if (id >= sectorCount) return undefined;
    const fatSector = await fatSectorAt(Math.floor(id / idsPerSector));
    const table = fatSector === undefined || fatSector >= MAX_SECTOR_ID ? undefined : await sector(fatSector);
    return table?.getUint32((id % idsPerSector) * 4, true);
  };
  /**
   * The chain of `count` sectors from `start`, followed as far as asked: `at(n)` is its `n`th sector,
   * `undefined` past `count` or where the chain ends sooner or breaks off: at an id of `limit` or
   * more (a marker, or a sector the file does not have) or one the chain passed already (a loop).
   */
  const chain = (start: number, count: number, next = following, limit = sectorCount): ((index: number) => Promise<number | undefined>) => {
    const ids: number[] = [];
    const passed = new Set<number>();
    return async (index) => {
      if (index >= count) return undefined;
      while (ids.length <= index) {
        const id = ids.length === 0 ? start : await next(ids[ids.length - 1]!);
        if (id === undefined || id >= limit || passed.has(id)) return undefined;
        passed.add(id);
        ids.push(id);
      }
      return ids[index];
    };
  };

  const entries: DirectoryEntry[] = [];
  const directorySectors = new Set<number>();
  let index = 0;
  let id: number | undefined = view.getUint32(0x30, true);
  while (id !== END_OF_CHAIN) {
    // A chain past the bound, or coming back to a sector it passed, is never read to its end.
    const directory = id === undefined || directorySectors.size === MAX_DIRECTORY_SECTORS || directorySectors.has(id) ? undefined : await sector(id);
    if (!directory) return undefined;
    directorySectors.add(id!);
    for (let at = 0; at < sectorSize; at += ENTRY_BYTES, index++) {
      const nameBytes = directory.getUint16(at + 0x40, true);
      const kind = directory.getUint8(at + 0x42);
      // Unused (0); else storages (1), streams (2) and the root (5, the first entry, and only it),
      // each with a name of 1–31 characters and its terminator.
      if (kind === 0 && index > 0) continue;
      if ((kind === 5) !== (index === 0) || (kind !== 1 && kind !== 2 && kind !== 5)) return undefined;
      if (nameBytes < 4 || nameBytes > 64 || nameBytes % 2 !== 0) return undefined;
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
  const root = entries[0];
  if (!root) return undefined;
  const miniTable = chain(view.getUint32(0x3c, true), Math.min(view.getUint32(0x40, true), sectorCount));
  const container = chain(root.start, root.size <= size ? Math.ceil(root.size / sectorSize) : 0);
  // The mini sectors there are: the mini stream's size in them (none if it claims more than the file).
  const miniSectors = root.size <= size ? Math.ceil(root.size / MINI_SECTOR) : 0;
  const nextMini = async (mini: number): Promise<number | undefined> => {
    const tableSector = await miniTable(Math.floor(mini / idsPerSector));
    return tableSector === undefined ? undefined : (await sector(tableSector))?.getUint32((mini % idsPerSector) * 4, true);
  };

  /** Reads a stream laid out in `unit`-byte pieces (the `n`th at `place(pieces(n))`: a sector and where in it). */
  const reader =
    (pieces: (index: number) => Promise<number | undefined>, unit: number, place: (piece: number) => Promise<[number, number] | undefined>): StreamRead =>
    async (offset, length) => {
      const out = new Uint8Array(length);
      for (let done = 0; done < length; ) {
        const piece = await pieces(Math.floor((offset + done) / unit));
        const where = piece === undefined ? undefined : await place(piece);
        const bytes = where && (await sector(where[0]));
        if (!where || !bytes) return undefined;
        const within = (offset + done) % unit;
        const take = Math.min(unit - within, length - done);
        out.set(new Uint8Array(bytes.buffer, bytes.byteOffset + where[1] + within, take), done);
        done += take;
      }
      return out;
    };

  return {
    entries,
    stream(entry) {
      const read =
        entry.size > size
          ? undefined
          : entry.size >= MINI_STREAM_CUTOFF
            ? reader(chain(entry.start, Math.ceil(entry.size / sectorSize)), sectorSize, async (piece) => [piece, 0])
            : reader(chain(entry.start, Math.ceil(entry.size / MINI_SECTOR), nextMini, miniSectors), MINI_SECTOR, async (mini) => {
                const id = await container(Math.floor((mini * MINI_SECTOR) / sectorSize));
                return id === undefined ? undefined : [id, (mini * MINI_SECTOR) % sectorSize];
              });
      return async (offset, length) => (read && offset + length <= entry.size ? read(offset, length) : undefined);
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
/** What a `BOF` says it begins (MS-XLS 2.4.21): the workbook's globals, a worksheet (or dialog), a chart. */
const GLOBALS = 0x0005;
const PLAIN_SUBSTREAMS = [0x0010, 0x0020];
/** The sheet kinds (`BoundSheet8.dt`) that hold no macros: worksheet (or dialog sheet) and chart. */
const PLAIN_SHEETS = [0, 2];
/** Sheet kinds that are macros: an Excel 4 macro sheet (`dt` 1, its `BOF` 0x0040) and an Excel 5 VBA module (`dt` 6, `BOF` 0x0006). */
const MACRO_SHEETS = [1, 6];
const MACRO_SUBSTREAMS = [0x0040, 0x0006];
/** Records walked in a workbook's globals at most; Excel's own have a few hundred to some thousands. */
const MAX_GLOBALS_RECORDS = 200_000;

/** What a workbook's sheets are: plain ones only, macros among them, encrypted with a password, or that cannot be told. */
type Sheets = 'plain' | 'macros' | 'encrypted' | 'unknown';

/**
 * What a workbook stream's sheets are: `plain` when its globals (`BOF` of the globals to `EOF`),
 * read to their end, list worksheets, dialog sheets and charts only, each beginning where it is
 * listed with a `BOF` of that kind; `macros` when one is listed or begins as an Excel 4 macro sheet
 * (whose `Auto_Open` runs on opening, hidden or not) or an Excel 5 VBA module; `encrypted` for a
 * workbook encrypted with a password (`FilePass`): its sheet list is encrypted, and Excel opens one
 * encrypted with its built-in password ("VelvetSweatshop") without asking, macros and all; else `unknown`.
 */
async function workbookSheets(read: StreamRead): Promise<Sheets> {
  const substream = async (at: number): Promise<number | undefined> => {
    const bof = await read(at, 8);
    return bof && (bof[0]! | (bof[1]! << 8)) === BOF ? bof[6]! | (bof[7]! << 8) : undefined;
  };
  if ((await substream(0)) !== GLOBALS) return 'unknown';
  const sheets: number[] = [];
  let at = 0;
  for (let records = 0; records < MAX_GLOBALS_RECORDS; records++) {
    const header = await read(at, 4);
    if (!header) return 'unknown';
    const type = header[0]! | (header[1]! << 8);
    const length = header[2]! | (header[3]! << 8);
    if (type === FILE_PASS) return 'encrypted';
    if (type === BOF && at > 0) return 'unknown';
    if (type === EOF) {
      let verdict: Sheets = 'plain';
      for (const sheet of sheets) {
        const kind = (await substream(sheet)) ?? -1;
        if (MACRO_SUBSTREAMS.includes(kind)) return 'macros';
        if (!PLAIN_SUBSTREAMS.includes(kind)) verdict = 'unknown';
      }
      return verdict;
    }
    if (type === BOUND_SHEET) {
      const entry = length >= 6 ? await read(at + 4, 6) : undefined;
      if (!entry) return 'unknown';
      if (MACRO_SHEETS.includes(entry[5]!)) return 'macros';
      if (!PLAIN_SHEETS.includes(entry[5]!)) return 'unknown';
      sheets.push((entry[0]! | (entry[1]! << 8) | (entry[2]! << 16) | (entry[3]! << 24)) >>> 0);
    }
    at += 4 + length;
  }
  return 'unknown';
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
 *   `_VBA_PROJECT_CUR`, `VBA` or `PROJECT` entry, in any case) or, in a workbook, a sheet other
 *   than a worksheet or chart (an Excel 4 macro sheet, a VBA module): it is not the plain document
 *   its name promises, as a `.docm` is no `.docx`.
 * A directory that cannot be read to its end, a workbook whose sheet list cannot (or is encrypted:
 * a password-protected `.xls`, see `workbookSheets`), are {@link COMPOUND_FILE}: what they hide is
 * unknown.
 */
export async function compoundFileType(read: ReadBytes, size: number, name: string): Promise<string> {
  return (await inspectCompoundFile(read, size, name)).type;
}

/**
 * Why a file is refused that its uploader can do something about: it carries macros (VBA, an
 * Excel 4 macro sheet or a VBA module: save it without them), or it is a workbook encrypted with a
 * password (save it without one).
 */
export type FileRefusal = 'file_has_macros' | 'file_encrypted';

/** What `inspectCompoundFile` found: the type, and why the file is refused when its uploader can fix that. */
export interface CompoundFileVerdict {
  /** As `compoundFileType` answers. */
  type: string;
  /**
   * Why the type is none a firm allows, where the uploader can fix it: the code, and the type the
   * file is once fixed (which the firm must allow for the advice to help).
   */
  refusal?: { code: FileRefusal; fixed: string };
}

/** {@link compoundFileType}, saying also why a file is refused where its uploader can fix that (macros, a password). */
export async function inspectCompoundFile(read: ReadBytes, size: number, name: string): Promise<CompoundFileVerdict> {
  const file = await openCompoundFile(read, size);
  if (!file) return { type: COMPOUND_FILE };
  const entries = new Set(file.entries.map((entry) => entry.name));
  const kinds = new Set(Object.keys(DOCUMENT_STREAMS).filter((stream) => entries.has(stream)).map((stream) => DOCUMENT_STREAMS[stream]!));
  // The legacy document it is (one kind only), once saved without what it is refused for.
  const [kind] = kinds.size === 1 ? kinds : [];
  const refused = (code?: FileRefusal): CompoundFileVerdict => ({ type: COMPOUND_FILE, ...(code && kind && kind !== COMPOUND_FILE ? { refusal: { code, fixed: kind } } : {}) });
  if (MACRO_ENTRIES.some((entry) => entries.has(entry))) return refused('file_has_macros');
  const encrypted = entries.has('ENCRYPTEDPACKAGE') && entries.has('ENCRYPTIONINFO');
  if (kinds.size === 0) return { type: (encrypted && OFFICE_OPEN_XML_TYPES[extensionOf(name)]) || COMPOUND_FILE };
  // A document of one kind, and nothing that claims to be an encrypted package as well.
  if (kinds.size !== 1 || entries.has('ENCRYPTEDPACKAGE')) return refused();
  // Every workbook stream, wherever it sits in the directory: Excel reads the one at the top. Streams
  // share no sectors, so together they fit in the file; entries claiming more (one stream named
  // over and over) would have its sheet list read once for each.
  const workbooks = file.entries.filter((each) => each.name === 'WORKBOOK' || each.name === 'BOOK');
  if (workbooks.reduce((total, each) => total + each.size, 0) > size) return refused();
  for (const entry of workbooks) {
    const sheets = await workbookSheets(file.stream(entry));
    if (sheets !== 'plain') return refused(sheets === 'macros' ? 'file_has_macros' : sheets === 'encrypted' ? 'file_encrypted' : undefined);
  }
  return { type: kind! };
}
