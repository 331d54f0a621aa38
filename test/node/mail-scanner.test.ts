/**
 * SECURITY.md T10 and T13 on the `npm start` demo in Chromium: a mail scanner that checks a share
 * link (a `HEAD` and a `GET`, then a headless Chrome that runs the page's script) leaves nothing but
 * unverified `link.opened` events, and the person who opens the link afterwards views and
 * downloads as usual, on record. While the person's page runs, the link token travels in the
 * body of the one `POST /v1/session` that exchanges it, and nowhere else: no URL, no Referer, no
 * other header; the adapter gets no Referer at all; and `#gk=` leaves the address bar.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import type { RecipientActivity } from '../../src/client/admin-shares.js';
import type { AuditEvent } from '../../src/protocol/audit.js';
import { parseMail } from '../../src/server-adapter/testing/mailer-conformance.js';
import { CHROMIUM, freePort, SHOTS, startDemo, stopDemo, watchPolicy } from './helpers/demo.js';
import { makePdf } from './helpers/pdf.js';

/** What a mail scanner's headless Chrome says it is. */
const SCANNER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36';
/** What the person's browser says it is. */
const PERSON_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const RECIPIENT = 'scanner-test@bank.example';
const DOCUMENT_NAME = 'Finanzierung 2025.pdf';

/** One request the person's page made, as the page asked for it. */
interface SeenRequest {
  method: string;
  /** As puppeteer reports it: with the fragment, where there is one (which is never sent). */
  url: string;
  /** The headers the page set (Chromium adds the rest on the way: see `WireRequest`). */
  headers: Record<string, string>;
  body: string;
  navigation: boolean;
}

/** One request as it went over the wire (DevTools' `requestWillBeSentExtraInfo`): its headers, all of them. */
interface WireRequest {
  url: string;
  headers: Record<string, string>;
}

/** Waits (polling: mutation-based waits miss shadow DOM changes) until `selector` matches inside `<doc-viewer>`'s shadow root. */
async function inViewer(page: Page, selector: string, what: string, timeout = 20_000) {
  await page.waitForFunction((s) => !!document.querySelector('doc-viewer')?.shadowRoot?.querySelector(s), { polling: 100, timeout }, selector).catch(async (error: unknown) => {
    await page.screenshot({ path: join(SHOTS, `mail-scanner-${what}-failed.png`), fullPage: true }).catch(() => undefined);
    const seen = await page.evaluate(() => document.querySelector('doc-viewer')?.shadowRoot?.textContent?.replace(/\s+/g, ' ')).catch(() => '(unreadable)');
    throw new Error(`${String(error)} (waiting for ${selector}; the viewer shows: ${seen})`);
  });
  return (await page.$(`doc-viewer >>> ${selector}`))!;
}

