/**
 * `<doc-viewer>` by keyboard alone and with a screen reader, in German and English: axe finds
 * nothing in the list, the open PDF, the image, the locked and the expired state; focus goes to
 * the document and back; PageDown / PageUp / End turn pages and the page is announced; and it all
 * fits a 375 px wide phone, where an open PDF's first page starts in the upper half of the screen.
 */
import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { de } from '../../../src/components/translations/de.js';
import { en } from '../../../src/components/translations/en.js';
import type { Translation } from '../../../src/components/translations/types.js';
import { viewerDe } from '../../../src/components/doc-viewer/lang/de.js';
import { viewerEn } from '../../../src/components/doc-viewer/lang/en.js';
import { type ViewerTranslation } from '../../../src/components/doc-viewer/translations.js';
import { advanceServerClock, seedShare } from '../helpers/adapter.js';
import { announced, focused, part, parts, text, until, untilState } from '../helpers/widgets.js';
import { accessible } from './accname.js';
import { flakyClient, openDocument, openShare, recipient, showViewer, untilPage } from './helpers.js';

/** An element, by name: a failing comparison of two elements is slow to print. */
function named(element: Element | null | undefined): string {
  return element ? `<${element.localName}> ${element.textContent?.trim()}` : 'nothing';
}

/** What has focus in the widget (else `nothing`: it fell out of the widget), by name. */
function focusedName(widget: Element): string {
  return named(focused(widget));
}

