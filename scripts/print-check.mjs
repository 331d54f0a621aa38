/**
 * `npm run check:print` — `<doc-viewer>`'s Print, in a desktop Chromium with its real print dialog.
 *
 * Headless Chromium has no print dialog, so the browser tests can only see that the frame's
 * `print()` is called. This check starts the demo on a fresh data folder, opens its ready link in
 * a windowed Chromium (on a virtual X display of its own when `DISPLAY` is unset: needs `Xvfb`,
 * Debian's `xvfb`), opens the shared PDF in the viewer, presses Print in its toolbar and waits for
 * Chromium's print preview (`chrome://print/`). The preview must show the document, not the host
 * page: as many pages as the viewer counted (the demo's PDF has three; printing the host page
 * instead previews two). With ImageMagick's `import` on the machine it also saves a picture of the screen to
 * `.test-results/print-dialog.png`. Exits non-zero otherwise.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const SHOT = join(process.cwd(), '.test-results', 'print-dialog.png');

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const has = (command) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

async function until(what, test, timeout) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const value = await test();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const cleanups = [];
let failed = false;
try {
  let display = process.env.DISPLAY;
  if (!display) {
    if (!has('Xvfb')) throw new Error('no DISPLAY and no Xvfb: install Debian\'s xvfb, or run this on a desktop');
    display = `:${90 + Math.floor(Math.random() * 100)}`;
    const xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    cleanups.push(() => xvfb.kill());
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  const data = mkdtempSync(join(tmpdir(), 'guestkit-print-'));
  cleanups.push(() => rmSync(data, { recursive: true, force: true }));
  const port = await freePort();
  const demo = spawn(process.execPath, ['--import', 'tsx', 'demo/server.ts'], { env: { ...process.env, PORT: String(port), GUESTKIT_DATA: data }, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => demo.kill('SIGTERM'));
  let output = '';
  demo.stdout.on('data', (chunk) => (output += chunk));
  demo.stderr.on('data', (chunk) => (output += chunk));
  const ready = await until('the demo', () => /A ready link: (\S+)/.exec(output)?.[1], 60_000);

  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: false,
    env: { ...process.env, DISPLAY: display },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-sync', '--window-size=1280,900'],
    defaultViewport: null,
  });
  cleanups.push(() => browser.close());
  const [page] = await browser.pages();
  const problems = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.goto(ready);
  const inViewer = (selector) => page.waitForFunction((s) => !!document.querySelector('doc-viewer')?.shadowRoot?.querySelector(s), { polling: 100, timeout: 20_000 }, selector);
  await inViewer('[part~="open"]');
  await (await page.$('doc-viewer >>> [part~="open"]')).click();
  await inViewer('[part~="toolbar"] [part~="print"]');
  const pages = Number(await page.$eval('doc-viewer >>> [part~="page-input"]', (input) => input.max));
  const print = await page.$('doc-viewer >>> [part~="toolbar"] [part~="print"]');
  console.log(`print-check: the viewer shows ${pages} pages; pressing "${await print.evaluate((button) => button.getAttribute('aria-label') ?? button.textContent.trim())}"`);
  await print.click();

  const dialog = await until('the print dialog (chrome://print/)', () => browser.targets().find((target) => target.url().startsWith('chrome://print/')), 15_000);
  const preview = await dialog.asPage();
  // The preview's own count of the pages it will print (its sidebar's `pageCount`, set once the preview is laid out).
  const printed = await until(
    'the print preview to count its pages',
    () =>
      preview.evaluate(() => {
        const find = (root) => {
          for (const element of root.querySelectorAll('*')) {
            if (element.localName === 'print-preview-sidebar' && element.pageCount > 0) return element.pageCount;
            const inner = element.shadowRoot && find(element.shadowRoot);
            if (inner) return inner;
          }
          return 0;
        };
        return find(document);
      }),
    15_000,
  );
  const frame = browser.targets().map((target) => target.url()).find((url) => url.startsWith('blob:'));
  console.log(`print-check: the print dialog opened for ${frame ?? '?'} and previews ${printed} pages`);
  if (printed !== pages) throw new Error(`the print preview has ${printed} pages, the document ${pages}: it is not printing the document`);
  if (problems.length) throw new Error(`page errors: ${problems.join('; ')}`);

  if (has('import')) {
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the preview draws its first page
    mkdirSync(join(process.cwd(), '.test-results'), { recursive: true });
    execFileSync('import', ['-display', display, '-window', 'root', SHOT]);
    console.log(`print-check: a picture of the screen is in ${SHOT}`);
  }
  console.log('print-check: ok');
} catch (error) {
  failed = true;
  console.error(`print-check: FAILED — ${error instanceof Error ? error.message : error}`);
} finally {
  for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch(() => undefined);
}
process.exit(failed ? 1 : 0);