/** Polls the demo's outbox until a mail to `address` carries a share link; answers it. */
async function linkMailedTo(dataDir: string, address: string, timeoutMs = 10_000): Promise<string> {
  const dir = join(dataDir, 'outbox');
  const end = Date.now() + timeoutMs;
  for (;;) {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')).sort() : [];
    for (const file of files) {
      const mail = parseMail(readFileSync(join(dir, file), 'utf8'));
      const found = mail.to.includes(address) ? /(http\S+\/view#gk=gk_view_[A-Za-z0-9_-]+)/.exec(mail.text) : null;
      if (found) return found[1]!;
    }
    if (Date.now() > end) throw new Error(`no link mailed to ${address} in ${dir}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a mail scanner checks a share link, then the person opens it (SECURITY.md T10, T13)', { timeout: 120_000 }, () => {
  let dataDir: string;
  let downloads: string;
  let demo: { child: ChildProcess; output: string[] };
  let browser: Browser;
  let base: string;
  let apiKey: string;
  let link: string;
  let token: string;
  let shareId: string;
  let doc: { id: string; sha256: string };
  let pdf: Uint8Array;
  /** The firm's audit events (ids) before the scanner came. */
  let beforeScanner: Set<string>;
  /** … and before the person came. */
  let beforePerson: Set<string>;

  /** Calls the demo's admin API with the back office's key. */
  async function admin<T>(method: string, path: string, init: { json?: unknown; bytes?: Uint8Array; headers?: Record<string, string> } = {}): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}`, ...init.headers };
    let body: BodyInit | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.bytes) body = new Uint8Array(init.bytes);
    const response = await fetch(`${base}/guestkit${path}`, { method, headers, ...(body ? { body } : {}) });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path} → ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }
  /** The firm's newest audit events, all resources. */
  const firmAudit = async () => (await admin<{ events: AuditEvent[] }>('GET', '/v1/admin/audit?limit=1000')).events;
  /** The share's whole chain. */
  const shareAudit = async () => (await admin<{ events: AuditEvent[] }>('GET', `/v1/admin/audit?resourceType=share&resourceId=${encodeURIComponent(shareId)}`)).events;
  const activity = async () => (await admin<{ recipients: RecipientActivity[] }>('GET', `/v1/admin/shares/${encodeURIComponent(shareId)}/activity`)).recipients;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'guestkit-scanner-'));
    downloads = join(dataDir, 'downloads');
    mkdirSync(downloads);
    const port = await freePort();
    base = `http://localhost:${port}`;
    const launched = puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--lang=de-DE', '--accept-lang=de-DE,de'],
    });
    demo = await startDemo(port, dataDir);
    browser = await launched;
    // The key the demo's back office uses (handed to loopback callers only).
    apiKey = ((await (await fetch(`${base}/backoffice/config.json`)).json()) as { apiKey: string }).apiKey;
    assert.match(apiKey, /^gk_key_/);
    // The firm shares a PDF with one recipient, who gets the link by mail.
    pdf = await makePdf(2);
    doc = await admin('POST', '/v1/admin/documents', { bytes: pdf, headers: { 'x-guestkit-filename': encodeURIComponent(DOCUMENT_NAME) } });
    const created = await admin<{ share: { id: string } }>('POST', '/v1/admin/shares', {
      headers: { 'idempotency-key': crypto.randomUUID() },
      json: {
        title: 'Unterlagen zur Finanzierung',
        documentIds: [doc.id],
        recipients: [{ email: RECIPIENT, locale: 'de', expiresAt: new Date(Date.now() + 86_400_000).toISOString() }],
        send: true,
      },
    });
    shareId = created.share.id;
    link = await linkMailedTo(dataDir, RECIPIENT);
    token = /#gk=(gk_view_[A-Za-z0-9_-]+)$/.exec(link)![1]!;
  }, { timeout: 90_000 });

  after(async () => {
    await browser?.close();
    await stopDemo(demo, dataDir);
  });

  it('T10: a link checker’s HEAD and GET and a headless Chrome running the page leave only unverified link.opened events', async () => {
    beforeScanner = new Set((await firmAudit()).map((e) => e.id));

    // What link checkers do: the fragment, and with it the token, never reaches the server.
    const head = await fetch(link, { method: 'HEAD', headers: { 'user-agent': SCANNER_UA }, redirect: 'manual' });
    assert.equal(head.status, 200, 'HEAD of the link page');
    const get = await fetch(link, { headers: { 'user-agent': SCANNER_UA }, redirect: 'manual' });
    assert.equal(get.status, 200, 'GET of the link page');
    assert.match(await get.text(), /<doc-viewer>/);
    const afterFetches = (await firmAudit()).filter((e) => !beforeScanner.has(e.id));
    assert.deepEqual(afterFetches.map((e) => e.type), [], 'fetching the page records nothing');

    // A scanner's sandbox: a fresh context (no cookies), a HeadlessChrome user agent, the page's script running.
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setUserAgent(SCANNER_UA);
    await page.goto(link);
    await inViewer(page, '[part~="document-list"]', 'scanner');
    assert.match(await page.$eval('doc-viewer >>> [part~="document-list"]', (el) => el.textContent ?? ''), /Finanzierung 2025\.pdf/);
    // It lingers a moment, as scanners do, then closes the tab (what the page sends as it goes is recorded too).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await page.close();
    await context.close();
    await new Promise((resolve) => setTimeout(resolve, 500));

    const scanned = (await firmAudit()).filter((e) => !beforeScanner.has(e.id));
    assert.deepEqual(
      scanned.map((e) => ({ type: e.type, verified: e.verified, resource: `${e.resourceType}:${e.resourceId}` })),
      [{ type: 'link.opened', verified: false, resource: `share:${shareId}` }],
      'the scanner’s visits: one unverified link.opened on the share, nothing else on any resource',
    );
    assert.equal(scanned[0]!.userAgent, SCANNER_UA, 'recorded as the headless Chrome’s visit');
    const [recipient] = await activity();
    assert.equal(recipient!.email, RECIPIENT);
    assert.equal(recipient!.opened.length, 1, 'activity: opened once');
    assert.deepEqual([recipient!.viewed, recipient!.downloaded, recipient!.pages], [[], [], []], 'activity: nothing viewed, downloaded or read');
  });

  it('T13: the person’s page sends the link token in the POST /v1/session body only, the adapter no Referer, and #gk= leaves the address bar', async () => {
    beforePerson = new Set((await firmAudit()).map((e) => e.id));
    const context = await browser.createBrowserContext({ downloadBehavior: { policy: 'allow', downloadPath: downloads } });
    const page = await context.newPage();
    await page.setUserAgent(PERSON_UA);
    const refused = await watchPolicy(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // A firm page with a lax referrer policy (`unsafe-url`, no <meta name="referrer">), the worst
    // case for T13: whatever keeps the token and a Referer from the adapter is the widget's own doing.
    const seen: SeenRequest[] = [];
    // The headers each request carried on the wire (Referer among them), from any of the page's
    // targets (the pdf.js worker's script too); the URL from the request's own event, where there is one.
    const cdp = await page.createCDPSession();
    const urls = new Map<string, string>();
    const wire = new Map<string, Record<string, string>>();
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url + (e.request.urlFragment ?? '')));
    cdp.on('Network.requestWillBeSentExtraInfo', (e) => wire.set(e.requestId, e.headers as Record<string, string>));
    await cdp.send('Network.enable');
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      const navigation = request.isNavigationRequest() && request.frame() === page.mainFrame();
      void (async () => {
        // A body Chromium did not hand over with the request (a stream, say) is asked for while the request waits.
        let body = request.postData();
        if (body === undefined && request.hasPostData()) body = (await request.fetchPostData().catch(() => undefined)) ?? '(unreadable)';
        seen.push({ method: request.method(), url: request.url(), headers: request.headers(), body: body ?? '', navigation });
        if (!(navigation && new URL(request.url()).pathname === '/view')) return request.continue();
        const served = await fetch(request.url(), { headers: { 'user-agent': PERSON_UA } });
        // The demo's headers, less those that describe the bytes as they came (the body changes).
        const headers = Object.fromEntries([...served.headers].filter(([name]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)));
        const html = (await served.text()).replace(/<meta name="referrer"[^>]*>\s*/, '');
        assert.ok(!html.includes('name="referrer"'), 'the page’s own referrer policy was taken out');
        await request.respond({ status: served.status, headers: { ...headers, 'referrer-policy': 'unsafe-url' }, body: html });
      })().catch((error: unknown) => {
        errors.push(`watching ${request.url()}: ${String(error)}`);
        return request.abort().catch(() => undefined);
      });
    });

    await page.goto(link);
    const list = await inViewer(page, '[part~="document-list"]', 'person-list');
    assert.ok(list, 'the link still works for the person');
    assert.ok(!page.url().includes('#gk=') && !page.url().includes(token), `the address bar no longer holds the token: ${page.url()}`);
    assert.equal(await page.evaluate(() => location.href), `${base}/view`, 'location.href is the bare page');

    // The person opens the PDF and downloads it from the viewer.
    await (await inViewer(page, '[part~="open"]', 'person-open')).click();
    await page.waitForFunction(() => (document.querySelector('doc-viewer')?.shadowRoot?.querySelector('[part~="text-layer"]')?.textContent ?? '').includes('Seite 1'), { polling: 100, timeout: 20_000 });
    await page.evaluate(() => document.querySelector('doc-viewer')!.addEventListener('gk-download', () => ((window as unknown as { __downloaded: boolean }).__downloaded = true)));
    await (await inViewer(page, '[part~="toolbar"] [part~="download"]', 'person-download')).click();
    await page.waitForFunction(() => (window as unknown as { __downloaded?: boolean }).__downloaded === true, { polling: 100, timeout: 15_000 });
    const saved = join(downloads, DOCUMENT_NAME);
    for (let end = Date.now() + 10_000; !existsSync(saved) && Date.now() < end; ) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(existsSync(saved), `the download was saved: ${readdirSync(downloads).join(', ')}`);
    assert.equal(createHash('sha256').update(readFileSync(saved)).digest('hex'), doc.sha256, 'the bytes saved are the document’s');
    await page.screenshot({ path: join(SHOTS, 'mail-scanner-person.png') });
    assert.deepEqual(errors, [], 'no script errors');
    assert.deepEqual(await refused(), [], 'no CSP or Trusted Types refusal');
    const requests = [...seen];
    const sent: WireRequest[] = [...wire].map(([id, headers]) => ({ url: urls.get(id) ?? `(request ${id})`, headers }));
    await page.close();
    await context.close();

    const secret = token.slice('gk_view_'.length);
    const carries = (text: string) => text.includes(token) || text.includes(secret);
    const show = (r: SeenRequest) => `${r.method} ${r.url}`;
    const adapter = requests.filter((r) => r.url.startsWith(`${base}/guestkit/`));
    const exchanges = requests.filter((r) => r.method === 'POST' && r.url === `${base}/guestkit/v1/session`);
    assert.ok(adapter.length >= 4, `the page talked to the adapter: ${adapter.map(show).join(', ')}`);
    // The address the person opened: the token is in its fragment, which is not sent.
    const [opened, ...more] = requests.filter((r) => r.navigation);
    assert.deepEqual(more.map(show), [], 'one navigation');
    assert.equal(opened!.url, link);
    assert.ok(!carries(opened!.url.slice(0, opened!.url.indexOf('#'))), 'the navigation sent no token');
    // The token: in the exchange's body, once, and nowhere else.
    assert.equal(exchanges.length, 1, `one exchange: ${exchanges.map(show).join(', ')}`);
    assert.deepEqual(JSON.parse(exchanges[0]!.body), { token }, 'the exchange sends the token in its body');
    assert.deepEqual(requests.filter((r) => r.body === '(unreadable)').map(show), [], 'every body was read');
    for (const r of requests) {
      if (r !== opened) assert.ok(!carries(r.url), `no token in the URL of ${show(r)}`);
      for (const [name, value] of Object.entries(r.headers)) assert.ok(!carries(value), `no token in ${name} of ${show(r)}`);
      if (r !== exchanges[0]) assert.ok(!carries(r.body), `no token in the body of ${show(r)}`);
    }
    // On the wire: no header of any request (to any origin) carries it.
    for (const r of sent) for (const [name, value] of Object.entries(r.headers)) assert.ok(!carries(value), `no token in ${name} of ${r.url} on the wire`);
    const referer = (r: WireRequest) => Object.entries(r.headers).find(([name]) => name.toLowerCase() === 'referer')?.[1];
    // The control: what the document itself fetches now carries a Referer, without the fragment
    // (the demo's scripts are served with their own no-referrer policy, so the chunks they import carry none) …
    const fromDocument = sent.filter((r) => [`${base}/assets/demo.css`, `${base}/assets/widgets.js`].includes(r.url));
    assert.deepEqual(fromDocument.map(referer), [`${base}/view`, `${base}/view`], 'the page’s own requests carry a Referer');
    // … and the widget's calls to the adapter, made from the same document, carry none.
    const adapterOnWire = sent.filter((r) => r.url.startsWith(`${base}/guestkit/`));
    assert.equal(adapterOnWire.length, adapter.length, `each call to the adapter seen on the wire: ${adapterOnWire.map((r) => r.url).join(', ')}`);
    for (const r of adapterOnWire) assert.equal(referer(r), undefined, `no Referer on ${r.url}`);
  });

  it('T10: the person’s view and download are recorded as verified; the scanner left nothing but link.opened', async () => {
    // The viewer's reports are on their way as the page closes: wait for the download's event.
    let chain: AuditEvent[] = [];
    for (let end = Date.now() + 5_000; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 100))) {
      chain = await shareAudit();
      if (chain.some((e) => e.type === 'share.downloaded')) break;
    }
    const person = (await firmAudit()).filter((e) => !beforePerson.has(e.id));
    const byType = (type: string) => person.filter((e) => e.type === type);
    assert.deepEqual(
      person.filter((e) => e.type !== 'share.pages_viewed').map((e) => e.type).sort(),
      ['link.opened', 'share.downloaded', 'share.viewed'],
      `the person's visit: ${person.map((e) => e.type).join(', ')}`,
    );
    assert.ok(person.every((e) => e.userAgent === PERSON_UA && e.resourceType === 'share' && e.resourceId === shareId), 'all on the share, from the person’s browser');
    assert.equal(byType('link.opened')[0]!.verified, false, 'opening is unverified, the person’s too');
    assert.deepEqual(byType('share.viewed').map((e) => [e.verified, e.data.documentId]), [[true, doc.id]], 'viewed: verified, the PDF');
    assert.deepEqual(byType('share.downloaded').map((e) => [e.verified, e.data.documentId, e.data.sha256]), [[true, doc.id, doc.sha256]], 'downloaded: verified, the PDF');

    // The share's whole chain: the scanner's user agent is on link.opened alone, unverified.
    const scanner = chain.filter((e) => e.userAgent?.includes('HeadlessChrome'));
    assert.deepEqual(scanner.map((e) => [e.type, e.verified]), [['link.opened', false]], 'the scanner: one unverified link.opened');
    const evidence = chain.filter((e) => ['share.viewed', 'share.downloaded', 'share.pages_viewed'].includes(e.type));
    assert.ok(evidence.length >= 2 && evidence.every((e) => e.userAgent === PERSON_UA), 'every view, download and page read is the person’s');
    const verified = await admin<{ ok: boolean; count: number }>('GET', `/v1/admin/audit/verify?resourceType=share&resourceId=${encodeURIComponent(shareId)}`);
    assert.deepEqual(verified, { ok: true, count: chain.length }, 'the chain holds');

    const [recipient] = await activity();
    assert.equal(recipient!.opened.length, 2, 'activity: opened twice (scanner and person, alike)');
    assert.deepEqual(recipient!.viewed.map((v) => v.documentId), [doc.id], 'activity: viewed once');
    assert.deepEqual(recipient!.downloaded.map((v) => v.documentId), [doc.id], 'activity: downloaded once');
  });
});