for (const [lang, t] of [['de', { ...de, ...viewerDe }], ['en', { ...en, ...viewerEn }]] as ['de' | 'en', Translation & ViewerTranslation][]) {
  describe(`doc-viewer by keyboard and screen reader (${lang})`, () => {
    afterEach(() => setViewport({ width: 800, height: 600 }));

    it('opens a PDF by keyboard, turns pages with PageDown/PageUp/End, and returns to the list', async function () {
      this.timeout(30_000);
      const { widget } = await openShare(lang);
      await expect(widget).to.be.accessible();
      (document.activeElement as HTMLElement | null)?.blur();
      await sendKeys({ press: 'Tab' });
      const view = parts(widget, 'open')[0]!;
      expect(focused(widget)).to.equal(view);
      expect(view.getAttribute('aria-label')).to.equal(t['viewer.openNamed']({ name: 'Kaufvertrag.pdf' }));
      await sendKeys({ press: 'Enter' });
      await widget.updateComplete;
      expect(focused(widget)?.id).to.equal('gk-viewer-document-title');
      await untilPage(widget, 1, 20_000);
      expect(announced(widget)).to.equal(t['viewer.opened']({ name: 'Kaufvertrag.pdf', pages: 30 }));

      await sendKeys({ press: 'PageDown' });
      await untilPage(widget, 2);
      expect(announced(widget)).to.equal(t['viewer.pageStatus']({ page: 2, total: 30 }));
      expect(part(widget, 'canvas').getAttribute('aria-label')).to.equal(t['viewer.pageStatus']({ page: 2, total: 30 }));
      await sendKeys({ press: 'PageUp' });
      await untilPage(widget, 1);
      await sendKeys({ press: 'End' });
      await untilPage(widget, 30);
      expect(part<HTMLInputElement>(widget, 'page-input').value).to.equal('30');
      expect(part(widget, 'next').getAttribute('aria-disabled')).to.equal('true');
      await expect(widget).to.be.accessible();

      // Every control is named; the page list marks the page shown.
      for (const button of parts<HTMLButtonElement>(widget, 'toolbar-button')) expect(accessible(button).name).to.not.equal('');
      expect(widget.shadowRoot!.querySelector('[part~="page-link"][aria-current="page"]')?.textContent?.trim()).to.equal(
        t['viewer.goToPage']({ page: 30 }),
      );
      part<HTMLButtonElement>(widget, 'fit-width').focus();
      expect(part(widget, 'fit-width').getAttribute('aria-pressed')).to.equal('true');
      await sendKeys({ press: 'Enter' }); // already fitted: stays pressed
      part<HTMLButtonElement>(widget, 'zoom-in').focus();
      await sendKeys({ press: 'Enter' });
      await widget.updateComplete;
      expect(part(widget, 'fit-width').getAttribute('aria-pressed')).to.equal('false');

      part<HTMLButtonElement>(widget, 'back').focus();
      await sendKeys({ press: 'Enter' });
      await widget.updateComplete;
      expect(focused(widget)).to.equal(parts(widget, 'open')[0]);
    });

    it('keeps the keyboard on a toolbar button that has nothing more to do (the last page, the largest zoom): unavailable, still focused, pressing it changes nothing', async function () {
      this.timeout(40_000);
      const { widget } = await openShare(lang);
      await openDocument(widget, 0);
      await untilPage(widget, 1, 20_000);
      const input = part<HTMLInputElement>(widget, 'page-input');
      input.value = '29';
      input.dispatchEvent(new Event('change'));
      await untilPage(widget, 29);
      // Compared by name: a failing comparison of two elements is slow to print.
      const focusedPart = (): string => focused(widget)?.getAttribute('part') ?? String(document.activeElement?.localName);
      part<HTMLButtonElement>(widget, 'next').focus();
      await sendKeys({ press: 'Enter' });
      await untilPage(widget, 30);
      await widget.updateComplete;
      expect(part(widget, 'next').getAttribute('aria-disabled')).to.equal('true');
      expect(focusedPart(), 'on the last page').to.equal('toolbar-button next');
      await sendKeys({ press: 'Enter' });
      await widget.updateComplete;
      expect(part<HTMLInputElement>(widget, 'page-input').value, 'nothing beyond the last page').to.equal('30');
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      expect(focusedPart(), 'Tab goes on from there').to.equal('page-input');

      part<HTMLButtonElement>(widget, 'zoom-in').focus();
      for (let presses = 0; presses < 20 && part(widget, 'zoom-in').getAttribute('aria-disabled') !== 'true'; presses++) {
        await sendKeys({ press: 'Enter' });
        await widget.updateComplete;
      }
      expect(part(widget, 'zoom-in').getAttribute('aria-disabled')).to.equal('true');
      expect(focusedPart(), 'at the largest zoom').to.equal('toolbar-button zoom-in');
      const largest = text(widget, 'zoom-level');
      await sendKeys({ press: 'Enter' });
      await widget.updateComplete;
      expect(text(widget, 'zoom-level'), 'no larger').to.equal(largest);
      await expect(widget).to.be.accessible();
    });

    it('is accessible with an image open, locked, and expired', async function () {
      this.timeout(20_000);
      const { widget } = await openShare(lang, { documents: [{ kind: 'image' }, { kind: 'text' }] });
      await openDocument(widget, 0);
      await until(() => widget.shadowRoot!.querySelector<HTMLImageElement>('[part~="image"]')?.complete, 'the image');
      await expect(widget).to.be.accessible();

      const locked = await openShare(lang, { locked: true });
      expect(text(locked.widget, 'locked-title')).to.equal(t['viewer.locked.title']);
      await expect(locked.widget).to.be.accessible();

      const seeded = await seedShare({ documents: [{ kind: 'text' }], recipients: [{ email: recipient(), expiresInSeconds: 60 }] });
      await advanceServerClock(61);
      const expired = await showViewer(seeded.tokens[0]!, lang);
      await untilState(expired, 'expired');
      await expect(expired).to.be.accessible();
    });

    // Regression: the failure panels (a group, not a live region) replaced the loading status
    // unannounced, and "Try again" left focus on <body> (its button gave way to the spinner).
    it('a share that could not be loaded is announced; "Try again" keeps focus in the widget: on the button when it fails again, on the share\'s title once it loads', async function () {
      this.timeout(20_000);
      const seeded = await seedShare({ documents: [{ kind: 'text' }], recipients: [{ email: recipient(), expiresInSeconds: 3600 }] });
      const { client, network } = flakyClient(lang, /\/v1\/share$/);
      network.down = true;
      const widget = await showViewer(seeded.tokens[0]!, lang, client);
      await untilState(widget, 'ready');
      await until(() => announced(widget) === t['code.network_error'], 'the failure to be announced');
      expect(text(widget, 'state-message')).to.equal(t['code.network_error']);
      expect(focusedName(widget), 'no focus taken before the visitor acts').to.equal('nothing');
      await expect(widget).to.be.accessible();

      const first = part(widget, 'announcer').textContent;
      part<HTMLButtonElement>(widget, 'state-action').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => part(widget, 'announcer').textContent !== first, 'the same failure to be announced again');
      expect(announced(widget)).to.equal(t['code.network_error']);
      await widget.updateComplete;
      expect(focusedName(widget)).to.equal(named(part(widget, 'state-action')));

      network.down = false;
      await sendKeys({ press: 'Enter' });
      await until(() => widget.share, 'the share');
      await widget.updateComplete;
      expect(focusedName(widget)).to.equal(named(part(widget, 'title')));
      await expect(widget).to.be.accessible();
    });

    for (const kind of ['pdf30', 'image'] as const) {
      it(`a document (${kind}) that could not be loaded is announced; "Try again" keeps focus in the widget: on the button when it fails again, on the document's heading once it shows`, async function () {
        this.timeout(40_000);
        const { client, network } = flakyClient(lang, /\/content$/);
        const { widget } = await openShare(lang, { documents: [{ kind }] }, client);
        network.down = true;
        await openDocument(widget, 0);
        await until(() => announced(widget) === t['viewer.loadFailed'], 'the failure to be announced', 20_000);
        expect(focusedName(widget)).to.equal(named(part(widget, 'document-title')));
        await expect(widget).to.be.accessible();

        const retry = (): HTMLButtonElement | null => widget.shadowRoot!.querySelector('[part~="document-error"] button');
        const first = part(widget, 'announcer').textContent;
        retry()!.focus();
        await sendKeys({ press: 'Enter' });
        await until(() => part(widget, 'announcer').textContent !== first, 'the same failure to be announced again', 20_000);
        expect(announced(widget)).to.equal(t['viewer.loadFailed']);
        await widget.updateComplete;
        expect(focusedName(widget)).to.equal(named(retry()));

        network.down = false;
        await sendKeys({ press: 'Enter' });
        if (kind === 'pdf30') await untilPage(widget, 1, 20_000);
        else await until(() => widget.shadowRoot!.querySelector<HTMLImageElement>('[part~="image"]')?.complete, 'the image');
        await widget.updateComplete;
        expect(focusedName(widget)).to.equal(named(part(widget, 'document-title')));
        await expect(widget).to.be.accessible();
      });
    }

    it('fits a 375 px wide phone: no sideways scrolling outside the page, controls at least 44 px', async function () {
      this.timeout(30_000);
      await setViewport({ width: 375, height: 740 });
      const { widget } = await openShare(lang);
      expect(widget.scrollWidth).to.be.at.most(375);
      await openDocument(widget, 0);
      await untilPage(widget, 1, 20_000);
      await widget.updateComplete;
      expect(widget.scrollWidth, 'the widget').to.be.at.most(375);
      const canvas = part(widget, 'canvas');
      expect(canvas.getBoundingClientRect().width, 'fitted page').to.be.at.most(375);
      for (const button of parts(widget, 'toolbar-button')) expect(button.getBoundingClientRect().height).to.be.at.least(44);
      await expect(widget).to.be.accessible();
    });

    // Regression: the share's header, the document's name, two toolbar rows, Download / Print and
    // "All pages" took ~650 of 740 px, so page 1 began at the bottom of the screen.
    it('on a 375 × 740 phone an open PDF starts in the upper half of the screen; the controls stay 44 px and named, the share\'s message comes back with the list', async function () {
      this.timeout(30_000);
      await setViewport({ width: 375, height: 740 });
      const { widget } = await openShare(lang, {
        title: 'Jahresabschluss 2025 für die Bank',
        message: 'Anbei die Unterlagen für Ihre Kreditprüfung.',
        documents: [{ kind: 'pdf30', name: 'Jahresabschluss 2025.pdf' }, { kind: 'image' }],
      });
      await openDocument(widget, 0);
      await untilPage(widget, 1, 20_000);
      await widget.updateComplete;
      window.scrollTo(0, 0);
      const canvas = part(widget, 'canvas').getBoundingClientRect();
      expect(canvas.top, 'where page 1 starts on a 740 px high screen').to.be.at.most(740 / 2);
      expect(canvas.width, 'fitted page').to.be.at.most(375);
      expect(document.documentElement.scrollWidth, 'the page').to.be.at.most(375);
      const right = widget.getBoundingClientRect().right;
      for (const control of [part(widget, 'back'), ...parts(widget, 'toolbar-button'), part(widget, 'page-input'), part(widget, 'download'), part(widget, 'print')]) {
        const box = control.getBoundingClientRect();
        expect(box.height, `${named(control)} height`).to.be.at.least(44);
        expect(box.right, `${named(control)} inside the widget`).to.be.at.most(right + 0.5);
      }
      // Shown as an arrow, and the zoom level not at all: both still say what they said to screen readers.
      expect(text(widget, 'back')).to.contain(t['viewer.back']);
      expect(text(widget, 'zoom-level')).to.match(/\d/);
      expect(getComputedStyle(part(widget, 'zoom-level')).display).to.not.equal('none');
      await expect(widget).to.be.accessible();

      // Back at the list, the share's message and "available until" show again.
      part<HTMLButtonElement>(widget, 'back').click();
      await widget.updateComplete;
      for (const name of ['message', 'available-until']) expect(part(widget, name).getBoundingClientRect().height, name).to.be.greaterThan(0);
    });
  });
}
