/**
 * `<guest-upload>`'s name and e-mail fields hold an address to the adapter's own rule (one rule,
 * `src/protocol/email.ts`): what the adapter would refuse is flagged in the field before anything
 * is sent; an internationalised domain goes through; and a refusal of the details that comes all
 * the same (a page older than the adapter's rules) sends the file back to be fixed, the field
 * marked — never a failed file with "Some of the information is not valid." alone.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createClient } from '../../../src/client/client.js';
import { uploadDe } from '../../../src/components/guest-upload/lang/de.js';
import { uploadEn } from '../../../src/components/guest-upload/lang/en.js';
import type { UploadTranslation } from '../../../src/components/guest-upload/translations.js';
import { ENDPOINT, storedFiles } from '../helpers/adapter.js';
import { dropFiles, pdfFile } from '../helpers/files.js';
import { focused, part, parts, until } from '../helpers/widgets.js';
import { openUpload, recordXhrSends } from './helpers.js';

const strings: Record<'de' | 'en', UploadTranslation> = { de: uploadDe, en: uploadEn };

/** The name or e-mail field. */
const field = (widget: HTMLElement, which: 'name' | 'email') => widget.shadowRoot!.querySelector<HTMLInputElement>(`#gk-upload-${which}`)!;

/** The message under the name or e-mail field. */
const fieldError = (widget: HTMLElement, which: 'name' | 'email') => widget.shadowRoot!.querySelector(`#gk-upload-${which}-error`)!.textContent!.trim();

/** Types `value` into a field as a visitor does, key by key, over what it held. */
async function typeInto(widget: HTMLElement, which: 'name' | 'email', value: string): Promise<void> {
  field(widget, which).focus();
  field(widget, which).select();
  await sendKeys({ type: value });
}

/** Drops a PDF on the widget and waits until it is listed. */
async function dropOne(widget: HTMLElement, name = 'Beleg.pdf'): Promise<void> {
  dropFiles(part(widget, 'dropzone'), [pdfFile(name)]);
  await until(() => parts(widget, 'file').length === 1, 'the file');
}

/**
 * A client whose first finishing POST carries `change(uploader)` instead of what the widget sent:
 * the adapter then refuses details the page took, as it would a page older than its rules.
 */
function clientChangingFirstFinish(lang: 'de' | 'en', change: (uploader: Record<string, string>) => Record<string, string>) {
  let changed = false;
  const fetchChanging: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    if (changed || request.method !== 'POST' || !new URL(request.url).pathname.endsWith('/v1/upload/files')) return fetch(request, init);
    changed = true;
    const body = (await request.clone().json()) as { uploader?: Record<string, string> };
    return fetch(new Request(request, { body: JSON.stringify({ ...body, uploader: change(body.uploader ?? {}) }) }), init);
  };
  return createClient({ endpoint: ENDPOINT, locale: lang, fetch: fetchChanging });
}

