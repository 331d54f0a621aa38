/**
 * Regressions from the UX review of the demo, in German and English: the limits line counted the
 * request's files from scratch when some were in already; the "too many" refusal gave the count
 * from before the files just added; the drop zone still opened the picker with no place left; and
 * on a touch screen its headline said "drag here", which a phone cannot do.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { GuestUpload } from '../../../src/components/guest-upload/guest-upload.component.js';
import { uploadDe } from '../../../src/components/guest-upload/lang/de.js';
import { uploadEn } from '../../../src/components/guest-upload/lang/en.js';
import type { UploadTranslation } from '../../../src/components/guest-upload/translations.js';
import { adapterClient } from '../helpers/adapter.js';
import { pdfFile, pickFiles } from '../helpers/files.js';
import { announced, focused, part, parts, text, until, untilState } from '../helpers/widgets.js';
import { drag, openUpload } from './helpers.js';

const MiB = 1024 * 1024;
const limits = { maxFiles: 3, maxFileSize: MiB, allowedTypes: ['application/pdf'] };

/** Picks `files` in the widget's file picker. */
const pick = (widget: GuestUpload, files: File[]): void => pickFiles(widget.shadowRoot!.querySelector<HTMLInputElement>('#gk-upload-files')!, files);

/** Clicks the drop zone; whether that opened the file picker. */
function opensPicker(widget: GuestUpload): boolean {
  let opened = false;
  const input = widget.shadowRoot!.querySelector<HTMLInputElement>('#gk-upload-files')!;
  const onClick = (event: Event): void => {
    opened = true;
    event.preventDefault(); // no picker in a headless browser
  };
  input.addEventListener('click', onClick);
  part<HTMLButtonElement>(widget, 'dropzone').click();
  input.removeEventListener('click', onClick);
  return opened;
}

/** The drop zone's lines as shown (what is hidden by the styles is left out), first the headline. */
const shownLines = (widget: GuestUpload): string[] =>
  part(widget, 'dropzone').innerText.split('\n').map((line) => line.trim()).filter(Boolean);

const touchScreen = (enabled: boolean) => executeServerCommand('emulate-touch', { enabled });

