/**
 * Compound files (MS-CFB) for the sniffing tests: changes to the Office fixtures, and small files of
 * 512-byte sectors written here as the format lays one out — valid ones, and ones crafted to run
 * a reader past the file's end or round a loop.
 */
import assert from 'node:assert/strict';

/**
 * `bytes` (a workbook from test/fixtures/office) with the `BoundSheet8` record of the sheet named
 * `name` changed, found by its bytes (`85 00`, its length, then `name` at 12): its kind (`dt`:
 * 1 an Excel 4 macro sheet, 2 a chart, 6 a VBA module), its visibility (`hsState`: 2 very
 * hidden), or the length it claims.
 */
export function withSheet(bytes: Buffer, name: string, change: { kind?: number; state?: number; recordLength?: number }): Buffer {
  const copy = Buffer.from(bytes);
  let at = -1;
  for (let i = copy.indexOf(0x85); i >= 0 && at < 0; i = copy.indexOf(0x85, i + 1)) {
    if (copy[i + 1] === 0 && copy.toString('latin1', i + 12, i + 12 + name.length) === name && copy[i + 10] === name.length) at = i;
  }
  assert.ok(at >= 0, `no sheet ${name}`);
  if (change.state !== undefined) copy[at + 8] = change.state;
  if (change.kind !== undefined) copy[at + 9] = change.kind;
  if (change.recordLength !== undefined) copy.writeUInt16LE(change.recordLength, at + 2);
  return copy;
}

/** `bytes` with the one occurrence of `from` replaced by `to` (as long). */
export function replaced(bytes: Buffer, from: number[], to: number[]): Buffer {
  const copy = Buffer.from(bytes);
  const at = copy.indexOf(Buffer.from(from));
  assert.ok(at >= 0 && copy.indexOf(Buffer.from(from), at + 1) < 0, `not one ${Buffer.from(from).toString('hex')}`);
  Buffer.from(to).copy(copy, at);
  return copy;
}

/** `bytes` with the directory entry named `from` renamed `to` (its UTF-16 name and length rewritten). */
export function renamed(bytes: Buffer, from: string, to: string): Buffer {
  const copy = Buffer.from(bytes);
  const at = copy.indexOf(Buffer.from(`${from}\0`, 'utf16le'));
  assert.ok(at >= 0 && at % 128 === 0, `no entry ${JSON.stringify(from)}`);
  copy.fill(0, at, at + 64);
  copy.write(to, at, 'utf16le');
  copy.writeUInt16LE((to.length + 1) * 2, at + 0x40);
  return copy;
}

/** Sector ids of a compound file's markers: a sector of the allocation table, the end of a chain. */
export const FAT_SECTOR = 0xfffffffd;
export const END_OF_CHAIN = 0xfffffffe;

/**
 * A compound file of 512-byte sectors, written here as the format lays one out (MS-CFB 2.2): its
 * header names one allocation-table sector, the directory's first sector and, optionally, the
 * first sector of the DIFAT chain (where the table's further sectors are listed); `sectors` follow
 * it in order.
 */
export function compoundFile(layout: { fat: number; directory: number; difat?: number }, sectors: Buffer[]): Buffer {
  const file = Buffer.alloc(512 * (sectors.length + 1));
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file);
  file.writeUInt16LE(0x3e, 0x18); // minor version
  file.writeUInt16LE(3, 0x1a); // major version 3: 512-byte sectors
  file.writeUInt16LE(0xfffe, 0x1c); // byte order: little-endian
  file.writeUInt16LE(9, 0x1e); // sector size 2^9
  file.writeUInt16LE(6, 0x20); // mini sector size 2^6
  file.writeUInt32LE(1, 0x2c); // allocation-table sectors
  file.writeUInt32LE(layout.directory, 0x30);
  file.writeUInt32LE(4096, 0x38); // mini-stream cutoff
  file.writeUInt32LE(END_OF_CHAIN, 0x3c); // no mini allocation table
  file.writeUInt32LE(layout.difat ?? END_OF_CHAIN, 0x44);
  file.writeUInt32LE(layout.difat === undefined ? 0 : 1, 0x48);
  file.fill(0xff, 0x4c, 512);
  file.writeUInt32LE(layout.fat, 0x4c);
  sectors.forEach((sector, id) => sector.copy(file, 512 * (id + 1)));
  return file;
}

/** An allocation-table sector: `next[id]` is the sector after `id` in its chain; the others are free. */
export function allocationTable(next: Record<number, number>): Buffer {
  const sector = Buffer.alloc(512, 0xff);
  for (const [id, following] of Object.entries(next)) sector.writeUInt32LE(following, Number(id) * 4);
  return sector;
}

/** A directory sector: the root entry (the mini stream's first sector and size), then up to three streams. */
export function directorySector(root: { start: number; size: number }, ...streams: { name: string; start: number; size: number }[]): Buffer {
  const sector = Buffer.alloc(512);
  for (const [i, { name, start, size }] of [{ name: 'Root Entry', ...root }, ...streams].entries()) {
    const at = i * 128;
    sector.write(name, at, 'utf16le');
    sector.writeUInt16LE((name.length + 1) * 2, at + 0x40);
    sector[at + 0x42] = i === 0 ? 5 : 2;
    sector.writeUInt32LE(start, at + 0x74);
    sector.writeUInt32LE(size, at + 0x78);
  }
  return sector;
}

/** A workbook's globals listing no sheet: `BOF` (globals, BIFF8), then `EOF` — a plain workbook. */
export const EMPTY_GLOBALS = [0x09, 0x08, 16, 0, 0, 6, 5, 0, ...Array(12).fill(0), 0x0a, 0, 0, 0];

/**
 * A 3 KB workbook (in the mini stream) whose mini stream's chain goes on from its first sector to
 * sector 0xFFFFFFF0, far past the file's 5 sectors, and whose DIFAT chain is one sector naming
 * itself as the next. A reader that follows the chain there lists the DIFAT's entries over and
 * over until the table reaches that id: 33.5 million of them, all naming sector 0 as the table,
 * whose entry for the far id leads on to sector 4, a workbook's globals listing no sheet.
 */
export function workbookPastItsEnd(): Buffer {
  const difat = Buffer.alloc(512);
  difat.writeUInt32LE(3, 508);
  return compoundFile({ fat: 0, directory: 1, difat: 3 }, [
    allocationTable({ 0: FAT_SECTOR, 1: END_OF_CHAIN, 2: 0xfffffff0, [0xfffffff0 % 128]: 4 }),
    // The workbook is mini sector 16: byte 1024 of the mini stream, the chain's third sector.
    directorySector({ start: 2, size: 3 * 512 }, { name: 'Workbook', start: 16, size: 100 }),
    Buffer.alloc(512),
    difat,
    Buffer.from([...EMPTY_GLOBALS, ...Array(512 - EMPTY_GLOBALS.length).fill(0)]),
  ]);
}