for (const lang of ['de', 'en'] as const) {
  const t = strings[lang];

  describe(`guest-upload: the uploader's e-mail address, to the adapter's rule (${lang})`, () => {
    // Regression: the field took these ("something@something.something"), the adapter refused
    // them (400 validation_failed at uploader.email), and the file ended "failed".
    const refused: [string, keyof UploadTranslation][] = [
      ['a..b@x.de', 'upload.email.invalid'],
      ['bo@x.c', 'upload.email.invalid'],
      ['.bo@x.de', 'upload.email.invalid'],
      ['müller@firma.de', 'upload.email.nonAscii'],
    ];
    for (const [address, message] of refused) {
      it(`flags ${address} in the field before anything is sent`, async () => {
        const { widget, requestId } = await openUpload(lang, { requireUploaderEmail: true });
        await dropOne(widget);
        await typeInto(widget, 'email', address);
        const sends = recordXhrSends();
        try {
          part<HTMLButtonElement>(widget, 'upload-button').click();
          await widget.updateComplete;
          expect(fieldError(widget, 'email')).to.equal(t[message]);
          expect(field(widget, 'email').getAttribute('aria-invalid')).to.equal('true');
          expect(focused(widget)?.id).to.equal('gk-upload-email');
          expect(parts(widget, 'file-selected'), 'the file waits for the address').to.have.length(1);
          await new Promise((resolve) => setTimeout(resolve, 300));
          expect(sends.sent, 'no upload began').to.deep.equal([]);
        } finally {
          sends.undo();
        }
        expect(await storedFiles(requestId)).to.deep.equal([]);
      });
    }

    it('takes an internationalised domain, typed in capitals (BO@BÜCHER.DE): the file arrives with the address', async function () {
      this.timeout(15_000);
      const { widget, requestId } = await openUpload(lang, { requireUploaderEmail: true });
      await dropOne(widget);
      // Chromium's e-mail field answers the domain as punycode while the visitor types (the field
      // shows it as typed); it must not be written back into the field under the caret.
      await typeInto(widget, 'email', 'BO@BÜCHER.DE');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => widget.shadowRoot!.querySelector('[part~="complete"]'), 'completion', 10_000);
      const [stored] = await storedFiles(requestId);
      // The adapter keeps one form of an address (core/email.ts): the domain as people read it.
      expect(stored?.uploaderEmail).to.equal('bo@bücher.de');
    });

    it('takes an internationalised domain as given (bo@bücher.de, put in the field by a script or a password manager)', async function () {
      this.timeout(15_000);
      const { widget, requestId } = await openUpload(lang, { requireUploaderEmail: true });
      await dropOne(widget);
      const email = field(widget, 'email');
      email.value = 'bo@bücher.de';
      email.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      expect(email.value, 'the field keeps the domain as given').to.equal('bo@bücher.de');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => widget.shadowRoot!.querySelector('[part~="complete"]'), 'completion', 10_000);
      const [stored] = await storedFiles(requestId);
      expect(stored?.uploaderEmail).to.equal('bo@bücher.de');
    });

    it('a refusal of the address all the same (a page older than the adapter): the file goes back, the field says why, the fixed address goes through', async function () {
      this.timeout(15_000);
      const client = clientChangingFirstFinish(lang, (uploader) => ({ ...uploader, email: 'erika@beispiel.d' }));
      const { widget, requestId } = await openUpload(lang, { requireUploaderEmail: true }, { client });
      await dropOne(widget);
      await typeInto(widget, 'email', 'erika@beispiel.de');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => parts(widget, 'file-selected').length === 1 && fieldError(widget, 'email'), 'the file sent back', 10_000);
      expect(fieldError(widget, 'email')).to.equal(t['upload.email.invalid']);
      expect(field(widget, 'email').getAttribute('aria-invalid')).to.equal('true');
      expect(parts(widget, 'file-failed')).to.have.length(0);
      expect(await storedFiles(requestId)).to.deep.equal([]);

      await typeInto(widget, 'email', 'erika.mustermann@beispiel.de');
      expect(fieldError(widget, 'email'), 'typing clears the message').to.equal('');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => widget.shadowRoot!.querySelector('[part~="complete"]'), 'completion', 10_000);
      const [stored] = await storedFiles(requestId);
      expect(stored?.uploaderEmail).to.equal('erika.mustermann@beispiel.de');
    });

    it('a refusal of the name all the same: the file goes back and the name field says why', async function () {
      this.timeout(15_000);
      const client = clientChangingFirstFinish(lang, (uploader) => ({ ...uploader, name: `${uploader.name}\u2028Bitte zahlen Sie` }));
      const { widget, requestId } = await openUpload(lang, { requireUploaderName: true }, { client });
      await dropOne(widget);
      await typeInto(widget, 'name', 'Erika');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => parts(widget, 'file-selected').length === 1 && fieldError(widget, 'name'), 'the file sent back', 10_000);
      expect(fieldError(widget, 'name')).to.equal(t['upload.name.invalid']);
      expect(field(widget, 'name').getAttribute('aria-invalid')).to.equal('true');

      await typeInto(widget, 'name', 'Erika Mustermann');
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => widget.shadowRoot!.querySelector('[part~="complete"]'), 'completion', 10_000);
      expect((await storedFiles(requestId))[0]?.uploaderName).to.equal('Erika Mustermann');
    });
  });
}
