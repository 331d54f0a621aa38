/**
 * The demo, clicked through in Chromium the way a firm and its client would: `npm start` on a
 * fresh data folder, the back office creates an upload request, the client opens the mailed link,
 * uploads a file with the widget, and the back office shows it. Screenshots land in
 * `.test-results/demo-*.png` for a person to look at.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { parseMail } from '../../src/server-adapter/testing/mailer-conformance.js';
import { CHROMIUM, freePort, SHOTS, startDemo, stopDemo, watchPolicy } from './helpers/demo.js';
import { makePdf } from './helpers/pdf.js';

/** Waits (polling) until `selector` matches inside `<guest-upload>`'s shadow root: mutation-based waits miss shadow DOM changes. */
async function inUploadWidget(page: Page, selector: string, timeout = 30_000) {
  await page.waitForFunction((s) => !!document.querySelector('guest-upload')?.shadowRoot?.querySelector(s), { polling: 100, timeout }, selector);
  return (await page.$(`guest-upload >>> ${selector}`))!;
}

/** A step-up the back office's forms offer: an access code the firm hands out, or a one-time code by e-mail. */
type StepUpChoice = { type: 'access_code'; code: string } | { type: 'email_otp' };

/** Ticks `stepUp` (and types its access code) in the back-office form inside `section`. */
async function chooseStepUp(office: Page, section: string, stepUp: StepUpChoice): Promise<void> {
  await office.$eval(`${section} input[name="stepUp"][value="${stepUp.type}"]`, (el) => ((el as HTMLInputElement).checked = true));
  if (stepUp.type === 'access_code') await office.$eval(`${section} input[name="accessCode"]`, (el, value) => ((el as HTMLInputElement).value = value), stepUp.code);
}

/** Creates an upload request titled `title` (behind `stepUp`, if given) in the back office on `office`; answers its link. */
async function createUploadRequest(office: Page, base: string, title: string, stepUp?: StepUpChoice): Promise<string> {
  await office.goto(`${base}/backoffice`);
  const section = 'section[aria-labelledby="upload-create-heading"]';
  const field = `${section} input[name="title"]`;
  await office.waitForSelector(field);
  await office.$eval(field, (el, value) => ((el as HTMLInputElement).value = value), title);
  if (stepUp) await chooseStepUp(office, section, stepUp);
  await office.click(`${section} button[type="submit"]`);
  return office.waitForSelector('a.link').then((a) => a!.evaluate((el) => (el as HTMLAnchorElement).href));
}

/**
 * Shares the back office's documents (all of them, as the form ticks them) with `recipients`
 * (`address, days` each, one link mailed to each) behind `stepUp`, if given; answers the links.
 */
async function createShare(office: Page, base: string, title: string, recipients: string[], stepUp?: StepUpChoice): Promise<string[]> {
  await office.goto(`${base}/backoffice`);
  const section = 'section[aria-labelledby="share-create-heading"]';
  await office.waitForSelector(`${section} form input[name="documents"]`);
  await office.$eval(`${section} input[name="title"]`, (el, value) => ((el as HTMLInputElement).value = value), title);
  await office.$eval(`${section} textarea[name="recipients"]`, (el, value) => ((el as HTMLTextAreaElement).value = value), recipients.join('\n'));
  if (stepUp) await chooseStepUp(office, section, stepUp);
  await office.click(`${section} button[type="submit"]`);
  await office.waitForFunction((n) => document.querySelectorAll('a.link').length === n, { polling: 100, timeout: 15_000 }, recipients.length);
  return office.$$eval('a.link', (as) => as.map((a) => (a as HTMLAnchorElement).href));
}

/** The mails the demo wrote to its outbox for `address` (oldest first), read from the `.eml` files as a mail client would. */
function mailsTo(dataDir: string, address: string): { subject: string; text: string }[] {
  const dir = join(dataDir, 'outbox');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')).sort() : [];
  return files.map((f) => parseMail(readFileSync(join(dir, f), 'utf8'))).filter((m) => m.to.includes(address));
}

