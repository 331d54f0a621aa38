/**
 * Regression: at 375 px the status line of a file going up ("8 MB von 24 MB · 812 kB/s, noch 21
 * Sek.") took one line or two as its numbers changed, and the file's Cancel button below it jumped
 * by a line. Now, where one line would not always hold it, bytes go on the first line and speed and
 * time left on the second (the two lines kept while no speed is known), in tabular figures; on a
 * wide screen it stays one line. Nothing of it is hidden.
 */
import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { UploadItem, UploadQueue } from '../../../src/components/controllers/upload-queue.js';
import { ENDPOINT, releaseSlow, SLOW_ENDPOINT } from '../helpers/adapter.js';
import { dropFiles, randomFile } from '../helpers/files.js';
import { part, parts, until } from '../helpers/widgets.js';
import { openUpload, routeXhr } from './helpers.js';

const MiB = 1024 * 1024;
const KiB = 1024;
const SIZE = 24 * MiB;

/** What a file going up shows over time: bytes sent, and the speed once it is known (none after a stall). */
const MOMENTS: [sent: number, speed: number | undefined][] = [
  [0, undefined],
  [4 * MiB, 812 * KiB],
  [8 * MiB, 1.2 * MiB],
  [12.3 * MiB, 999 * KiB],
  [13 * MiB, undefined],
  [16.5 * MiB, 31 * KiB],
  [19.9 * MiB, 117.4 * KiB],
  [23.9 * MiB, 9.9 * MiB],
];

for (const lang of ['de', 'en'] as const) {
  describe(`guest-upload: the status line of a file going up (${lang})`, () => {
    let undoRoute: (() => void) | undefined;
    afterEach(async () => {
      await setViewport({ width: 800, height: 600 });
      undoRoute?.();
      undoRoute = undefined;
      for (const key of Object.keys(localStorage)) if (key.startsWith('tus::')) localStorage.removeItem(key);
    });

    for (const width of [375, 800]) {
      it(`keeps its height at ${width} px as speed and time left change, so Cancel does not jump; all of it shows`, async function () {
        this.timeout(20_000);
        await setViewport({ width, height: 740 });
        const { widget } = await openUpload(lang);
        const { queue } = widget as unknown as { queue: UploadQueue };
        // The upload's requests wait at the slow adapter: the file stays "uploading" while the
        // test sets the numbers a real upload shows, one moment after another.
        undoRoute = routeXhr((_method, url) => (url.startsWith(ENDPOINT) ? url.replace(ENDPOINT, SLOW_ENDPOINT) : url));
        dropFiles(part(widget, 'dropzone'), [randomFile(SIZE, 'Jahresabschluss 2025.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.7\n'))]);
        await until(() => parts(widget, 'file').length === 1, 'the file');
        part<HTMLButtonElement>(widget, 'upload-button').click();
        await until(() => widget.shadowRoot!.querySelector('[part~="file-uploading"] [part~="cancel"]'), 'the file going up');
        const item = queue.items[0] as UploadItem;
        const tops = new Set<number>();
        const heights = new Set<number>();
        const lines: string[] = [];
        try {
          for (const [sent, speed] of MOMENTS) {
            item.bytesUploaded = Math.round(sent);
            item.bytesPerSecond = speed;
            widget.requestUpdate();
            await widget.updateComplete;
            const row = part(widget, 'file-uploading');
            const status = part(widget, 'file-status');
            const cancel = part(widget, 'cancel');
            tops.add(Math.round(cancel.getBoundingClientRect().top - row.getBoundingClientRect().top));
            heights.add(Math.round(status.getBoundingClientRect().height));
            const line = status.textContent!.replace(/\s+/g, ' ').trim();
            lines.push(line);
            // Nothing hidden or cut: the whole line is drawn inside its box.
            expect(status.scrollWidth, `"${line}" wider than its box`).to.be.at.most(status.clientWidth);
            expect(status.scrollHeight, `"${line}" taller than its box`).to.be.at.most(status.clientHeight);
            // Speed and time left are drawn (`innerText` leaves out what is not rendered).
            const [bytes, speedAndLeft] = line.split(' · ');
            expect(speedAndLeft === undefined, `"${line}" has a speed`).to.equal(!speed);
            const shown = status.innerText.replace(/\s+/g, ' ').trim();
            for (const piece of [bytes!, speedAndLeft ?? '']) expect(shown, 'what is drawn').to.contain(piece);
          }
          expect([...tops], `Cancel's place under: ${lines.join(' | ')}`).to.have.length(1);
          expect([...heights], `the status line's height under: ${lines.join(' | ')}`).to.have.length(1);
          const lineHeight = parseFloat(getComputedStyle(part(widget, 'file-status')).lineHeight);
          const [height] = [...heights];
          expect(height, 'lines').to.be.closeTo((width === 375 ? 2 : 1) * lineHeight, 2);
          // Figures of one width: "111 kB/s" is as wide as "999 kB/s".
          expect(getComputedStyle(part(widget, 'file-status')).fontVariantNumeric).to.equal('tabular-nums');
          await expect(widget).to.be.accessible();
        } finally {
          widget.remove();
          await releaseSlow();
        }
      });
    }
  });
}
