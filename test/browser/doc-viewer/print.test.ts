/**
 * Printing in `<doc-viewer>` against the real adapter, in Chromium: with downloads allowed, PDFs
 * and images (not other files) have a "Print" button in the list and in the open document; it
 * fetches the original bytes through the download route into a hidden frame in the shadow root
 * (SHA-256 identical), calls that frame's `print()`, emits `gk-print` and removes the frame after
 * `afterprint`; a second click while busy is ignored; a frame that cannot print opens the bytes in
 * a new tab (also when a CSP without `frame-src blob:` blocks the frame); a failed fetch is
 * announced. With downloads off there is no print control anywhere. axe-clean and keyboard-usable
 * in German and English.
 *
 * Headless Chromium shows no print dialog; the tests replace the frame's `print` as the frame is
 * inserted (a MutationObserver on the shadow root) to see the call and to stand in for the dialog.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createClient } from '../../../src/client/client.js';
import type { DocViewer } from '../../../src/components/doc-viewer/doc-viewer.component.js';
import { viewerDe } from '../../../src/components/doc-viewer/lang/de.js';
import { viewerEn } from '../../../src/components/doc-viewer/lang/en.js';
import type { ViewerTranslation } from '../../../src/components/doc-viewer/translations.js';
import { de } from '../../../src/components/translations/de.js';
import { en } from '../../../src/components/translations/en.js';
import type { Translation } from '../../../src/components/translations/types.js';
import { SHARE_ROUTES, shareRoute } from '../../../src/protocol/shares.js';
import { ENDPOINT, requestsTo, seedShare } from '../helpers/adapter.js';
import { announced, focused, part, parts, until, untilState } from '../helpers/widgets.js';
import { openDocument, openShare, recipient, sha256, untilPage } from './helpers.js';

const frameWindow = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow')!.get!;

/** A print frame the widget inserted, and what happened to it. */
interface CaughtFrame {
  frame: HTMLIFrameElement;
  /** The frame's `blob:` URL, as set when it was inserted. */
  src: string;
  /** Resolves with the frame's window when the widget calls its `print()`. */
  printed: Promise<Window>;
}

/**
 * Resolves with the next `<iframe>` the widget appends to its shadow root. Its window's `print` is
 * replaced before the widget can call it: recorded, or throwing (`refuse`) like a frame that
 * cannot print.
 */
function catchFrame(widget: Element, { refuse = false } = {}): Promise<CaughtFrame> {
  return new Promise((resolve) => {
    const observer = new MutationObserver((records) => {
      const frame = records.flatMap((record) => [...record.addedNodes]).find((node) => node instanceof HTMLIFrameElement);
      if (!frame) return;
      observer.disconnect();
      let printed!: (view: Window) => void;
      const caught: CaughtFrame = { frame, src: frame.src, printed: new Promise((done) => (printed = done)) };
      // Whatever window the frame has when the widget asks for it gets the stand-in `print`.
      Object.defineProperty(frame, 'contentWindow', {
        configurable: true,
        get() {
          const view = frameWindow.call(frame) as Window;
          view.print = () => {
            printed(view);
            if (refuse) throw new DOMException('Printing this frame is not allowed', 'SecurityError');
          };
          return view;
        },
      });
      resolve(caught);
    });
    observer.observe(widget.shadowRoot!, { childList: true });
  });
}

/** The print frames in the widget's shadow root. */
const frames = (widget: Element): HTMLIFrameElement[] => [...widget.shadowRoot!.querySelectorAll('iframe')];

/** The bytes behind a `blob:` URL, or `undefined` once it has been revoked. */
async function blobBytes(url: string): Promise<ArrayBuffer | undefined> {
  try {
    return await (await fetch(url)).arrayBuffer();
  } catch {
    return undefined;
  }
}

/** The print button of the document named `name` in the list. */
function printButtonOf(widget: Element, name: string): HTMLButtonElement | undefined {
  const item = parts(widget, 'document').find((node) => node.querySelector('[part~="document-name"]')?.textContent?.trim() === name);
  return item?.querySelector<HTMLButtonElement>('[part~="print"]') ?? undefined;
}

const downloadRequests = (id: string): number => requestsTo(`${ENDPOINT}${shareRoute(SHARE_ROUTES.download, id)}`).length;

/** Replaces `window.open` (the fallback) and records its calls, and the widget's `gk-print` events. */
function watchFallback(widget: DocViewer, { blocked = false } = {}): { opened: unknown[][]; printed: string[]; tab: { opener: unknown }; restore(): void } {
  const opened: unknown[][] = [];
  const printed: string[] = [];
  const open = window.open;
  // A stand-in for the new tab (or, blocked, none): the widget cuts its tie to this page.
  const tab = { opener: window as unknown };
  window.open = (...args: unknown[]) => {
    opened.push(args);
    return blocked ? null : (tab as unknown as Window);
  };
  widget.addEventListener('gk-print', (event) => printed.push(event.document.name));
  return { opened, printed, tab, restore: () => (window.open = open) };
}

