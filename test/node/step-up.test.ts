import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsBlobStore, type GuestkitOptions } from '../../src/server-adapter/index.js';
import { drained, slowMailer } from './helpers/background.js';
import { createFixture, createSqliteFixture, type Fixture } from './helpers/fixture.js';

const resource = { type: 'share', id: 'tax-2025' };
const recipient = { email: 'lawyer@law.example', name: 'Lea Lawyer', locale: 'de' as const };

async function code(response: Response): Promise<string> {
  return ((await response.json()) as { code: string }).code;
}


/** A view link with an e-mailed one-time code, the code mailed, and five wrong guesses at it. */
async function fiveWrongGuesses(f: Fixture): Promise<{ token: string; otp: string }> {
  const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, stepUp: { type: 'email_otp' } });
  await f.call('POST', '/v1/session/otp', { body: { token } });
  const otp = /(\d{6})/.exec((await f.smtp.waitFor(1))[0]!.text)![1]!;
  const wrong = (i: number) => String((Number(otp) + 1 + i) % 1_000_000).padStart(6, '0');
  for (let i = 0; i < 5; i++) assert.equal(await code(await f.call('POST', '/v1/session', { body: { token, otp: wrong(i) } })), 'otp_invalid');
  return { token, otp };
}

describe('step-up: access code', () => {
  let f: Fixture;
  beforeEach(async () => (f = await createFixture()));
  afterEach(() => f.close());

  it('asks for the code, refuses a wrong one, accepts the right one, and audits each', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, stepUp: { type: 'access_code', code: 'Birke-42' } });
    const none = await f.call('POST', '/v1/session', { body: { token } });
    assert.equal(none.status, 401);
    assert.equal(await code(none), 'access_code_required');
    const wrong = await f.call('POST', '/v1/session', { body: { token, accessCode: 'birke-42' } });
    assert.equal(await code(wrong), 'access_code_invalid');
    const right = await f.call('POST', '/v1/session', { body: { token, accessCode: ' Birke-42 ' } });
    assert.equal(right.status, 201);
    const events = await f.gk.audit.list(f.firmId, { resource });
    assert.deepEqual(events.map((e) => e.type), ['link.issued', 'link.step_up_failed', 'link.step_up_passed', 'link.opened']);
    assert.equal(events.at(-1)!.verified, true, 'an opening after step-up is verified');
  });

  it('stores only a hash of the access code', async () => {
    const { link } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, stepUp: { type: 'access_code', code: 'Birke-42' } });
    const stored = await f.gk.runtime.store.links.get(f.firmId, link.id);
    assert.ok(stored?.accessCodeHash && !stored.accessCodeHash.includes('Birke'));
  });

  it('locks guessing after 5 attempts in 15 minutes, even the right code', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, stepUp: { type: 'access_code', code: '9137' } });
    for (let i = 0; i < 5; i++) assert.equal(await code(await f.call('POST', '/v1/session', { body: { token, accessCode: `000${i}` } })), 'access_code_invalid');
    const locked = await f.call('POST', '/v1/session', { body: { token, accessCode: '9137' } });
    assert.equal(locked.status, 429);
    f.advance(15 * 60_000);
    assert.equal((await f.call('POST', '/v1/session', { body: { token, accessCode: '9137' } })).status, 201);
  });

  it('regression: the right code counted among the 5 attempts of 15 minutes, so a recipient who opened the link a 6th time (a fresh browser, each time with the right code) was locked out; right codes now open it every time, and wrong ones are still locked at 5', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, stepUp: { type: 'access_code', code: 'Birke-42' } });
    // Eight openings within 12 minutes, from a phone and a laptop by turns.
    for (let i = 0; i < 8; i++) {
      if (i > 0) f.advance(90_000);
      const opened = await f.call('POST', '/v1/session', { body: { token, accessCode: 'Birke-42' }, ip: `198.51.100.${i % 2}` });
      assert.equal(opened.status, 201, `opening ${i + 1}`);
    }
    // Within the same 15 minutes, wrong codes: five checked, then the lock, for the right code too.
    for (let i = 0; i < 5; i++) assert.equal(await code(await f.call('POST', '/v1/session', { body: { token, accessCode: `falsch-${i}` } })), 'access_code_invalid', `wrong code ${i + 1}`);
    assert.equal(await code(await f.call('POST', '/v1/session', { body: { token, accessCode: 'falsch-5' } })), 'rate_limited');
    const locked = await f.call('POST', '/v1/session', { body: { token, accessCode: 'Birke-42' } });
    assert.equal(locked.status, 429, 'a refusal tells nothing about the code');
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter >= 899 && retryAfter <= 900, `the first wrong code leaves the window in 15 minutes: Retry-After ${retryAfter}`);
    f.advance(retryAfter * 1000);
    assert.equal((await f.call('POST', '/v1/session', { body: { token, accessCode: 'Birke-42' } })).status, 201);
  });

  it('right codes between wrong ones give no more than 5 wrong codes in 15 minutes (someone holding the code cannot make room for guesses)', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, stepUp: { type: 'access_code', code: 'Birke-42' } });
    const answers: string[] = [];
    const tryCode = async (accessCode: string) => {
      const response = await f.call('POST', '/v1/session', { body: { token, accessCode } });
      answers.push(response.status === 201 ? 'opened' : await code(response));
    };
    const start = f.gk.runtime.now();
    for (let i = 0; i < 10; i++) {
      f.advance(60_000);
      await tryCode('Birke-42');
      await tryCode(`falsch-${i}`);
    }
    const wrong = answers.filter((_, i) => i % 2 === 1);
    assert.deepEqual(wrong, [...Array(5).fill('access_code_invalid'), ...Array(5).fill('rate_limited')], 'five wrong codes checked, however many right ones came between them');
    assert.deepEqual(answers.filter((_, i) => i % 2 === 0), [...Array(5).fill('opened'), ...Array(5).fill('rate_limited')], 'once the wrong codes are spent, the right one waits too');
    const failed = (await f.gk.audit.list(f.firmId, { resource })).filter((e) => e.type === 'link.step_up_failed');
    assert.equal(failed.length, 5);
    // Wrong codes sent together with the right one, once the first five wrong ones have left: five checked, no more.
    f.advance(start + 15 * 60_000 + 5 * 60_000 + 1 - f.gk.runtime.now());
    const together = await Promise.all(['Birke-42', 'x-0', 'Birke-42', 'x-1', 'x-2', 'x-3', 'x-4', 'x-5', 'x-6', 'Birke-42'].map(async (accessCode) => {
      const response = await f.call('POST', '/v1/session', { body: { token, accessCode } });
      return response.status === 201 ? 'opened' : await code(response);
    }));
    assert.ok(together.filter((c) => c === 'access_code_invalid').length <= 5, JSON.stringify(together));
    f.advance(60_000);
    const afterwards = await Promise.all(Array.from({ length: 5 }, async (_, i) => code(await f.call('POST', '/v1/session', { body: { token, accessCode: `y-${i}` } }))));
    const checked = together.filter((c) => c === 'access_code_invalid').length + afterwards.filter((c) => c === 'access_code_invalid').length;
    assert.ok(checked <= 5, `wrong codes checked within 15 minutes: ${checked}`);
  });
});

