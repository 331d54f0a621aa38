/**
 * `<guest-upload>` by keyboard alone and with a screen reader: the drop zone is a button that
 * opens the picker, every control is labelled, the live region tells what happened, focus goes
 * where the answer is, and axe finds nothing in any state — in German and English, and at 375 px.
 */
import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { de } from '../../../src/components/translations/de.js';
import { en } from '../../../src/components/translations/en.js';
import type { Translation } from '../../../src/components/translations/types.js';
import { uploadDe } from '../../../src/components/guest-upload/lang/de.js';
import { uploadEn } from '../../../src/components/guest-upload/lang/en.js';
import { type UploadTranslation } from '../../../src/components/guest-upload/translations.js';
import { releaseSlow, SLOW_ENDPOINT, adapterClient, storedFiles } from '../helpers/adapter.js';
import { dropFiles, pdfFile, pickFiles, plainZip } from '../helpers/files.js';
import { announced, focused, part, parts, text, until } from '../helpers/widgets.js';
import { openUpload } from './helpers.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

for (const [lang, t] of [['de', { ...de, ...uploadDe }], ['en', { ...en, ...uploadEn }]] as ['de' | 'en', Translation & UploadTranslation][]) {
  describe(`guest-upload by keyboard and screen reader (${lang})`, () => {
    afterEach(() => setViewport({ width: 800, height: 600 }));

    it('Tab reaches the drop zone, Enter opens the picker, and the upload goes by keyboard', async function () {
      this.timeout(15_000);
      const { widget, requestId } = await openUpload(lang);
      const input = widget.shadowRoot!.querySelector<HTMLInputElement>('#gk-upload-files')!;
      let pickerOpened = 0;
      input.addEventListener('click', (event) => {
        pickerOpened++;
        event.preventDefault(); // no native dialog in a test; the files are handed in below
      });
      (document.activeElement as HTMLElement | null)?.blur();
      await sendKeys({ press: 'Tab' });
      expect(focused(widget)).to.equal(part(widget, 'dropzone'));
      expect(part(widget, 'dropzone').getAttribute('aria-describedby')).to.equal('gk-upload-limits');
      await sendKeys({ press: 'Enter' });
      expect(pickerOpened).to.equal(1);
      await sendKeys({ press: 'Space' });
      expect(pickerOpened).to.equal(2);

      pickFiles(input, [pdfFile('Lohnsteuerbescheinigung.pdf')]);
      await until(() => parts(widget, 'file').length === 1, 'the picked file');
      expect(announced(widget)).to.equal(t['upload.added']({ count: 1 }));
      await sendKeys({ press: 'Tab' }); // the note
      expect(focused(widget)).to.equal(part(widget, 'note'));
      await sendKeys({ type: 'Bitte für 2025' });
      await sendKeys({ press: 'Tab' }); // remove
      expect(focused(widget)).to.equal(part(widget, 'remove'));
      await sendKeys({ press: 'Tab' }); // upload
      expect(focused(widget)).to.equal(part(widget, 'upload-button'));
      await sendKeys({ press: 'Enter' });
      // Focus goes to the list (the button it was on is gone), then to the result.
      await until(() => widget.shadowRoot!.querySelector('[part~="complete"]'), 'completion', 10_000);
      await widget.updateComplete;
      expect(focused(widget)?.id).to.equal('gk-upload-complete-title');
      expect(announced(widget)).to.equal(t['upload.announce.done']({ name: 'Lohnsteuerbescheinigung.pdf' }));
      const [stored] = await storedFiles(requestId);
      expect(stored?.note).to.equal('Bitte für 2025');

      // "Upload more" brings the drop zone back, with focus on it.
      part<HTMLButtonElement>(widget, 'upload-more').focus();
      await sendKeys({ press: 'Enter' });
      await widget.updateComplete;
      expect(focused(widget)).to.equal(part(widget, 'dropzone'));
      expect(text(widget, 'received')).to.contain('Lohnsteuerbescheinigung.pdf');
    });

    it('takes pasted files while focus is in the widget, and leaves pasted text alone', async () => {
      const { widget } = await openUpload(lang);
      const dropzone = part<HTMLButtonElement>(widget, 'dropzone');
      dropzone.focus();
      const data = new DataTransfer();
      data.items.add(pdfFile('Screenshot.pdf'));
      const paste = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, composed: true, cancelable: true });
      dropzone.dispatchEvent(paste);
      expect(paste.defaultPrevented).to.equal(true);
      await until(() => parts(widget, 'file').length === 1, 'the pasted file');
      const textOnly = new DataTransfer();
      textOnly.setData('text/plain', 'Bitte prüfen');
      const note = part<HTMLTextAreaElement>(widget, 'note');
      const pasteText = new ClipboardEvent('paste', { clipboardData: textOnly, bubbles: true, composed: true, cancelable: true });
      note.dispatchEvent(pasteText);
      expect(pasteText.defaultPrevented).to.equal(false);
      expect(parts(widget, 'file')).to.have.length(1);
    });

    it('asks for name and e-mail first when the firm requires them, and sends them', async function () {
      this.timeout(15_000);
      const { widget, requestId } = await openUpload(lang, { requireUploaderName: true, requireUploaderEmail: true });
      await expect(widget).to.be.accessible();
      dropFiles(part(widget, 'dropzone'), [pdfFile()]);
      await until(() => parts(widget, 'file').length === 1, 'the file');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await widget.updateComplete;
      const [nameError, emailError] = parts(widget, 'field-error').map((node) => node.textContent);
      expect(nameError).to.equal(t['upload.name.missing']);
      expect(emailError).to.equal(t['upload.email.missing']);
      expect(focused(widget)?.id).to.equal('gk-upload-name');
      expect(part(widget, 'field-input').getAttribute('aria-invalid')).to.equal('true');
      await expect(widget).to.be.accessible();

      await sendKeys({ type: 'Erika Mustermann' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: 'erika@' });
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await widget.updateComplete;
      expect(focused(widget)?.id).to.equal('gk-upload-email');
      expect(parts(widget, 'field-error')[1]!.textContent).to.equal(t['upload.email.invalid']);
      await sendKeys({ type: 'beispiel.de' });
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => widget.shadowRoot!.querySelector('[part~="complete"]'), 'completion', 10_000);
      const [stored] = await storedFiles(requestId);
      expect(stored?.uploaderName).to.equal('Erika Mustermann');
      expect(stored?.uploaderEmail).to.equal('erika@beispiel.de');
    });

    it('is accessible while idle, with files, uploading, failed and complete', async function () {
      this.timeout(30_000);
      const seeded = await openUpload(lang, { deadlineInMs: 7 * 86_400_000 });
      let { widget } = seeded;
      expect(text(widget, 'deadline')).to.match(lang === 'de' ? /^Bitte bis .+ hochladen\.$/ : /^Please upload by .+\.$/);
      await expect(widget).to.be.accessible();

      // Uploading: the slow adapter holds the tus creation request until released.
      widget.client = adapterClient(lang, SLOW_ENDPOINT);
      await releaseSlow(); // the session exchange
      await releaseSlow(); // GET /v1/upload
      await until(() => widget.shadowRoot!.querySelector('[part~="dropzone"]'), 'the request via the slow adapter');
      dropFiles(part(widget, 'dropzone'), [pdfFile('a.pdf'), pdfFile('b.pdf')]);
      await until(() => parts(widget, 'file').length === 2, 'files');
      await expect(widget).to.be.accessible();
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => parts(widget, 'progress').length === 2, 'progress bars');
      await widget.updateComplete;
      const bar = part<HTMLProgressElement>(widget, 'progress');
      expect(bar.getAttribute('aria-label')).to.equal(t['upload.progress']({ name: 'a.pdf' }));
      expect(bar.max).to.equal(2048);
      expect(parts(widget, 'cancel')).to.have.length(2);
      await expect(widget).to.be.accessible();
      while (!widget.shadowRoot!.querySelector('[part~="complete"]')) {
        await releaseSlow();
        await widget.updateComplete;
      }
      await expect(widget).to.be.accessible();

      // Failed: the server refuses the content.
      ({ widget } = await openUpload(lang, { limits: { allowedTypes: [DOCX] } }));
      dropFiles(part(widget, 'dropzone'), [plainZip()]);
      await until(() => parts(widget, 'file').length === 1, 'the zip');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => widget.shadowRoot!.querySelector('[part~="file-failed"]'), 'the refusal', 10_000);
      await expect(widget).to.be.accessible();
    });

    it('says so when the deadline passed: late uploads flagged, or refused', async () => {
      const past = -86_400_000;
      const { widget } = await openUpload(lang, { deadlineInMs: past, lateUploads: 'allow' });
      expect(text(widget, 'deadline')).to.contain(lang === 'de' ? 'Die Frist ist am' : 'The deadline was');
      await expect(widget).to.be.accessible();
      const closed = await openUpload(lang, { deadlineInMs: past, lateUploads: 'refuse' });
      expect(text(closed.widget, 'closed')).to.contain(t['upload.closed.title']);
      expect(closed.widget.shadowRoot!.querySelector('[part~="dropzone"]')).to.equal(null);
      await expect(closed.widget).to.be.accessible();
    });

    it('works at phone width (375 px): nothing wider than the screen, controls at least 44 px high', async function () {
      this.timeout(15_000);
      await setViewport({ width: 375, height: 740 });
      const { widget } = await openUpload(lang, { requireUploaderName: true }, {});
      widget.camera = 'always';
      dropFiles(part(widget, 'dropzone'), [pdfFile('Ein sehr langer Dateiname für eine Lohnsteuerbescheinigung 2025 (Kopie).pdf')]);
      await until(() => parts(widget, 'file').length === 1, 'the file');
      await widget.updateComplete;
      expect(document.documentElement.scrollWidth).to.be.at.most(375);
      // "Take a photo" opens the camera picker: images only, the back camera.
      const camera = widget.shadowRoot!.querySelector<HTMLInputElement>('#gk-upload-camera')!;
      expect(camera.accept).to.equal('image/*');
      expect(camera.getAttribute('capture')).to.equal('environment');
      let cameraOpened = false;
      camera.addEventListener('click', (event) => {
        cameraOpened = true;
        event.preventDefault();
      });
      part<HTMLButtonElement>(widget, 'camera').click();
      expect(cameraOpened).to.equal(true);
      expect(text(widget, 'camera')).to.equal(t['upload.camera']);
      for (const name of ['dropzone', 'camera', 'upload-button', 'remove', 'field-input', 'note']) {
        const box = part(widget, name).getBoundingClientRect();
        expect(box.right, `${name} inside the screen`).to.be.at.most(375);
        expect(box.height, `${name} height`).to.be.at.least(44);
      }
      await expect(widget).to.be.accessible();
    });
  });
}
