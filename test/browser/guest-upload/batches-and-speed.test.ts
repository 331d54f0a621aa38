/**
 * Regressions in `<guest-upload>`'s queue: a file tried again was reported in two batches (two
 * `gk-upload-complete` events and two receipt mails named it), and after a stalled connection
 * resumed the speed went negative ("-836.719 Byte/s") and the bytes sent went back.
 */
import { expect } from '@open-wc/testing';
import type { UploadQueue } from '../../../src/components/controllers/upload-queue.js';
import type { GuestUploadCompleteEvent } from '../../../src/components/events/upload-complete.js';
import { createClient } from '../../../src/client/client.js';
import { ENDPOINT, outbox, releaseSlow, SLOW_ENDPOINT } from '../helpers/adapter.js';
import { dropFiles, randomFile, sha256Hex } from '../helpers/files.js';
import { part, parts, until } from '../helpers/widgets.js';
import { openUpload, routeXhr } from './helpers.js';

const MiB = 1024 * 1024;
const PDF = new TextEncoder().encode('%PDF-1.7\n');

describe('guest-upload: batches and speed', () => {
  it('a file tried again while its batch is still going up is reported once, in the retry’s batch (one event and one receipt per batch)', async function () {
    this.timeout(30_000);
    const a = randomFile(64 * 1024, 'Kontoauszug.pdf', 'application/pdf', PDF);
    const b = randomFile(2000, 'Rechnung.pdf', 'application/pdf', PDF);
    const [shaA, shaB] = await Promise.all([sha256Hex(a), sha256Hex(b)]);
    // B's first finish is refused "busy, try in a minute" (not retried by itself); A's finish waits
    // until B's retry is through, so A's batch is still in flight meanwhile.
    let refusedB = false;
    let letAGo!: () => void;
    const aMayFinish = new Promise<void>((resolve) => (letAGo = resolve));
    const client = createClient({
      endpoint: ENDPOINT,
      locale: 'de',
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (request.method !== 'POST' || !request.url.endsWith('/v1/upload/files')) return fetch(request);
        const { sha256 } = (await request.clone().json()) as { sha256: string };
        if (sha256 === shaB && !refusedB) {
          refusedB = true;
          const problem = { type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'unavailable' };
          return new Response(JSON.stringify(problem), { status: 503, headers: { 'content-type': 'application/problem+json', 'retry-after': '60' } });
        }
        if (sha256 === shaA) await aMayFinish;
        return fetch(request);
      },
    });
    const { widget, email } = await openUpload('de', {}, { client });
    const { queue } = widget as unknown as { queue: UploadQueue };
    const batches: string[][] = [];
    widget.addEventListener('gk-upload-complete', (event) => batches.push((event as GuestUploadCompleteEvent).files.map((file) => file.name)));

    dropFiles(part(widget, 'dropzone'), [a, b]);
    await until(() => parts(widget, 'file').length === 2, 'both files');
    part<HTMLButtonElement>(widget, 'upload-button').click();
    await until(() => queue.items[1]?.status === 'failed', 'B’s finish refused', 10_000);
    expect(queue.items[0]!.status, 'A is still in flight').to.equal('finishing');
    part<HTMLButtonElement>(widget, 'retry').click();
    await until(() => batches.length === 1, 'the retry’s batch', 10_000);
    letAGo();
    await until(() => batches.length === 2, 'the first batch', 10_000);

    expect(batches).to.deep.equal([[b.name], [a.name]]);
    const receipts = async () => (await outbox(email)).filter((mail) => mail.subject.startsWith('Eingangsbestätigung'));
    // The receipts go out after each batch: wait for two, and a moment for a third that must not come.
    for (const end = Date.now() + 6000; (await receipts()).length < 2 && Date.now() < end; ) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mails = await receipts();
    expect(mails, 'one receipt per batch').to.have.length(2);
    expect(mails.filter((mail) => mail.text.includes(b.name)), 'B in one receipt').to.have.length(1);
  });

  it('through a stalled connection and its resume: the speed is never negative and the bytes sent never go back', async function () {
    this.timeout(30_000);
    const { widget } = await openUpload('de');
    const { queue } = widget as unknown as { queue: UploadQueue };
    // Long enough that the speed window has only the stalled request's bytes left when it resumes.
    queue.stallTimeoutMs = 3_000;
    const speeds: number[] = [];
    const sent: number[] = [];
    const lines: string[] = [];
    widget.addEventListener('gk-upload-progress', (event) => {
      sent.push(event.bytesUploaded);
      const speed = queue.items[0]?.bytesPerSecond;
      if (speed !== undefined) speeds.push(speed);
    });
    const watch = new MutationObserver(() => {
      const line = widget.shadowRoot!.querySelector('[part~="file-status"]')?.textContent;
      if (line) lines.push(line.trim());
    });
    watch.observe(widget.shadowRoot!, { subtree: true, childList: true, characterData: true });
    // The first PATCH hangs at the slow proxy: its bytes leave the page but never reach the server.
    let detoured = false;
    const undoRoute = routeXhr((method, url) => {
      const take = method === 'PATCH' && !detoured && url.startsWith(ENDPOINT);
      if (take) detoured = true;
      return take ? url.replace(ENDPOINT, SLOW_ENDPOINT) : url;
    });
    let complete = false;
    widget.addEventListener('gk-upload-complete', () => (complete = true));
    try {
      dropFiles(part(widget, 'dropzone'), [randomFile(3 * MiB, 'Jahresabschluss.pdf', 'application/pdf', PDF)]);
      await until(() => parts(widget, 'file').length === 1, 'the file');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => complete, 'the resumed upload', 20_000);
    } finally {
      watch.disconnect();
      undoRoute();
      await releaseSlow();
    }
    expect(detoured, 'the first PATCH stalled').to.equal(true);
    expect(speeds.filter((speed) => !(speed > 0)), 'speeds').to.deep.equal([]);
    expect(lines.filter((line) => /-\d/.test(line)), 'status lines').to.deep.equal([]);
    expect(sent.filter((bytes, i) => i > 0 && bytes < sent[i - 1]!), `bytes sent: ${sent.join(', ')}`).to.deep.equal([]);
  });
});
