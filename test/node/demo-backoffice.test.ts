/**
 * The demo's back office, driven in Chromium (`npm start` on a fresh data folder): what it shows
 * after an action fails, who sent a received file, where each share and recipient stands, and
 * the widget page's language buttons. One browser, German (the back office still answers in
 * its own language, English). Screenshots land in `.test-results/demo-backoffice-*.png`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM, freePort, SHOTS, startDemo, stopDemo } from './helpers/demo.js';

const NOTICE = 'div.notice';

/** Sets a form field's value (text, textarea, datetime-local) or ticks a box. */
async function fill(page: Page, selector: string, value: string | boolean): Promise<void> {
  await page.$eval(
    selector,
    (el, v) => {
      if (typeof v === 'boolean') (el as HTMLInputElement).checked = v;
      else (el as HTMLInputElement).value = v;
    },
    value,
  );
}

/** The notice at the top: shown or not, its text, and the links in it. */
function readNotice(page: Page): Promise<{ hidden: boolean; text: string; links: string[] }> {
  return page.$eval(NOTICE, (el) => ({
    hidden: (el as HTMLElement).hidden === true,
    text: (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
    links: [...el.querySelectorAll('a')].map((a) => a.href),
  }));
}

/** The Shares table, row by row: title, each recipient's line, status, and the buttons offered. */
function readShares(page: Page): Promise<{ title: string; recipients: string[]; status: string; buttons: string[] }[]> {
  return page.$$eval('section[aria-labelledby="shares-heading"] tbody tr', (rows) =>
    rows.map((row) => {
      // No helper function in here: the page gets this function's source, without tsx's helpers.
      const cells = [...row.querySelectorAll(':scope > td')].map((td) => ({ td, text: (td.textContent ?? '').replace(/\s+/g, ' ').trim() }));
      return {
        title: cells[0]!.text,
        recipients: [...cells[1]!.td.querySelectorAll(':scope > div')].map((div) => (div.textContent ?? '').replace(/\s+/g, ' ').trim()),
        status: cells[2]!.text,
        buttons: [...cells[3]!.td.querySelectorAll('button')].map((b) => (b.textContent ?? '').trim()),
      };
    }),
  );
}

describe('the demo back office, driven in Chromium', { timeout: 120_000 }, () => {
  let dataDir: string;
  let demo: { child: ChildProcess; output: string[] };
  let browser: Browser;
  let base: string;
  let office: Page;
  const errors: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'guestkit-backoffice-'));
    const port = await freePort();
    base = `http://localhost:${port}`;
    demo = await startDemo(port, dataDir);
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
        '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
        // A German member of staff's browser: the (English) back office must still get English messages.
        '--lang=de-DE', '--accept-lang=de-DE,de'],
    });
    office = await browser.newPage();
    await office.setViewport({ width: 1200, height: 1400 });
    office.on('pageerror', (e) => errors.push(String(e)));
    await office.goto(`${base}/backoffice`);
    await office.waitForSelector('section[aria-labelledby="create-heading"] form');
  }, { timeout: 90_000 });

  after(async () => {
    await browser?.close();
    await stopDemo(demo, dataDir);
  });

  it('a failed action clears the previous link and shows its error alone, in plain English', async () => {
    // A link made: shown once, in the notice.
    await office.click('section[aria-labelledby="create-heading"] button[type="submit"]');
    await office.waitForFunction((s) => !!document.querySelector(`${s} a.link`), { polling: 100, timeout: 15_000 }, NOTICE);
    const made = await readNotice(office);
    assert.match(made.text, /Link created/);
    assert.equal(made.links.length, 1);

    // Then an upload request with a deadline gone by, mailed: refused.
    const form = 'section[aria-labelledby="upload-create-heading"]';
    await fill(office, `${form} input[name="title"]`, 'Belege mit Frist von gestern');
    await fill(office, `${form} input[name="deadline"]`, '2020-01-02T09:00');
    await office.click(`${form} button[type="submit"]`);
    await office.waitForFunction((s) => !!document.querySelector(`${s} .error`), { polling: 100, timeout: 15_000 }, NOTICE);
    const failed = await readNotice(office);
    await office.screenshot({ path: join(SHOTS, 'demo-backoffice-error.png') });
    assert.equal(failed.hidden, false);
    assert.deepEqual(failed.links, [], `the earlier link is gone from the notice: ${failed.text}`);
    assert.doesNotMatch(failed.text, /Link created|shown only now/, `nothing of the earlier success is left: ${failed.text}`);
    assert.doesNotMatch(failed.text, /validation_failed/, `no bare error code: ${failed.text}`);
    assert.match(failed.text, /The upload request was not created\./);
    assert.match(failed.text, /Please check the deadline: it must be a date and time in the future\./, `the server's own words, in English: ${failed.text}`);

    // And the next action that works shows its link alone, without the error.
    await fill(office, `${form} input[name="deadline"]`, '');
    await office.click(`${form} button[type="submit"]`);
    await office.waitForFunction((s) => !!document.querySelector(`${s} a.link`), { polling: 100, timeout: 15_000 }, NOTICE);
    const again = await readNotice(office);
    assert.match(again.text, /^Upload request created and mailed\./);
    assert.doesNotMatch(again.text, /not created|deadline/, `the error went: ${again.text}`);
    assert.equal(again.links.length, 1);
    assert.match(again.links[0]!, /\/upload#gk=gk_upload_/);
  });

  it("the Files table shows the uploader's name and e-mail", async () => {
    const form = 'section[aria-labelledby="upload-create-heading"]';
    await office.reload();
    await office.waitForSelector(`${form} input[name="title"]`);
    await fill(office, `${form} input[name="title"]`, 'Belege mit Absender');
    await fill(office, `${form} input[name="requireName"]`, true);
    await fill(office, `${form} input[name="requireEmail"]`, true);
    await office.click(`${form} button[type="submit"]`);
    const url = await office.waitForSelector(`${NOTICE} a.link`).then((a) => a!.evaluate((el) => (el as HTMLAnchorElement).href));

    const client = await browser.newPage();
    await client.goto(url);
    const inWidget = async (selector: string) => {
      await client.waitForFunction((s) => !!document.querySelector('guest-upload')?.shadowRoot?.querySelector(s), { polling: 100, timeout: 20_000 }, selector);
      return (await client.$(`guest-upload >>> ${selector}`))!;
    };
    await (await inWidget('#gk-upload-name')).type('Clara Belegfrau');
    await (await inWidget('#gk-upload-email')).type('clara.beleg@mandant.example');
    const file = join(dataDir, 'Quittung.pdf');
    writeFileSync(file, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2_000)]));
    await inWidget('input[type="file"]:not([capture])');
    await (await client.$('guest-upload >>> input[type="file"]:not([capture])'))!.uploadFile(file);
    await (await inWidget('[part~="upload-button"]')).click();
    await inWidget('[part~="complete"]');
    await client.close();

    await office.bringToFront();
    await office.reload();
    await office.waitForSelector('section[aria-labelledby="uploads-heading"] tbody tr');
    const rows = await office.$$('section[aria-labelledby="uploads-heading"] tbody tr');
    let opened = false;
    for (const row of rows) {
      if (!(await row.evaluate((tr) => tr.textContent?.includes('Belege mit Absender')))) continue;
      await (await row.$('button'))!.click(); // "Files"
      opened = true;
      break;
    }
    assert.ok(opened, 'the request is listed');
    await office.waitForSelector('#files-heading + table tbody tr');
    const cells = await office.$$eval('#files-heading + table tbody tr td', (tds) => tds.map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim()));
    await (await office.$('#files-heading + table'))!.screenshot({ path: join(SHOTS, 'demo-backoffice-files-from.png') });
    assert.equal(cells[0], 'Quittung.pdf');
    assert.match(cells[1]!, /Clara Belegfrau/, 'the name the uploader gave');
    assert.match(cells[1]!, /clara\.beleg@mandant\.example/, `the e-mail the uploader gave: ${cells[1]}`);
  });

  it('the Shares table marks each recipient active until / expired / revoked, and a share with nobody left as ended', async () => {
    const form = 'section[aria-labelledby="share-create-heading"]';
    const share = async (title: string, recipients: string) => {
      await fill(office, `${form} input[name="title"]`, title);
      await fill(office, `${form} textarea[name="recipients"]`, recipients);
      await office.click(`${form} button[type="submit"]`);
      await office.waitForFunction((s, t) => document.querySelector(s)?.textContent?.includes('Share created') && [...document.querySelectorAll('section[aria-labelledby="shares-heading"] tbody tr')].some((tr) => tr.textContent?.includes(t)), { polling: 100, timeout: 15_000 }, NOTICE, title);
    };
    await office.reload();
    await office.waitForSelector(`${form} form input[name="documents"]`);
    // Expires in about 3.5 seconds, next to one that stays; and one whose only recipient expires.
    const shortLived = Date.now();
    await share('Kurz und lang', 'kurz@bank.example, 0.00004\nlang@bank.example, 14');
    await share('Nur kurz', 'nur-kurz@bank.example, 0.00004');
    await share('Einer, widerrufen', 'einzeln@bank.example, 14');

    // Revoke the one recipient of "Einer, widerrufen".
    const rows = await office.$$('section[aria-labelledby="shares-heading"] tbody tr');
    for (const row of rows) {
      if (!(await row.evaluate((tr) => tr.querySelector('td')?.textContent?.trim() === 'Einer, widerrufen'))) continue;
      const revoke = await row.$$('td:nth-child(2) button.danger');
      assert.equal(revoke.length, 1);
      await revoke[0]!.click();
      break;
    }
    await office.waitForFunction(
      () => [...document.querySelectorAll('section[aria-labelledby="shares-heading"] tbody tr')].some((tr) => tr.textContent?.includes('Einer, widerrufen') && tr.textContent.includes('revoked')),
      { polling: 100, timeout: 15_000 },
    );

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, shortLived + 4_500 - Date.now())));
    await office.reload();
    await office.waitForSelector('section[aria-labelledby="shares-heading"] tbody tr');
    await (await office.$('section[aria-labelledby="shares-heading"]'))!.screenshot({ path: join(SHOTS, 'demo-backoffice-shares-states.png') });
    const shares = await readShares(office);
    const byTitle = (title: string) => {
      const found = shares.find((s) => s.title === title);
      assert.ok(found, `${title} is listed: ${JSON.stringify(shares)}`);
      return found;
    };

    const mixed = byTitle('Kurz und lang');
    const kurz = mixed.recipients.find((r) => r.startsWith('kurz@'))!;
    const lang = mixed.recipients.find((r) => r.startsWith('lang@'))!;
    assert.match(kurz, /\bexpired\b/, `the expired recipient is marked expired: ${kurz}`);
    assert.doesNotMatch(kurz, /\bactive\b/, kurz);
    assert.match(lang, /\bactive until\b/, `the other one is active until its date: ${lang}`);
    assert.equal(mixed.status, 'active');
    assert.ok(mixed.buttons.includes('Revoke all'));

    const solo = byTitle('Einer, widerrufen');
    assert.match(solo.recipients[0]!, /\brevoked\b/, solo.recipients[0]);
    assert.doesNotMatch(solo.recipients[0]!, /\+7 days|Revoke/, 'nothing offered for a revoked recipient');
    assert.equal(solo.status, 'ended', `a share whose only recipient is revoked has ended: ${JSON.stringify(solo)}`);
    assert.ok(!solo.buttons.includes('Revoke all'), `nothing left to revoke: ${solo.buttons.join(', ')}`);

    const expired = byTitle('Nur kurz');
    assert.match(expired.recipients[0]!, /\bexpired\b/, expired.recipients[0]);
    assert.equal(expired.status, 'expired', 'no link of it works now');
    // An expired recipient may still ask for a fresh link: revoking still ends something.
    assert.ok(expired.buttons.includes('Revoke all'));
    assert.deepEqual(errors, [], 'no script errors in the back office');
  });

  it("the widget page's language buttons carry their own language", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/view`);
    const buttons = await page.$$eval('button[data-lang]', (bs) => bs.map((b) => ({ text: b.textContent?.trim(), lang: b.getAttribute('lang'), data: (b as HTMLElement).dataset.lang })));
    assert.deepEqual(buttons, [
      { text: 'Deutsch', lang: 'de', data: 'de' },
      { text: 'English', lang: 'en', data: 'en' },
    ]);
    await page.close();
  });
});
