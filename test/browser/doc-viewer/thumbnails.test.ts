/**
 * The page thumbnails of `<doc-viewer>` on a real 30-page PDF in Chromium: nothing is drawn while
 * the strip is closed; opening it draws the thumbnails in view and not the others (page 30 waits
 * until it is scrolled to); a thumbnail is a real button that goes to its page, by mouse and by
 * keyboard; axe finds nothing with the strip open, in German and English; on a 375 px phone the
 * strip scrolls sideways inside the widget, and keeps the current page's thumbnail in view (the
 * page around it does not move); once the widget is removed, nothing more is drawn.
 */
import { expect } from '@open-wc/testing';
import { sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { viewerDe } from '../../../src/components/doc-viewer/lang/de.js';
import { viewerEn } from '../../../src/components/doc-viewer/lang/en.js';
import type { DocViewer } from '../../../src/components/doc-viewer/doc-viewer.component.js';
import type { ViewerTranslation } from '../../../src/components/doc-viewer/translations.js';
import { announced, focused, part, parts, until } from '../helpers/widgets.js';
import { hasInk, openDocument, openShare, untilPage } from './helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const thumbnails = (widget: DocViewer): HTMLCanvasElement[] => parts<HTMLCanvasElement>(widget, 'thumbnail');
const pageLinks = (widget: DocViewer): HTMLButtonElement[] => parts<HTMLButtonElement>(widget, 'page-link');
const strip = (widget: DocViewer): HTMLElement => part(widget, 'page-list').querySelector<HTMLElement>('ol')!;
const summary = (widget: DocViewer): HTMLElement => part(widget, 'page-list').querySelector<HTMLElement>('summary')!;

/** Whether a thumbnail has been drawn: it has pixels, and some of them are not white. */
const drawn = (canvas: HTMLCanvasElement): boolean => canvas.width > 0 && canvas.height > 0 && hasInk(canvas);

/** The page numbers whose thumbnails are drawn. */
const drawnPages = (widget: DocViewer): number[] =>
  thumbnails(widget).flatMap((canvas, index) => (drawn(canvas) ? [index + 1] : []));

/** Waits until no thumbnail has been drawn for `quietMs` (the queue has nothing more to do). */
async function untilSettled(widget: DocViewer, quietMs = 800): Promise<number[]> {
  let last = drawnPages(widget).join();
  let since = Date.now();
  for (;;) {
    await sleep(50);
    const now = drawnPages(widget).join();
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since >= quietMs) return drawnPages(widget);
  }
}

/** Whether page `page`'s thumbnail (its whole button) is in view in the strip. */
function inStripView(widget: DocViewer, page: number): boolean {
  const link = pageLinks(widget)[page - 1]!.getBoundingClientRect();
  const row = strip(widget).getBoundingClientRect();
  return link.width > 0 && link.left >= row.left - 1 && link.right <= row.right + 1;
}

/** Types `page` into the page field, as a visitor does, and waits until it is drawn. */
async function goToPage(widget: DocViewer, page: number): Promise<void> {
  const input = part<HTMLInputElement>(widget, 'page-input');
  input.value = String(page);
  input.dispatchEvent(new Event('change'));
  await untilPage(widget, page);
  await widget.updateComplete;
}

/** How far the host page is scrolled. */
const pageScroll = (): [number, number] => [window.scrollX, window.scrollY];

/** Opens the share's PDF and waits for page 1. */
async function openPdf(lang: 'de' | 'en'): Promise<DocViewer> {
  const { widget } = await openShare(lang);
  await openDocument(widget, 0);
  await untilPage(widget, 1, 20_000);
  return widget;
}

/** Opens the thumbnail strip the way a visitor does (a click on its summary) and waits for page 1's thumbnail. */
async function openStrip(widget: DocViewer): Promise<void> {
  summary(widget).click();
  await widget.updateComplete;
  expect(part<HTMLDetailsElement>(widget, 'page-list').open).to.equal(true);
  await until(() => drawn(thumbnails(widget)[0]!), "page 1's thumbnail", 10_000);
}