describe('doc-viewer printing', () => {
  it('prints a PDF and an image from a hidden frame holding the original bytes, then removes the frame', async function () {
    this.timeout(20_000);
    const { widget, seeded } = await openShare('en');
    const printedEvents: string[] = [];
    widget.addEventListener('gk-print', (event) => printedEvents.push(event.document.name));
    // PDF and image can be printed; the text file is download-only.
    expect(parts(widget, 'download')).to.have.length(3);
    expect(parts(widget, 'print')).to.have.length(2);
    expect(printButtonOf(widget, 'Notizen.txt')).to.equal(undefined);

    for (const document of seeded.documents.filter((each) => each.name !== 'Notizen.txt')) {
      const button = printButtonOf(widget, document.name)!;
      expect(button.localName).to.equal('button');
      expect(button.type).to.equal('button');
      expect(button.textContent?.trim()).to.equal(viewerEn['viewer.print']);
      expect(button.getAttribute('aria-label')).to.equal(viewerEn['viewer.printNamed']({ name: document.name }));
      const requestsBefore = downloadRequests(document.id);

      const caught = catchFrame(widget);
      button.click();
      await widget.updateComplete;
      expect(announced(widget)).to.equal(viewerEn['viewer.printing']({ name: document.name }));
      const { frame, src, printed } = await caught;

      // A hidden frame inside the widget: out of the tab order and the accessibility tree, named.
      expect(frame.parentNode).to.equal(widget.shadowRoot);
      expect(frame.getAttribute('aria-hidden')).to.equal('true');
      expect(frame.getAttribute('tabindex')).to.equal('-1');
      expect(frame.title).to.equal(viewerEn['viewer.printNamed']({ name: document.name }));
      const box = frame.getBoundingClientRect();
      expect([box.width, box.height]).to.deep.equal([0, 0]);
      expect(getComputedStyle(frame).visibility).to.equal('hidden');

      // Its bytes are the original's, fetched through the download route (the audit's `share.downloaded`).
      expect(src).to.match(/^blob:/);
      const bytes = (await blobBytes(src))!;
      expect(bytes.byteLength).to.equal(document.size);
      expect(await sha256(bytes)).to.equal(document.sha256);
      expect(downloadRequests(document.id) - requestsBefore).to.equal(1);

      // print() is called on the frame's window once it has loaded; then the host hears of it.
      const view = await printed;
      expect(view).to.equal(frameWindow.call(frame));
      await until(() => printedEvents.includes(document.name), 'gk-print');

      // The dialog closes: the frame goes and its URL is revoked.
      view.dispatchEvent(new Event('afterprint'));
      expect(frame.isConnected).to.equal(false);
      expect(frames(widget)).to.have.length(0);
      expect(await blobBytes(src)).to.equal(undefined);
      await widget.updateComplete;
      expect(button.getAttribute('aria-disabled')).to.equal('false');
    }
    expect(printedEvents).to.deep.equal(['Kaufvertrag.pdf', 'Grundriss.png']);
  });

  it('ignores a second click while the first print is under way (busy, like download)', async () => {
    const { widget, seeded } = await openShare('de', { documents: [{ kind: 'image' }] });
    const [document] = seeded.documents;
    const requestsBefore = downloadRequests(document!.id);
    const caught = catchFrame(widget);
    const button = part<HTMLButtonElement>(widget, 'print');
    button.click();
    await widget.updateComplete;
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    button.click();
    button.click();
    const { frame, printed } = await caught;
    const view = await printed;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(frames(widget)).to.have.length(1);
    expect(downloadRequests(document!.id) - requestsBefore).to.equal(1);
    view.dispatchEvent(new Event('afterprint'));
    expect(frame.isConnected).to.equal(false);
  });

  it('offers Print next to Download in an open PDF and an open image', async function () {
    this.timeout(30_000);
    const { widget, seeded } = await openShare('de', { documents: [{ kind: 'pdf30' }, { kind: 'image' }] });
    await openDocument(widget, 0);
    await untilPage(widget, 1, 20_000);
    await widget.updateComplete;
    const toolbarPrint = part<HTMLButtonElement>(widget, 'toolbar').querySelector<HTMLButtonElement>('[part~="print"]')!;
    expect(toolbarPrint.textContent?.trim()).to.equal(viewerDe['viewer.print']);
    expect(toolbarPrint.previousElementSibling?.getAttribute('part')).to.equal('download');

    const caught = catchFrame(widget);
    toolbarPrint.click();
    const { frame, src, printed } = await caught;
    expect(await sha256((await blobBytes(src))!)).to.equal(seeded.documents[0]!.sha256);
    (await printed).dispatchEvent(new Event('afterprint'));
    expect(frame.isConnected).to.equal(false);

    part<HTMLButtonElement>(widget, 'back').click();
    await widget.updateComplete;
    await openDocument(widget, 1);
    await until(() => widget.shadowRoot!.querySelector<HTMLImageElement>('[part~="image"]')?.complete, 'the image');
    expect(parts(widget, 'print')).to.have.length(1);
    expect(part(widget, 'print').getAttribute('aria-label')).to.equal(viewerDe['viewer.printNamed']({ name: 'Grundriss.png' }));
  });

  it('opens the bytes in a new tab when the frame cannot print', async () => {
    const { widget } = await openShare('en', { documents: [{ kind: 'image' }] });
    const { opened, printed, tab, restore } = watchFallback(widget);
    try {
      const caught = catchFrame(widget, { refuse: true });
      part<HTMLButtonElement>(widget, 'print').click();
      const { src, printed: called } = await caught;
      await called;
      await until(() => opened.length === 1, 'window.open');
      expect(opened[0]).to.deep.equal([src, '_blank']);
      expect(tab.opener, 'the tab cannot reach this page').to.equal(null);
      // The URL stays valid for the new tab to load it.
      expect(await blobBytes(src)).to.not.equal(undefined);
      await until(() => printed.length === 1, 'gk-print');
    } finally {
      restore();
    }
  });

  it('prints the bytes as the document’s own type, even when the answer claims text/html', async () => {
    const seeded = await seedShare({ documents: [{ kind: 'pdf30' }], recipients: [{ email: recipient(), expiresInSeconds: 3600 }] });
    // A server (or anything between) that labels the bytes as HTML: in a blob: frame of the page's own
    // origin that would be a page running script; the frame must get a PDF whatever the label says.
    const client = createClient({
      endpoint: ENDPOINT,
      locale: 'en',
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const url = input instanceof Request ? input.url : String(input);
        if (!url.includes('/download')) return response;
        const headers = new Headers(response.headers);
        headers.set('content-type', 'text/html');
        return new Response(await response.arrayBuffer(), { status: response.status, headers });
      },
    });
    const widget = await fixture<DocViewer>(html`<doc-viewer lang="en" token=${seeded.tokens[0]!} .client=${client}></doc-viewer>`);
    await untilState(widget, 'ready');
    await until(() => widget.share, 'the share');
    await widget.updateComplete;
    const caught = catchFrame(widget);
    part<HTMLButtonElement>(widget, 'print').click();
    const { frame, src, printed } = await caught;
    const view = await printed;
    expect((await fetch(src)).headers.get('content-type')).to.equal('application/pdf');
    view.dispatchEvent(new Event('afterprint'));
    expect(frame.isConnected).to.equal(false);
  });

  it('in a browser that shows PDFs only outside the page, says to use Download instead of opening anything', async () => {
    const { widget } = await openShare('de', { documents: [{ kind: 'pdf30' }] });
    Object.defineProperty(navigator, 'pdfViewerEnabled', { configurable: true, get: () => false });
    const { opened, printed, restore } = watchFallback(widget);
    try {
      part<HTMLButtonElement>(widget, 'print').click();
      await until(() => announced(widget) === viewerDe['viewer.printUnsupported'], 'the hint');
      expect(frames(widget)).to.have.length(0);
      expect(opened).to.deep.equal([]);
      expect(printed).to.deep.equal([]);
    } finally {
      delete (navigator as { pdfViewerEnabled?: boolean }).pdfViewerEnabled;
      restore();
    }
  });

  it('announces why printing failed, with the error code’s message, and stays usable', async () => {
    const seeded = await seedShare({ documents: [{ kind: 'pdf30' }], recipients: [{ email: recipient(), expiresInSeconds: 3600 }] });
    let offline = false;
    const client = createClient({
      endpoint: ENDPOINT,
      locale: 'de',
      fetch: (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        return offline && url.includes('/download') ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init);
      },
    });
    const widget = await fixture<DocViewer>(html`<doc-viewer lang="de" token=${seeded.tokens[0]!} .client=${client}></doc-viewer>`);
    await untilState(widget, 'ready');
    await until(() => widget.share, 'the share');
    await widget.updateComplete;
    const errors: string[] = [];
    widget.addEventListener('gk-error', (event) => errors.push(event.code));
    const printed: string[] = [];
    widget.addEventListener('gk-print', (event) => printed.push(event.document.name));

    offline = true;
    part<HTMLButtonElement>(widget, 'print').click();
    const expected = viewerDe['viewer.printFailed']({ name: 'Kaufvertrag.pdf', reason: de['code.network_error'] });
    await until(() => announced(widget) === expected, 'the failure to be announced', 8000);
    expect(errors).to.deep.equal(['network_error']);
    expect(frames(widget)).to.have.length(0);
    expect(printed).to.deep.equal([]);
    await widget.updateComplete;
    expect(part(widget, 'print').getAttribute('aria-disabled')).to.equal('false');

    // Back online, the same button prints.
    offline = false;
    const caught = catchFrame(widget);
    part<HTMLButtonElement>(widget, 'print').click();
    const { frame, printed: called } = await caught;
    (await called).dispatchEvent(new Event('afterprint'));
    expect(frame.isConnected).to.equal(false);
  });

  it('offers no print control anywhere when the firm turned downloads off', async function () {
    this.timeout(30_000);
    const { widget } = await openShare('de', { allowDownload: false });
    expect(parts(widget, 'document')).to.have.length(3);
    expect(widget.shadowRoot!.querySelectorAll('[part~="print"]')).to.have.length(0);
    expect(widget.shadowRoot!.querySelectorAll('[part~="download"]')).to.have.length(0);
    await openDocument(widget, 0);
    await untilPage(widget, 1, 20_000);
    await widget.updateComplete;
    expect(widget.shadowRoot!.querySelectorAll('[part~="print"]')).to.have.length(0);
    part<HTMLButtonElement>(widget, 'back').click();
    await widget.updateComplete;
    await openDocument(widget, 1);
    await until(() => widget.shadowRoot!.querySelector<HTMLImageElement>('[part~="image"]')?.complete, 'the image');
    expect(widget.shadowRoot!.querySelectorAll('[part~="print"]')).to.have.length(0);
    expect(widget.shadowRoot!.textContent).not.to.match(/drucken|print/i);
  });

  for (const [lang, t] of [['de', { ...de, ...viewerDe }], ['en', { ...en, ...viewerEn }]] as ['de' | 'en', Translation & ViewerTranslation][]) {
    it(`is axe-clean with Print buttons, reached by Tab and activated with Enter (${lang})`, async () => {
      const { widget } = await openShare(lang);
      expect(parts(widget, 'print').map((button) => button.textContent?.trim())).to.deep.equal([t['viewer.print'], t['viewer.print']]);
      await expect(widget).to.be.accessible();

      // List order: View, Download, Print of the first document.
      (document.activeElement as HTMLElement | null)?.blur();
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      const print = parts<HTMLButtonElement>(widget, 'print')[0]!;
      expect(focused(widget)).to.equal(print);
      expect(print.getAttribute('aria-label')).to.equal(t['viewer.printNamed']({ name: 'Kaufvertrag.pdf' }));

      const caught = catchFrame(widget);
      await sendKeys({ press: 'Enter' });
      const { frame, printed } = await caught;
      const view = await printed;
      await widget.updateComplete;
      expect(announced(widget)).to.equal(t['viewer.printing']({ name: 'Kaufvertrag.pdf' }));
      // Focus stays on the button; the frame is not focusable.
      expect(focused(widget)).to.equal(print);
      view.dispatchEvent(new Event('afterprint'));
      expect(frame.isConnected).to.equal(false);
      await widget.updateComplete;
      await expect(widget).to.be.accessible();
    });
  }
});

