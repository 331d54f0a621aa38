/**
 * The uploader's receipt from `<guest-upload>`: after a batch, the widget asks the adapter to mail
 * the link's address a receipt listing the files (name, SHA-256), and once it went out the completion says so;
 * with receipts turned off by the firm it neither asks nor says so.
 */
import { expect } from '@open-wc/testing';
import { uploadDe } from '../../../src/components/guest-upload/lang/de.js';
import { outbox, waitForMail } from '../helpers/adapter.js';
import { dropFiles, pdfFile, sha256Hex } from '../helpers/files.js';
import { part, parts, text, until } from '../helpers/widgets.js';
import { openUpload } from './helpers.js';

async function uploadTwo(widget: HTMLElement) {
  const files = [pdfFile('Kontoauszug März.pdf', 3000), pdfFile('Rechnung 17.pdf', 4000)];
  dropFiles(part(widget, 'dropzone'), files);
  await until(() => parts(widget, 'file').length === 2, 'two files in the list');
  part<HTMLButtonElement>(widget, 'upload-button').click();
  await until(() => widget.shadowRoot!.querySelector('[part~="complete"]'), 'the completion', 15_000);
  return files;
}

describe('guest-upload: the receipt by e-mail', () => {
  it('mails the link’s address a receipt of the batch (names and SHA-256) and says so on completion', async function () {
    this.timeout(30_000);
    const { widget, email } = await openUpload('de');
    const files = await uploadTwo(widget);
    // Said with the address it went to (the link's, masked as the session gives it).
    const masked = `${email[0]}***${email.slice(email.indexOf('@'))}`;
    await until(() => text(widget, 'complete-message').includes(uploadDe['upload.complete.receipt']({ email: masked })), 'the receipt said to be sent', 10_000);
    const { mail } = await waitForMail(email, /diese Dateien von Ihnen erhalten/, 6000);
    expect(mail.subject).to.match(/^Eingangsbestätigung: /);
    for (const file of files) {
      expect(mail.text).to.contain(file.name);
      expect(mail.text).to.contain(`SHA-256: ${await sha256Hex(file)}`);
    }
  });

  it('turned off by the firm: no receipt is asked for, and none is promised', async function () {
    this.timeout(30_000);
    const receiptsAskedBefore = performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/v1/upload/receipt')).length;
    const { widget, email } = await openUpload('de', { receipt: false });
    await uploadTwo(widget);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(text(widget, 'complete-message')).not.to.contain('Eingangsbestätigung');
    const asked = performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/v1/upload/receipt'));
    expect(asked.length, 'the widget did not ask for one').to.equal(receiptsAskedBefore);
    expect((await outbox(email)).filter((mail) => mail.subject.startsWith('Eingangsbestätigung'))).to.have.length(0);
  });
});
