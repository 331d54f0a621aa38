/**
 * pdf.js behind a small surface: open a document whose bytes come in by range, render a page onto
 * a canvas (at the screen's pixel ratio) with a text layer for selection and screen readers, draw
 * page thumbnails lazily, as they scroll into view, and find text in the whole document (marking
 * the matches in the page's text layer).
 *
 * This module is loaded lazily (`import('./pdf-engine.js')` in `pdf-loader.ts`) and imports
 * nothing the widgets import (but Lit's `css`, for the text layer's styles), so bundlers keep it
 * and pdf.js in a chunk of their own.
 */
import {
  getDocument,
  PDFDataRangeTransport,
  TextLayer,
  type PageViewport,
  type PDFDocumentProxy,
  type PDFPageProxy,
} from 'pdfjs-dist';
import { startWorker } from './pdf-worker.js';
import { PDF_WORKER_URL } from './pdf-worker-url.js';
import { watchThumbnails, type ThumbnailStrip } from './thumbnail-strip.js';
import { reveal } from './reveal.js';
import { findIn, foldQuery, markMatches, pageText, type PageText, type PdfMatch } from './text-search.js';

export { PDF_WORKER_POLICY } from './pdf-worker.js';
export { textLayerStyles } from './text-layer.styles.js';
export { THUMBNAIL_CONCURRENCY, THUMBNAIL_WIDTH } from './thumbnail-strip.js';
export type { PdfMatch, PdfTextRange } from './text-search.js';

/** Where a PDF's bytes come from. */
export interface PdfSource {
  /** The document's size in bytes. */
  size: number;
  /** Bytes `begin` (inclusive) to `end` (exclusive). */
  fetchRange(begin: number, end: number): Promise<Uint8Array>;
  /** The pdf.js worker (default: the file the build emitted next to this chunk). */
  workerSrc?: string;
  /** A range could not be fetched (the document stops loading). */
  onError?(error: unknown): void;
  /** The password of a protected PDF. */
  password?: string;
}

/**
 * What `openPdf` throws for a protected PDF: no password was given (`incorrect: false`) or the one
 * given is wrong. Known by its `name` (the widget does not load pdf.js to check `instanceof`).
 */
export class PdfPasswordError extends Error {
  override readonly name = 'PdfPasswordError';
  constructor(readonly incorrect: boolean) {
    super(incorrect ? 'incorrect PDF password' : 'the PDF needs a password');
  }
}

/** A page's size in CSS pixels at 100 %. */
export interface PdfPageSize {
  width: number;
  height: number;
}

/** A page being rendered. */
export interface PdfRender {
  /** Settles when canvas and text layer are done; rejects when cancelled or failed. */
  readonly done: Promise<void>;
  cancel(): void;
}

/** An open PDF. */
export interface PdfDocument {
  readonly numPages: number;
  pageSize(pageNumber: number): Promise<PdfPageSize>;
  /**
   * Renders `pageNumber` at `scale` onto `canvas`, and its text into `textLayer` (emptied first),
   * with the matches `highlight` asked for marked in it.
   */
  render(pageNumber: number, canvas: HTMLCanvasElement, textLayer: HTMLElement, scale: number): PdfRender;
  /**
   * Shows `pageNumber` at `scale` on the page view (`canvas` and `textLayer`) unless it is already
   * there or on its way; a new page or zoom cancels the one still being drawn. Resolves with the page
   * number once drawn (and sets the canvas's `data-rendered-page`), with `undefined` when there was
   * nothing to do or a newer call replaced it; rejects when the page could not be drawn.
   */
  show(pageNumber: number, canvas: HTMLCanvasElement, textLayer: HTMLElement, scale: number): Promise<number | undefined>;
  /**
   * Renders `pageNumber` onto `canvas` as a thumbnail `width` CSS pixels wide, without a text layer,
   * at the screen's pixel ratio (at most 2). The canvas changes only once the thumbnail is complete.
   */
  thumbnail(pageNumber: number, canvas: HTMLCanvasElement, width: number): PdfRender;
  /**
   * Draws the thumbnails in `strip` lazily: the `<canvas>` elements in it, in page order (the first
   * is page 1). A thumbnail is drawn only while its `<details>` ancestor (if any) is open and it is
   * scrolled into view in `strip`, at most two at a time and never while the page itself is being
   * drawn, at the canvas's CSS width. `pageNumber` is the page shown: its thumbnail is kept in view
   * (the strip scrolls to it when the page changes and when the strip opens; the host page does not
   * move). Calling it again with the same strip only follows the page; another strip (or none) stops
   * the previous one and cancels its pending thumbnails, as `destroy()` does.
   */
  thumbnails(strip: HTMLElement | null | undefined, pageNumber?: number): void;
  /**
   * Finds `query` in the document's text — case-insensitive, Unicode-normalised (NFKC), white space
   * runs as one space, across the text items of a page (one ending a line counts as a space) — and
   * resolves with the matches in page order. Reads every page's text in order (fetching its byte
   * ranges as needed, once per page), calling `onProgress` with each page number before it is
   * read. A newer call, or `destroy()`, ends the search under way, which then resolves with
   * `undefined`; a blank query resolves with no matches at once.
   */
  find(query: string, onProgress?: (pageNumber: number) => void): Promise<PdfMatch[] | undefined>;
  /**
   * Marks `matches` (from `find`) in the text layer of the page shown and of every page drawn from
   * now on, `current` distinctly (`mark.match--current`) and scrolled into view in its scrolling
   * ancestor; `[]` removes the marks.
   */
  highlight(matches: readonly PdfMatch[], current?: PdfMatch): void;
  destroy(): Promise<void>;
}