describe('doc-viewer page thumbnails', () => {
  it('draws nothing while the strip is closed, the thumbnails in view once it opens, and page 30 only when scrolled to', async function () {
    this.timeout(45_000);
    const widget = await openPdf('en');
    const canvases = thumbnails(widget);
    expect(canvases).to.have.length(30);
    // Inside the same collapsed page list: its summary says how many pages, each thumbnail is in a page button.
    expect(part<HTMLDetailsElement>(widget, 'page-list').open).to.equal(false);
    expect(summary(widget).textContent?.trim()).to.equal(viewerEn['viewer.pages']({ count: 30 }));
    canvases.forEach((canvas, index) => {
      expect(canvas.localName).to.equal('canvas');
      expect(canvas.getAttribute('aria-hidden')).to.equal('true');
      expect(canvas.closest('button')).to.equal(pageLinks(widget)[index]);
    });

    // Closed: nothing drawn, not after a while, not after turning pages either.
    await sleep(800);
    expect(canvases.map((canvas) => canvas.width), 'thumbnail widths while closed').to.deep.equal(Array(30).fill(0));
    part<HTMLInputElement>(widget, 'page-input').value = '2';
    part<HTMLInputElement>(widget, 'page-input').dispatchEvent(new Event('change'));
    await untilPage(widget, 2);
    await sleep(500);
    expect(drawnPages(widget), 'thumbnails drawn while the strip is closed').to.deep.equal([]);
    expect(canvases.every((canvas) => canvas.width === 0)).to.equal(true);

    // Open: the first thumbnails (those in view) are drawn, small and at the screen's pixel ratio, not all 30.
    await openStrip(widget);
    // The first two come first; then the queue is given time to draw whatever else is in view.
    await until(() => drawn(canvases[0]!) && drawn(canvases[1]!), 'the first two thumbnails', 10_000);
    const first = await untilSettled(widget, 1500);
    expect(first.length, `drawn: ${first.join(', ')}`).to.be.within(2, 12);
    expect(first.slice(0, 2)).to.deep.equal([1, 2]);
    expect(first, 'page 30 before it is scrolled to').to.not.include(30);
    expect(drawn(canvases[29]!)).to.equal(false);
    // Not drawn yet, it already has a page's shape (so the strip does not jump as thumbnails come).
    const blank = canvases[29]!.getBoundingClientRect();
    expect(blank.height / blank.width, 'placeholder shape').to.be.closeTo(297 / 210, 0.05);
    const box = canvases[0]!.getBoundingClientRect();
    expect(box.width).to.be.within(100, 140);
    expect(box.height / box.width, 'A4 page shape').to.be.closeTo(842 / 595, 0.05);
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    expect(canvases[0]!.width).to.be.closeTo(box.width * ratio, 2);
    // The strip stays inside the widget: it scrolls sideways.
    const row = strip(widget);
    expect(row.scrollWidth).to.be.greaterThan(row.clientWidth);
    expect(row.getBoundingClientRect().right).to.be.at.most(widget.getBoundingClientRect().right + 0.5);

    // Scrolled to the end: page 30 is drawn; the pages jumped over are not.
    row.scrollLeft = row.scrollWidth;
    await until(() => drawn(canvases[29]!), "page 30's thumbnail", 10_000);
    const later = await untilSettled(widget, 1500);
    expect(later).to.include(30);
    expect(later, 'page 15, never in view').to.not.include(15);
    expect(later.length).to.be.below(30);
  });

  it('goes to the page of the thumbnail clicked', async function () {
    this.timeout(30_000);
    const widget = await openPdf('de');
    await openStrip(widget);
    const target = thumbnails(widget)[3]!;
    await until(() => drawn(target), "page 4's thumbnail", 10_000);
    // A real click on the picture inside the button.
    target.scrollIntoView({ block: 'center', inline: 'center' });
    const { x, y, width, height } = target.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(x + width / 2), Math.round(y + height / 2)] });
    await untilPage(widget, 4);
    await widget.updateComplete;
    const status = viewerDe['viewer.pageStatus']({ page: 4, total: 30 });
    expect(announced(widget)).to.equal(status);
    expect(part(widget, 'canvas').getAttribute('aria-label')).to.equal(status);
    expect(part<HTMLInputElement>(widget, 'page-input').value).to.equal('4');
    const current = pageLinks(widget).filter((link) => link.getAttribute('aria-current') === 'page');
    expect(current).to.deep.equal([pageLinks(widget)[3]]);
    expect(current[0]!.textContent?.trim()).to.equal(viewerDe['viewer.goToPage']({ page: 4 }));
    expect(pageLinks(widget)[0]!.getAttribute('aria-current')).to.equal('false');
  });

  for (const [lang, t] of [['de', viewerDe], ['en', viewerEn]] as ['de' | 'en', ViewerTranslation][]) {
    it(`is axe-clean with the strip open, and its thumbnails are reached by Tab and followed with Enter (${lang})`, async function () {
      this.timeout(30_000);
      const widget = await openPdf(lang);
      // By keyboard: the summary opens the strip with Enter, Tab goes from thumbnail to thumbnail.
      summary(widget).focus();
      await sendKeys({ press: 'Enter' });
      await widget.updateComplete;
      expect(part<HTMLDetailsElement>(widget, 'page-list').open).to.equal(true);
      await until(() => drawn(thumbnails(widget)[0]!), "page 1's thumbnail", 10_000);
      await untilSettled(widget, 400);
      await expect(widget).to.be.accessible();

      // Every thumbnail is a button named as the page list's entries were, its picture hidden from screen readers.
      pageLinks(widget).forEach((link, index) => {
        expect(link.localName).to.equal('button');
        expect(link.textContent?.trim()).to.equal(t['viewer.goToPage']({ page: index + 1 }));
      });

      await sendKeys({ press: 'Tab' });
      expect(focused(widget)).to.equal(pageLinks(widget)[0]);
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      expect(focused(widget)).to.equal(pageLinks(widget)[2]);
      await sendKeys({ press: 'Enter' });
      await untilPage(widget, 3);
      await widget.updateComplete;
      expect(announced(widget)).to.equal(t['viewer.pageStatus']({ page: 3, total: 30 }));
      expect(pageLinks(widget)[2]!.getAttribute('aria-current')).to.equal('page');
      expect(focused(widget), 'focus stays on the thumbnail').to.equal(pageLinks(widget)[2]);

      // Tabbing on brings later thumbnails into view, and they are drawn.
      for (let i = 0; i < 6; i++) await sendKeys({ press: 'Tab' });
      expect(focused(widget)).to.equal(pageLinks(widget)[8]);
      await until(() => drawn(thumbnails(widget)[8]!), "page 9's thumbnail after tabbing to it", 10_000);
      await expect(widget).to.be.accessible();
    });
  }

  it('fits a 375 px wide phone: the strip scrolls sideways inside the widget, even in a grid', async function () {
    this.timeout(30_000);
    await setViewport({ width: 375, height: 740 });
    try {
      const widget = await openPdf('de');
      // A host page that lays the widget out in a grid (its items grow to their content's minimum width).
      const host = widget.parentElement!;
      host.style.display = 'grid';
      await openStrip(widget);
      await untilSettled(widget, 400);
      await widget.updateComplete;
      expect(document.documentElement.scrollWidth, 'the page').to.be.at.most(375);
      expect(widget.getBoundingClientRect().width, 'the widget').to.be.at.most(375);
      const row = strip(widget);
      expect(row.scrollWidth, 'the strip scrolls').to.be.greaterThan(row.clientWidth);
      expect(row.getBoundingClientRect().right).to.be.at.most(375);
      expect(part(widget, 'canvas').getBoundingClientRect().width, 'the fitted page').to.be.at.most(375);
      for (const link of pageLinks(widget).slice(0, 2)) expect(link.getBoundingClientRect().height).to.be.at.least(44);
      await expect(widget).to.be.accessible();
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  // Regression: on page 6, or after a search went to page 4, the strip still showed pages 1–2 and
  // the highlighted thumbnail was off-screen.
  it('keeps the current page\'s thumbnail in view on a 375 px phone — gone to by the page field, by a search, or before the strip opened — scrolling the strip, not the page', async function () {
    this.timeout(45_000);
    await setViewport({ width: 375, height: 740 });
    try {
      const widget = await openPdf('en');
      await openStrip(widget);
      expect(inStripView(widget, 1)).to.equal(true);
      expect(inStripView(widget, 6), 'page 6 out of view at first').to.equal(false);

      let scroll = pageScroll();
      await goToPage(widget, 6);
      expect(pageLinks(widget)[5]!.getAttribute('aria-current')).to.equal('page');
      expect(inStripView(widget, 6), "page 6's thumbnail after going to page 6").to.equal(true);
      expect(pageScroll(), 'the host page did not move').to.deep.equal(scroll);
      await until(() => drawn(thumbnails(widget)[5]!), "page 6's thumbnail drawn", 10_000);

      // A search that finds text only page 4 has.
      part<HTMLButtonElement>(widget, 'search').click();
      await widget.updateComplete;
      expect(inStripView(widget, 4), 'page 4 out of view before the search').to.equal(false);
      scroll = pageScroll();
      await sendKeys({ type: 'Seite 4 von' });
      await untilPage(widget, 4);
      await widget.updateComplete;
      expect(inStripView(widget, 4), "page 4's thumbnail after the search went there").to.equal(true);
      expect(pageScroll(), 'the host page did not move').to.deep.equal(scroll);

      // The strip closed meanwhile: it opens on the page shown.
      summary(widget).click();
      await widget.updateComplete;
      await goToPage(widget, 20);
      summary(widget).click();
      await widget.updateComplete;
      await until(() => inStripView(widget, 20), "page 20's thumbnail once the strip opens");
      await until(() => drawn(thumbnails(widget)[19]!), "page 20's thumbnail drawn", 10_000);
      await expect(widget).to.be.accessible();
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('stops drawing thumbnails when the widget is removed', async function () {
    this.timeout(30_000);
    const widget = await openPdf('en');
    const errors: Event[] = [];
    widget.addEventListener('gk-error', (event) => errors.push(event));
    const canvases = thumbnails(widget);
    expect(canvases).to.have.length(30);
    // Opened and removed in the same moment: none of the thumbnails that came into view is drawn.
    summary(widget).click();
    const container = widget.parentElement!;
    widget.remove();
    await sleep(1000);
    // (The widget shows its list again once the document closes: look at the canvases it had.)
    expect(canvases.filter(drawn)).to.deep.equal([]);

    // Back in the page, it starts over (a fresh document, fresh thumbnails); removed while those
    // in view are being drawn, no more are drawn afterwards.
    container.append(widget);
    await until(() => widget.openDocument === undefined && widget.share, 'the share again', 10_000);
    await widget.updateComplete;
    await openDocument(widget, 0);
    await untilPage(widget, 1, 20_000);
    await openStrip(widget);
    const again = thumbnails(widget);
    const before = drawnPages(widget);
    widget.remove();
    await sleep(1500);
    const after = again.flatMap((canvas, index) => (drawn(canvas) ? [index + 1] : []));
    expect(after, 'thumbnails drawn after the widget was removed').to.deep.equal(before);
    expect(before.length).to.be.below(30);
    expect(errors).to.deep.equal([]);
  });
});
