/**
 * The script-tag drop-in, as shipped: `cdn/guestkit.js` built by the CDN configuration (minified,
 * CSS templates tidied, strings and link states in chunks next to it), loaded by a page with a
 * strict CSP and Trusted Types in Chromium. The browser suite runs the sources; this runs the file.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { rollup, type RollupOptions } from 'rollup';
import { fsBlobStore } from '../../src/server-adapter/blob/fs-blob-store.js';
import { toNodeListener } from '../../src/server-adapter/node.js';
import { CHROMIUM, watchPolicy } from './helpers/demo.js';
import { createFixture, type Fixture } from './helpers/fixture.js';
import { makePdf } from './helpers/pdf.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html guestkit-pdf-worker";
const PAGE = `<!doctype html><html lang="de"><head><meta charset="utf-8"><script type="module" src="/guestkit.js"></script></head>
<body><guest-upload endpoint="/guestkit"></guest-upload><doc-viewer lang="en" endpoint="/guestkit"></doc-viewer></body></html>`;
/** A firm's page for its `view` links: the viewer reads the token from `#gk=`. */
const VIEW_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><script type="module" src="/guestkit.js"></script></head>
<body><doc-viewer endpoint="/guestkit"></doc-viewer></body></html>`;

describe('cdn/guestkit.js in Chromium', () => {
  let dir: string;
  let server: Server;
  let browser: Browser;
  let base: string;
  /** The real adapter (memory store, files on disk) with its SMTP peer, served under `/guestkit` on the page's origin. */
  let fixture: Fixture;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'guestkit-cdn-'));
    const { browserBundle, CDN_ENTRY } = (await import(pathToFileURL(path.join(ROOT, 'rollup.config.mjs')).href)) as {
      browserBundle(o: { input: string; file: string; check?: boolean }): RollupOptions;
      CDN_ENTRY: string;
    };
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const options = browserBundle({ input: CDN_ENTRY, file: path.join(dir, 'guestkit.js'), check: false });
      const bundle = await rollup({ ...options, onwarn: () => {} });
      await bundle.write(Array.isArray(options.output) ? options.output[0]! : options.output!);
      await bundle.close();
    } finally {
      process.chdir(cwd);
    }
    fixture = await createFixture({ blobs: fsBlobStore({ dir: path.join(dir, 'blobs') }), uploadDirectory: path.join(dir, 'tus') });
    let adapter: ReturnType<typeof toNodeListener> | undefined;
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (adapter && (url.pathname === '/guestkit' || url.pathname.startsWith('/guestkit/'))) return adapter(req, res);
      const headers = { 'content-security-policy': CSP, 'cache-control': 'no-store' };
      if (url.pathname === '/') return void res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      if (url.pathname === '/view') return void res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(VIEW_PAGE);
      if (url.pathname === '/favicon.ico') return void res.writeHead(204, headers).end();
      let body: Buffer;
      try {
        body = readFileSync(path.join(dir, path.basename(url.pathname)));
      } catch {
        return void res.writeHead(404, headers).end();
      }
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    adapter = toNodeListener(fixture.gk.handle, { origin: base });
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }, { timeout: 120_000 });

  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    server?.close();
    await fixture?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers the widgets, loads one language each, and styles them under a strict CSP', async () => {
    const page = await browser.newPage();
    const violations = await watchPolicy(page);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(base);
    // No token on the page: each widget asks for the link again, in its own language.
    const read = (tag: string) =>
      page.waitForFunction(
        (t) => {
          const panel = document.querySelector(t)?.shadowRoot?.querySelector('[part~="state-invalid"]');
          if (!panel) return null;
          const style = getComputedStyle(panel);
          return { title: panel.querySelector('[part~="state-title"]')?.textContent?.trim(), border: style.borderTopWidth, padding: style.paddingTop, display: style.display };
        },
        { timeout: 15_000 },
        tag,
      ).then((handle) => handle.jsonValue());
    const upload = await read('guest-upload');
    const viewer = await read('doc-viewer');
    assert.equal(upload?.title, 'Bitte öffnen Sie Ihren Link erneut');
    assert.equal(viewer?.title, 'Please open your link again');
    for (const shown of [upload, viewer]) {
      assert.equal(shown?.border, '1px', 'the panel has its border: the tidied CSS applies');
      assert.notEqual(shown?.padding, '0px');
      assert.equal(shown?.display, 'flex');
    }
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.slice(e.name.lastIndexOf('/') + 1)));
    assert.ok(loaded.some((n) => n.startsWith('de-')) && loaded.some((n) => n.startsWith('en-')), `one chunk per language in use: ${loaded.join(', ')}`);
    assert.ok(!loaded.some((n) => n.startsWith('pdf-engine-')), 'pdf.js was not');
    assert.deepEqual(problems, [], 'no CSP, Trusted Types or script errors');
    assert.deepEqual(await violations(), [], 'no securitypolicyviolation either');
    await page.close();
  });

  it('opens a view link behind an e-mailed one-time code, then shows and searches a PDF, with no CSP or Trusted Types refusal (SECURITY.md W1)', async () => {
    const firm = await fixture.gk.firms.create({ name: 'Kanzlei CDN', mailFrom: 'no-reply@kanzlei.example', linkBaseUrl: `${base}/{kind}`, allowedOrigins: [base] });
    const pdf = await fixture.gk.documents.add(firm.id, { name: 'Bescheid.pdf', body: await makePdf(3) });
    const { links } = await fixture.gk.shares.create(firm.id, {
      title: 'Ihr Bescheid',
      documentIds: [pdf.id],
      recipients: [{ email: 'cdn.visitor@bank.example', locale: 'en', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }],
      stepUp: { type: 'email_otp' },
      send: false,
    });
    const page = await browser.newPage();
    const violations = await watchPolicy(page);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    const inViewer = async (selector: string, timeout = 15_000) => {
      await page.waitForFunction((s) => !!document.querySelector('doc-viewer')?.shadowRoot?.querySelector(s), { polling: 100, timeout }, selector).catch(async (error: unknown) => {
        const seen = await page.evaluate(() => document.querySelector('doc-viewer')?.shadowRoot?.textContent?.replace(/\s+/g, ' ')).catch(() => '(unreadable)');
        throw new Error(`${String(error)} (waiting for ${selector}; the viewer shows: ${seen}; problems: ${problems.join(' | ')})`);
      });
      return (await page.$(`doc-viewer >>> ${selector}`))!;
    };
    await page.goto(links[0]!.url);
    const mailsBefore = fixture.smtp.messages.length;
    await (await inViewer('[part~="state-otp"] [part~="send-code"]')).click();
    // The code as the recipient reads it: from the mail the SMTP peer received.
    const [mail] = (await fixture.smtp.waitFor(mailsBefore + 1, 10_000)).slice(mailsBefore);
    const code = /one-time code is: (\S+)/.exec(mail!.text)?.[1];
    assert.ok(code, `a code in the mail: ${mail!.text}`);
    await (await inViewer('[part~="code-input"]')).type(code);
    await (await inViewer('[part~="form"] [part~="state-action"]')).click();
    await (await inViewer('[part~="open"]')).click();
    await page.waitForFunction(() => (document.querySelector('doc-viewer')?.shadowRoot?.querySelector('[part~="text-layer"]')?.textContent ?? '').includes('Seite 1'), { polling: 100, timeout: 20_000 });
    await (await inViewer('[part~="toolbar-button"][part~="search"]')).click();
    await (await inViewer('[part~="search-input"]')).type('Seite 3');
    await page.waitForFunction(() => (document.querySelector('doc-viewer')?.shadowRoot?.querySelector('[part~="page-input"]') as HTMLInputElement | null)?.value === '3', { polling: 100, timeout: 15_000 });
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.slice(e.name.lastIndexOf('/') + 1)));
    assert.ok(loaded.some((n) => n.startsWith('pdf-engine-')) && loaded.some((n) => n.startsWith('pdf.worker')), `pdf.js and its worker came from the bundle's own files: ${loaded.join(', ')}`);
    assert.deepEqual(problems, [], 'no script errors');
    assert.deepEqual(await violations(), [], 'no securitypolicyviolation, no CSP or Trusted Types refusal');
    await page.close();
  });
});