// Last in this file on purpose: a CSP, once in force, stays for the page (each test file has its own page).
describe('doc-viewer printing under a CSP without frame-src blob:', () => {
  it('falls back to a new tab when the frame is blocked', async () => {
    const csp = document.createElement('meta');
    csp.httpEquiv = 'Content-Security-Policy';
    csp.content = "frame-src 'self'";
    document.head.append(csp);
    const { widget } = await openShare('en', { documents: [{ kind: 'image' }] });
    const { opened, printed, restore } = watchFallback(widget);
    try {
      part<HTMLButtonElement>(widget, 'print').click();
      await until(() => opened.length === 1, 'window.open');
      // The blocked frame shows the browser's error page (another origin): its print() cannot be called.
      expect(opened[0]![0]).to.match(/^blob:/);
      expect(opened[0]!.slice(1)).to.deep.equal(['_blank']);
      await until(() => printed.length === 1, 'gk-print');
    } finally {
      restore();
    }
  });

  it('says to use Download when the browser blocks that tab too, and reports no print', async () => {
    const { widget } = await openShare('en', { documents: [{ kind: 'image' }] });
    const { opened, printed, restore } = watchFallback(widget, { blocked: true });
    try {
      part<HTMLButtonElement>(widget, 'print').click();
      await until(() => announced(widget) === viewerEn['viewer.printBlocked'], 'the hint');
      expect(opened).to.have.length(1);
      expect(printed).to.deep.equal([]);
      await expect(widget).to.be.accessible();
    } finally {
      restore();
    }
  });
});
