/**
 * Zoom, fit to width and text selection on a real PDF in `<doc-viewer>`: zooming in and out
 * redraws the page larger and smaller by the zoom step (its text layer with it); "fit to width"
 * makes the page as wide as the page area, on a desktop and on a 375 px phone, and follows the
 * widget when the phone is turned; dragging the mouse over page 1's heading selects its words.
 */
import { expect } from '@open-wc/testing';
import { sendMouse, setViewport } from '@web/test-runner-commands';
import { ZOOM_STEPS } from '../../../src/components/controllers/pdf-viewer.js';
import type { DocViewer } from '../../../src/components/doc-viewer/doc-viewer.component.js';
import { part, text, until } from '../helpers/widgets.js';
import { openDocument, openShare, untilPage } from './helpers.js';

/** The seeded pages' width in PDF points (A4): the page's CSS width at 100 %. */
const A4_WIDTH = 595;

/** The drawn page's width on screen, in CSS pixels. */
const pageWidth = (widget: DocViewer): number => part(widget, 'canvas').getBoundingClientRect().width;

/** The zoom the toolbar shows, in per cent ("Zoom 126 %" → 126). */
const zoomPercent = (widget: DocViewer): number => Number(text(widget, 'zoom-level').replace(/\D/g, ''));

/** The width the page area has for the page: inside its padding (and its scroll bar, if any). */
function areaWidth(widget: DocViewer): number {
  const area = part(widget, 'page-area');
  const style = getComputedStyle(area);
  return area.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
}

/** The text layer's span holding `words`. */
function textSpan(widget: DocViewer, words: string): HTMLElement {
  const span = [...part(widget, 'text-layer').querySelectorAll<HTMLElement>('span')].find((each) => each.textContent?.includes(words));
  if (!span) throw new Error(`no "${words}" in the text layer`);
  return span;
}

/** Waits until the page is drawn at `percent` (pdf-engine.ts sizes the canvas to the whole CSS pixel below). */
async function untilDrawnAt(widget: DocViewer, percent: number): Promise<void> {
  const expected = Math.floor((A4_WIDTH * percent) / 100);
  await until(() => zoomPercent(widget) === percent && Math.abs(pageWidth(widget) - expected) <= 1, `the page drawn at ${percent} % (${expected} px)`, 10_000);
}

/** The text layer's heading is in place once pdf.js has measured and scaled it to the drawn page. */
async function untilText(widget: DocViewer, words: string): Promise<HTMLElement> {
  return until(() => {
    try {
      const span = textSpan(widget, words);
      return span.getBoundingClientRect().width > 0 ? span : undefined;
    } catch {
      return undefined;
    }
  }, `"${words}" in the text layer`);
}

/** Opens the share's 30-page PDF and waits for page 1 and its text. */
async function openPdf(lang: 'de' | 'en'): Promise<DocViewer> {
  const { widget } = await openShare(lang, { documents: [{ kind: 'pdf30' }] });
  await openDocument(widget, 0);
  await untilPage(widget, 1, 20_000);
  await untilText(widget, 'Seite 1 von 30');
  return widget;
}

/** Expects the page to fill the page area's width (to the zoom's hundredth below) without overflowing it. */
function expectFitted(widget: DocViewer, what: string): void {
  const area = part(widget, 'page-area');
  const width = pageWidth(widget);
  expect(width, `${what}: page ${width} px in an area ${areaWidth(widget)} px wide`).to.be.within(areaWidth(widget) - 8, areaWidth(widget) + 0.5);
  expect(area.scrollWidth, `${what}: the page area scrolls sideways`).to.be.at.most(area.clientWidth);
  expect(part(widget, 'fit-width').getAttribute('aria-pressed')).to.equal('true');
}

