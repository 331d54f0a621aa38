/**
 * One rule for an e-mail address (`src/protocol/email.ts`), held by every schema that carries one
 * and by `<guest-upload>`'s field: internationalised domains are taken (the mailer sends them as
 * punycode, see upload-receipt.test.ts), letters beyond ASCII before the @ are refused with a
 * message of their own (they would need SMTPUTF8), and everything zod's default rule took before
 * is still taken.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { EMAIL_ADDRESS, emailAddressProblem, emailSchema } from '../../src/protocol/email.js';
import { canonicalEmail } from '../../src/server-adapter/core/email.js';
import { createLinkRequestSchema } from '../../src/protocol/links.js';
import { createShareSchema } from '../../src/protocol/share-requests.js';
import { createUploadRequestSchema, finishUploadSchema } from '../../src/protocol/upload-requests.js';

/** Every address field of the wire contract, each in a body that is valid but for it. */
const FIELDS: { where: string; parse: (email: string) => { success: boolean; error?: { issues: readonly { path: PropertyKey[]; message: string }[] } }; path: string }[] = [
  { where: 'finishing an upload: uploader.email', path: 'uploader.email', parse: (email) => finishUploadSchema.safeParse({ uploadId: 'u'.repeat(16), sha256: '0'.repeat(64), uploader: { email } }) },
  { where: 'an upload request: uploader.email', path: 'uploader.email', parse: (email) => createUploadRequestSchema.safeParse({ title: 'Belege', uploader: { email } }) },
  { where: 'an upload request: notify', path: 'notify.0', parse: (email) => createUploadRequestSchema.safeParse({ title: 'Belege', uploader: { email: 'a@b.de' }, notify: [email] }) },
  { where: 'an upload request: createdBy.email', path: 'createdBy.email', parse: (email) => createUploadRequestSchema.safeParse({ title: 'Belege', uploader: { email: 'a@b.de' }, createdBy: { email } }) },
  { where: 'a link: recipient.email', path: 'recipient.email', parse: (email) => createLinkRequestSchema.safeParse({ kind: 'view', resource: { type: 'share', id: 's' }, recipient: { email } }) },
  {
    where: 'a link: createdBy.email',
    path: 'createdBy.email',
    parse: (email) => createLinkRequestSchema.safeParse({ kind: 'view', resource: { type: 'share', id: 's' }, recipient: { email: 'a@b.de' }, createdBy: { email } }),
  },
  {
    where: 'a share: recipients.0.email',
    path: 'recipients.0.email',
    parse: (email) => createShareSchema.safeParse({ title: 'Bescheid', documentIds: ['doc_1'], recipients: [{ email, expiresAt: '2030-01-01T00:00:00Z' }] }),
  },
  {
    where: 'a share: createdBy.email',
    path: 'createdBy.email',
    parse: (email) => createShareSchema.safeParse({ title: 'Bescheid', documentIds: ['doc_1'], recipients: [{ email: 'a@b.de', expiresAt: '2030-01-01T00:00:00Z' }], createdBy: { email } }),
  },
];

const TAKEN = [
  'bo@bücher.de', // the German IDN of the review
  'BO@BÜCHER.DE',
  'bo@bu\u0308cher.de', // ü as u + combining diaeresis
  'bo@xn--bcher-kva.de', // what Chromium's e-mail field answers for it
  'info@пример.рф',
  'info@xn--e1afmkfd.xn--p1ai',
  'erika.mustermann@beispiel.de',
  "o'brien@kanzlei.example",
  'buchhaltung+2025@mandant.co.uk',
  'a_b-c@sub.domain.example',
];

const REFUSED = [
  'a..b@x.de', // the review's: the widget took them, the adapter did not
  'bo@x.c',
  '.bo@x.de',
  'bo.@x.de',
  'bo@x',
  'bo@-x.de',
  'bo@x.de.',
  'bo at client',
  'bo@@x.de',
  'bo @x.de',
  '',
];

/** The review's, and others the mailer could only send with SMTPUTF8. */
const NON_ASCII_MAILBOX = ['müller@firma.de', 'Jürgen.Groß@bücher.de', 'josé@x.es', 'ſ@x.de'];

