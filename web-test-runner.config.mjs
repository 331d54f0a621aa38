// Browser tests: real Chromium (Debian's), TypeScript through esbuild, and the real Guestkit
// adapter mounted under /guestkit so widgets talk to the real server.
import rollupCommonjs from '@rollup/plugin-commonjs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromRollup } from '@web/dev-server-rollup';
import { chromeLauncher, defaultReporter } from '@web/test-runner';
import { tsImport } from 'tsx/esm/api';
import { tusShims as rollupTusShims } from './rollup.config.mjs';
import { summaryReporter } from './wtr-summary-reporter.mjs';

const commonjs = fromRollup(rollupCommonjs);
// The same platform-API stand-ins for tus-js-client's js-base64 and url-parse as cdn/guestkit.js,
// so the browser tests run what ships (see tusShims() in rollup.config.mjs).
const tusShims = fromRollup(rollupTusShims);
const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
// Fixed, so the test firm can allow exactly this origin.
const PORT = Number(process.env.WTR_PORT || 8765);

/**
 * Emulation for the test page, as a recipient's device would have it (per page, so a test that
 * sets one leaves the other test files alone):
 * - `executeServerCommand('emulate-timezone', { timezoneId })`: the page's time zone (puppeteer's
 *   `page.emulateTimezone`, CDP `Emulation.setTimezoneOverride`); without `timezoneId`, the system's.
 * - `executeServerCommand('emulate-touch', { enabled })`: a touch screen (CDP
 *   `Emulation.setTouchEmulationEnabled`), so `(pointer: coarse)` matches as on a phone.
 */
function emulationPlugin() {
  // CDP overrides last as long as the session that set them: one kept per page.
  const sessions = new WeakMap();
  return {
    name: 'emulation-commands',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-timezone' && command !== 'emulate-touch') return undefined;
      if (session.browser.type !== 'puppeteer') throw new Error(`${command} needs puppeteer, not ${session.browser.type}`);
      const page = session.browser.getPage(session.id);
      if (command === 'emulate-timezone') {
        await page.emulateTimezone(payload?.timezoneId || undefined);
      } else {
        if (!sessions.has(page)) sessions.set(page, await page.createCDPSession());
        await sessions.get(page).send('Emulation.setTouchEmulationEnabled', { enabled: payload?.enabled === true, maxTouchPoints: 5 });
      }
      return true;
    },
  };
}

/**
 * `executeServerCommand('drop-files', { selector, files, drop })`: drags real files and folders from
 * disk onto the element `selector` (light DOM) as the operating system does (CDP
 * `Input.dispatchDragEvent`), so the page gets real directory entries — what a test cannot build
 * with `new DataTransfer()`. `files` maps paths (`Belege/Januar/a.pdf`) to base64 contents, written
 * to a fresh folder; `drop` names the top-level files and folders to drag from it.
 */
function dropFilesPlugin() {
  const folders = [];
  process.once('exit', () => folders.forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));
  return {
    name: 'drop-files-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'drop-files') return undefined;
      if (session.browser.type !== 'puppeteer') throw new Error(`${command} needs puppeteer, not ${session.browser.type}`);
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'guestkit-drop-'));
      folders.push(folder);
      for (const [name, base64] of Object.entries(payload.files)) {
        fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
        fs.writeFileSync(path.join(folder, name), Buffer.from(base64, 'base64'));
      }
      const page = session.browser.getPage(session.id);
      const box = await (await page.$(payload.selector))?.boundingBox();
      if (!box) throw new Error(`drop-files: nothing visible matches ${payload.selector}`);
      const cdp = await page.createCDPSession();
      try {
        const data = { items: [], files: payload.drop.map((name) => path.join(folder, name)), dragOperationsMask: 1 };
        const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
      } finally {
        await cdp.detach();
      }
      return true;
    },
  };
}

/**
 * `executeServerCommand('page-visibility', { hidden })`: hides the test page as switching tabs
 * does — another tab comes to the front — so the page gets the browser's own `visibilitychange`
 * with `document.visibilityState === 'hidden'`; `{ hidden: false }` closes that tab and brings the
 * test page back.
 */
function visibilityPlugin() {
  const covers = new WeakMap();
  return {
    name: 'page-visibility-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'page-visibility') return undefined;
      if (session.browser.type !== 'puppeteer') throw new Error(`${command} needs puppeteer, not ${session.browser.type}`);
      const page = session.browser.getPage(session.id);
      if (payload?.hidden) {
        if (!covers.has(page)) covers.set(page, await page.browser().newPage());
        await covers.get(page).bringToFront();
      } else {
        await covers.get(page)?.close();
        covers.delete(page);
        await page.bringToFront();
      }
      return true;
    },
  };
}

const { createTestAdapter } = await tsImport('./test/browser/server/test-adapter.ts', import.meta.url);
const adapter = await createTestAdapter({ origin: `http://localhost:${PORT}` });

export default {
  files: ['test/browser/**/*.test.ts'],
  port: PORT,
  nodeResolve: { browser: true }, // use packages' browser builds (tus-js-client)
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60000,
  testsFinishTimeout: 120000,
  middleware: [adapter.middleware],
  plugins: [
    // Before nodeResolve (which WTR appends last): tus-js-client's `js-base64` and `url-parse` imports.
    tusShims(),
    // CommonJS deps (tus-js-client's url-parse and js-base64 are shimmed above; any other package's
    // still come through here). strictRequires:false is REQUIRED here.
    commonjs({ include: ['**/node_modules/**'], strictRequires: false }),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    emulationPlugin(),
    dropFilesPlugin(),
    visibilityPlugin(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      },
    }),
  ],
  filterBrowserLogs: ({ args }) => !args.some((arg) => typeof arg === 'string' && arg.includes('Lit is in dev mode')),
  reporters: [defaultReporter(), summaryReporter()],
  testFramework: { config: { timeout: 10000 } },
};
