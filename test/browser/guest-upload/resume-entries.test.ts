/**
 * What `<guest-upload>` keeps in `localStorage` to resume after a reload, and for how long: until
 * the server has answered the file's finish (not merely its last chunk), no longer than the
 * adapter keeps an unfinished upload, and for the link that began the upload only (the server lets
 * no other link continue it). Real uploads on the real adapter; a reload is the widget removed and
 * a new one opened on the same storage.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { createClient } from '../../../src/client/client.js';
import type { GuestUpload } from '../../../src/components/guest-upload/guest-upload.component.js';
import { UNFINISHED_TTL_MS, resumeScope } from '../../../src/components/upload/unfinished.js';
import { UPLOAD_ROUTES } from '../../../src/protocol/uploads.js';
import { adapterClient, ENDPOINT, seedLink, storedFiles } from '../helpers/adapter.js';
import { dropFiles, randomFile, sha256Hex } from '../helpers/files.js';
import { part, parts, until, untilState } from '../helpers/widgets.js';
import { interruptedUpload, openUpload, recordTusRequests } from './helpers.js';

const MiB = 1024 * 1024;
const HOUR = 3_600_000;
const PDF = new TextEncoder().encode('%PDF-1.7\n');

const tusKeys = (): string[] => Object.keys(localStorage).filter((key) => key.startsWith('tus::'));

function clearTusEntries(): void {
  for (const key of tusKeys()) localStorage.removeItem(key);
}

/** The page loads again and opens the link `token` (as the `token` attribute, or from `#gk=` in the address bar). */
async function reopen(token: string, from: 'attribute' | 'address bar' = 'attribute'): Promise<GuestUpload> {
  if (from === 'address bar') history.replaceState(history.state, '', `${location.pathname}${location.search}#gk=${token}`);
  const widget =
    from === 'attribute'
      ? await fixture<GuestUpload>(html`<guest-upload lang="en" token=${token} .client=${adapterClient('en')}></guest-upload>`)
      : await fixture<GuestUpload>(html`<guest-upload lang="en" .client=${adapterClient('en')}></guest-upload>`);
  await untilState(widget, 'ready');
  await until(() => widget.shadowRoot!.querySelector('[part~="dropzone"]'), 'the request');
  // The unfinished uploads are read with the request: give a render the chance to show them.
  await new Promise((resolve) => setTimeout(resolve, 100));
  await widget.updateComplete;
  return widget;
}

const unfinishedNames = (widget: GuestUpload): string[] => parts(widget, 'unfinished-item').map((item) => item.querySelector('.file__name')!.textContent!);

/** Presses "Upload" and waits for the batch to complete. */
async function uploadAll(widget: GuestUpload): Promise<void> {
  let done = false;
  widget.addEventListener('gk-upload-complete', () => (done = true), { once: true });
  part<HTMLButtonElement>(widget, 'upload-button').click();
  await until(() => done, 'completion', 40_000);
}

