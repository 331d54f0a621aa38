/**
 * Regressions once a request has all the files it takes: the completion panel offered "Upload
 * more files", which led to the closed state with focus fallen to the page (the drop zone it was
 * sent to is not there); and the closed state still asked "Please upload by …" above "This request
 * no longer accepts files". Now "Upload more" is offered only while the request takes more files,
 * focus goes to the closed state's heading when the request filled up meanwhile, and no deadline
 * asks for files once none are taken.
 */
import { expect } from '@open-wc/testing';
import { uploadDe } from '../../../src/components/guest-upload/lang/de.js';
import { uploadEn } from '../../../src/components/guest-upload/lang/en.js';
import type { UploadTranslation } from '../../../src/components/guest-upload/translations.js';
import { dropFiles, pdfFile } from '../helpers/files.js';
import { focused, part, parts, text, until } from '../helpers/widgets.js';
import { openUpload } from './helpers.js';

const strings: Record<'de' | 'en', UploadTranslation> = { de: uploadDe, en: uploadEn };
const WEEK = 7 * 24 * 60 * 60 * 1000;

/** Drops `files` on `widget`, presses Upload and waits for the completion panel. */
async function upload(widget: HTMLElement, files: File[]): Promise<void> {
  let done = false;
  widget.addEventListener('gk-upload-complete', () => (done = true), { once: true });
  dropFiles(part(widget, 'dropzone'), files);
  await until(() => parts(widget, 'file').length === files.length, 'the files');
  part<HTMLButtonElement>(widget, 'upload-button').click();
  await until(() => done && widget.shadowRoot!.querySelector('[part~="complete"]'), 'the completion', 10_000);
  await (widget as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;
}

/** What has focus, by name (a failing comparison of two elements is slow to print). */
function focusName(widget: HTMLElement): string {
  const inWidget = focused(widget);
  return inWidget ? `${inWidget.localName}#${inWidget.id}` : `page: ${document.activeElement?.localName ?? 'none'}`;
}

for (const lang of ['de', 'en'] as const) {
  const t = strings[lang];

  describe(`guest-upload: a request with all its files (${lang})`, () => {
    it('the completion of the files that fill the request offers no "Upload more" and asks for nothing by the deadline', async function () {
      this.timeout(15_000);
      const { widget } = await openUpload(lang, { limits: { maxFiles: 2 }, deadlineInMs: WEEK });
      expect(text(widget, 'deadline'), 'the deadline while files are taken').to.match(lang === 'de' ? /^Bitte bis .+ hochladen\.$/ : /^Please upload by .+\.$/);
      await upload(widget, [pdfFile('Kontoauszug.pdf'), pdfFile('Rechnung.pdf')]);
      expect(text(widget, 'complete-title')).to.equal(t['upload.complete.title']({ count: 2 }));
      expect(parts(widget, 'upload-more'), '"Upload more" with no room left').to.have.length(0);
      expect(parts(widget, 'deadline'), 'the deadline with no room left').to.have.length(0);
      expect(focusName(widget)).to.equal('h3#gk-upload-complete-title');
      await expect(widget).to.be.accessible();
    });

    it('with room left the completion still offers "Upload more", and the deadline stays', async function () {
      this.timeout(15_000);
      const { widget } = await openUpload(lang, { limits: { maxFiles: 2 }, deadlineInMs: WEEK });
      await upload(widget, [pdfFile('Kontoauszug.pdf')]);
      expect(text(widget, 'upload-more')).to.equal(t['upload.more']);
      expect(parts(widget, 'deadline')).to.have.length(1);
      part<HTMLButtonElement>(widget, 'upload-more').click();
      await until(() => widget.shadowRoot!.querySelector('[part~="dropzone"]'), 'the drop zone');
      await widget.updateComplete;
      expect(focused(widget)?.getAttribute('part')).to.equal('dropzone');
    });

    it('the closed state of a full request says so without a deadline', async function () {
      this.timeout(15_000);
      const first = await openUpload(lang, { limits: { maxFiles: 1 }, deadlineInMs: WEEK });
      await upload(first.widget, [pdfFile('Kontoauszug.pdf')]);
      // The same link opened again (another tab, a reload): the request is full.
      const again = await openUpload(lang);
      again.widget.token = first.token;
      await until(() => again.widget.state === 'ready' && again.widget.shadowRoot!.querySelector('[part~="closed"]'), 'the closed state');
      await again.widget.updateComplete;
      expect(text(again.widget, 'closed')).to.contain(t['upload.closed.title']);
      expect(parts(again.widget, 'deadline'), 'the deadline of a full request').to.have.length(0);
      expect(again.widget.shadowRoot!.querySelector('[part~="dropzone"]')).to.equal(null);
      await expect(again.widget).to.be.accessible();
    });

    it('"Upload more" when another visit filled the request meanwhile: focus goes to the closed state\'s heading, not the page', async function () {
      this.timeout(20_000);
      const first = await openUpload(lang, { limits: { maxFiles: 2 } });
      const second = await openUpload(lang);
      second.widget.token = first.token;
      await until(() => second.widget.state === 'ready' && second.widget.shadowRoot!.querySelector('[part~="dropzone"]'), 'the same request');
      await upload(first.widget, [pdfFile('Erste.pdf')]);
      // One place was left when the first page's completion showed; the second page takes it.
      await upload(second.widget, [pdfFile('Zweite.pdf')]);
      const more = part<HTMLButtonElement>(first.widget, 'upload-more');
      more.focus();
      more.click();
      await until(() => first.widget.shadowRoot!.querySelector('[part~="closed"]'), 'the closed state after the refresh');
      await first.widget.updateComplete;
      expect(focusName(first.widget)).to.equal('h3#gk-upload-closed-title');
      expect(parts(first.widget, 'deadline')).to.have.length(0);
      await expect(first.widget).to.be.accessible();
    });
  });
}
