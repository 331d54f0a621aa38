/**
 * A password-protected PDF (AES-256, a fixture made with qpdf) in `<doc-viewer>`: instead of an
 * error, a labelled password field; a missing or wrong password keeps the form with the reason and
 * focus in the field; the right one, typed and sent with Enter, shows the pages. Download stays
 * offered (the original, still protected, bytes). axe-clean, in German and English.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { viewerDe } from '../../../src/components/doc-viewer/lang/de.js';
import { viewerEn } from '../../../src/components/doc-viewer/lang/en.js';
import { announced, focused, part, parts, text, until } from '../helpers/widgets.js';
import { hasInk, openDocument, openShare, untilPage } from './helpers.js';

const PASSWORD = 'Steuer-2025';

describe('doc-viewer: a password-protected PDF', () => {
  for (const [lang, strings] of [['de', viewerDe], ['en', viewerEn]] as const) {
    it(`asks for the password (${lang}), refuses a missing and a wrong one, and opens with the right one`, async function () {
      this.timeout(30_000);
      const { widget } = await openShare(lang, { documents: [{ kind: 'pdfProtected' }] });
      await openDocument(widget, 0);
      const input = await until(() => widget.shadowRoot!.querySelector<HTMLInputElement>('[part~="password-input"]'), 'the password field', 20_000);
      expect(input.type).to.equal('password');
      expect(text(widget, 'password-label')).to.equal(strings['viewer.password.label']);
      expect(parts(widget, 'document-error'), 'not shown as an error').to.have.length(0);
      expect(parts(widget, 'download'), 'the original can still be downloaded').to.have.length(1);
      expect(announced(widget), 'the form is announced').to.equal(strings['viewer.password.message']);
      await expect(widget).to.be.accessible();

      part<HTMLButtonElement>(widget, 'password-submit').click();
      await until(() => text(widget, 'password-error') === strings['viewer.password.empty'], 'the missing-password message');
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(focused(widget)).to.equal(input);
      expect(announced(widget)).to.equal(strings['viewer.password.empty']);

      await sendKeys({ type: 'falsch' });
      await sendKeys({ press: 'Enter' });
      await until(() => text(widget, 'password-error') === strings['viewer.password.incorrect'], 'the wrong-password message', 15_000);
      const again = part<HTMLInputElement>(widget, 'password-input');
      expect(focused(widget)).to.equal(again);
      expect(announced(widget), 'said, though focus never left the field').to.equal(strings['viewer.password.incorrect']);
      await expect(widget).to.be.accessible();

      again.value = '';
      await sendKeys({ type: PASSWORD });
      await sendKeys({ press: 'Enter' });
      const canvas = await untilPage(widget, 1, 20_000);
      expect(hasInk(canvas), 'page 1 is not blank').to.equal(true);
      await until(() => part(widget, 'text-layer').textContent?.includes('Vertraulich 1 von 2'), 'the text layer');
      expect(parts(widget, 'password-form')).to.have.length(0);
      expect(focused(widget)?.id).to.equal('gk-viewer-document-title');
    });
  }
});
