/** A real SMTP server (smtp-server) on loopback that keeps what it receives, decoded enough to read. */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { LogEntry, Logger } from 'nodemailer/lib/shared';
import { parseMail, type ReceivedMail } from '../../../src/server-adapter/testing/mailer-conformance.js';

/** One message as the peer received it, plus the SMTP envelope's recipients. */
export interface ReceivedSmtpMail extends ReceivedMail {
  envelopeTo: string[];
}

/** A started SMTP peer. */
export interface SmtpPeer {
  port: number;
  messages: ReceivedSmtpMail[];
  /**
   * Every command line as the sender wrote it (`RCPT TO:<bo@xn--bcher-kva.de>`). The envelope in
   * `messages` is as smtp-server hands it on, with punycode domains decoded (`bo@bücher.de`).
   */
  commands: string[];
  /** Addresses the peer refuses (`550` at `RCPT TO`), as a real mail server refuses an unknown mailbox. */
  refuse: Set<string>;
  /**
   * Keeps the next messages waiting at the end of DATA (the sender's SMTP transaction stays open,
   * as with a slow mail server) until the returned function is called.
   */
  hold(): () => void;
  /** Waits until at least `count` messages have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedSmtpMail[]>;
  close(): Promise<void>;
}

/** Starts an SMTP server on 127.0.0.1 and an ephemeral port. */
export async function startSmtpPeer(): Promise<SmtpPeer> {
  const messages: ReceivedSmtpMail[] = [];
  const commands: string[] = [];
  const refuse = new Set<string>();
  let held: Promise<void> = Promise.resolve();
  const quiet = () => undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // A logger of its own only to read the commands it logs (`C: <line>`), nothing printed.
    logger: {
      trace: quiet,
      info: quiet,
      warn: quiet,
      error: quiet,
      fatal: quiet,
      debug: (...[entry, message, line]: unknown[]) => {
        if ((entry as LogEntry | undefined)?.tnx === 'command' && message === 'C:') commands.push(String(line));
      },
    } satisfies Logger,
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address.toLowerCase())) return callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void held.then(() => {
          messages.push({ ...parseMail(Buffer.concat(chunks).toString('utf8')), envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    commands,
    refuse,
    hold() {
      let release!: () => void;
      held = new Promise<void>((resolve) => (release = resolve));
      return release;
    },
    async waitFor(count, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} mails, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first Guestkit link URL in a mail's text. */
export function linkIn(mail: ReceivedMail): string {
  const match = /https?:\/\/\S+#gk=(gk_[a-z]+_[0-9A-Za-z]+)/.exec(mail.text);
  if (!match) throw new Error(`no link in mail: ${mail.text}`);
  return match[0];
}

/** The token inside the first link of a mail. */
export function tokenIn(mail: ReceivedMail): string {
  return linkIn(mail).split('#gk=')[1]!;
}
