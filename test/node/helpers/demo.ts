/** What the tests that drive the demo or the CDN bundle in Chromium share: a port, the demo process, the CSP watch. */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';

export { freePort } from './uploads.js';

/** The Chromium the browser tests drive (Debian's, unless `CHROME_PATH` names another). */
export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Where screenshots land for a person to look at. */
export const SHOTS = join(process.cwd(), '.test-results');

/** Starts `npm start`'s demo on `port` with its data in `dataDir`; resolves once it printed its ready link. */
export function startDemo(port: number, dataDir: string): Promise<{ child: ChildProcess; output: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server.ts'], { env: { ...process.env, PORT: String(port), GUESTKIT_DATA: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    // A demo that did not start is stopped: its open pipes would keep this test process alive.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`demo did not start:\n${output.join('')}`));
    }, 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes('A ready link:')) {
        clearTimeout(timer);
        resolve({ child, output });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${output.join('')}`)));
  });
}

/**
 * Stops a demo `startDemo` started and removes its data folder: SIGTERM first (the demo closes its
 * store, and its folder can go once it has exited), SIGKILL after 10 s.
 */
export async function stopDemo(demo: { child: ChildProcess } | undefined, dataDir: string | undefined): Promise<void> {
  const child = demo?.child;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    child.kill('SIGKILL');
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Collects what the page's Content Security Policy and Trusted Types refuse (SECURITY.md R60, W1):
 * every `securitypolicyviolation` event from the page's first script on, and console errors that
 * name them. Answers a function that reads them out.
 */
export async function watchPolicy(page: Page): Promise<() => Promise<string[]>> {
  const messages: string[] = [];
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy|Trusted Type|Refused to/i.test(m.text()) && messages.push(m.text()));
  await page.evaluateOnNewDocument(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`), true);
  });
  return async () => [...messages, ...(await page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []))];
}
