/**
 * Keeping the embedded SQLite store sound: checking it for damage and backing it up while it
 * serves (SECURITY.md R65). `sqliteStore` offers both as `store.check()` and `store.backup()`.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { closeSync, constants, copyFileSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';

/** What is wrong with the database (`PRAGMA integrity_check` and `foreign_key_check`), `[]` when nothing is. */
export function checkDatabase(db: Database.Database): string[] {
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((row) => row.integrity_check).filter((line) => line !== 'ok');
    const keys = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    return [...problems, ...keys.map((key) => `${key.table} row ${key.rowid}: no ${key.parent} it refers to`)];
  } catch (error) {
    // Damage bad enough that SQLite cannot even run the check.
    return [String(error)];
  }
}

/** Makes the file at `path` durable. */
function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// Where `link()` fails for want of hard links (FAT on a USB stick, many network shares).
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Writes a consistent copy of `db` to `target` through SQLite's online backup API, under a name
 * of its own, synced, then linked into place (copied where the file system has no hard links):
 * it never replaces a file, also one that appears meanwhile, and one cut short leaves nothing
 * under `target`.
 */
export async function backupDatabase(db: Database.Database, target: string): Promise<void> {
  // better-sqlite3 would overwrite; checked first, to fail before a long copy, and again atomically when the copy is named.
  const exists = (): never => {
    throw new Error(`${target} exists: a backup never replaces a file`);
  };
  if (existsSync(target)) exists();
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.${randomUUID()}.partial`;
  try {
    await db.backup(partial);
    syncFile(partial);
    try {
      linkSync(partial, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') exists();
      if (!NO_HARD_LINKS.has(code ?? '')) throw error;
      try {
        copyFileSync(partial, target, constants.COPYFILE_EXCL);
        syncFile(target);
      } catch (copying) {
        if ((copying as NodeJS.ErrnoException).code === 'EEXIST') exists();
        // Ours, and cut short (the stick is full) or not made durable: nothing stays under the name.
        rmSync(target, { force: true });
        throw copying;
      }
    }
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Runs `work` on the database at `file` as it is: opened without creating it and without running
 * migrations (`guestkit store check|backup` look at a database, they do not change it — also one
 * a newer Guestkit wrote), closed afterwards.
 */
export async function withDatabaseFile<T>(file: string, work: (db: Database.Database) => T | Promise<T>): Promise<T> {
  const DatabaseClass = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  const db = new DatabaseClass(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return await work(db);
  } finally {
    db.close();
  }
}
