/**
 * Removing a file from `<guest-upload>`'s list leaves every other row with its own file: the note
 * typed into a later row (stored as it is typed, the field never left) stays under that file, a
 * later row's progress bar stays with its file, and focus goes where `FocusKeeper` sends it after a
 * removal (the drop zone) — also when it was in a later row's note field or on its Cancel. Guards
 * how the list keeps rows per file (today lit's `repeat`).
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { UploadQueue } from '../../../src/components/controllers/upload-queue.js';
import type { GuestUpload } from '../../../src/components/guest-upload/guest-upload.component.js';
import { ENDPOINT, releaseSlow, SLOW_ENDPOINT, storedFiles } from '../helpers/adapter.js';
import { dropFiles, pdfFile } from '../helpers/files.js';
import { announced, focused, part, parts, until } from '../helpers/widgets.js';
import { openUpload, routeXhr } from './helpers.js';

const queueOf = (widget: GuestUpload): UploadQueue => (widget as unknown as { queue: UploadQueue }).queue;

/** What each row of the list shows: its file, its note (field or text), its progress bar. */
function rows(widget: GuestUpload) {
  return parts(widget, 'file').map((row) => {
    const field = row.querySelector<HTMLTextAreaElement>('[part~="note"]');
    const bar = row.querySelector<HTMLProgressElement>('[part~="progress"]');
    return {
      name: row.querySelector('[part~="file-name"]')!.textContent,
      note: field ? field.value : (row.querySelector('[part~="note-text"]')?.textContent ?? null),
      // The note field is the one labelled for this file.
      labelledFor: field ? widget.shadowRoot!.getElementById(field.getAttribute('aria-describedby')!)?.textContent : undefined,
      progress: bar ? { label: bar.getAttribute('aria-label'), max: bar.max, value: bar.value } : null,
    };
  });
}

/** Chooses A.pdf, B.pdf and C.pdf and types a note into B's and C's fields; focus stays in C's. */
async function threeFilesWithNotes(widget: GuestUpload): Promise<File[]> {
  const files = [pdfFile('A.pdf', 3000), pdfFile('B.pdf', 4000), pdfFile('C.pdf', 5000)];
  dropFiles(part(widget, 'dropzone'), files);
  await until(() => parts(widget, 'file').length === 3, 'the files');
  const notes = parts<HTMLTextAreaElement>(widget, 'note');
  notes[1]!.focus();
  await sendKeys({ type: 'Nur Seite 2' });
  notes[2]!.focus();
  await sendKeys({ type: 'Bitte für 2025' });
  expect(focused(widget)).to.equal(notes[2]);
  return files;
}

