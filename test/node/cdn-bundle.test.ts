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
import puppeteer, { type Browser } from 'puppeteer-core';
import { rollup, type RollupOptions } from 'rollup';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html guestkit-pdf-worker";
const PAGE = `<!doctype html><html lang="de"><head><meta charset="utf-8"><script type="module" src="/guestkit.js"></script></head>
<body><guest-upload endpoint="/guestkit"></guest-upload><doc-viewer lang="en" endpoint="/guestkit"></doc-viewer></body></html>`;

describe('cdn/guestkit.js in Chromium', () => {
  let dir: string;
  let server: Server;
  let browser: Browser;
  let base: string;

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
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const headers = { 'content-security-policy': CSP, 'cache-control': 'no-store' };
      if (url.pathname === '/') return void res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
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
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }, { timeout: 120_000 });

  after(async () => {
    await browser?.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers the widgets, loads one language each, and styles them under a strict CSP', async () => {
    const page = await browser.newPage();
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
    await page.close();
  });
});
