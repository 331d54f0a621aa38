/** The behaviour every `Mailer` implementation must show, as a `node:test` suite. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Mailer } from '../mail/types.js';

/** A message as the receiving side saw it, headers and text decoded. */
export interface ReceivedMail {
  to: string;
  from: string;
  replyTo?: string;
  subject: string;
  text: string;
  raw: string;
}

/** A mailer wired to something that receives what it sends (an SMTP server, a directory). */
export interface MailerHarness {
  mailer: Mailer;
  /** Every message received so far, oldest first. */
  received(): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

function decodeBytes(bytes: Uint8Array, charset = 'utf-8'): string {
  return new TextDecoder(charset.toLowerCase() === 'us-ascii' ? 'utf-8' : charset).decode(bytes);
}

function quotedPrintableBytes(text: string, underscoreIsSpace: boolean): Buffer {
  const unfolded = text.replace(/=\r?\n/g, '');
  const spaced = underscoreIsSpace ? unfolded.replace(/_/g, ' ') : unfolded;
  // Every escape becomes one byte; the rest is ASCII, so latin1 maps characters to bytes 1:1.
  return Buffer.from(spaced.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/** Decodes RFC 2047 encoded words; adjacent ones are joined first, as a character may span two. */
export function decodeHeader(value: string): string {
  const runs = /=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=(?:\s+=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)*/g;
  return value.replace(runs, (run) => {
    let charset = 'utf-8';
    const bytes: Buffer[] = [];
    for (const [, cs, enc, text] of run.matchAll(ENCODED_WORD)) {
      charset = cs!.split('*')[0]!;
      bytes.push(enc!.toUpperCase() === 'B' ? Buffer.from(text!, 'base64') : quotedPrintableBytes(text!, true));
    }
    return decodeBytes(Buffer.concat(bytes), charset);
  });
}

interface MimePart {
  headers: Map<string, string>;
  body: string;
}

function splitPart(raw: string): MimePart {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    if (colon > 0 && !headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function param(header: string | undefined, name: string): string | undefined {
  return new RegExp(`;\\s*${name}="?([^";]+)"?`, 'i').exec(header ?? '')?.[1];
}

/** The decoded text/plain content of a part, looking into multiparts. */
function plainText(part: MimePart): string {
  const type = part.headers.get('content-type') ?? 'text/plain';
  if (/^multipart\//i.test(type)) {
    const boundary = param(type, 'boundary')!;
    const pieces = part.body.split(`--${boundary}`).slice(1, -1).map((p) => splitPart(p.replace(/^\r?\n/, '')));
    const text = pieces.find((p) => /^text\/plain/i.test(p.headers.get('content-type') ?? 'text/plain')) ?? pieces[0];
    return text ? plainText(text) : '';
  }
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const charset = param(type, 'charset') ?? 'utf-8';
  if (encoding === 'base64') return decodeBytes(Buffer.from(part.body.replace(/\s+/g, ''), 'base64'), charset);
  if (encoding === 'quoted-printable') return decodeBytes(quotedPrintableBytes(part.body, false), charset);
  return part.body;
}

/** Parses a raw RFC 5322 message far enough to check what a `Mailer` sent. Not a general MIME parser. */
export function parseMail(raw: string): ReceivedMail {
  const message = splitPart(raw);
  const header = (name: string) => decodeHeader(message.headers.get(name) ?? '');
  const replyTo = message.headers.has('reply-to') ? header('reply-to') : undefined;
  return {
    to: header('to'),
    from: header('from'),
    ...(replyTo === undefined ? {} : { replyTo }),
    subject: header('subject'),
    text: plainText(message).replace(/\r\n/g, '\n').replace(/\n+$/, ''),
    raw,
  };
}

/** Polls until a message with `subject` has arrived `count` times; delivery may lag the send. */
async function waitForSubject(harness: MailerHarness, subject: string, count = 1): Promise<ReceivedMail[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const found = (await harness.received()).filter((m) => m.subject === subject);
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Registers the mailer conformance suite. `setup` returns the mailer and a way to read what
 * arrived on the other side.
 *
 * @example
 * ```ts
 * import { mailerConformance } from 'guestkit/server/testing';
 * mailerConformance('ses', async () => ({ mailer: sesMailer(options), received: readSink, close }));
 * ```
 */
export function mailerConformance(name: string, setup: () => Promise<MailerHarness>): void {
  void describe(`Mailer conformance: ${name}`, () => {
    let harness: MailerHarness;
    const tag = () => randomBytes(4).toString('hex');

    before(async () => {
      harness = await setup();
    });
    after(async () => {
      await harness.mailer.close?.();
      await harness.close();
    });

    it('delivers from, to, reply-to, subject and text, and returns a message id', async () => {
      const subject = `Your documents ${tag()}`;
      const text = 'Hello Anna,\n\nplease open the link below.\n\nhttps://firm.example/view#gk=gk_view_x';
      const result = await harness.mailer.send({
        from: 'Firm <no-reply@firm.example>',
        to: 'anna@example.com',
        replyTo: 'bernd@firm.example',
        subject,
        text,
      });
      assert.equal(typeof result.messageId, 'string');
      assert.ok(result.messageId.length > 0);
      const [mail] = await waitForSubject(harness, subject);
      assert.ok(mail, 'the message arrived');
      assert.match(mail.from, /no-reply@firm\.example/);
      assert.match(mail.to, /anna@example\.com/);
      assert.match(mail.replyTo ?? '', /bernd@firm\.example/);
      assert.equal(mail.text, text);
    });

    it('keeps a German sender name, subject and body intact', async () => {
      const subject = `Unterlagen für März – bitte prüfen (Größe, Fußnote) ${tag()}`;
      const text = 'Sehr geehrte Frau Schäfer,\n\nbitte laden Sie die Belege über den Link hoch.\nÄÖÜ äöü ß – „Grüße“ €\n\nMit freundlichen Grüßen\nBernd Weiß';
      await harness.mailer.send({
        from: '"Kanzlei Müller & Söhne" <no-reply@kanzlei.example>',
        to: '"Jürgen Groß" <juergen@example.com>',
        replyTo: '"Bernd Weiß" <bernd@kanzlei.example>',
        subject,
        text,
      });
      const [mail] = await waitForSubject(harness, subject);
      assert.ok(mail, 'the message arrived with its subject intact');
      assert.equal(mail.text, text);
      assert.match(mail.from, /Kanzlei Müller & Söhne/);
      assert.match(mail.to, /Jürgen Groß/);
      assert.match(mail.replyTo ?? '', /Bernd Weiß/);
    });

    it('sends no Reply-To when none is given, and passes extra headers', async () => {
      const subject = `No reply-to ${tag()}`;
      await harness.mailer.send({ from: 'no-reply@firm.example', to: 'anna@example.com', subject, text: 'x', headers: { 'Auto-Submitted': 'auto-generated' } });
      const [mail] = await waitForSubject(harness, subject);
      assert.ok(mail);
      assert.equal(mail.replyTo, undefined);
      assert.match(mail.raw, /^Auto-Submitted: auto-generated\r?$/m);
    });

    it('makes two messages of two sends', async () => {
      const subject = `Twice ${tag()}`;
      const first = await harness.mailer.send({ from: 'no-reply@firm.example', to: 'anna@example.com', subject, text: 'one' });
      const second = await harness.mailer.send({ from: 'no-reply@firm.example', to: 'carl@example.com', subject, text: 'two' });
      assert.notEqual(first.messageId, second.messageId);
      const mails = await waitForSubject(harness, subject, 2);
      assert.equal(mails.length, 2);
      assert.deepEqual(mails.map((m) => m.text).sort(), ['one', 'two']);
      assert.ok(mails.some((m) => /anna@example\.com/.test(m.to)) && mails.some((m) => /carl@example\.com/.test(m.to)));
    });
  });
}