describe('doc-viewer zoom and fit to width', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('draws the page larger on zoom in and smaller on zoom out, by the zoom step, text layer included; fit to width fills the page area again', async function () {
    this.timeout(40_000);
    const widget = await openPdf('en');
    await until(() => Math.abs(pageWidth(widget) - areaWidth(widget)) <= 8, 'the page fitted to the area');
    expectFitted(widget, 'opened');
    const fitted = { width: pageWidth(widget), percent: zoomPercent(widget), heading: textSpan(widget, 'Seite 1 von 30').getBoundingClientRect().width };
    expect(fitted.width).to.be.closeTo((A4_WIDTH * fitted.percent) / 100, 1);

    // Zoom in: the next step above the fitted zoom.
    const larger = Math.round(100 * ZOOM_STEPS.find((step) => step > (fitted.percent / 100) * 1.01)!);
    part<HTMLButtonElement>(widget, 'zoom-in').click();
    await untilDrawnAt(widget, larger);
    expect(part(widget, 'fit-width').getAttribute('aria-pressed')).to.equal('false');
    expect(pageWidth(widget) / fitted.width, 'grown by the zoom step').to.be.closeTo(larger / fitted.percent, 0.01);
    expect(pageWidth(widget) - fitted.width).to.be.greaterThan(20);
    const zoomedHeading = (await untilText(widget, 'Seite 1 von 30')).getBoundingClientRect().width;
    expect(zoomedHeading / fitted.heading, 'the text layer grows with the page').to.be.closeTo(larger / fitted.percent, 0.03);
    // Wider than the area now: the area scrolls sideways instead of the widget growing.
    const area = part(widget, 'page-area');
    expect(area.scrollWidth).to.be.greaterThan(area.clientWidth);
    expect(widget.getBoundingClientRect().right).to.be.at.most(document.documentElement.clientWidth);

    // Zoom out twice: one step below the other, each drawn smaller.
    const smaller = Math.round(100 * [...ZOOM_STEPS].reverse().find((step) => step < (larger / 100) * 0.99)!);
    part<HTMLButtonElement>(widget, 'zoom-out').click();
    await untilDrawnAt(widget, smaller);
    const smallest = Math.round(100 * [...ZOOM_STEPS].reverse().find((step) => step < (smaller / 100) * 0.99)!);
    part<HTMLButtonElement>(widget, 'zoom-out').click();
    await untilDrawnAt(widget, smallest);
    expect(pageWidth(widget), 'smaller than when fitted').to.be.below(fitted.width - 20);
    expect(pageWidth(widget) / fitted.width).to.be.closeTo(smallest / fitted.percent, 0.01);
    const shrunkHeading = textSpan(widget, 'Seite 1 von 30').getBoundingClientRect().width;
    expect(shrunkHeading / fitted.heading, 'the text layer shrinks with the page').to.be.closeTo(smallest / fitted.percent, 0.03);

    // Fit to width: as wide as the page area again.
    part<HTMLButtonElement>(widget, 'fit-width').click();
    await untilDrawnAt(widget, fitted.percent);
    expectFitted(widget, 'fitted again');
  });

  it('zoomed in as a grid item of a 640 px column (as pages lay widgets out), the widget keeps the column’s width and the page scrolls inside it; fit to width fits the column again', async function () {
    this.timeout(40_000);
    const widget = await openPdf('de');
    // A grid item's automatic minimum width is its content's: the page area must keep the zoomed page out of it.
    widget.parentElement!.style.cssText = 'display: grid; width: 640px';
    await until(() => Math.abs(pageWidth(widget) - areaWidth(widget)) <= 8 && widget.getBoundingClientRect().width <= 640, 'the page fitted to the column', 10_000);
    const fitted = zoomPercent(widget);
    for (let i = 0; i < 3; i++) {
      const before = zoomPercent(widget);
      part<HTMLButtonElement>(widget, 'zoom-in').click();
      await until(() => zoomPercent(widget) > before && pageWidth(widget) > (A4_WIDTH * before) / 100 + 10, `zoom step ${i + 1} drawn`, 10_000);
    }
    expect(pageWidth(widget), 'the page is wider than the column').to.be.greaterThan(700);
    expect(widget.getBoundingClientRect().width, 'the widget').to.equal(640);
    const area = part(widget, 'page-area');
    expect(area.scrollWidth).to.be.greaterThan(area.clientWidth);
    expect(part(widget, 'zoom-in').getBoundingClientRect().right, 'the toolbar stays in view').to.be.at.most(widget.getBoundingClientRect().right);
    part<HTMLButtonElement>(widget, 'fit-width').click();
    await untilDrawnAt(widget, fitted);
    expectFitted(widget, 'fitted to the column again');
  });

  it('fits the page to a 375 px phone, and to the wider widget when the phone is turned', async function () {
    this.timeout(40_000);
    await setViewport({ width: 375, height: 740 });
    const widget = await openPdf('de');
    await until(() => Math.abs(pageWidth(widget) - areaWidth(widget)) <= 8, 'the page fitted to the phone');
    expectFitted(widget, 'on a 375 px phone');
    const upright = pageWidth(widget);
    expect(part(widget, 'canvas').getBoundingClientRect().right).to.be.at.most(375);
    expect(document.documentElement.scrollWidth, 'the page').to.be.at.most(375);

    // Zoomed in, the page is wider than the phone; fit to width brings it back.
    part<HTMLButtonElement>(widget, 'zoom-in').click();
    await until(() => pageWidth(widget) > upright + 20, 'the page zoomed in');
    expect(document.documentElement.scrollWidth, 'the page, zoomed in').to.be.at.most(375);
    part<HTMLButtonElement>(widget, 'fit-width').click();
    await until(() => Math.abs(pageWidth(widget) - upright) <= 1, 'the page fitted again');
    expectFitted(widget, 'fitted again on the phone');

    // Turned sideways: the widget is wider, and the fitted page follows it.
    await setViewport({ width: 740, height: 375 });
    await until(() => pageWidth(widget) > upright + 200 && Math.abs(pageWidth(widget) - areaWidth(widget)) <= 8, 'the page fitted to the turned phone', 10_000);
    expectFitted(widget, 'on the phone turned sideways');
  });
});

describe('doc-viewer text selection', () => {
  it("selects page 1's heading when the mouse is dragged over it", async function () {
    this.timeout(30_000);
    const widget = await openPdf('de');
    const span = await untilText(widget, 'Seite 1 von 30');
    // The text sits over the drawn heading, inside the page.
    const box = span.getBoundingClientRect();
    const page = part(widget, 'canvas').getBoundingClientRect();
    expect(box.left).to.be.at.least(page.left);
    expect(box.right).to.be.at.most(page.right);
    expect(box.top).to.be.at.least(page.top);
    expect(box.bottom).to.be.at.most(page.top + page.height / 3);

    span.scrollIntoView({ block: 'center' });
    const { left, right, top, height } = span.getBoundingClientRect();
    const y = Math.round(top + height / 2);
    getSelection()?.removeAllRanges();
    await sendMouse({ type: 'move', position: [Math.round(left) + 1, y] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round((left + right) / 2), y] });
    await sendMouse({ type: 'move', position: [Math.round(right) - 1, y] });
    await sendMouse({ type: 'up' });

    const selected = (widget.shadowRoot as ShadowRoot & { getSelection?(): Selection | null }).getSelection?.()?.toString() ?? getSelection()?.toString() ?? '';
    expect(selected.replace(/\s+/g, ' ')).to.contain('Seite 1 von 3');
    // Nothing outside the page was caught up in it (the toolbar, the document's name).
    expect(selected).not.to.contain('Kaufvertrag.pdf');
  });
});
