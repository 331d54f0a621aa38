import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { drained, slowMailer } from './helpers/background.js';
import { inBackgroundInOrder } from '../../src/server-adapter/core/in-order.js';
import { createFixture, type Fixture } from './helpers/fixture.js';
import { tokenIn } from './helpers/smtp-peer.js';

const resource = { type: 'upload-request', id: 'req-7' };
const recipient = { email: 'bookkeeper@client.example', name: 'Bo Keeper', locale: 'en' as const };


describe('send me a fresh link', () => {
  let f: Fixture;
  beforeEach(async () => (f = await createFixture()));
  afterEach(() => f.close());

  it('mails a new link for an expired one to the recipient’s own address, and the new link works', async () => {
    const { token, link } = await f.gk.links.create(f.firmId, {
      kind: 'upload',
      resource,
      recipient,
      ttlSeconds: 3600,
      createdBy: { email: 'anna@kanzlei.example', name: 'Anna Steuer' },
    });
    f.advance(3600_000 + 1);
    const response = await f.call('POST', '/v1/links/refresh', { body: { token } });
    assert.equal(response.status, 202);
    assert.deepEqual(await response.json(), { accepted: true });
    const [mail] = await f.smtp.waitFor(1);
    assert.deepEqual(mail!.envelopeTo, ['bookkeeper@client.example']);
    assert.equal(mail!.replyTo, 'anna@kanzlei.example');
    assert.match(mail!.subject, /^Your new link – /);
    assert.match(mail!.text, /Anna Steuer/);
    const fresh = tokenIn(mail!);
    assert.notEqual(fresh, token);
    assert.match(fresh, /^gk_upload_/);
    assert.equal((await f.call('POST', '/v1/session', { body: { token: fresh } })).status, 201);
    assert.equal((await f.call('POST', '/v1/session', { body: { token } })).status, 410, 'the old link stays expired');
    await drained(f); // `link.refreshed` is recorded once the mail is sent
    const links = await f.gk.links.list(f.firmId, { resource });
    assert.equal(links.find((l) => l.replaces === link.id)?.recipient.email, 'bookkeeper@client.example');
    const types = (await f.gk.audit.list(f.firmId, { resource })).map((e) => e.type);
    assert.ok(types.includes('link.refreshed'));
  });

  it('builds the mailed link from the firm\'s configuration, whatever Host or X-Forwarded-Host the request names (SECURITY.md R12)', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient, ttlSeconds: 60 });
    f.advance(61_000);
    const response = await f.gk.handle(
      new Request('http://evil.example/guestkit/v1/links/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://kanzlei.example', 'x-forwarded-host': 'evil.example', forwarded: 'host=evil.example' },
        body: JSON.stringify({ token }),
      }),
      { ip: '203.0.113.7' },
    );
    assert.equal(response.status, 202);
    const [mail] = await f.smtp.waitFor(1);
    const url = /https?:\/\/\S+#gk=\S+/.exec(mail!.text)?.[0];
    assert.ok(url?.startsWith('https://kanzlei.example/upload#gk='), `mailed ${url}`);
    assert.doesNotMatch(mail!.raw, /evil\.example/, 'nowhere in the mail');
  });

  it('mails nothing when a page the firm has not allowed asks (origin_forbidden, as when opening the link); a request without Origin — not a browser — still counts', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient, ttlSeconds: 60 });
    f.advance(61_000);
    for (const origin of ['https://evil.example', 'https://kanzlei.example.evil.example', 'null']) {
      const response = await f.call('POST', '/v1/links/refresh', { body: { token }, origin });
      assert.equal(response.status, 403, origin);
      assert.equal(((await response.json()) as { code: string }).code, 'origin_forbidden');
    }
    await drained(f);
    assert.equal(f.smtp.messages.length, 0, 'no mail from another site');
    assert.equal((await f.gk.links.list(f.firmId, { resource })).length, 1, 'no new link either');
    assert.equal((await f.call('POST', '/v1/links/refresh', { body: { token }, origin: null })).status, 202);
    assert.deepEqual((await f.smtp.waitFor(1))[0]!.envelopeTo, ['bookkeeper@client.example']);
  });

  it('keeps the firm’s step-up on the fresh link', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, ttlSeconds: 60, stepUp: { type: 'access_code', code: 'Eiche-7' } });
    f.advance(61_000);
    await f.call('POST', '/v1/links/refresh', { body: { token } });
    const fresh = tokenIn((await f.smtp.waitFor(1))[0]!);
    assert.equal(((await (await f.call('POST', '/v1/session', { body: { token: fresh } })).json()) as { code: string }).code, 'access_code_required');
    assert.equal((await f.call('POST', '/v1/session', { body: { token: fresh, accessCode: 'Eiche-7' } })).status, 201);
  });

  it('sends nothing — and answers the same — for unknown, still valid and revoked links', async () => {
    const { newToken } = await import('../../src/server-adapter/core/crypto.js');
    const valid = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient });
    const revoked = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, ttlSeconds: 60 });
    await f.gk.links.revoke(f.firmId, revoked.link.id);
    f.advance(61_000);
    for (const token of [newToken('view'), valid.token, revoked.token]) {
      const response = await f.call('POST', '/v1/links/refresh', { body: { token } });
      assert.equal(response.status, 202);
      assert.deepEqual(await response.json(), { accepted: true });
    }
    await drained(f);
    assert.equal(f.smtp.messages.length, 0);
  });

  it('rejects malformed tokens without a lookup, and limits requests per link and per IP', async () => {
    assert.equal((await f.call('POST', '/v1/links/refresh', { body: { token: 'gk_view_garbage' } })).status, 404);
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, ttlSeconds: 60 });
    f.advance(61_000);
    for (let i = 0; i < 5; i++) assert.equal((await f.call('POST', '/v1/links/refresh', { body: { token }, ip: `198.51.100.${i}` })).status, 202);
    await drained(f);
    assert.equal(f.smtp.messages.length, 3, 'at most 3 fresh links per link per hour');
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await f.call('POST', '/v1/links/refresh', { body: { token: 'gk_view_x' }, ip: '192.0.2.9' })).status);
    assert.equal(statuses.at(-1), 429, 'per-IP limit');
  });

  it('a new fresh link ends the one sent before it; after the firm revoked any link of the recipient\'s chain, none is sent (SECURITY.md R17)', async () => {
    const { token, link } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, ttlSeconds: 3600 });
    f.advance(3600_000 + 1);
    const refresh = async (from: string) => assert.equal((await f.call('POST', '/v1/links/refresh', { body: { token: from } })).status, 202);
    const exchange = async (with_: string) => (await f.call('POST', '/v1/session', { body: { token: with_ } })).status;

    await refresh(token);
    const first = tokenIn((await f.smtp.waitFor(1))[0]!);
    assert.equal(await exchange(first), 201);
    // The mail was lost: the recipient asks again with the link they still have.
    await refresh(token);
    const second = tokenIn((await f.smtp.waitFor(2))[1]!);
    assert.equal(await exchange(second), 201);
    assert.equal(await exchange(first), 410, 'the fresh link sent before it ended');
    await drained(f); // `link.refreshed` is recorded once the mail is sent
    const refreshed = (await f.gk.audit.list(f.firmId, { resource })).filter((event) => event.type === 'link.refreshed');
    const firstId = (await f.gk.links.list(f.firmId, { resource })).find((each) => each.replaces === link.id && Date.parse(each.expiresAt) <= f.gk.runtime.now())!.id;
    assert.deepEqual(refreshed.at(-1)?.data.ended, [firstId]);
    assert.equal((await f.gk.links.list(f.firmId, { resource, active: true })).length, 1, 'one live link for the recipient');

    // The firm ends the recipient's access by revoking the live fresh link.
    const live = (await f.gk.links.list(f.firmId, { resource, active: true }))[0]!;
    await f.gk.links.revoke(f.firmId, live.id);
    await refresh(token);
    await refresh(first);
    await drained(f);
    assert.equal(f.smtp.messages.length, 2, 'no fresh link after the revocation, from any earlier link');
    assert.equal((await f.gk.links.list(f.firmId, { resource, active: true })).length, 0);
  });

  it('regression (SECURITY.md T17): the answer for a real, expired token waited for its mail — ~320 ms against <5 ms for an unknown token — so its time told the token was real; it now comes while the mail is still being sent, and the mail arrives after it as before', async () => {
    const { token, link } = await f.gk.links.create(f.firmId, { kind: 'upload', resource, recipient, ttlSeconds: 60, createdBy: { email: 'anna@kanzlei.example', name: 'Anna Steuer' } });
    f.advance(61_000);
    const { events } = slowMailer(f, 400);
    const response = await f.call('POST', '/v1/links/refresh', { body: { token } });
    events.push('answered');
    assert.equal(response.status, 202);
    assert.deepEqual(await response.json(), { accepted: true }, 'the answer every token gets');
    assert.equal(f.smtp.messages.length, 0, 'nothing delivered yet when the answer came');
    const [mail] = await f.smtp.waitFor(1);
    await drained(f);
    assert.deepEqual(events, ['answered', 'mail sent'], 'answered while the mail was still being sent');
    assert.deepEqual(mail!.envelopeTo, ['bookkeeper@client.example']);
    assert.equal(mail!.replyTo, 'anna@kanzlei.example');
    assert.match(mail!.subject, /^Your new link – /);
    const fresh = tokenIn(mail!);
    assert.equal((await f.call('POST', '/v1/session', { body: { token: fresh } })).status, 201, 'the mailed link works');
    const refreshed = (await f.gk.audit.list(f.firmId, { resource })).filter((event) => event.type === 'link.refreshed');
    assert.equal(refreshed.length, 1, 'still audited');
    assert.equal(refreshed[0]!.data.linkId, link.id);
    assert.equal(refreshed[0]!.data.to, 'bookkeeper@client.example');
  });

  it('a mail that never settles holds the ones queued after it for the same link only so long', async () => {
    let settle!: () => void;
    const order: string[] = [];
    inBackgroundInOrder(f.gk.runtime, 'fresh-link:lnk_stuck', 'stuck', () => new Promise<void>((resolve) => (settle = resolve)), {}, 50);
    inBackgroundInOrder(f.gk.runtime, 'fresh-link:lnk_stuck', 'next', async () => void order.push('next ran'), {}, 50);
    for (let waited = 0; !order.length && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(order, ['next ran'], 'the next mail went out though the one before never answered');
    settle();
    await drained(f);
  });

  it('a fresh link asked for while the firm extends the link is not made: the extension stands, no mail goes out', async () => {
    const { token, link } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, ttlSeconds: 60 });
    f.advance(61_000);
    // Work queued before it for the same chain (a slow earlier mail) holds the refresh back.
    let release!: () => void;
    inBackgroundInOrder(f.gk.runtime, `fresh-link:${link.id}`, 'held', () => new Promise<void>((resolve) => (release = resolve)));
    assert.equal((await f.call('POST', '/v1/links/refresh', { body: { token } })).status, 202);
    // Meanwhile the firm gives the recipient a week more.
    const later = new Date(f.gk.runtime.now() + 7 * 86_400_000).toISOString();
    assert.ok(await f.gk.runtime.store.links.setExpiry(f.firmId, link.id, later));
    release();
    await drained(f);
    assert.equal(f.smtp.messages.length, 0, 'no fresh link mailed');
    assert.equal((await f.gk.runtime.store.links.get(f.firmId, link.id))!.expiresAt, later, 'the extension stands');
    assert.equal((await f.call('POST', '/v1/session', { body: { token } })).status, 201, 'and the link opens');
  });

  it('counts a request against the per-link limit before answering, though the mail is sent after it; fresh links asked for quickly are made and mailed in order, and the last one mailed works', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, ttlSeconds: 60 });
    f.advance(61_000);
    // The first mail is the slowest: sent side by side, the others would overtake it.
    const { events } = slowMailer(f, [300, 100]);
    for (let i = 0; i < 5; i++) {
      assert.equal((await f.call('POST', '/v1/links/refresh', { body: { token }, ip: `198.51.100.${i}` })).status, 202);
      events.push('answered');
    }
    assert.deepEqual(events, ['answered', 'answered', 'answered', 'answered', 'answered'], 'all five answered before any mail was sent');
    await drained(f);
    assert.equal(f.smtp.messages.length, 3, 'at most 3 fresh links per link per hour');
    assert.equal((await f.gk.links.list(f.firmId, { resource, active: true })).length, 1, 'made one after another: each ended the one before');
    assert.equal((await f.call('POST', '/v1/session', { body: { token: tokenIn(f.smtp.messages[2]!) } })).status, 201, 'the last one mailed is the one that works');
    assert.equal((await f.call('POST', '/v1/session', { body: { token: tokenIn(f.smtp.messages[1]!) } })).status, 410);
  });

  it('logs a mail that fails after the answer, and records no link.refreshed for it', async () => {
    const { token, link } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, ttlSeconds: 60 });
    f.advance(61_000);
    const { events } = slowMailer(f, 50, true);
    const response = await f.call('POST', '/v1/links/refresh', { body: { token } });
    events.push('answered');
    assert.equal(response.status, 202, 'the answer every token gets, not the mail server’s refusal');
    assert.deepEqual(await response.json(), { accepted: true });
    await drained(f);
    assert.deepEqual(events, ['answered', 'mail failed']);
    assert.ok(f.logs.includes(`error fresh link failed ${JSON.stringify({ linkId: link.id, error: 'Error: 451 4.3.0 try again later' })}`), f.logs.join('\n'));
    assert.doesNotMatch(f.logs.join('\n'), /gk_(view|upload)_/, 'no token in the log');
    assert.ok(!(await f.gk.audit.list(f.firmId, { resource })).some((event) => event.type === 'link.refreshed'));
  });

  it('shutting down waits for a fresh link still being mailed', async () => {
    const { token } = await f.gk.links.create(f.firmId, { kind: 'view', resource, recipient, ttlSeconds: 60 });
    f.advance(61_000);
    const { events } = slowMailer(f, 300);
    assert.equal((await f.call('POST', '/v1/links/refresh', { body: { token } })).status, 202);
    events.push('answered');
    await f.gk.close();
    events.push('closed');
    assert.deepEqual(events, ['answered', 'mail sent', 'closed']);
    assert.equal(f.smtp.messages.length, 1);
    const { smtp } = f;
    f = { ...f, close: () => smtp.close() }; // the adapter is closed already
  });
});
