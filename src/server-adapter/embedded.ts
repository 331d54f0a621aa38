/**
 * The embedded default: SQLite and files in one local folder, mail written to an outbox folder.
 * What `npm start`, the CLI and a single-machine install use, with no configuration.
 */
import { join } from 'node:path';
import { fsBlobStore } from './blob/fs-blob-store.js';
import type { CreateFirmInput } from './core/firms.js';
import type { GuestkitOptions } from './core/options.js';
import { createGuestkit, type Guestkit } from './guestkit.js';
import { outboxMailer } from './mail/outbox-mailer.js';
import type { Mailer } from './mail/types.js';
import { sqliteStore } from './store/sqlite-store.js';
import type { FirmRecord } from './store/types.js';

/** Options for `createEmbeddedGuestkit`. */
export interface EmbeddedOptions extends Partial<Omit<GuestkitOptions, 'store' | 'blobs' | 'mailer'>> {
  /** Folder for `guestkit.db`, `blobs/` and `outbox/` (default `.guestkit`). */
  dir?: string;
  /** A real mailer; by default mail goes to `<dir>/outbox` as .eml files. */
  mailer?: Mailer;
  /** Called with a one-line summary of each mail written to the outbox. */
  printMail?: (line: string) => void;
}

/** Id of the firm a single-firm install uses. */
export const DEFAULT_FIRM_ID = 'default';

/** The embedded store's database file, in its data folder. */
export const EMBEDDED_DATABASE = 'guestkit.db';

/**
 * Creates Guestkit on the embedded default store.
 *
 * @example
 * ```ts
 * const gk = createEmbeddedGuestkit({ dir: '.guestkit' });
 * await gk.init();
 * const firm = await ensureFirm(gk, { name: 'Kanzlei Muster', mailFrom: 'no-reply@kanzlei.example',
 *   linkBaseUrl: 'https://kanzlei.example/portal/{kind}' });
 * ```
 */
export function createEmbeddedGuestkit(options: EmbeddedOptions = {}): Guestkit {
  const { dir = '.guestkit', mailer, printMail, ...rest } = options;
  return createGuestkit({
    ...rest,
    store: sqliteStore({ file: join(dir, EMBEDDED_DATABASE) }),
    blobs: fsBlobStore({ dir: join(dir, 'blobs') }),
    uploadDirectory: join(dir, 'tus'),
    mailer: mailer ?? outboxMailer({ dir: join(dir, 'outbox'), ...(printMail ? { print: printMail } : {}) }),
  });
}

/** Creates the firm with `input.id` (default `default`) on first use, or updates it to match `input`. */
export async function ensureFirm(gk: Guestkit, input: CreateFirmInput): Promise<FirmRecord> {
  const id = input.id ?? DEFAULT_FIRM_ID;
  const existing = await gk.firms.get(id);
  if (!existing) return gk.firms.create({ ...input, id });
  return gk.firms.update(id, input);
}