describe('guest-upload: removing a file keeps the other rows with their files', () => {
  afterEach(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('tus::')) localStorage.removeItem(key);
  });

  const ways = {
    // Focus stays in C's note field while A's Remove is pressed (a click that does not move focus, as in Safari).
    'with focus still in a later note field': (remove: HTMLButtonElement) => remove.click(),
    'by keyboard': async (remove: HTMLButtonElement) => {
      remove.focus();
      await sendKeys({ press: 'Enter' });
    },
  };
  for (const [way, press] of Object.entries(ways)) {
    it(`removes the first of three chosen files ${way}: the notes typed into the others stay under their files`, async function () {
      this.timeout(20_000);
      const { widget, requestId } = await openUpload('en');
      await threeFilesWithNotes(widget);

      await press(parts<HTMLButtonElement>(widget, 'remove')[0]!);
      await widget.updateComplete;

      expect(rows(widget)).to.deep.equal([
        { name: 'B.pdf', note: 'Nur Seite 2', labelledFor: 'B.pdf', progress: null },
        { name: 'C.pdf', note: 'Bitte für 2025', labelledFor: 'C.pdf', progress: null },
      ]);
      expect(focused(widget), 'focus goes to the drop zone').to.equal(part(widget, 'dropzone'));
      expect(announced(widget)).to.equal('“A.pdf” removed.');

      // What shows is what goes: each note arrives with its own file.
      const done = new Promise((resolve) => widget.addEventListener('gk-upload-complete', resolve, { once: true }));
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await done;
      const stored = await storedFiles(requestId);
      expect(Object.fromEntries(stored.map((each) => [each.name, each.note]))).to.deep.equal({ 'B.pdf': 'Nur Seite 2', 'C.pdf': 'Bitte für 2025' });
    });
  }

  it('cancels the first of three files going up: the others keep their notes and progress bars, focus goes to the drop zone', async function () {
    this.timeout(20_000);
    const { widget } = await openUpload('en');
    await threeFilesWithNotes(widget);
    // The uploads' requests wait at the slow adapter: every file stays "uploading" while the test sets its bytes.
    const undoRoute = routeXhr((_method, url) => (url.startsWith(ENDPOINT) ? url.replace(ENDPOINT, SLOW_ENDPOINT) : url));
    try {
      part<HTMLButtonElement>(widget, 'upload-button').click();
      await until(() => parts(widget, 'cancel').length === 3, 'Cancel on every file');
      const [a, b, c] = queueOf(widget).items;
      a!.bytesUploaded = 1000;
      b!.bytesUploaded = 2000;
      c!.bytesUploaded = 3000;
      widget.requestUpdate();
      await widget.updateComplete;
      expect(rows(widget).map((row) => row.progress)).to.deep.equal([
        { label: 'Progress: A.pdf', max: 3000, value: 1000 },
        { label: 'Progress: B.pdf', max: 4000, value: 2000 },
        { label: 'Progress: C.pdf', max: 5000, value: 3000 },
      ]);

      // Focus on a later row's Cancel while A's is pressed.
      parts<HTMLButtonElement>(widget, 'cancel')[2]!.focus();
      parts<HTMLButtonElement>(widget, 'cancel')[0]!.click();
      await widget.updateComplete;

      expect(rows(widget)).to.deep.equal([
        { name: 'B.pdf', note: 'Nur Seite 2', labelledFor: undefined, progress: { label: 'Progress: B.pdf', max: 4000, value: 2000 } },
        { name: 'C.pdf', note: 'Bitte für 2025', labelledFor: undefined, progress: { label: 'Progress: C.pdf', max: 5000, value: 3000 } },
      ]);
      expect(focused(widget), 'focus goes to the drop zone').to.equal(part(widget, 'dropzone'));
      expect(announced(widget)).to.equal('Upload of “A.pdf” cancelled.');
      expect(parts(widget, 'cancel').map((button) => button.getAttribute('aria-label'))).to.deep.equal(['Cancel: B.pdf', 'Cancel: C.pdf']);

      // The bars go on following their files.
      b!.bytesUploaded = 3500;
      c!.bytesUploaded = 4500;
      widget.requestUpdate();
      await widget.updateComplete;
      expect(rows(widget).map((row) => row.progress?.value)).to.deep.equal([3500, 4500]);

      // Cancelling by keyboard from there: the same.
      parts<HTMLButtonElement>(widget, 'cancel')[0]!.focus();
      await sendKeys({ press: 'Enter' });
      await widget.updateComplete;
      expect(rows(widget)).to.deep.equal([
        { name: 'C.pdf', note: 'Bitte für 2025', labelledFor: undefined, progress: { label: 'Progress: C.pdf', max: 5000, value: 4500 } },
      ]);
      expect(focused(widget), 'focus goes to the drop zone').to.equal(part(widget, 'dropzone'));
      expect(announced(widget)).to.equal('Upload of “B.pdf” cancelled.');
    } finally {
      undoRoute();
      // Leave nothing held at the slow adapter for the next test: the widget goes (its uploads stop), the requests go on.
      widget.remove();
      await releaseSlow();
    }
  });
});
