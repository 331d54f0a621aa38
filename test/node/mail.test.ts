import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { outboxMailer } from '../../src/server-adapter/mail/outbox-mailer.js';
import { smtpMailer } from '../../src/server-adapter/mail/smtp-mailer.js';
import { mailerConformance, parseMail, type ReceivedMail } from '../../src/server-adapter/testing/mailer-conformance.js';
import { startSmtpPeer } from './helpers/smtp-peer.js';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'guestkit-mail-'));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

mailerConformance('smtpMailer', async () => {
  const peer = await startSmtpPeer();
  const mailer = smtpMailer({ host: '127.0.0.1', port: peer.port });
  return { mailer, received: async () => [...peer.messages], close: peer.close };
});

const readOutbox = (dir: string): ReceivedMail[] =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => parseMail(readFileSync(join(dir, name), 'utf8')));

mailerConformance('outboxMailer', async () => {
  const dir = join(freshDir(), 'outbox');
  return { mailer: outboxMailer({ dir }), received: async () => readOutbox(dir), close: async () => {} };
});

describe('outboxMailer', () => {
  it('writes one private .eml file per message, with no temp files left, and prints one line', async () => {
    const dir = join(freshDir(), 'outbox');
    const lines: string[] = [];
    const mailer = outboxMailer({ dir, print: (line) => lines.push(line) });
    const { messageId } = await mailer.send({ from: 'no-reply@firm.example', to: 'anna@example.com', subject: 'Ihre Unterlagen\r\nBcc: x', text: 'Hallo' });
    assert.match(messageId, /^<.+@.+>$/);
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-[0-9a-f]{8}\.eml$/);
    assert.equal(statSync(join(dir, files[0]!)).mode & 0o777, 0o600);
    assert.deepEqual(lines, [`mail to anna@example.com: Ihre Unterlagen Bcc: x (${join(dir, files[0]!)})`]);
  });

  it('prints nothing by default', async () => {
    const dir = join(freshDir(), 'outbox');
    const original = console.log;
    let printed = 0;
    console.log = () => void printed++;
    try {
      await outboxMailer({ dir }).send({ from: 'a@firm.example', to: 'b@example.com', subject: 's', text: 't' });
    } finally {
      console.log = original;
    }
    assert.equal(printed, 0);
  });
});

describe('smtpMailer', () => {
  it('rejects the send when the server cannot be reached', async () => {
    // Port 1 has no listener; creating the mailer succeeded, only sending fails.
    const mailer = smtpMailer({ host: '127.0.0.1', port: 1 });
    await assert.rejects(mailer.send({ from: 'a@firm.example', to: 'b@example.com', subject: 's', text: 't' }));
    await mailer.close?.();
  });
});

describe('parseMail', () => {
  it('decodes encoded words split inside a character, and quoted-printable bodies', () => {
    const raw = [
      'From: =?UTF-8?Q?M=C3?= =?UTF-8?Q?=BCller?= <m@example.com>',
      'To: x@example.com',
      'Subject: =?UTF-8?B?R3LDvMOfZQ==?=',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Stra=C3=9Fe mit sehr langer Zeile, die wei=',
      'tergeht',
      '',
    ].join('\r\n');
    const mail = parseMail(raw);
    assert.equal(mail.from, 'Müller <m@example.com>');
    assert.equal(mail.subject, 'Grüße');
    assert.equal(mail.text, 'Straße mit sehr langer Zeile, die weitergeht');
  });
});
