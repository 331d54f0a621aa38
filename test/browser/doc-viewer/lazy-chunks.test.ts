/**
 * What `<doc-viewer>` fetches when, from the page's network log (Resource Timing), in Chromium:
 * neither pdf.js nor the PDF views (toolbar, search row, thumbnails, page, their styles and keys:
 * `pdf-views.ts`) before a PDF opens, nor when an image opens; both when a PDF opens, the views
 * while pdf.js is still on its way (no round trip after it), and the toolbar then works, styled by
 * the views' own sheet, themed through `::part` and `--gk-*`. Printing's code (`print.ts`) comes
 * when Print is pressed. Views that cannot be fetched fail the document as pdf.js would, and are
 * asked for again on the next try; the document is never ready before they are here.
 *
 * The first test must stay the first to open a PDF in this file: a module, once loaded, stays.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LitElement, type TemplateResult } from 'lit';
import { PdfViewerController } from '../../../src/components/controllers/pdf-viewer.js';
import { viewerEn } from '../../../src/components/doc-viewer/lang/en.js';
import type { DocViewer } from '../../../src/components/doc-viewer/doc-viewer.component.js';
import { announced, part, parts, text, until } from '../helpers/widgets.js';
import { openDocument, openShare, untilPage } from './helpers.js';

/** The page's requests whose URL matches `pattern`, from Resource Timing. */
const requested = (pattern: RegExp): PerformanceResourceTiming[] =>
  (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((entry) => pattern.test(entry.name));
const urls = (pattern: RegExp): string[] => requested(pattern).map((entry) => entry.name);

/** pdf.js: its chunk (`pdf-engine`), pdf.js itself when served from source, its worker. */
const PDFJS = /pdfjs-dist|pdf-engine|pdf\.worker/;
/** The PDF views: their chunk (`pdf-views-<hash>.js`), or, served from source, their modules. */
const VIEWS = /pdf-views|viewer-keys/;
/** Printing's code (not `events/print.ts`, the `gk-print` event, which is in the entry). */
const PRINT = /doc-viewer\/print\.[jt]s|\/print-[\w-]+\.js/;

/** Whether a style rule for `selector` is among the sheets of the widget's shadow root. */
const styled = (widget: DocViewer, selector: string): boolean =>
  widget.shadowRoot!.adoptedStyleSheets.some((sheet) =>
    [...sheet.cssRules].some((rule) => rule instanceof CSSStyleRule && rule.selectorText === selector),
  );

describe('doc-viewer loads its PDF views with pdf.js, and printing when asked', () => {
  it('fetches neither pdf.js nor the PDF views before a PDF opens, nor for an image; both for a PDF, whose toolbar then works', async function () {
    this.timeout(30_000);
    const { widget } = await openShare('en');
    const theme = document.createElement('style');
    theme.textContent = 'doc-viewer::part(zoom-level) { color: rgb(1, 2, 3); }';
    document.head.append(theme);
    widget.style.setProperty('--gk-accent', 'rgb(10, 20, 30)');
    try {
      expect(urls(PDFJS), 'pdf.js with the list').to.deep.equal([]);
      expect(urls(VIEWS), 'the PDF views with the list').to.deep.equal([]);
      expect(styled(widget, '.tool'), 'the toolbar styles with the list').to.equal(false);

      // An image: shown by the entry alone.
      await openDocument(widget, 1);
      const image = await until(() => widget.shadowRoot!.querySelector<HTMLImageElement>('[part~="image"]'), 'the image');
      await until(() => image.complete && image.naturalWidth > 0, 'the image to decode');
      expect(parts(widget, 'download'), 'its Download button').to.have.length(1);
      expect(urls(PDFJS), 'pdf.js for an image').to.deep.equal([]);
      expect(urls(VIEWS), 'the PDF views for an image').to.deep.equal([]);
      part<HTMLButtonElement>(widget, 'back').click();
      await widget.updateComplete;

      // A PDF: pdf.js and the views, asked for together.
      await openDocument(widget, 0);
      await untilPage(widget, 1, 20_000);
      const pdfjs = requested(PDFJS);
      const views = requested(VIEWS);
      expect(pdfjs.length, 'pdf.js for a PDF').to.be.greaterThan(0);
      expect(views.length, 'the PDF views for a PDF').to.be.greaterThan(0);
      const viewsAsked = Math.min(...views.map((entry) => entry.startTime));
      const pdfjsHere = Math.max(...pdfjs.filter((entry) => !/pdf\.worker/.test(entry.name)).map((entry) => entry.responseEnd));
      expect(viewsAsked, 'the views asked for while pdf.js was still on its way').to.be.lessThan(pdfjsHere);
      expect(urls(PRINT), 'printing before Print').to.deep.equal([]);

      // Styled by the views' sheet, after the widget's own; themed from outside.
      expect(styled(widget, '.tool'), 'the toolbar styles with the PDF').to.equal(true);
      const fit = part<HTMLButtonElement>(widget, 'fit-width');
      expect(getComputedStyle(fit).minWidth, 'a 44 px control').to.equal('44px');
      expect(fit.getAttribute('aria-pressed')).to.equal('true');
      expect(getComputedStyle(fit).backgroundColor, '--gk-accent').to.equal('rgb(10, 20, 30)');
      expect(getComputedStyle(part(widget, 'zoom-level')).color, '::part(zoom-level)').to.equal('rgb(1, 2, 3)');

      // The toolbar works: next page, zoom, the search row; and so do the keys.
      part<HTMLButtonElement>(widget, 'next').click();
      await untilPage(widget, 2);
      expect(announced(widget)).to.equal(viewerEn['viewer.pageStatus']({ page: 2, total: 30 }));
      expect(part<HTMLInputElement>(widget, 'page-input').value).to.equal('2');
      const zoom = text(widget, 'zoom-level');
      part<HTMLButtonElement>(widget, 'zoom-in').click();
      await widget.updateComplete;
      expect(text(widget, 'zoom-level')).to.not.equal(zoom);
      expect(part(widget, 'fit-width').getAttribute('aria-pressed')).to.equal('false');
      part<HTMLButtonElement>(widget, 'search').click();
      await widget.updateComplete;
      expect(part(widget, 'search').getAttribute('aria-expanded')).to.equal('true');
      expect(widget.shadowRoot!.activeElement).to.equal(part(widget, 'search-input'));
      await sendKeys({ press: 'Escape' });
      await widget.updateComplete;
      expect(parts(widget, 'search-row')).to.have.length(0);
      part(widget, 'page-area').focus();
      await sendKeys({ press: 'PageDown' });
      await untilPage(widget, 3);
      await sendKeys({ press: 'End' });
      await untilPage(widget, 30);
    } finally {
      theme.remove();
    }
  });

  it('fetches printing’s code when Print is pressed, and prints', async function () {
    this.timeout(20_000);
    const { widget } = await openShare('en', { documents: [{ kind: 'image' }] });
    expect(urls(PRINT), 'printing before Print').to.deep.equal([]);
    // Headless Chromium shows no dialog: the frame's `print` is replaced as it is inserted (as in print.test.ts).
    const contentWindow = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow')!.get!;
    const printed = new Promise<void>((resolve) => {
      const observer = new MutationObserver((records) => {
        const frame = records.flatMap((record) => [...record.addedNodes]).find((node) => node instanceof HTMLIFrameElement);
        if (!frame) return;
        observer.disconnect();
        Object.defineProperty(frame, 'contentWindow', {
          configurable: true,
          get() {
            const view = contentWindow.call(frame) as Window;
            view.print = () => {
              resolve();
              setTimeout(() => view.dispatchEvent(new Event('afterprint')));
            };
            return view;
          },
        });
      });
      observer.observe(widget.shadowRoot!, { childList: true });
    });
    const events: string[] = [];
    widget.addEventListener('gk-print', (event) => events.push(event.document.name));
    part<HTMLButtonElement>(widget, 'print').click();
    await printed;
    await until(() => events.length === 1, 'gk-print');
    expect(events).to.deep.equal(['Grundriss.png']);
    expect(urls(PRINT).length, 'printing’s code, once asked for').to.be.greaterThan(0);
  });
});

/** A one-page PDF, as small as pdf.js opens (it rebuilds the missing cross-reference table). */
const TINY_PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n' +
    '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);

const tinySource = {
  size: TINY_PDF.length,
  fetchRange: (begin: number, end: number): Promise<Uint8Array> => Promise.resolve(TINY_PDF.slice(begin, end)),
};

/** A host with a canvas and a text layer, whose controller loads its views with `loadViews`. */
class ViewsHost extends LitElement {
  loadViews: () => Promise<unknown> = () => Promise.resolve();
  failures: unknown[] = [];
  readonly pdf = new PdfViewerController(this, {
    canvas: () => this.renderRoot.querySelector('canvas'),
    textLayer: () => this.renderRoot.querySelector('div'),
    availableWidth: () => 200,
    loadViews: () => this.loadViews(),
    onFailed: (error) => this.failures.push(error),
  });

  override render(): TemplateResult {
    return html`<canvas></canvas>
      <div></div>`;
  }
}
customElements.define('gk-test-views-host', ViewsHost);

describe('PdfViewerController with views of its own (loadViews)', () => {
  it('fails the document, as a network failure, when its views cannot be fetched, and asks for them again on the next open', async function () {
    this.timeout(20_000);
    const host = await fixture<ViewsHost>(html`<gk-test-views-host></gk-test-views-host>`);
    const offline = new TypeError('Failed to fetch dynamically imported module: pdf-views.js');
    let asked = 0;
    host.loadViews = () => {
      asked++;
      return Promise.reject(offline);
    };
    await host.pdf.open(tinySource);
    expect(host.pdf.status).to.equal('failed');
    expect(host.failures).to.deep.equal([offline]);
    expect(asked).to.equal(1);

    host.loadViews = () => {
      asked++;
      return Promise.resolve();
    };
    await host.pdf.open(tinySource);
    expect(asked).to.equal(2);
    expect(host.pdf.status).to.equal('ready');
    expect(host.pdf.numPages).to.equal(1);
  });

  it('is not ready before its views are here, however soon pdf.js is', async function () {
    this.timeout(20_000);
    const host = await fixture<ViewsHost>(html`<gk-test-views-host></gk-test-views-host>`);
    let arrive!: () => void;
    host.loadViews = () => new Promise<void>((resolve) => (arrive = resolve));
    const opened = host.pdf.open(tinySource);
    // pdf.js is here already (the tests above loaded it): only the views are missing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(host.pdf.status).to.equal('loading');
    arrive();
    await opened;
    expect(host.pdf.status).to.equal('ready');
  });
});
