/**
 * "Take a photo" in `<guest-upload>`: with `camera="auto"` (the default) it is there on a touch
 * screen (`(pointer: coarse)`, emulated through the `emulate-touch` command) and not with a mouse;
 * a photo taken with it joins the queue and arrives intact, like any other file.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { storedFiles } from '../helpers/adapter.js';
import { pickFiles, sha256Hex } from '../helpers/files.js';
import { part, parts, until } from '../helpers/widgets.js';
import { openUpload } from './helpers.js';

/** A real JPEG, as a phone camera hands one over (drawn and encoded by the browser). */
async function jpegPhoto(name: string): Promise<File> {
  const canvas = new OffscreenCanvas(640, 480);
  const context = canvas.getContext('2d')!;
  const gradient = context.createLinearGradient(0, 0, 640, 480);
  gradient.addColorStop(0, '#1d4ed8');
  gradient.addColorStop(1, '#f59e0b');
  context.fillStyle = gradient;
  context.fillRect(0, 0, 640, 480);
  context.fillStyle = '#fff';
  context.font = '48px sans-serif';
  context.fillText('Beleg 2041', 40, 240);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
  return new File([blob], name, { type: 'image/jpeg', lastModified: Date.now() });
}

const touchScreen = (enabled: boolean) => executeServerCommand('emulate-touch', { enabled });
const camera = (widget: HTMLElement) => widget.shadowRoot!.querySelector<HTMLButtonElement>('[part~="camera"]');

describe('guest-upload: take a photo', () => {
  afterEach(() => touchScreen(false));

  it('offers the camera on a touch screen, not with a mouse (camera="auto")', async () => {
    expect(matchMedia('(pointer: coarse)').matches, 'a mouse to begin with').to.equal(false);
    const desktop = await openUpload('en');
    expect(desktop.widget.camera).to.equal('auto');
    expect(camera(desktop.widget), 'no camera button with a mouse').to.equal(null);

    await touchScreen(true);
    expect(matchMedia('(pointer: coarse)').matches, 'a touch screen now').to.equal(true);
    const phone = await openUpload('de');
    expect(camera(phone.widget)?.textContent?.trim()).to.equal('Foto aufnehmen');
    // Not when the request takes no pictures.
    const pdfOnly = await openUpload('de', { limits: { allowedTypes: ['application/pdf'] } });
    expect(camera(pdfOnly.widget), 'no camera for a PDF-only request').to.equal(null);
    // And never when the page says so.
    phone.widget.camera = 'never';
    await phone.widget.updateComplete;
    expect(camera(phone.widget)).to.equal(null);
  });

  it('a photo taken with it joins the queue and arrives byte-identical', async function () {
    this.timeout(20_000);
    await touchScreen(true);
    const { widget, requestId } = await openUpload('en');
    const input = widget.shadowRoot!.querySelector<HTMLInputElement>('#gk-upload-camera')!;
    let opened = false;
    input.addEventListener('click', (event) => {
      opened = true;
      event.preventDefault(); // no real camera here: the photo is handed in below
    });
    camera(widget)!.click();
    expect(opened, 'the camera picker opened').to.equal(true);

    const photo = await jpegPhoto('IMG_2041.jpg');
    pickFiles(input, [photo]);
    await until(() => parts(widget, 'file').length === 1, 'the photo in the queue');
    expect(part(widget, 'file-name').textContent).to.equal('IMG_2041.jpg');
    let done = false;
    widget.addEventListener('gk-upload-complete', () => (done = true));
    part<HTMLButtonElement>(widget, 'upload-button').click();
    await until(() => done, 'the upload', 15_000);
    const stored = await storedFiles(requestId);
    expect(stored.map((file) => [file.name, file.type, file.storedSha256])).to.deep.equal([['IMG_2041.jpg', 'image/jpeg', await sha256Hex(photo)]]);
  });
});
