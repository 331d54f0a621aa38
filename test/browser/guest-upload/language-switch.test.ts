/**
 * Regression: the messages `<guest-upload>` shows stayed in the language they were first said in
 * when the page switched language — a type refusal ("“Screenshot.png” is not a file type this
 * request accepts. Accepted: PDF and JPEG."), the live region, and the messages under the name and
 * e-mail fields (each field's description) — while the labels around them changed. Now they are
 * kept unworded and worded as they show, list of types and all; a refusal by the server is its
 * code, said in the language of the moment.
 */
import { expect } from '@open-wc/testing';
import { uploadDe } from '../../../src/components/guest-upload/lang/de.js';
import { uploadEn } from '../../../src/components/guest-upload/lang/en.js';
import type { UploadTranslation } from '../../../src/components/guest-upload/translations.js';
import { de } from '../../../src/components/translations/de.js';
import { en } from '../../../src/components/translations/en.js';
import type { Translation } from '../../../src/components/translations/types.js';
import { dropFiles, pdfFile, plainZip, pngFile } from '../helpers/files.js';
import { announced, part, parts, text, until } from '../helpers/widgets.js';
import { openUpload } from './helpers.js';

const strings = { de: { ...de, ...uploadDe }, en: { ...en, ...uploadEn } } as Record<'de' | 'en', Translation & UploadTranslation>;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The text of the element that describes the field (`aria-describedby`), whitespace collapsed. */
function description(widget: HTMLElement, which: 'name' | 'email'): string {
  const input = widget.shadowRoot!.querySelector(`#gk-upload-${which}`)!;
  const id = input.getAttribute('aria-describedby')!;
  return (widget.shadowRoot!.getElementById(id)?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Switches the widget's language as a page does (its `lang` attribute) and waits until it renders in it. */
async function switchTo(widget: HTMLElement & { updateComplete: Promise<boolean> }, lang: 'de' | 'en'): Promise<void> {
  widget.setAttribute('lang', lang);
  await until(() => part(widget, 'base').getAttribute('lang') === lang, `the widget in ${lang}`);
  await widget.updateComplete;
}

for (const [from, to] of [['en', 'de'], ['de', 'en']] as const) {
  describe(`guest-upload: messages follow a change of language (${from} → ${to})`, () => {
    it('a type refusal, the live region and the name and e-mail messages are said in the new language, and again in the old one', async () => {
      const { widget } = await openUpload(from, { requireUploaderName: true, requireUploaderEmail: true, limits: { allowedTypes: ['application/pdf', 'image/jpeg'] } });
      dropFiles(part(widget, 'dropzone'), [pngFile('Screenshot.png'), pdfFile('Beleg.pdf')]);
      await until(() => parts(widget, 'file').length === 1 && widget.shadowRoot!.querySelector('[part~="refusals"]'), 'the PDF and the refusal');
      // Upload with both fields empty: the fields say what is missing.
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await widget.updateComplete;

      const says = (lang: 'de' | 'en'): void => {
        const t = strings[lang];
        const refusal = t['upload.refused.type']({ name: 'Screenshot.png', types: lang === 'de' ? 'PDF und JPEG' : 'PDF and JPEG' });
        expect(text(widget, 'refusals'), `the refusal (${lang})`).to.equal(`${refusal} ${t['upload.refused.dismiss']}`);
        expect(announced(widget), `the live region (${lang})`).to.equal(`${t['upload.added']({ count: 1 })} ${refusal}`);
        expect(parts(widget, 'field-label').map((label) => label.textContent!.trim())).to.deep.equal([t['upload.name.label'], t['upload.email.label']]);
        expect(description(widget, 'name'), `the name field's description (${lang})`).to.equal(t['upload.name.missing']);
        expect(description(widget, 'email'), `the e-mail field's description (${lang})`).to.equal(t['upload.email.missing']);
        expect(part(widget, 'upload-button').textContent!.trim()).to.equal(t['upload.submit']({ files: 1 }));
      };
      says(from);
      await switchTo(widget, to);
      says(to);
      await expect(widget).to.be.accessible();
      await switchTo(widget, from);
      says(from);
      // Typing clears a message, in whatever language it was said.
      const name = widget.shadowRoot!.querySelector<HTMLInputElement>('#gk-upload-name')!;
      name.value = 'Bo';
      name.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      await widget.updateComplete;
      expect(description(widget, 'name')).to.equal('');
      expect(name.getAttribute('aria-invalid')).to.equal('false');
    });

    it('an e-mail address the adapter would refuse: its message follows the language', async () => {
      const { widget } = await openUpload(from, { requireUploaderEmail: true });
      dropFiles(part(widget, 'dropzone'), [pdfFile('Beleg.pdf')]);
      await until(() => parts(widget, 'file').length === 1, 'the file');
      const email = widget.shadowRoot!.querySelector<HTMLInputElement>('#gk-upload-email')!;
      email.value = 'müller@firma.de';
      email.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await widget.updateComplete;
      expect(description(widget, 'email')).to.equal(strings[from]['upload.email.nonAscii']);
      await switchTo(widget, to);
      expect(description(widget, 'email')).to.equal(strings[to]['upload.email.nonAscii']);
      expect(email.getAttribute('aria-invalid')).to.equal('true');
    });

    it('a refusal by the server is its code, said in the new language on the file and in the live region', async function () {
      this.timeout(15_000);
      const { widget } = await openUpload(from, { limits: { allowedTypes: [DOCX] } });
      dropFiles(part(widget, 'dropzone'), [plainZip('Vertrag.docx')]);
      await until(() => parts(widget, 'file').length === 1, 'the zip to pass the widget check');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => widget.shadowRoot!.querySelector('[part~="file-failed"]'), 'the server refusal', 10_000);
      await widget.updateComplete;
      for (const lang of [from, to]) {
        if (lang === to) await switchTo(widget, to);
        const t = strings[lang];
        expect(text(widget, 'file-status'), `the file (${lang})`).to.equal(t['code.file_type_not_allowed']);
        expect(announced(widget), `the live region (${lang})`).to.equal(t['upload.announce.failed']({ name: 'Vertrag.docx', reason: t['code.file_type_not_allowed'] }));
      }
      await expect(widget).to.be.accessible();
    });
  });
}