describe('the e-mail address rule', () => {
  it('takes internationalised domains, in any case and form', () => {
    for (const address of TAKEN) assert.equal(emailAddressProblem(address), undefined, address);
  });

  it('refuses what is no address', () => {
    for (const address of REFUSED) assert.equal(emailAddressProblem(address), 'invalid', address);
  });

  it('refuses letters beyond ASCII before the @, as a problem of their own', () => {
    for (const address of NON_ASCII_MAILBOX) assert.equal(emailAddressProblem(address), 'non_ascii_mailbox', address);
    const refused = emailSchema.safeParse('müller@firma.de');
    assert.ok(!refused.success);
    assert.match(refused.error.issues[0]!.message, /ASCII before the @.*SMTPUTF8/);
    assert.equal(emailSchema.safeParse('a..b@x.de').error?.issues[0]?.message, 'Invalid input', 'no address: zod’s own message');
  });

  it('still takes every address zod’s default rule took (what the adapter took before)', () => {
    const before = z.email();
    // Addresses shaped like zod's rule (dot-separated parts of its characters, in any order), from a fixed seed.
    let seed = 7;
    const random = (below: number) => ((seed = (Math.imul(seed, 48_271) >>> 0) % 2_147_483_647) % below);
    const some = (chars: string, most: number) => Array.from({ length: 1 + random(most) }, () => chars[random(chars.length)]).join('');
    const parts = (chars: string, most: number) => Array.from({ length: 1 + random(3) }, () => some(chars, most)).join('.');
    const generated = Array.from({ length: 20_000 }, () => `${parts("aZ09_'+-", 4)}@${parts('aZ09-', 5)}.${some('aZdeX', 3)}`);
    let taken = 0;
    for (const address of [...TAKEN, ...REFUSED, ...NON_ASCII_MAILBOX, ...generated]) {
      if (!before.safeParse(address).success) continue;
      taken++;
      assert.ok(EMAIL_ADDRESS.test(address), address);
    }
    assert.ok(taken > 1000, `only ${taken} addresses zod takes were tried`);
  });

  for (const { where, path, parse } of FIELDS) {
    it(`holds for ${where}`, () => {
      for (const address of TAKEN) assert.equal(parse(address).success, true, address);
      for (const address of [...REFUSED, ...NON_ASCII_MAILBOX]) {
        const result = parse(address);
        assert.deepEqual(result.error?.issues.map((issue) => issue.path.join('.')), [path], address);
      }
      assert.match(parse('müller@firma.de').error!.issues[0]!.message, /SMTPUTF8/);
    });
  }

  it('is the only e-mail rule in src/: no other zod e-mail format', () => {
    const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
    const others = files.filter((name) => name !== join('protocol', 'email.ts') && /\bz\.email\(/.test(readFileSync(join('src', name), 'utf8')));
    assert.deepEqual(others, []);
  });
});

describe('canonicalEmail: the one form the adapter keeps an address in', () => {
  it('maps every spelling of one mailbox to one string, with the domain as Unicode', () => {
    // What a back end sends, what Chromium's e-mail field hands over (punycode), capitals in both.
    const spellings = ['bo@bücher.de', 'bo@xn--bcher-kva.de', 'BO@BÜCHER.DE', 'Bo@XN--BCHER-KVA.De'];
    assert.deepEqual([...new Set(spellings.map(canonicalEmail))], ['bo@bücher.de']);
    assert.equal(canonicalEmail('ana@xn--e1afmkfd.xn--p1ai'), 'ana@пример.рф');
    assert.equal(canonicalEmail('Lena.Lead@Example.com'), 'lena.lead@example.com');
    // Idempotent, and every address the rule takes stays one the rule takes.
    for (const address of [...TAKEN, ...spellings]) {
      const canonical = canonicalEmail(address);
      assert.equal(canonicalEmail(canonical), canonical, address);
      assert.ok(EMAIL_ADDRESS.test(canonical), `${address} → ${canonical}`);
    }
  });

  it('keeps a domain UTS #46 cannot map, or whose Unicode form the rule refuses, as given, lower-cased', () => {
    assert.equal(canonicalEmail('x@XN--ZZ.de'), 'x@xn--zz.de');
    // An emoji domain: taken as punycode, refused as Unicode (a label begins with a letter or digit).
    assert.ok(EMAIL_ADDRESS.test('bo@xn--ls8h.la'));
    assert.equal(canonicalEmail('Bo@XN--LS8H.la'), 'bo@xn--ls8h.la');
    assert.ok(EMAIL_ADDRESS.test(canonicalEmail('bo@xn--ls8h.la')));
  });
});