describe('guest-upload: what is kept to resume after a reload', () => {
  beforeEach(clearTusEntries);
  afterEach(clearTusEntries);

  it('regression: a reload while the server is still finishing the file (copy, hash, scan) offers it, and it finishes from the bytes the server has — none sent again', async function () {
    this.timeout(60_000);
    // The finish (`POST /v1/upload/files`) is held on its way until the test lets it go: every byte
    // is on the server, its answer has not come.
    let held: ((answer: Response | PromiseLike<Response>) => void) | undefined;
    let abandon: (reason: unknown) => void = () => undefined;
    const holding = createClient({
      endpoint: ENDPOINT,
      locale: 'en',
      fetch: (input, init) => {
        const request = new Request(input, init);
        if (request.method !== 'POST' || !request.url.endsWith(UPLOAD_ROUTES.files)) return fetch(request);
        return new Promise<Response>((resolve, reject) => ((held = resolve), (abandon = reject)));
      },
    });
    const first = await openUpload('en', {}, { client: holding });
    const file = randomFile(9 * MiB + 3, 'Lohnsteuerbescheinigung.pdf', 'application/pdf', PDF);
    dropFiles(part(first.widget, 'dropzone'), [file]);
    await until(() => parts(first.widget, 'file').length === 1, 'the file');
    part<HTMLButtonElement>(first.widget, 'upload-button').click();
    await until(() => held, 'the finish to be sent', 20_000);
    await first.widget.updateComplete;
    expect(part(first.widget, 'file').getAttribute('part')).to.contain('file-finishing');
    // The reload, before the finish has answered.
    first.widget.remove();
    expect(tusKeys().filter((key) => key.includes(first.requestId)), 'the stored upload URL').to.have.length(1);

    const record = recordTusRequests();
    try {
      const widget = await reopen(first.token);
      expect(unfinishedNames(widget), 'offered as unfinished').to.deep.equal(['Lohnsteuerbescheinigung.pdf']);
      dropFiles(part(widget, 'dropzone'), [file]);
      await until(() => parts(widget, 'file').length === 1, 'the file again');
      await uploadAll(widget);
      const head = record.requests.find((each) => each.method === 'HEAD');
      expect(head?.serverOffset, 'the server has every byte').to.equal(file.size);
      expect(record.requests.filter((each) => each.method !== 'HEAD').map((each) => `${each.method} ${each.bytes}`), 'nothing sent again').to.deep.equal([]);
    } finally {
      record.undo();
      abandon(new DOMException('The page was left.', 'AbortError'));
    }
    const stored = await storedFiles(first.requestId);
    expect(stored.map((each) => each.storedSha256)).to.deep.equal([await sha256Hex(file)]);
    expect(tusKeys().filter((key) => key.includes(first.requestId)), 'forgotten once the finish answered').to.deep.equal([]);
  });

  it(`regression: entries older than the adapter keeps an unfinished upload (${UNFINISHED_TTL_MS / HOUR} h), of this link or any other, are neither listed nor kept`, async function () {
    this.timeout(20_000);
    const { widget: opened, token, requestId } = await openUpload('en');
    opened.remove();
    const scope = resumeScope(requestId, token);
    const entry = (name: string, hoursAgo: number) =>
      JSON.stringify({ size: 5000, metadata: { filename: name, filetype: 'application/pdf' }, creationTime: new Date(Date.now() - hoursAgo * HOUR).toString(), uploadUrl: `${ENDPOINT}/v1/upload/tus/AAAAAAAAAAAAAAAAAAAAAAAA` });
    const recent = `tus::guestkit/${scope}/Steuer 2025.pdf/application/pdf/5000/1::a`;
    const old = `tus::guestkit/${scope}/Steuer 2023.pdf/application/pdf/5000/1::b`;
    const otherRequest = `tus::guestkit/upr_never_again/0123456789abcdef/Gehalt.pdf/application/pdf/5000/1::c`;
    // Dated days ahead: the clock was set wrong when it was written; it would otherwise never go.
    const ahead = `tus::guestkit/${scope}/Steuer 2024.pdf/application/pdf/5000/1::e`;
    // Another app on the same origin may keep tus uploads too: not ours to remove.
    const foreign = 'tus::another-app/Plan.pdf::d';
    localStorage.setItem(recent, entry('Steuer 2025.pdf', 23));
    localStorage.setItem(old, entry('Steuer 2023.pdf', 25));
    localStorage.setItem(otherRequest, entry('Gehalt.pdf', 24 * 30));
    localStorage.setItem(ahead, entry('Steuer 2024.pdf', -72));
    localStorage.setItem(foreign, entry('Plan.pdf', 24 * 30));

    const widget = await reopen(token);
    expect(unfinishedNames(widget)).to.deep.equal(['Steuer 2025.pdf']);
    expect(localStorage.getItem(old), 'of this link').to.equal(null);
    expect(localStorage.getItem(otherRequest), 'of a request never opened again').to.equal(null);
    expect(localStorage.getItem(ahead), 'dated ahead').to.equal(null);
    expect(localStorage.getItem(recent)).to.not.equal(null);
    expect(localStorage.getItem(foreign)).to.not.equal(null);
  });

  it('regression: another link of the same request (a fresh link, another recipient) neither lists nor touches the first link’s unfinished upload, which that link still resumes', async function () {
    this.timeout(60_000);
    const a = await interruptedUpload('en', 'Einkommensteuer 2025.pdf');
    const b = await seedLink({ kind: 'upload', resource: { type: 'upload-request', id: a.requestId }, locale: 'en' });

    // Link B, opened from the address bar as the e-mail's link is.
    const record = recordTusRequests();
    try {
      const widget = await reopen(b.token, 'address bar');
      expect(part(widget, 'dropzone'), 'the request is shown').to.exist;
      expect(unfinishedNames(widget), 'nothing of link A').to.deep.equal([]);
      // The same file, chosen on link B: a new upload of its own, not a HEAD of link A's.
      dropFiles(part(widget, 'dropzone'), [a.file]);
      await until(() => parts(widget, 'file').length === 1, 'the file');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => record.requests.some((each) => each.method === 'PATCH'), 'link B’s upload to start', 20_000);
      expect(record.requests.map((each) => each.method).slice(0, 2)).to.deep.equal(['POST', 'PATCH']);
      expect(record.requests.filter((each) => each.url === a.uploadUrl), 'link A’s upload').to.deep.equal([]);
      widget.remove();
    } finally {
      record.undo();
    }
    expect(localStorage.getItem(a.key), 'link A’s entry').to.not.equal(null);

    // Link A again (from the address bar, then as the attribute): its own file, and only that.
    expect(unfinishedNames(await reopen(a.token, 'address bar'))).to.deep.equal(['Einkommensteuer 2025.pdf']);
    const widget = await reopen(a.token);
    expect(unfinishedNames(widget)).to.deep.equal(['Einkommensteuer 2025.pdf']);
    await expect(widget).to.be.accessible();
  });

  it('a link pasted into the same tab after one that could not open (only the fragment changes) lists that link’s upload, not the first one’s', async function () {
    this.timeout(40_000);
    const a = await interruptedUpload('en', 'Belege.pdf');
    const revoked = await seedLink({ kind: 'upload', resource: { type: 'upload-request', id: a.requestId }, locale: 'en', revoked: true });
    history.replaceState(history.state, '', `${location.pathname}${location.search}#gk=${revoked.token}`);
    const widget = await fixture<GuestUpload>(html`<guest-upload lang="en" .client=${adapterClient('en')}></guest-upload>`);
    await untilState(widget, 'revoked');
    location.hash = `gk=${a.token}`;
    await untilState(widget, 'ready', 10_000);
    await until(() => parts(widget, 'unfinished-item').length === 1, 'link A’s unfinished upload');
    expect(unfinishedNames(widget)).to.deep.equal(['Belege.pdf']);
  });
});