for (const [lang, t] of [['de', uploadDe], ['en', uploadEn]] as ['de' | 'en', UploadTranslation][]) {
  const words = lang === 'de'
    ? { oneMore: /^Noch eine Datei mit höchstens 1 MB\./, atMost3: 'höchstens 3 Dateien', stale: 'nur noch' }
    : { oneMore: /^One more file of at most 1 MB\./, atMost3: 'at most 3 files', stale: 'only' };

  describe(`guest-upload: files left, a full drop zone, touch screens (${lang})`, () => {
    afterEach(() => touchScreen(false));

    it('bug: with 2 of 3 files in, the link opened again said "Up to 3 files"; it says one more, and the second file picked is refused by the limit', async function () {
      this.timeout(30_000);
      const first = await openUpload(lang, { limits });
      pick(first.widget, [pdfFile('a.pdf'), pdfFile('b.pdf')]);
      await until(() => parts(first.widget, 'file').length === 2, 'the first two files');
      part<HTMLButtonElement>(first.widget, 'upload-button').click();
      await until(() => first.widget.shadowRoot!.querySelector('[part~="upload-more"]'), 'the first two files received', 15_000);
      first.form.remove();

      const widget = await fixture<GuestUpload>(html`<guest-upload lang=${lang} token=${first.token} .client=${adapterClient(lang)}></guest-upload>`);
      await untilState(widget, 'ready');
      await until(() => widget.shadowRoot!.querySelector('[part~="limits"]'), 'the request');
      expect(text(widget, 'limits')).to.equal(t['upload.limits']({ files: 1, more: true, size: '1 MB', types: 'PDF' }));
      expect(text(widget, 'limits')).to.match(words.oneMore);

      pick(widget, [pdfFile('c.pdf'), pdfFile('d.pdf')]);
      await until(() => parts(widget, 'file').length === 1 && widget.shadowRoot!.querySelector('[part~="refusals"]'), 'c.pdf added, d.pdf refused');
      const refusal = t['upload.refused.tooMany']({ name: 'd.pdf', max: 3 });
      expect(text(widget, 'refusals')).to.contain(refusal);
      expect(refusal).to.contain(words.atMost3);
      await expect(widget).to.be.accessible();
    });

    it('bug: 5 files picked with 3 places left were refused "only 3 more" (with 3 listed); the refusal gives the limit', async () => {
      const { widget } = await openUpload(lang, { limits });
      expect(text(widget, 'limits')).to.equal(t['upload.limits']({ files: 3, more: false, size: '1 MB', types: 'PDF' }));
      pick(widget, ['1', '2', '3', '4', '5'].map((n) => pdfFile(`${n}.pdf`)));
      await until(() => parts(widget, 'file').length === 3 && widget.shadowRoot!.querySelector('[part~="refusals"]'), 'three added, two refused');
      for (const name of ['4.pdf', '5.pdf']) expect(text(widget, 'refusals')).to.contain(t['upload.refused.tooMany']({ name, max: 3 }));
      expect(text(widget, 'refusals')).to.contain(words.atMost3);
      expect(text(widget, 'refusals')).to.not.contain(words.stale);
      await expect(widget).to.be.accessible();
    });

    it('bug: with no place left the drop zone still said "drag here" and opened the picker; it says no more files fit, stays focusable, and opens nothing', async () => {
      const { widget } = await openUpload(lang, { limits });
      pick(widget, ['1', '2', '3'].map((n) => pdfFile(`${n}.pdf`)));
      await until(() => parts(widget, 'file').length === 3, 'three files');
      const dropzone = part<HTMLButtonElement>(widget, 'dropzone');
      expect(text(widget, 'dropzone')).to.equal(`${t['upload.dropzone.full']} ${t['upload.dropzone.fullAction']}`);
      expect(dropzone.getAttribute('aria-disabled')).to.equal('true');
      expect(widget.shadowRoot!.querySelector('[part~="limits"]'), 'no limits line with no place left').to.equal(null);
      expect(opensPicker(widget), 'the file picker opened').to.equal(false);
      dropzone.focus();
      expect(focused(widget) === dropzone, 'focus on the drop zone').to.equal(true);
      // A drop is refused as on a closed request: "no drop", nothing added, nothing said.
      const before = announced(widget);
      const { dropEffect, dropPrevented } = drag(dropzone, [pdfFile('6.pdf')]);
      expect(dropEffect).to.equal('none');
      expect(dropPrevented, 'the browser does not open the file').to.equal(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await widget.updateComplete;
      expect(parts(widget, 'file')).to.have.length(3);
      expect(announced(widget)).to.equal(before);
      await expect(widget).to.be.accessible();

      // One removed: a place again, and the drop zone opens the picker.
      part<HTMLButtonElement>(widget, 'remove').click();
      await widget.updateComplete;
      expect(dropzone.hasAttribute('aria-disabled')).to.equal(false);
      expect(text(widget, 'limits')).to.equal(t['upload.limits']({ files: 1, more: true, size: '1 MB', types: 'PDF' }));
      expect(opensPicker(widget), 'the file picker opened').to.equal(true);
    });

    it('bug: on a touch screen the headline said "drag here"; it says "choose files"', async () => {
      const desktop = await openUpload(lang);
      expect(shownLines(desktop.widget), 'with a mouse').to.deep.equal([t['upload.dropzone.title'], t['upload.dropzone.action']]);

      await touchScreen(true);
      expect(matchMedia('(pointer: coarse)').matches, 'a touch screen now').to.equal(true);
      const { widget } = await openUpload(lang);
      expect(shownLines(widget)).to.deep.equal([t['upload.dropzone.tap']]);
      await expect(widget).to.be.accessible();
    });
  });
}
