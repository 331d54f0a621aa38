/** A `Mailer` that writes each message as an `.eml` file instead of sending it: for development and demos. */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import { toNodemailerMessage } from './smtp-mailer.js';
import type { Mailer, MailResult } from './types.js';

/** Options for `outboxMailer`. */
export interface OutboxMailerOptions {
  /** Directory the `.eml` files go to; created (mode 0700) when missing. */
  dir: string;
  /** Called with a one-line summary of each message, e.g. `console.log`. Nothing is printed by default. */
  print?: (line: string) => void;
}

// A subject with a line break must not forge extra lines in the log.
const oneLine = (value: string): string => value.replace(/[\u0000-\u001f\u007f]+/g, ' ');

/**
 * Creates a `Mailer` that stores every message in `dir` as `<timestamp>-<id>.eml` (mode 0600:
 * the messages hold live link tokens).
 *
 * @example
 * ```ts
 * const mailer = outboxMailer({ dir: 'data/outbox', print: console.log });
 * // mail to anna@example.com: Ihre Unterlagen (data/outbox/2025-01-31T09-00-00-000Z-1a2b3c4d.eml)
 * ```
 */
export function outboxMailer({ dir, print }: OutboxMailerOptions): Mailer {
  let transport: Promise<Transporter> | null = null;
  const getTransport = (): Promise<Transporter> =>
    (transport ??= import('nodemailer').then(({ createTransport }) => createTransport({ streamTransport: true, buffer: true, newline: 'windows' })));

  return {
    async send(message): Promise<MailResult> {
      const info = (await (await getTransport()).sendMail(toNodemailerMessage(message))) as { messageId: string; message: Buffer };
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
      await writeDurably(file, info.message);
      print?.(`mail to ${oneLine(message.to)}: ${oneLine(message.subject)} (${file})`);
      return { messageId: info.messageId };
    },
  };
}

/** Temp file, fsync, link into place (never over another file), fsync the directory. */
async function writeDurably(file: string, bytes: Uint8Array): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temp, file);
  } finally {
    await unlink(temp).catch(() => {});
  }
  const dirHandle = await open(join(file, '..'), 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}