describe('step-up: one-time code by e-mail (real SMTP peer)', () => {
  let f: Fixture;
  beforeEach(async () => (f = await createFixture()));
  afterEach(() => f.close());

  it('mails a 6-digit code to the recipient only, and the code opens the link once', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'sign', resource, recipient, stepUp: { type: 'email_otp' } });
    const first = await f.call('POST', '/v1/session', { body: { token } });
    assert.equal(await code(first), 'otp_required');
    const sent = await f.call('POST', '/v1/session/otp', { body: { token } });
    assert.equal(sent.status, 202);
    const [mail] = await f.smtp.waitFor(1);
    await drained(f); // `link.otp_sent` is recorded once the mail is sent
    assert.deepEqual(mail!.envelopeTo, ['lawyer@law.example']);
    assert.match(mail!.subject, /^Ihr Einmalcode – Kanzlei Muster & Partner$/);
    assert.match(mail!.from, /"Kanzlei Muster & Partner" <no-reply@kanzlei\.example>/);
    const otp = /(\d{6})/.exec(mail!.text)![1]!;
    assert.doesNotMatch(mail!.raw, /gk_sign_/, 'the code mail carries no link token');
    const wrong = await f.call('POST', '/v1/session', { body: { token, otp: otp === '000000' ? '111111' : '000000' } });
    assert.equal(await code(wrong), 'otp_invalid');
    const right = await f.call('POST', '/v1/session', { body: { token, otp } });
    assert.equal(right.status, 201);
    const reused = await f.call('POST', '/v1/session', { body: { token, otp } });
    assert.equal(await code(reused), 'otp_invalid', 'a code works once');
    const types = (await f.gk.audit.list(f.firmId, { resource })).map((e) => e.type);
    assert.deepEqual(types, ['link.issued', 'link.otp_sent', 'link.step_up_failed', 'link.step_up_passed', 'link.opened', 'link.step_up_failed']);
  });

  it('locks guessing after 5 wrong codes in 15 minutes, even the right code; once the lock ends a new code opens the link', async () => {
    const { token, otp } = await fiveWrongGuesses(f);
    const locked = await f.call('POST', '/v1/session', { body: { token, otp } });
    assert.equal(locked.status, 429);
    assert.equal(await code(locked), 'rate_limited');
    f.advance(15 * 60_000);
    await f.call('POST', '/v1/session/otp', { body: { token } });
    const fresh = /(\d{6})/.exec((await f.smtp.waitFor(2))[1]!.text)![1]!;
    assert.equal((await f.call('POST', '/v1/session', { body: { token, otp: fresh } })).status, 201);
  });

  it('regression: a right one-time code counted among the 5 attempts of 15 minutes, so a recipient who mistyped once and opened the link five times was locked out; each right code opens the link once, and a code used again is a wrong one', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, stepUp: { type: 'email_otp' } });
    for (let i = 0; i < 5; i++) {
      if (i > 0) f.advance(2 * 60_000);
      await f.call('POST', '/v1/session/otp', { body: { token } });
      const otp = /(\d{6})/.exec((await f.smtp.waitFor(i + 1))[i]!.text)![1]!;
      if (i === 0) assert.equal(await code(await f.call('POST', '/v1/session', { body: { token, otp: otp === '000000' ? '111111' : '000000' } })), 'otp_invalid', 'a typo');
      assert.equal((await f.call('POST', '/v1/session', { body: { token, otp } })).status, 201, `opening ${i + 1}`);
      if (i === 4) assert.equal(await code(await f.call('POST', '/v1/session', { body: { token, otp } })), 'otp_invalid', 'a code works once');
    }
  });

  it('codes expire after 10 minutes', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'sign', resource, recipient, stepUp: { type: 'email_otp' } });
    await f.call('POST', '/v1/session/otp', { body: { token } });
    const [mail] = await f.smtp.waitFor(1);
    const otp = /(\d{6})/.exec(mail!.text)![1]!;
    f.advance(10 * 60_000 + 1);
    assert.equal(await code(await f.call('POST', '/v1/session', { body: { token, otp } })), 'otp_invalid');
  });

  it('answers the same for unknown tokens and sends nothing', async () => {
    const { newToken } = await import('../../src/server-adapter/core/crypto.js');
    const response = await f.call('POST', '/v1/session/otp', { body: { token: newToken('sign') } });
    assert.equal(response.status, 202);
    assert.deepEqual(await response.json(), { accepted: true });
    await drained(f);
    assert.equal(f.smtp.messages.length, 0);
  });

  it('limits code mails per link per hour', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'sign', resource, recipient, stepUp: { type: 'email_otp' } });
    for (let i = 0; i < 7; i++) assert.equal((await f.call('POST', '/v1/session/otp', { body: { token }, ip: `198.51.100.${i}` })).status, 202);
    await drained(f);
    assert.equal(f.smtp.messages.length, 5);
  });

  it('regression (SECURITY.md T17): the answer for a real token waited for its code mail, so its time told it from an unknown token (answered at once); it now comes while the mail is still being sent, and the code arrives after it and opens the link', async () => {
    const { token, link } = await f.gk.links.create(f.firmId, { kind: 'sign', resource, recipient, stepUp: { type: 'email_otp' } });
    const { events } = slowMailer(f, 400);
    const sent = await f.call('POST', '/v1/session/otp', { body: { token } });
    events.push('answered');
    assert.equal(sent.status, 202);
    assert.deepEqual(await sent.json(), { accepted: true }, 'the answer an unknown token gets');
    assert.equal(f.smtp.messages.length, 0, 'nothing delivered yet when the answer came');
    const [mail] = await f.smtp.waitFor(1);
    await drained(f);
    assert.deepEqual(events, ['answered', 'mail sent'], 'answered while the mail was still being sent');
    assert.deepEqual(mail!.envelopeTo, ['lawyer@law.example']);
    assert.match(mail!.subject, /^Ihr Einmalcode – Kanzlei Muster & Partner$/);
    const otp = /(\d{6})/.exec(mail!.text)![1]!;
    assert.equal((await f.call('POST', '/v1/session', { body: { token, otp } })).status, 201, 'the mailed code opens the link');
    const otpSent = (await f.gk.audit.list(f.firmId, { resource })).filter((e) => e.type === 'link.otp_sent');
    assert.deepEqual(otpSent.map((e) => e.data), [{ linkId: link.id, to: 'lawyer@law.example' }], 'still audited');
  });

  it('counts code mails against the per-link limit before answering; codes asked for quickly are mailed in order, and the last one mailed works', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'sign', resource, recipient, stepUp: { type: 'email_otp' } });
    // The first mail is the slowest: sent side by side, the others would overtake it.
    const { events } = slowMailer(f, [300, 100]);
    for (let i = 0; i < 7; i++) {
      assert.equal((await f.call('POST', '/v1/session/otp', { body: { token }, ip: `198.51.100.${i}` })).status, 202);
      events.push('answered');
    }
    assert.deepEqual(events, Array(7).fill('answered'), 'all seven answered before any mail was sent');
    await drained(f);
    assert.equal(f.smtp.messages.length, 5, 'five code mails per link per hour');
    const codes = f.smtp.messages.map((mail) => /(\d{6})/.exec(mail.text)![1]!);
    const last = codes.at(-1)!;
    for (const earlier of new Set(codes.slice(0, -1).filter((each) => each !== last))) {
      assert.equal(await code(await f.call('POST', '/v1/session', { body: { token, otp: earlier } })), 'otp_invalid', 'a code mailed before the last');
    }
    assert.equal((await f.call('POST', '/v1/session', { body: { token, otp: last } })).status, 201, 'the code mailed last opens the link');
  });

  it('logs a code mail that fails after the answer, and records no link.otp_sent for it', async () => {
    const { token, link } = await f.gk.links.create(f.firmId, { kind: 'sign', resource, recipient, stepUp: { type: 'email_otp' } });
    const { events } = slowMailer(f, 50, true);
    const sent = await f.call('POST', '/v1/session/otp', { body: { token } });
    events.push('answered');
    assert.equal(sent.status, 202, 'the answer every token gets, not the mail server’s refusal');
    assert.deepEqual(await sent.json(), { accepted: true });
    await drained(f);
    assert.deepEqual(events, ['answered', 'mail failed']);
    assert.ok(f.logs.includes(`error one-time code mail failed ${JSON.stringify({ linkId: link.id, error: 'Error: 451 4.3.0 try again later' })}`), f.logs.join('\n'));
    assert.ok(!(await f.gk.audit.list(f.firmId, { resource })).some((e) => e.type === 'link.otp_sent'));
  });

  it('shutting down waits for a code still being mailed', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'sign', resource, recipient, stepUp: { type: 'email_otp' } });
    const { events } = slowMailer(f, 300);
    assert.equal((await f.call('POST', '/v1/session/otp', { body: { token } })).status, 202);
    events.push('answered');
    await f.gk.close();
    events.push('closed');
    assert.deepEqual(events, ['answered', 'mail sent', 'closed']);
    assert.equal(f.smtp.messages.length, 1);
    const { smtp } = f;
    f = { ...f, close: () => smtp.close() }; // the adapter is closed already
  });
});