/** How many bytes pdf.js asks for at a time. */
export const RANGE_CHUNK_SIZE = 65_536;

/** One render under way: whether it was cancelled, and the pdf.js task to cancel. */
interface Job {
  cancelled: boolean;
  running?: { cancel(): void };
}

function checkJob(job: Job): void {
  if (job.cancelled) throw new Error('cancelled');
}

/** Runs `work` as a render that `cancel()` stops (at its next step, and the pdf.js task under way). */
function cancellable(work: (job: Job) => Promise<void>): PdfRender {
  const job: Job = { cancelled: false };
  return {
    done: work(job),
    cancel() {
      job.cancelled = true;
      job.running?.cancel();
    },
  };
}

/** pdf.js appends a measuring canvas to `<body>` and relies on its own stylesheet to hide it. */
function hideMeasuringCanvases(): void {
  for (const canvas of document.querySelectorAll<HTMLCanvasElement>('body > canvas.hiddenCanvasElement')) {
    canvas.hidden = true;
    canvas.setAttribute('aria-hidden', 'true');
  }
}

/**
 * Opens a PDF. Bytes are fetched by range as pages need them (`disableAutoFetch`), through
 * `source.fetchRange`, so the widget's own session (renewed as it runs out) authorises each one.
 */
export async function openPdf(source: PdfSource): Promise<PdfDocument> {
  const own = startWorker(source.workerSrc || PDF_WORKER_URL);
  const transport = new PDFDataRangeTransport(source.size, null);
  let task: ReturnType<typeof getDocument> | undefined;
  transport.requestDataRange = (begin: number, end: number): void => {
    source.fetchRange(begin, end).then(
      (bytes) => transport.onDataRange(begin, bytes),
      (error: unknown) => {
        source.onError?.(error);
        void task?.destroy();
      },
    );
  };
  task = getDocument({
    range: transport,
    length: source.size,
    isEvalSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    rangeChunkSize: RANGE_CHUNK_SIZE,
    // Fonts from the document are used as they are; nothing else is fetched from elsewhere.
    useSystemFonts: true,
    enableXfa: false,
    ...(source.password ? { password: source.password } : {}),
    ...(own ? { worker: own.worker } : {}),
  });
  let pdf: PDFDocumentProxy;
  try {
    pdf = await task.promise;
  } catch (error) {
    // Ends the worker pdf.js started itself, when it did (a worker on another origin).
    await task.destroy().catch(() => undefined);
    own?.worker.destroy();
    own?.port.terminate();
    // pdf.js's PasswordException: code 1 asks for a password, 2 says the one given is wrong.
    if ((error as { name?: string }).name === 'PasswordException') throw new PdfPasswordError((error as { code?: number }).code === 2);
    throw error;
  }

  /** Renders `page` at `viewport` into a canvas of its own, `ratio` device pixels per CSS pixel. */
  async function paint(job: Job, page: PDFPageProxy, viewport: PageViewport, ratio: number): Promise<HTMLCanvasElement> {
    const offscreen = document.createElement('canvas');
    offscreen.width = Math.floor(viewport.width * ratio);
    offscreen.height = Math.floor(viewport.height * ratio);
    const rendering = page.render({
      canvas: offscreen,
      viewport,
      ...(ratio === 1 ? {} : { transform: [ratio, 0, 0, ratio, 0, 0] }),
    });
    job.running = rendering;
    await rendering.promise;
    checkJob(job);
    return offscreen;
  }

  /** Copies a finished rendering onto a visible canvas (which so never flashes blank). */
  function copy(canvas: HTMLCanvasElement, offscreen: HTMLCanvasElement): void {
    canvas.width = offscreen.width;
    canvas.height = offscreen.height;
    canvas.getContext('2d')?.drawImage(offscreen, 0, 0);
  }

  /** Page `pageNumber`, unless the job was cancelled while it came. */
  async function getPage(job: Job, pageNumber: number): Promise<PDFPageProxy> {
    const proxy = await pdf.getPage(pageNumber);
    checkJob(job);
    return proxy;
  }

  const ratio = (): number => window.devicePixelRatio || 1;

  // What `highlight` asked for, and the text layer drawn last, where the marks go.
  let marks: { matches: readonly PdfMatch[]; current: PdfMatch | undefined } = { matches: [], current: undefined };
  let drawnText: { pageNumber: number; layer: HTMLElement; divs: HTMLElement[] } | undefined;

  function applyMarks(): void {
    if (!drawnText) return;
    const { pageNumber, layer, divs } = drawnText;
    const current = markMatches(layer, divs, marks.matches.filter((match) => match.pageNumber === pageNumber), marks.current);
    if (current) reveal(current);
  }

  function render(pageNumber: number, canvas: HTMLCanvasElement, textLayer: HTMLElement, scale: number): PdfRender {
    return cancellable(async (job) => {
      const proxy = await getPage(job, pageNumber);
      const viewport = proxy.getViewport({ scale });
      copy(canvas, await paint(job, proxy, viewport, ratio()));
      // CSS size through CSSOM (a strict CSP blocks style attributes, not this).
      canvas.style.width = `${Math.floor(viewport.width)}px`;
      canvas.style.height = `${Math.floor(viewport.height)}px`;

      if (drawnText?.layer === textLayer) drawnText = undefined;
      textLayer.replaceChildren();
      // pdf.js sizes the text layer from this custom property (its viewer sets it on the page).
      textLayer.style.setProperty('--total-scale-factor', String(scale));
      const text = new TextLayer({ textContentSource: proxy.streamTextContent(), container: textLayer, viewport });
      job.running = text;
      await text.render();
      hideMeasuringCanvases();
      drawnText = { pageNumber, layer: textLayer, divs: text.textDivs };
      applyMarks();
    });
  }

  function thumbnail(pageNumber: number, canvas: HTMLCanvasElement, width: number): PdfRender {
    return cancellable(async (job) => {
      const proxy = await getPage(job, pageNumber);
      const viewport = proxy.getViewport({ scale: width / proxy.getViewport({ scale: 1 }).width });
      copy(canvas, await paint(job, proxy, viewport, Math.min(ratio(), 2)));
    });
  }

  // The page view: what is shown (or on its way) and on which canvas.
  let shown: { key: string; canvas: HTMLCanvasElement; render: PdfRender | undefined } | undefined;
  let destroyed = false;

  function show(pageNumber: number, canvas: HTMLCanvasElement, textLayer: HTMLElement, scale: number): Promise<number | undefined> {
    const key = `${pageNumber}@${scale}@${ratio()}`;
    if (destroyed || (shown?.key === key && shown.canvas === canvas)) return Promise.resolve(undefined);
    shown?.render?.cancel();
    const drawing = render(pageNumber, canvas, textLayer, scale);
    const entry = { key, canvas, render: drawing as PdfRender | undefined };
    shown = entry;
    return drawing.done.then(
      () => {
        if (shown !== entry) return undefined; // replaced by a newer page or zoom
        entry.render = undefined;
        canvas.dataset['renderedPage'] = String(pageNumber);
        return pageNumber;
      },
      (error: unknown) => {
        if (shown !== entry) return undefined;
        shown = undefined;
        throw error;
      },
    );
  }

  // The thumbnail strip being watched, and how to stop watching it.
  let strip: ThumbnailStrip | undefined;

  function thumbnails(element: HTMLElement | null | undefined, pageNumber = 1): void {
    if (element !== strip?.element && !destroyed) {
      strip?.stop();
      strip = element ? watchThumbnails(element, thumbnail, () => shown?.render) : undefined;
    }
    strip?.follow(pageNumber);
  }

  // Each page's text for search, read once (a read that failed is tried again by the next search).
  const texts = new Map<number, Promise<PageText>>();
  let searches = 0;

  function readText(pageNumber: number): Promise<PageText> {
    let text = texts.get(pageNumber);
    if (!text) {
      text = pdf.getPage(pageNumber).then((page) => page.getTextContent()).then(pageText);
      text.catch(() => texts.delete(pageNumber));
      texts.set(pageNumber, text);
    }
    return text;
  }

  async function find(query: string, onProgress?: (pageNumber: number) => void): Promise<PdfMatch[] | undefined> {
    const search = ++searches;
    const wanted = foldQuery(query);
    const matches: PdfMatch[] = [];
    for (let pageNumber = 1; wanted && pageNumber <= pdf.numPages; pageNumber++) {
      onProgress?.(pageNumber);
      // A page whose text cannot be read has no matches; the others are searched all the same.
      const text = await readText(pageNumber).catch(() => undefined);
      if (search !== searches || destroyed) return undefined;
      if (text) matches.push(...findIn(text, wanted, pageNumber));
    }
    return matches;
  }

  return {
    numPages: pdf.numPages,
    async pageSize(pageNumber) {
      const page = await pdf.getPage(pageNumber);
      const { width, height } = page.getViewport({ scale: 1 });
      return { width, height };
    },
    render,
    show,
    thumbnail,
    thumbnails,
    find,
    highlight(matches, current) {
      marks = { matches, current };
      applyMarks();
    },
    async destroy() {
      destroyed = true;
      strip?.stop();
      strip = undefined;
      shown?.render?.cancel();
      shown = undefined;
      await task?.destroy();
      own?.worker.destroy();
      own?.port.terminate();
    },
  };
}
