/**
 * `<guest-upload>` on a link protected by an e-mailed one-time code, open for longer than its
 * session chain (8 hours): the upload under way is refused its session, the widget asks for a new
 * code — no error, no lost file — and with the new code the same upload goes on from where the
 * server has it, next to the files the visit already sent.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { GuestUpload } from '../../../src/components/guest-upload/guest-upload.component.js';
import '../../../src/components/guest-upload/guest-upload.js';
import type { GuestkitErrorEvent } from '../../../src/components/events/error.js';
import { linkStateEn } from '../../../src/components/base/link-state-strings.js';
import { adapterClient, advanceServerClock, seedLink, seedUploadRequest, storedFiles } from '../helpers/adapter.js';
import { giveOneTimeCode } from '../helpers/step-up.js';
import { dropFiles, pdfFile, randomFile, sha256Hex } from '../helpers/files.js';
import { part, parts, text, until, untilState } from '../helpers/widgets.js';

const MiB = 1024 * 1024;
describe('guest-upload on a one-time-code link, and the visit a link keeps', () => {
  beforeEach(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('tus::')) localStorage.removeItem(key);
  });

  it('8 hours after its code, an upload under way asks for a new code (no error) and goes on from its offset after it; the visit keeps what it sent', async function () {
    this.timeout(90_000);
    const seeded = await seedUploadRequest({ locale: 'en', stepUp: { type: 'email_otp' }, linkTtlSeconds: 7 * 86_400 });
    const widget = await fixture<GuestUpload>(html`<guest-upload lang="en" token=${seeded.token} .client=${adapterClient('en')}></guest-upload>`);
    const errors: string[] = [];
    widget.addEventListener('gk-error', (event) => errors.push((event as GuestkitErrorEvent).code));
    await untilState(widget, 'otp');
    await giveOneTimeCode(widget, seeded.email);
    await until(() => widget.shadowRoot!.querySelector('[part~="dropzone"]'), 'the request');

    // A first file, received with the code given.
    const first = pdfFile('Lohnzettel.pdf');
    let completed = 0;
    widget.addEventListener('gk-upload-complete', () => completed++);
    dropFiles(part(widget, 'dropzone'), [first]);
    await until(() => parts(widget, 'file').length === 1, 'the first file');
    part<HTMLButtonElement>(widget, 'upload-button').click();
    await until(() => completed === 1, 'the first file received', 20_000);
    await until(() => widget.shadowRoot!.querySelector('[part~="upload-more"]'), 'the completion').then((button) => (button as HTMLButtonElement).click());
    await until(() => widget.shadowRoot!.querySelector('[part~="dropzone"]'), 'the drop zone again');

    // A large one: once its first chunk is on the server, the session chain's 8 hours are up.
    const large = randomFile(14 * MiB, 'Kontoauszüge 2025.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.7\n'));
    const progress: number[] = [];
    let advanced: Promise<void> | undefined;
    widget.addEventListener('gk-upload-progress', (event) => {
      progress.push(event.bytesUploaded);
      if (event.bytesUploaded >= 4 * MiB) advanced ??= advanceServerClock(8 * 3600 + 60);
    });
    dropFiles(part(widget, 'dropzone'), [large]);
    await until(() => parts(widget, 'file').some((file) => file.textContent!.includes(large.name)), 'the second file');
    part<HTMLButtonElement>(widget, 'upload-button').click();
    await untilState(widget, 'otp', 30_000);
    await advanced;
    expect(text(widget, 'state-action')).to.equal(linkStateEn['otp.send']);
    expect(widget.shadowRoot!.querySelector('[part~="code-error"]') === null, 'no "wrong code" for a code the visitor did not type').to.equal(true);
    expect(errors, 'a code asked for is no error').to.deep.equal([]);
    await expect(widget).to.be.accessible();

    const before = progress.length;
    await giveOneTimeCode(widget, seeded.email);
    await until(() => widget.shadowRoot!.querySelector('[part~="file-list"]'), 'the request again');
    expect(widget.shadowRoot!.querySelector('[part~="unfinished"]') === null, 'the file going on is not offered as an earlier visit\'s to discard').to.equal(true);
    await until(() => completed === 2, 'the large file received after the new code', 40_000);
    // It went on from where the server had it: the first progress after the code is past the first chunk.
    expect(progress[before], 'first progress after the new code').to.be.at.least(4 * MiB);
    // The visit went on: what it received before the new code is still its own (and the form's value).
    expect(widget.files.map((file) => file.name)).to.deep.equal(['Lohnzettel.pdf', 'Kontoauszüge 2025.pdf']);
    expect(widget.value).to.have.length(2);
    expect(parts(widget, 'received-file').map((file) => file.textContent!)).to.satisfy((names: string[]) => names.some((name) => name.includes(large.name)));
    expect(errors).to.deep.equal([]);
    const stored = await storedFiles(seeded.requestId);
    expect(stored.map((file) => file.name).sort()).to.deep.equal(['Kontoauszüge 2025.pdf', 'Lohnzettel.pdf']);
    const storedLarge = stored.find((file) => file.name === large.name)!;
    expect(storedLarge.storedSha256).to.equal(await sha256Hex(large));
  });

  it('another link to the same request (another recipient\'s) starts a visit of its own: nothing the first one sent is shown or submitted', async function () {
    this.timeout(30_000);
    const seeded = await seedUploadRequest({ locale: 'en' });
    const widget = await fixture<GuestUpload>(html`<guest-upload lang="en" token=${seeded.token} .client=${adapterClient('en')}></guest-upload>`);
    await untilState(widget, 'ready');
    await until(() => widget.shadowRoot!.querySelector('[part~="dropzone"]'), 'the request');
    let completed = 0;
    widget.addEventListener('gk-upload-complete', () => completed++);
    dropFiles(part(widget, 'dropzone'), [pdfFile('Vertrag.pdf')]);
    await until(() => parts(widget, 'file').length === 1, 'the file');
    part<HTMLButtonElement>(widget, 'upload-button').click();
    await until(() => completed === 1, 'the file received', 20_000);
    expect(widget.value).to.have.length(1);

    const other = await seedLink({ kind: 'upload', resource: { type: 'upload-request', id: seeded.requestId }, locale: 'en' });
    widget.token = other.token;
    await widget.updateComplete;
    await untilState(widget, 'ready');
    await until(() => widget.shadowRoot!.querySelector('[part~="dropzone"]'), 'the request for the other link');
    expect(widget.files, 'no file of the first visit').to.deep.equal([]);
    expect(widget.value).to.deep.equal([]);
    expect(parts(widget, 'file')).to.have.length(0);
    expect(widget.shadowRoot!.querySelector('[part~="received"]') === null, 'no "received earlier" list').to.equal(true);
  });
});
