/**
 * A folder dragged from the desktop onto `<guest-upload>` (a real drag of files on disk, through
 * the `drop-files` command): the files in it and its subfolders join the queue in name order,
 * hidden files stay out, and they arrive byte-identical like any other file.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { storedFiles } from '../helpers/adapter.js';
import { pdfFile, sha256Hex } from '../helpers/files.js';
import { uploadDe } from '../../../src/components/guest-upload/lang/de.js';
import { announced, part, parts, text, until } from '../helpers/widgets.js';
import { openUpload } from './helpers.js';

async function base64(file: Blob): Promise<string> {
  let binary = '';
  for (const byte of new Uint8Array(await file.arrayBuffer())) binary += String.fromCharCode(byte);
  return btoa(binary);
}

describe('guest-upload: a dropped folder', () => {
  it('adds the files in the folder and its subfolders (name order, no hidden files) and uploads them intact', async function () {
    this.timeout(30_000);
    const { widget, requestId } = await openUpload('en');
    widget.id = 'folder-drop-target';
    const onDisk: Record<string, File> = {
      'Belege 2025/Beleg 10.pdf': pdfFile('Beleg 10.pdf', 3000),
      'Belege 2025/Beleg 2.pdf': pdfFile('Beleg 2.pdf', 4000),
      'Belege 2025/Januar/Miete.pdf': pdfFile('Miete.pdf', 5000),
      'Belege 2025/.DS_Store': new File([new Uint8Array(64)], '.DS_Store'),
      'Vollmacht.pdf': pdfFile('Vollmacht.pdf', 6000),
    };
    const files: Record<string, string> = {};
    for (const [path, file] of Object.entries(onDisk)) files[path] = await base64(file);
    await executeServerCommand('drop-files', { selector: '#folder-drop-target', files, drop: ['Belege 2025', 'Vollmacht.pdf'] });

    await until(() => parts(widget, 'file').length === 4, 'four files in the list');
    expect(parts(widget, 'file-name').map((node) => node.textContent)).to.deep.equal(['Beleg 2.pdf', 'Beleg 10.pdf', 'Miete.pdf', 'Vollmacht.pdf']);
    expect(parts(widget, 'file-failed'), 'nothing refused: no folder or hidden file in the queue').to.have.length(0);

    let complete = false;
    widget.addEventListener('gk-upload-complete', () => (complete = true));
    part<HTMLButtonElement>(widget, 'upload-button').click();
    await until(() => complete, 'gk-upload-complete', 20_000);
    const stored = await storedFiles(requestId);
    expect(stored.map((file) => file.name).sort()).to.deep.equal(['Beleg 10.pdf', 'Beleg 2.pdf', 'Miete.pdf', 'Vollmacht.pdf']);
    for (const [path, file] of Object.entries(onDisk)) {
      if (path.endsWith('.DS_Store')) continue;
      const record = stored.find((each) => each.name === file.name)!;
      expect(record.storedSha256, `${path} stored bytes`).to.equal(await sha256Hex(file));
    }
  });

  it('says so when a dropped folder holds no files (only hidden ones)', async function () {
    this.timeout(20_000);
    const { widget } = await openUpload('de');
    widget.id = 'empty-folder-target';
    const files = { 'Leer/.DS_Store': await base64(new File([new Uint8Array(8)], '.DS_Store')) };
    await executeServerCommand('drop-files', { selector: '#empty-folder-target', files, drop: ['Leer'] });
    // Polled without `text()`, which throws while the part is not there yet (the folder is read asynchronously).
    await until(() => widget.shadowRoot!.querySelector('[part~="refusals"]')?.textContent?.includes(uploadDe['upload.emptyFolder']), 'the empty-folder message');
    expect(announced(widget)).to.contain(uploadDe['upload.emptyFolder']);
    expect(parts(widget, 'file')).to.have.length(0);
  });
});