describe('step-up: a one-time code guessed at too often (codes valid for an hour)', () => {
  let f: Fixture;
  beforeEach(async () => (f = await createFixture({ otpTtlSeconds: 3600 })));
  afterEach(() => f.close());

  it('a code guessed at 5 times stays refused after the lock ends, though it has not expired; a new code opens the link', async () => {
    const { token, otp } = await fiveWrongGuesses(f);
    f.advance(15 * 60_000);
    assert.equal(await code(await f.call('POST', '/v1/session', { body: { token, otp } })), 'otp_invalid', 'the guessed-at code is spent');
    await f.call('POST', '/v1/session/otp', { body: { token } });
    const fresh = /(\d{6})/.exec((await f.smtp.waitFor(2))[1]!.text)![1]!;
    assert.equal((await f.call('POST', '/v1/session', { body: { token, otp: fresh } })).status, 201);
  });
});

describe('step-up: wrong codes add up over a day (20 a day, besides 5 per 15 minutes)', () => {
  let f: Fixture;
  beforeEach(async () => (f = await createFixture()));
  afterEach(() => f.close());

  const DAY = 24 * 3600_000;

  /** Sends `body` to the exchange: its status, code and Retry-After (header and body). */
  async function exchange(body: Record<string, string>) {
    const response = await f.call('POST', '/v1/session', { body });
    const answer = response.status === 201 ? {} : ((await response.json()) as { code?: string; retryAfter?: number });
    return { status: response.status, code: answer.code, retryAfter: answer.retryAfter, header: response.headers.get('retry-after') };
  }

  it('regression: a 4-digit code could be guessed at 5 per 15 minutes for the link’s whole life; after 20 wrong codes in a day the next attempt, even the right code, is refused until the first of them is a day old', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, stepUp: { type: 'access_code', code: '9137' } });
    const first = f.gk.runtime.now();
    // One wrong code every 70 minutes: never near the 15-minute limit, 20 of them within 23 h 20 min.
    for (let i = 0; i < 20; i++) {
      if (i > 0) f.advance(70 * 60_000);
      assert.equal((await exchange({ token, accessCode: String(i).padStart(4, '0') })).code, 'access_code_invalid', `wrong code ${i + 1}`);
    }
    const refused = await exchange({ token, accessCode: '9137' });
    assert.equal(refused.status, 429);
    assert.equal(refused.code, 'rate_limited', 'the right code too: a refusal tells nothing about the code');
    assert.equal(refused.header, String(refused.retryAfter));
    const dueIn = (first + DAY - f.gk.runtime.now()) / 1000; // about 40 minutes
    assert.ok(Math.abs(refused.retryAfter! - dueIn) <= 2, `Retry-After ${refused.retryAfter}, expected about ${dueIn}`);
    f.advance(refused.retryAfter! * 1000 - 60_000);
    for (let i = 0; i < 5; i++) assert.equal((await exchange({ token, accessCode: '9137' })).code, 'rate_limited', 'not before Retry-After');
    f.advance(60_000);
    assert.equal((await exchange({ token, accessCode: '9137' })).status, 201, 'the first wrong code is a day old: the right one opens the link (the refused attempts did not count)');
  });

  it('right codes do not count: a recipient who opens the link again and again is not held back, and the 20th wrong code is still checked', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, stepUp: { type: 'access_code', code: 'Birke-42' } });
    for (let i = 0; i < 19; i++) {
      if (i % 4 === 0) f.advance(15 * 60_000);
      assert.equal((await exchange({ token, accessCode: `falsch-${i}` })).code, 'access_code_invalid');
    }
    // Thirty openings with the right code, five per 15 minutes, within the same day.
    for (let i = 0; i < 30; i++) {
      if (i % 5 === 0) f.advance(15 * 60_000);
      assert.equal((await exchange({ token, accessCode: 'Birke-42' })).status, 201, `opening ${i + 1}`);
    }
    f.advance(15 * 60_000);
    assert.equal((await exchange({ token, accessCode: 'falsch-19' })).code, 'access_code_invalid', 'the 20th wrong code of the day');
    assert.equal((await exchange({ token, accessCode: 'Birke-42' })).code, 'rate_limited');
  });

  it('wrong codes sent at once cannot slip past the day’s limit together', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, stepUp: { type: 'access_code', code: '9137' } });
    for (let i = 0; i < 18; i++) {
      if (i % 5 === 0) f.advance(15 * 60_000);
      assert.equal((await exchange({ token, accessCode: `1${String(i).padStart(3, '0')}` })).code, 'access_code_invalid');
    }
    f.advance(15 * 60_000);
    const together = await Promise.all(['2000', '2001', '2002', '2003', '2004'].map((accessCode) => exchange({ token, accessCode })));
    assert.deepEqual(together.map((a) => a.code).sort(), ['access_code_invalid', 'access_code_invalid', 'rate_limited', 'rate_limited', 'rate_limited'], 'two checked, the 19th and 20th');
    const events = await f.gk.audit.list(f.firmId, { resource });
    assert.equal(events.filter((e) => e.type === 'link.step_up_failed').length, 20, 'twenty wrong codes checked in all');
  });

  it('one-time codes share the limit: after 20 wrong ones in a day a fresh, right code is refused, until the day is over', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, stepUp: { type: 'email_otp' } });
    let mails = 0;
    const mailCode = async () => {
      assert.equal((await f.call('POST', '/v1/session/otp', { body: { token } })).status, 202);
      return /(\d{6})/.exec((await f.smtp.waitFor(++mails))[mails - 1]!.text)![1]!;
    };
    const first = f.gk.runtime.now();
    // Four codes, each guessed at five times, one code an hour.
    for (let round = 0; round < 4; round++) {
      if (round > 0) f.advance(3600_000);
      const otp = await mailCode();
      for (let i = 0; i < 5; i++) {
        const wrong = String((Number(otp) + 1 + i) % 1_000_000).padStart(6, '0');
        assert.equal((await exchange({ token, otp: wrong })).code, 'otp_invalid');
      }
    }
    f.advance(3600_000);
    const refused = await exchange({ token, otp: await mailCode() });
    assert.equal(refused.code, 'rate_limited', 'the 21st attempt, a right code just mailed');
    assert.equal(refused.header, String(refused.retryAfter));
    assert.ok(Math.abs(refused.retryAfter! - (first + DAY - f.gk.runtime.now()) / 1000) <= 2, `Retry-After ${refused.retryAfter}`);
    f.advance(refused.retryAfter! * 1000);
    assert.equal((await exchange({ token, otp: await mailCode() })).status, 201);
  });
});