/** Polls the outbox until a mail to `address` has text matching `pattern`; answers the first group. */
async function waitForMail(dataDir: string, address: string, pattern: RegExp, skip = 0, timeoutMs = 10_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const mail of mailsTo(dataDir, address).slice(skip)) {
      const found = pattern.exec(mail.text);
      if (found) return found[1] ?? found[0];
    }
    if (Date.now() > end) throw new Error(`no mail to ${address} matching ${pattern}: ${JSON.stringify(mailsTo(dataDir, address))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits (polling) until `selector` matches inside `tag`'s shadow root; answers it. */
async function inWidget(page: Page, tag: string, selector: string, timeout = 15_000) {
  await page
    .waitForFunction((t, s) => !!document.querySelector(t)?.shadowRoot?.querySelector(s), { polling: 100, timeout }, tag, selector)
    .catch(async (error: unknown) => {
      await page.screenshot({ path: join(SHOTS, `demo-w1-failed-${tag}.png`), fullPage: true }).catch(() => undefined);
      const seen = await page.evaluate((t) => document.querySelector(t)?.shadowRoot?.textContent?.replace(/\s+/g, ' '), tag).catch(() => '(unreadable)');
      throw new Error(`${String(error)} (waiting for ${selector} in ${tag}; it shows: ${seen})`);
    });
  return (await page.$(`${tag} >>> ${selector}`))!;
}

/** Types `code` into the link state's code field (replacing what is there) and sends it with the form's button. */
async function sendCode(page: Page, tag: string, code: string): Promise<void> {
  const input = await inWidget(page, tag, '[part~="code-input"]');
  await input.click({ count: 3 });
  await input.evaluate((el) => ((el as HTMLInputElement).value = ''));
  await input.type(code);
  await (await inWidget(page, tag, '[part~="form"] [part~="state-action"]')).click();
}

/**
 * A page for a visitor, watched from its first script on: what the CSP and Trusted Types refused
 * (`watchPolicy`), and script errors. `check()` asserts there were none.
 */
async function watchedPage(browser: Browser): Promise<{ page: Page; check: (what: string) => Promise<void> }> {
  const page = await browser.newPage();
  const violations = await watchPolicy(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return {
    page,
    async check(what) {
      assert.deepEqual(await violations(), [], `${what}: no securitypolicyviolation, no CSP or Trusted Types refusal`);
      assert.deepEqual(errors, [], `${what}: no script errors`);
    },
  };
}

describe('the npm start demo, clicked through in Chromium', { timeout: 240_000 }, () => {
  let dataDir: string;
  let demo: { child: ChildProcess; output: string[] };
  let browser: Browser;
  let base: string;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'guestkit-demo-'));
    const port = await freePort();
    base = `http://localhost:${port}`;
    demo = await startDemo(port, dataDir);
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
        // Two pages (back office and client) are open at once: keep the one in the background running.
        '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
        // A German visitor's browser: the widget pages start in the browser's language.
        '--lang=de-DE', '--accept-lang=de-DE,de'],
    });
  }, { timeout: 90_000 });
  after(async () => {
    await browser?.close();
    await stopDemo(demo, dataDir);
  });

  it('prints a back-office URL and a ready link whose PDF renders under the page’s strict CSP and Trusted Types', async () => {
    const text = demo.output.join('');
    assert.match(text, new RegExp(`Back office: +${base}/backoffice`));
    const ready = /A ready link: (\S+)/.exec(text)![1]!;
    assert.match(ready, /#gk=gk_view_/);
    const page = await browser.newPage();
    const violations = await watchPolicy(page);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(ready);
    await page.waitForFunction(() => document.querySelector('doc-viewer')?.shadowRoot?.textContent?.includes('Willkommen.pdf'), { timeout: 15_000 });
    assert.ok(!page.url().includes('gk_view_'), 'the token left the address bar');
    await page.waitForFunction(() => !!document.querySelector('doc-viewer')?.shadowRoot?.querySelector('[part~="open"]'), { polling: 100, timeout: 15_000 });
    await (await page.$('doc-viewer >>> [part~="open"]'))!.click();
    await page.waitForFunction(() => (document.querySelector('doc-viewer')?.shadowRoot?.querySelector('[part~="text-layer"]')?.textContent ?? '').includes('Seite 1'), { polling: 100, timeout: 20_000 });
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.ok(loaded.some((n) => n.includes('pdf.worker')), 'pdf.js ran in its worker (started through the Trusted Types policy)');
    // A German visit that goes straight to `ready` loads the German strings only, and no other link state.
    const chunks = loaded.filter((n) => n.includes('/assets/chunks/')).map((n) => n.slice(n.lastIndexOf('/') + 1));
    assert.ok(chunks.some((n) => n.startsWith('de-')), `the German strings loaded: ${chunks.join(', ')}`);
    assert.ok(!chunks.some((n) => n.startsWith('en-')), `no English strings: ${chunks.join(', ')}`);
    assert.ok(!chunks.some((n) => n.startsWith('link-states-')), `no expired/code/error views: ${chunks.join(', ')}`);
    await page.screenshot({ path: join(SHOTS, 'demo-doc-viewer.png') });
    assert.deepEqual(problems, [], 'no CSP, Trusted Types or script errors');
    assert.deepEqual(await violations(), [], 'no securitypolicyviolation either');
    // A link that is no link: the states' own chunk and styles load under the same policy.
    const states = await browser.newPage();
    const refused = await watchPolicy(states);
    await states.goto(`${base}/view#gk=gk_view_${'x'.repeat(43)}`);
    await states.waitForFunction(() => !!document.querySelector('doc-viewer')?.shadowRoot?.querySelector('[part~="state-title"]'), { polling: 100, timeout: 15_000 }).catch(async (error: unknown) => {
      await states.screenshot({ path: join(SHOTS, 'demo-invalid-link-failed.png'), fullPage: true });
      throw error;
    });
    assert.deepEqual(await refused(), [], 'the link states ran without a refusal');
    await states.close();
    await page.close();
  });

  it('back office → upload request → the client uploads with the widget → the file is in the back office', async () => {
    const office: Page = await browser.newPage();
    await office.setViewport({ width: 1200, height: 1400 });
    const errors: string[] = [];
    office.on('pageerror', (e) => errors.push(String(e)));
    const url = await createUploadRequest(office, base, 'Belege Dezember');
    assert.match(url, /\/upload#gk=gk_upload_/);

    const client = await browser.newPage();
    const violations = await watchPolicy(client);
    const clientLog: string[] = [];
    client.on('pageerror', (e) => clientLog.push(`pageerror ${String(e)}`));
    client.on('response', (r) => clientLog.push(`${r.request().method()} ${r.url()} ${r.status()}`));
    await client.setViewport({ width: 390, height: 900, isMobile: true });
    await client.bringToFront();
    await client.goto(url);
    const dropzone = await inUploadWidget(client, '[part~="dropzone"]').catch(async (error: unknown) => {
      await client.screenshot({ path: join(SHOTS, 'demo-upload-failed.png'), fullPage: true });
      throw new Error(`${String(error)}\n${clientLog.join('\n')}`);
    });
    assert.ok(dropzone);
    const shownTitle = await (await inUploadWidget(client, '[part~="title"]')).evaluate((el) => el.textContent);
    assert.equal(shownTitle, 'Belege Dezember', 'the request the back office made');
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300_000)]);
    const file = join(dataDir, 'Kontoauszug Dezember.pdf');
    writeFileSync(file, bytes);
    const input = await client.$('guest-upload >>> input[type="file"]:not([capture])');
    await input!.uploadFile(file);
    await (await inUploadWidget(client, '[part~="upload-button"]')).click();
    await inUploadWidget(client, '[part~="complete"]').catch(async (error: unknown) => {
      await client.screenshot({ path: join(SHOTS, 'demo-upload-failed.png'), fullPage: true });
      throw new Error(`${String(error)}\n${clientLog.join('\n')}`);
    });
    await client.screenshot({ path: join(SHOTS, 'demo-upload-complete.png'), fullPage: true });
    assert.deepEqual(await violations(), [], 'the upload page ran under its CSP and Trusted Types without a refusal');

    await office.bringToFront();
    await office.reload();
    await office.waitForSelector('section[aria-labelledby="uploads-heading"] tbody tr');
    const row = (await office.$$('section[aria-labelledby="uploads-heading"] tbody tr')).at(0)!;
    await (await row.$('button'))!.click(); // "Files"
    await office.waitForSelector('#files-heading');
    const cells = await office.$$eval('#files-heading + table tbody tr td', (tds) => tds.map((td) => td.textContent?.trim() ?? ''));
    assert.equal(cells[0], 'Kontoauszug Dezember.pdf');
    assert.equal(cells[5], 'clean');
    const sha = createHash('sha256').update(bytes).digest('hex');
    assert.ok(cells[4]!.startsWith(sha.slice(0, 12)), 'the SHA-256 shown is the file’s');
    await office.screenshot({ path: join(SHOTS, 'demo-backoffice-files.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await client.close();
    await office.close();
  });

  it('an upload cut off by a reload: the page asks for the link again, then lists the file, and picking it again resumes', async () => {
    const office: Page = await browser.newPage();
    const url = await createUploadRequest(office, base, 'Jahresabschluss');
    await office.close();

    const client = await browser.newPage();
    const errors: string[] = [];
    client.on('pageerror', (e) => errors.push(String(e)));
    const clientLog: string[] = [];
    client.on('response', (r) => clientLog.push(`${Date.now()} ${r.request().method()} ${r.url()} ${r.status()}`));
    client.on('requestfailed', (r) => clientLog.push(`${Date.now()} FAILED ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
    client.on('framenavigated', (f) => clientLog.push(`${Date.now()} navigated ${f.url()}`));
    client.on('console', (m) => clientLog.push(`${Date.now()} console ${m.text()}`));
    // Leaving mid-upload asks "leave the page?" first; the visitor says yes.
    const dialogs: string[] = [];
    client.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      clientLog.push(`${Date.now()} dialog ${dialog.type()}`);
      void dialog.accept();
    });
    await client.bringToFront();
    await client.goto(url);
    await inUploadWidget(client, '[part~="dropzone"]');
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(20 * 1024 * 1024)]);
    const file = join(dataDir, 'Jahresabschluss 2025.pdf');
    writeFileSync(file, bytes);
    await (await client.$('guest-upload >>> input[type="file"]:not([capture])'))!.uploadFile(file);
    // The visitor reloads the page once 8 MiB are on their way (from inside the progress event, so it is mid-upload).
    // Once: progress events that arrive while the page unloads must not start a second reload.
    // (No named functions inside evaluate: tsx's keepNames would reference a helper the page lacks.)
    await client.evaluate(() => {
      let reloading = false;
      document.querySelector('guest-upload')!.addEventListener('gk-upload-progress', (event) => {
        if (reloading || (event as Event & { bytesUploaded: number }).bytesUploaded < 8 * 1024 * 1024) return;
        reloading = true;
        location.reload();
      });
    });
    const button = await inUploadWidget(client, '[part~="upload-button"]');
    await Promise.all([client.waitForNavigation({ timeout: 30_000 }), button.click()]).catch(async (error: unknown) => {
      await client.screenshot({ path: join(SHOTS, 'demo-upload-reload-failed.png') }).catch(() => undefined);
      const seen = await client.evaluate(() => document.querySelector('guest-upload')?.shadowRoot?.textContent?.replace(/\s+/g, ' ')).catch((e: unknown) => `(page not readable: ${String(e)})`);
      throw new Error(`${String(error)}; dialogs ${dialogs.join(',')}; url ${client.url()}; log:\n${clientLog.join('\n')}\nwidget: ${seen}`);
    });
    assert.deepEqual(dialogs, ['beforeunload'], 'leaving mid-upload asked first');
    // The token left the address bar when the link opened, and is kept nowhere: ask for the link again.
    await client.waitForFunction(() => document.querySelector('guest-upload')?.shadowRoot?.querySelector('[part~="state-invalid"]'), { timeout: 15_000 });
    const title = await client.$eval('guest-upload >>> [part~="state-title"]', (el) => el.textContent?.trim());
    assert.equal(title, 'Bitte öffnen Sie Ihren Link erneut');
    await client.screenshot({ path: join(SHOTS, 'demo-upload-reloaded.png') });

    // The link from the e-mail again: the unfinished file is listed; the same file picks up where it stopped.
    await client.goto('about:blank');
    await client.goto(url);
    const group = await inUploadWidget(client, '[part~="unfinished"]');
    assert.match((await group.evaluate((el) => el.textContent)) ?? '', /Jahresabschluss 2025\.pdf/);
    await client.screenshot({ path: join(SHOTS, 'demo-upload-unfinished.png') });
    const resumedAt: number[] = [];
    await client.exposeFunction('gkProgress', (n: number) => resumedAt.push(n));
    await client.evaluate(() => {
      const report = (window as unknown as { gkProgress(n: number): void }).gkProgress;
      document.querySelector('guest-upload')!.addEventListener('gk-upload-progress', (event) => report((event as Event & { bytesUploaded: number }).bytesUploaded));
    });
    await (await client.$('guest-upload >>> input[type="file"]:not([capture])'))!.uploadFile(file);
    await client.waitForFunction(() => !document.querySelector('guest-upload')?.shadowRoot?.querySelector('[part~="unfinished"]'), { timeout: 10_000 });
    await (await inUploadWidget(client, '[part~="upload-button"]')).click();
    await inUploadWidget(client, '[part~="complete"]');
    assert.ok(resumedAt[0]! >= 4 * 1024 * 1024, `resumed, not restarted (first progress ${resumedAt[0]})`);
    assert.deepEqual(errors, []);
    await client.close();
  });

  it('back office → a link of a kind whose widget has not landed (a signature request) → its page opens the link and shows the stand-in', async () => {
    const office: Page = await browser.newPage();
    await office.setViewport({ width: 1200, height: 1400 });
    await office.goto(`${base}/backoffice`);
    const form = await office.waitForSelector('section[aria-labelledby="create-heading"] form');
    await form!.$eval('select[name="kind"]', (select) => ((select as HTMLSelectElement).value = 'sign'));
    const before = await office.$$eval('a.link', (as) => as.length);
    await office.click('section[aria-labelledby="create-heading"] button[type="submit"]');
    await office.waitForFunction((n) => document.querySelectorAll('a.link').length > n, { polling: 100, timeout: 15_000 }, before);
    const url = await office.$$eval('a.link', (as) => (as.at(-1) as HTMLAnchorElement).href);
    assert.match(url, /#gk=gk_sign_/);
    await office.close();
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(url);
    await page.waitForFunction(() => (document.querySelector('gk-demo-link')?.shadowRoot?.textContent ?? '').includes('Signaturanfrage'), { polling: 100, timeout: 15_000 });
    assert.deepEqual(problems, [], 'no script errors');
    await page.close();
  });

  it('back office → share a document with two addresses → each link opens its own doc-viewer with its own date', async () => {
    const office: Page = await browser.newPage();
    await office.setViewport({ width: 1200, height: 1400 });
    const errors: string[] = [];
    office.on('pageerror', (e) => errors.push(String(e)));
    await office.goto(`${base}/backoffice`);
    const pdfPath = join(dataDir, 'Jahresabschluss 2025.pdf');
    writeFileSync(pdfPath, await makePdf(2));
    const fileInput = await office.waitForSelector('section[aria-labelledby="share-create-heading"] input[type="file"]');
    await fileInput!.uploadFile(pdfPath);
    await office.waitForFunction(() => [...document.querySelectorAll('input[name="documents"]')].some((i) => i.parentElement?.textContent?.includes('Jahresabschluss 2025.pdf')), { polling: 100, timeout: 15_000 });
    await office.click('section[aria-labelledby="share-create-heading"] button[type="submit"]');
    await office.waitForFunction(() => document.querySelectorAll('a.link').length === 2, { polling: 100, timeout: 15_000 });
    const links = await office.$$eval('a.link', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    assert.equal(links.length, 2);
    const dates: string[] = [];
    for (const url of links) {
      const page = await browser.newPage();
      await page.bringToFront();
      await page.goto(url);
      await page.waitForFunction(() => (document.querySelector('doc-viewer')?.shadowRoot?.textContent ?? '').includes('Jahresabschluss 2025.pdf'), { polling: 100, timeout: 15_000 });
      dates.push(await page.evaluate(() => document.querySelector('doc-viewer')!.shadowRoot!.querySelector('[part~="available-until"]')?.textContent?.trim() ?? ''));
      await page.close();
    }
    assert.notEqual(dates[0], dates[1], 'each recipient sees their own expiry');
    await office.bringToFront();
    await office.reload();
    await office.waitForFunction(() => document.querySelectorAll('section[aria-labelledby="outbox-heading"] summary').length >= 2, { polling: 100, timeout: 15_000 });
    const outbox = await office.$$eval('section[aria-labelledby="outbox-heading"] summary', (s) => s.map((x) => x.textContent ?? ''));
    assert.ok(outbox.some((m) => m.includes('mortgage.banker@bank.example')) && outbox.some((m) => m.includes('lawyer@kanzlei-recht.example')), `one mail each: ${outbox.join(' | ')}`);
    await office.screenshot({ path: join(SHOTS, 'demo-backoffice-shares.png'), fullPage: true });
    assert.deepEqual(errors, []);
  });

  // SECURITY.md W1: every flow below runs on the demo's pages, which send the strict CSP with
  // `require-trusted-types-for 'script'; trusted-types lit-html guestkit-pdf-worker` (demo/server.ts);
  // each page is watched for `securitypolicyviolation` from its first script on.
  describe('the link states and the viewer’s controls under the page’s strict CSP and Trusted Types (SECURITY.md W1)', () => {
    it('a share behind an access code: a wrong code is refused, the right one opens the documents', async () => {
      const office = await browser.newPage();
      const [url] = await createShare(office, base, 'Unterlagen mit Zugangscode', ['zugang@bank.example, 14'], { type: 'access_code', code: 'Birke-42' });
      await office.close();
      const { page, check } = await watchedPage(browser);
      await page.goto(url!);
      await inWidget(page, 'doc-viewer', '[part~="state-access-code"]');
      await sendCode(page, 'doc-viewer', 'Eiche-17');
      await page.waitForFunction(() => (document.querySelector('doc-viewer')?.shadowRoot?.querySelector('[part~="code-error"]')?.textContent ?? '').trim() !== '', { polling: 100, timeout: 15_000 });
      await sendCode(page, 'doc-viewer', 'Birke-42');
      await inWidget(page, 'doc-viewer', '[part~="document-list"]');
      assert.match(await page.$eval('doc-viewer >>> [part~="title"]', (el) => el.textContent ?? ''), /Unterlagen mit Zugangscode/);
      await check('access code');
      await page.close();
    });

    it('a share behind a one-time code: the code mailed to the recipient opens the documents', async () => {
      const office = await browser.newPage();
      const address = 'einmalcode@bank.example';
      const [url] = await createShare(office, base, 'Unterlagen mit Einmalcode', [`${address}, 14`], { type: 'email_otp' });
      await office.close();
      const { page, check } = await watchedPage(browser);
      await page.goto(url!);
      await (await inWidget(page, 'doc-viewer', '[part~="state-otp"] [part~="send-code"]')).click();
      // The mail as the recipient gets it: the demo writes it to its outbox (it has no SMTP server of its own).
      const code = await waitForMail(dataDir, address, /Einmalcode lautet: (\S+)/);
      await sendCode(page, 'doc-viewer', code);
      await inWidget(page, 'doc-viewer', '[part~="document-list"]');
      await check('one-time code');
      await page.close();
    });

    it('an expired share link: "send me a fresh link" mails a new one, which opens', async () => {
      const office = await browser.newPage();
      const address = 'abgelaufen@bank.example';
      const made = Date.now();
      // 0.00003 days: the link lasts 2.6 s.
      const [url] = await createShare(office, base, 'Unterlagen, bald abgelaufen', [`${address}, 0.00003`]);
      await office.close();
      // The link's own mail first: the fresh link's is the one after it.
      await waitForMail(dataDir, address, /#gk=gk_view_/);
      const sent = mailsTo(dataDir, address).length;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, made + 3_500 - Date.now())));
      const { page, check } = await watchedPage(browser);
      await page.goto(url!);
      const ask = await inWidget(page, 'doc-viewer', '[part~="state-expired"] [part~="state-action"]');
      await ask.click();
      await page.waitForFunction(() => (document.querySelector('doc-viewer')?.shadowRoot?.querySelector('[part~="state-notice"]')?.textContent ?? '').trim() !== '', { polling: 100, timeout: 15_000 });
      assert.equal(await ask.evaluate((el) => el.getAttribute('aria-disabled')), 'true', 'asked once, the button rests');
      const fresh = await waitForMail(dataDir, address, /(http\S+\/view#gk=gk_view_\S+)/, sent);
      assert.notEqual(fresh, url);
      await check('expired link and its fresh-link request');
      await page.goto('about:blank');
      const second = await watchedPage(browser);
      await second.page.goto(fresh);
      await inWidget(second.page, 'doc-viewer', '[part~="document-list"]');
      await second.check('the fresh link');
      await second.page.close();
      await page.close();
    });

    it('the doc-viewer’s text search and print on a PDF', async () => {
      const ready = /A ready link: (\S+)/.exec(demo.output.join(''))![1]!;
      const { page, check } = await watchedPage(browser);
      const tabs: string[] = [];
      const onTarget = (target: { type(): string; url(): string }) => target.type() === 'page' && tabs.push(target.url());
      browser.on('targetcreated', onTarget);
      const frames: string[] = [];
      page.on('framenavigated', (frame) => frames.push(frame.url()));
      try {
        await page.goto(ready);
        await (await inWidget(page, 'doc-viewer', '[part~="open"]')).click();
        await page.waitForFunction(() => (document.querySelector('doc-viewer')?.shadowRoot?.querySelector('[part~="text-layer"]')?.textContent ?? '').includes('Seite 1'), { polling: 100, timeout: 20_000 });
        // Search: the row opens, the query runs through all pages, the match is marked in the text layer.
        await (await inWidget(page, 'doc-viewer', '[part~="toolbar-button"][part~="search"]')).click();
        await (await inWidget(page, 'doc-viewer', '[part~="search-input"]')).type('Seite 2');
        await page.waitForFunction(() => /^1\D+1$/.test((document.querySelector('doc-viewer')?.shadowRoot?.querySelector('[part~="search-status"]')?.textContent ?? '').trim()), { polling: 100, timeout: 15_000 });
        await page.waitForFunction(() => document.querySelector('doc-viewer')?.shadowRoot?.querySelector('[part~="page-input"]') instanceof HTMLInputElement && (document.querySelector('doc-viewer')!.shadowRoot!.querySelector('[part~="page-input"]') as HTMLInputElement).value === '2', { polling: 100, timeout: 15_000 });
        await (await inWidget(page, 'doc-viewer', '[part~="search-close"]')).click();
        // Print: the document's bytes in a hidden blob: frame (the CSP's frame-src blob:), its print() called.
        await page.evaluate(() => document.querySelector('doc-viewer')!.addEventListener('gk-print', () => ((window as unknown as { __printed: boolean }).__printed = true)));
        await (await inWidget(page, 'doc-viewer', '[part~="toolbar"] [part~="print"]')).click();
        await page.waitForFunction(() => (window as unknown as { __printed?: boolean }).__printed === true, { polling: 100, timeout: 15_000 });
        assert.ok(frames.some((u) => u.startsWith(`blob:${base}/`)), `the print frame loaded the bytes: ${frames.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 500)); // a refused frame reports its violation a moment later
        assert.deepEqual(tabs, [], 'printed from the frame, not from a new tab (the fallback where a CSP refuses the frame)');
        await check('search and print');
      } finally {
        browser.off('targetcreated', onTarget);
      }
      await page.close();
    });

    it('an upload request behind an access code: the code opens the upload form', async () => {
      const office = await browser.newPage();
      const url = await createUploadRequest(office, base, 'Belege mit Zugangscode', { type: 'access_code', code: 'Linde-7' });
      await office.close();
      const { page, check } = await watchedPage(browser);
      await page.goto(url);
      await inWidget(page, 'guest-upload', '[part~="state-access-code"]');
      await sendCode(page, 'guest-upload', 'Linde-7');
      await inWidget(page, 'guest-upload', '[part~="dropzone"]');
      await check('upload access code');
      await page.close();
    });
  });
});
