/**
 * Refusals, in German and English: before upload (too big, too many, wrong type — a `.pdf` that is
 * really an executable), and by the server (a zip named `.docx` passes the widget's sniff but not
 * the server's; a workbook with macros), each shown with its file and announced.
 */
import { expect } from '@open-wc/testing';
import type { GuestkitErrorEvent } from '../../../src/components/events/error.js';
import { de } from '../../../src/components/translations/de.js';
import { en } from '../../../src/components/translations/en.js';
import type { Translation } from '../../../src/components/translations/types.js';
import { uploadDe } from '../../../src/components/guest-upload/lang/de.js';
import { uploadEn } from '../../../src/components/guest-upload/lang/en.js';
import { type UploadTranslation } from '../../../src/components/guest-upload/translations.js';
import { storedFiles } from '../helpers/adapter.js';
import { dropFiles, elfAsPdf, pdfFile, plainZip, randomFile } from '../helpers/files.js';
import { sendKeys } from '@web/test-runner-commands';
import { announced, focused, part, parts, text, until } from '../helpers/widgets.js';
import { drag, openUpload } from './helpers.js';

const MiB = 1024 * 1024;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

for (const [lang, t] of [['de', { ...de, ...uploadDe }], ['en', { ...en, ...uploadEn }]] as ['de' | 'en', Translation & UploadTranslation][]) {
  const size = lang === 'de' ? '1 MB' : '1 MB';
  const pdfOnly = lang === 'de' ? 'PDF' : 'PDF';

  describe(`guest-upload refusals (${lang})`, () => {
    it('refuses a file that is too big, with the limit in words', async () => {
      const { widget } = await openUpload(lang, { limits: { maxFileSize: MiB, allowedTypes: ['application/pdf'] } });
      expect(text(widget, 'limits')).to.equal(t['upload.limits']({ files: 50, more: false, size, types: pdfOnly }));
      const big = randomFile(2 * MiB, 'Scan.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.4'));
      dropFiles(part(widget, 'dropzone'), [big, pdfFile('klein.pdf')]);
      await until(() => parts(widget, 'file').length === 1, 'the small file to be added');
      const message = t['upload.refused.tooBig']({ name: 'Scan.pdf', max: size });
      expect(text(widget, 'refusals')).to.contain(message);
      expect(announced(widget)).to.equal(`${t['upload.added']({ count: 1 })} ${message}`);
      await expect(widget).to.be.accessible();
      // Dismissed by keyboard: the notes go, and focus goes on from the drop zone (not the page's top).
      widget.shadowRoot!.querySelector<HTMLButtonElement>('[part~="refusals"] button')!.focus();
      await sendKeys({ press: 'Space' });
      await widget.updateComplete;
      expect(widget.shadowRoot!.querySelector('[part~="refusals"]')).to.equal(null);
      // Compared by name: a failing comparison of two elements is slow to print.
      expect(focused(widget)?.getAttribute('part') ?? String(document.activeElement?.localName)).to.equal(part(widget, 'dropzone').getAttribute('part'));
    });

    it('refuses files beyond the number left', async () => {
      const { widget } = await openUpload(lang, { limits: { maxFiles: 2 } });
      dropFiles(part(widget, 'dropzone'), [pdfFile('a.pdf'), pdfFile('b.pdf'), pdfFile('c.pdf')]);
      await until(() => parts(widget, 'file').length === 2, 'two files to be added');
      expect(text(widget, 'refusals')).to.contain(t['upload.refused.tooMany']({ name: 'c.pdf', max: 2 }));
      // Once the two are in the list, nothing more fits: the drop zone says so and a drop is refused.
      expect(part(widget, 'dropzone').getAttribute('aria-disabled')).to.equal('true');
      expect(drag(part(widget, 'dropzone'), [pdfFile('d.pdf')]).dropEffect).to.equal('none');
      await widget.updateComplete;
      expect(text(widget, 'refusals')).to.not.contain('d.pdf');
      expect(parts(widget, 'file')).to.have.length(2);
    });

    it('refuses a file already in the list (twice in one drop, or chosen again later) without using up a slot', async () => {
      const { widget } = await openUpload(lang, { limits: { maxFiles: 2 } });
      const file = pdfFile('Beleg.pdf');
      dropFiles(part(widget, 'dropzone'), [file, file]);
      await until(() => widget.shadowRoot!.querySelector('[part~="refusals"]'), 'the refusal');
      expect(parts(widget, 'file')).to.have.length(1);
      const message = t['upload.refused.duplicate']({ name: 'Beleg.pdf' });
      expect(text(widget, 'refusals')).to.contain(message);
      expect(announced(widget)).to.equal(`${t['upload.added']({ count: 1 })} ${message}`);
      // The same file picked once more (another File object: same name, type, size and date), with another one.
      const again = new File([file], file.name, { type: file.type, lastModified: file.lastModified });
      dropFiles(part(widget, 'dropzone'), [again, pdfFile('Zweiter Beleg.pdf')]);
      await until(() => parts(widget, 'file').length === 2, 'the other file in the second slot');
      expect(text(widget, 'refusals')).to.equal(`${message} ${t['upload.refused.dismiss']}`);
      await expect(widget).to.be.accessible();
    });

    it('refuses a .pdf whose bytes are an executable', async () => {
      const { widget } = await openUpload(lang, { limits: { allowedTypes: ['application/pdf', 'image/jpeg'] } });
      dropFiles(part(widget, 'dropzone'), [elfAsPdf('rechnung.pdf')]);
      await until(() => widget.shadowRoot!.querySelector('[part~="refusals"]'), 'the refusal');
      const types = lang === 'de' ? 'PDF und JPEG' : 'PDF and JPEG';
      expect(text(widget, 'refusals')).to.contain(t['upload.refused.type']({ name: 'rechnung.pdf', types }));
      expect(parts(widget, 'file')).to.have.length(0);
      await expect(widget).to.be.accessible();
    });

    it('shows a refusal of the tus upload itself at once (the deadline passed while the page was open)', async function () {
      this.timeout(15_000);
      const opened = Date.now();
      const { widget } = await openUpload(lang, { deadlineInMs: 1500, lateUploads: 'refuse' });
      dropFiles(part(widget, 'dropzone'), [pdfFile()]);
      await until(() => parts(widget, 'file').length === 1, 'the file');
      await new Promise((resolve) => setTimeout(resolve, opened + 1600 - Date.now()));
      const started = Date.now();
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => widget.shadowRoot!.querySelector('[part~="file-failed"]'), 'the refusal', 5000);
      expect(Date.now() - started, 'no retries for a refusal with a reason').to.be.below(1000);
      expect(text(widget, 'file-status')).to.equal(t['code.upload_closed']);
      expect(parts(widget, 'retry')).to.have.length(0);
    });

    it("shows the server's refusal on the file: a zip named .docx is not a Word document", async function () {
      this.timeout(15_000);
      const { widget, requestId } = await openUpload(lang, { limits: { allowedTypes: [DOCX] } });
      const errors: GuestkitErrorEvent[] = [];
      widget.addEventListener('gk-error', (event) => errors.push(event));
      dropFiles(part(widget, 'dropzone'), [plainZip('Vertrag.docx')]);
      await until(() => parts(widget, 'file').length === 1, 'the zip to pass the widget check');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => widget.shadowRoot!.querySelector('[part~="file-failed"]'), 'the server refusal', 10_000);
      expect(text(widget, 'file-status')).to.equal(t['code.file_type_not_allowed']);
      expect(parts(widget, 'retry'), 'no retry for a final refusal').to.have.length(0);
      expect(parts(widget, 'remove')).to.have.length(1);
      expect(errors.map((event) => event.code)).to.deep.equal(['file_type_not_allowed']);
      expect(announced(widget)).to.equal(t['upload.announce.failed']({ name: 'Vertrag.docx', reason: t['code.file_type_not_allowed'] }));
      await expect(widget).to.be.accessible();
      expect(await storedFiles(requestId)).to.deep.equal([]);
    });

    // Refusals the uploader can fix say how: save the workbook without its macros, or without its password.
    for (const [fixture, code, says] of [
      ['macro.xls', 'file_has_macros', lang === 'de' ? /Makros/ : /macros/],
      ['protected.xls', 'file_encrypted', lang === 'de' ? /ohne Passwort/ : /without a password/],
    ] as const) {
      it(`says what to do with a workbook the server refuses with ${code}`, async function () {
        this.timeout(15_000);
        const { widget, requestId } = await openUpload(lang, { limits: { allowedTypes: ['application/vnd.ms-excel'] } });
        const errors: string[] = [];
        widget.addEventListener('gk-error', (event) => errors.push(event.code));
        const bytes = new Uint8Array(await (await fetch(`/test/fixtures/office/${fixture}`)).arrayBuffer());
        dropFiles(part(widget, 'dropzone'), [new File([bytes], 'Kasse 2019.xls', { type: 'application/vnd.ms-excel' })]);
        await until(() => parts(widget, 'file').length === 1, 'the workbook to pass the widget check');
        part<HTMLButtonElement>(widget, 'upload-button').click();
        await until(() => widget.shadowRoot!.querySelector('[part~="file-failed"]'), 'the server refusal', 10_000);
        expect(text(widget, 'file-status')).to.equal(t[`code.${code}`]);
        expect(text(widget, 'file-status')).to.match(says);
        expect(errors).to.deep.equal([code]);
        expect(parts(widget, 'retry'), 'no retry: the same file would be refused again').to.have.length(0);
        await expect(widget).to.be.accessible();
        expect(await storedFiles(requestId)).to.deep.equal([]);
      });
    }
  });
}