/** A fixture on the `store` with a blob store for documents to share (removed on `close()`). */
async function withBlobs(store: 'memory' | 'sqlite', overrides: Partial<GuestkitOptions> = {}): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'guestkit-step-up-'));
  const options = { blobs: fsBlobStore({ dir }), ...overrides };
  const f = store === 'memory' ? await createFixture(options) : await createSqliteFixture(options);
  return {
    ...f,
    async close() {
      await f.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A share with access code `code` for `count` recipients: their link tokens. */
async function sharedCode(f: Fixture, count: number, code: string): Promise<string[]> {
  const doc = await f.gk.documents.add(f.firmId, { name: 'Jahresabschluss.txt', body: new TextEncoder().encode('Bilanz') });
  const expiresAt = new Date(f.gk.runtime.now() + 30 * 24 * 3600_000).toISOString();
  const recipients = Array.from({ length: count }, (_, i) => ({ email: `r${i}@bank.example`, expiresAt }));
  const { links } = await f.gk.shares.create(f.firmId, { title: 'Finanzierung', documentIds: [doc.id], recipients, stepUp: { type: 'access_code', code } });
  return links.map((link) => link.token);
}

/** Tries `accessCode` on `token`: `opened`, or the refusal's code and Retry-After. */
async function tryCode(f: Fixture, token: string, accessCode: string): Promise<{ code: string; retryAfter?: number }> {
  const response = await f.call('POST', '/v1/session', { body: { token, accessCode } });
  return response.status === 201 ? { code: 'opened' } : ((await response.json()) as { code: string; retryAfter?: number });
}

for (const store of ['memory', 'sqlite'] as const) {
  describe(`step-up: one access code on several links (a share's recipients), ${store} store`, () => {
    let f: Fixture;
    beforeEach(async () => (f = await withBlobs(store)));
    afterEach(() => f.close());

    const DAY = 24 * 3600_000;
    const WINDOW = 15 * 60_000;

    /** Twenty wrong codes on `token`, five per 15 minutes. */
    async function dayOfWrongCodes(token: string, prefix: string): Promise<void> {
      for (let i = 0; i < 20; i++) {
        if (i > 0 && i % 5 === 0) f.advance(WINDOW);
        assert.equal((await tryCode(f, token, `${prefix}-${i}`)).code, 'access_code_invalid', `${prefix} wrong code ${i + 1}`);
      }
    }

    it('regression: each recipient’s link had its own 20 wrong codes a day, so someone holding three links of one share had 60 guesses at its code; the code now has 40 a day across them, and one link’s day spent leaves the others their room', async () => {
      const [first, second, third] = (await sharedCode(f, 3, '4711')) as [string, string, string];
      const start = f.gk.runtime.now();
      await dayOfWrongCodes(first, 'first');
      assert.equal((await tryCode(f, first, '4711')).code, 'rate_limited', 'the first link’s day is spent');
      assert.equal((await tryCode(f, second, '4711')).code, 'opened', 'the second recipient is not held back by the first link');
      f.advance(WINDOW);
      await dayOfWrongCodes(second, 'second');
      f.advance(WINDOW);
      const refused = await tryCode(f, third, '4711');
      assert.equal(refused.code, 'rate_limited', 'the code’s day is spent on every link that carries it, for the right code too');
      assert.equal((await tryCode(f, third, '0000')).code, 'rate_limited');
      const failed = (await f.gk.audit.list(f.firmId, { limit: 1000 })).filter((e) => e.type === 'link.step_up_failed').length;
      assert.equal(failed, 40, 'forty wrong codes checked in all');
      // Let through when the first wrong code is a day old; the refused attempts did not count.
      const dueIn = (start + DAY - f.gk.runtime.now()) / 1000;
      assert.ok(Math.abs(refused.retryAfter! - dueIn) <= 2, `Retry-After ${refused.retryAfter}, expected about ${dueIn}`);
      f.advance(refused.retryAfter! * 1000);
      assert.equal((await tryCode(f, third, '4711')).code, 'opened');
    });
  });
}

describe('step-up: the allowance of a shared code follows the link’s', () => {
  it('is twice stepUpFailuresPerLinkPerDay unless stepUpFailuresPerCodePerDay is set', async () => {
    for (const [rateLimits, checked] of [
      [{ stepUpFailuresPerLinkPerDay: 2 }, 4],
      [{ stepUpFailuresPerLinkPerDay: 2, stepUpFailuresPerCodePerDay: 3 }, 3],
    ] as const) {
      const f = await withBlobs('memory', { rateLimits });
      try {
        const tokens = await sharedCode(f, 3, '4711');
        const answers = [];
        for (const token of tokens) for (let i = 0; i < 3; i++) answers.push((await tryCode(f, token, `000${i}`)).code);
        assert.equal(answers.filter((code) => code === 'access_code_invalid').length, checked, JSON.stringify(rateLimits));
      } finally {
        await f.close();
      }
    }
  });
});
