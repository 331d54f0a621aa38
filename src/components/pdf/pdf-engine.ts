/**
 * pdf.js behind a small surface: open a document whose bytes come in by range, render a page onto
 * a canvas (at the screen's pixel ratio) with a text layer for selection and screen readers.
 *
 * This module is loaded lazily (`import('./pdf-engine.js')` in `pdf-loader.ts`) and imports
 * nothing the widgets import, so bundlers keep it and pdf.js in a chunk of their own.
 */
import { getDocument, GlobalWorkerOptions, PDFDataRangeTransport, PDFWorker, TextLayer, type PDFDocumentProxy } from 'pdfjs-dist';
import { PDF_WORKER_URL } from './pdf-worker-url.js';

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
  /** Renders `pageNumber` at `scale` onto `canvas`, and its text into `textLayer` (emptied first). */
  render(pageNumber: number, canvas: HTMLCanvasElement, textLayer: HTMLElement, scale: number): PdfRender;
  destroy(): Promise<void>;
}

/** How many bytes pdf.js asks for at a time. */
export const RANGE_CHUNK_SIZE = 65_536;

/** pdf.js appends a measuring canvas to `<body>` and relies on its own stylesheet to hide it. */
function hideMeasuringCanvases(): void {
  for (const canvas of document.querySelectorAll<HTMLCanvasElement>('body > canvas.hiddenCanvasElement')) {
    canvas.hidden = true;
    canvas.setAttribute('aria-hidden', 'true');
  }
}

/** The Trusted Types policy name the worker is started through; hosts that restrict names must allow it. */
export const PDF_WORKER_POLICY = 'guestkit-pdf-worker';

type TrustedTypesLike = { createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown } };
type Policy = { createScriptURL(url: string): unknown };
let policy: Policy | null | undefined;

// One policy, made on first use, that only ever vouches for the worker URL it is asked about
// when that URL is the configured worker's (same origin, same path).
function workerPolicy(): Policy | null {
  if (policy !== undefined) return policy;
  const trustedTypes = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
  if (!trustedTypes) return (policy = null);
  try {
    policy = trustedTypes.createPolicy(PDF_WORKER_POLICY, {
      createScriptURL: (candidate) => {
        if (!allowedWorkers.has(candidate)) throw new TypeError('not the pdf.js worker');
        return candidate;
      },
    });
  } catch {
    policy = null; // the host does not allow the name: pdf.js's own fallback applies
  }
  return policy;
}
const allowedWorkers = new Set<string>();

// pdf.js starts its worker from a plain string, which a page enforcing Trusted Types refuses
// (pdf.js then runs everything on the main thread). So each document gets a worker started here,
// through the policy, and handed to pdf.js as a port; it is terminated with the document.
function startWorker(url: string): { worker: PDFWorker; port: Worker } | null {
  const absolute = new URL(url, location.href);
  GlobalWorkerOptions.workerSrc = absolute.href; // pdf.js's own way, if ours is not possible
  if (absolute.origin !== location.origin) return null; // pdf.js wraps cross-origin workers itself
  allowedWorkers.add(absolute.href);
  const trusted = (globalThis as { trustedTypes?: unknown }).trustedTypes ? workerPolicy() : null;
  if ((globalThis as { trustedTypes?: unknown }).trustedTypes && !trusted) return null;
  try {
    const port = new Worker((trusted ? trusted.createScriptURL(absolute.href) : absolute.href) as string, { type: 'module' });
    // pdf.js types `port` too narrowly; a Worker is what it takes.
    return { worker: new PDFWorker({ port: port as unknown as null }), port };
  } catch {
    return null;
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
    ...(own ? { worker: own.worker } : {}),
  });
  let pdf: PDFDocumentProxy;
  try {
    pdf = await task.promise;
  } catch (error) {
    own?.worker.destroy();
    own?.port.terminate();
    throw error;
  }

  return {
    numPages: pdf.numPages,
    async pageSize(pageNumber) {
      const page = await pdf.getPage(pageNumber);
      const { width, height } = page.getViewport({ scale: 1 });
      return { width, height };
    },
    render(pageNumber, canvas, textLayer, scale) {
      let cancelled = false;
      let cancelCurrent = (): void => undefined;
      const done = (async () => {
        const page = await pdf.getPage(pageNumber);
        if (cancelled) throw new Error('cancelled');
        const viewport = page.getViewport({ scale });
        const ratio = window.devicePixelRatio || 1;
        // Render into a canvas of its own, then copy: the visible page never flashes blank.
        const offscreen = document.createElement('canvas');
        offscreen.width = Math.floor(viewport.width * ratio);
        offscreen.height = Math.floor(viewport.height * ratio);
        const task = page.render({
          canvas: offscreen,
          viewport,
          ...(ratio === 1 ? {} : { transform: [ratio, 0, 0, ratio, 0, 0] }),
        });
        cancelCurrent = () => task.cancel();
        await task.promise;
        if (cancelled) throw new Error('cancelled');
        canvas.width = offscreen.width;
        canvas.height = offscreen.height;
        // CSS size through CSSOM (a strict CSP blocks style attributes, not this).
        canvas.style.width = `${Math.floor(viewport.width)}px`;
        canvas.style.height = `${Math.floor(viewport.height)}px`;
        canvas.getContext('2d')?.drawImage(offscreen, 0, 0);

        textLayer.replaceChildren();
        // pdf.js sizes the text layer from this custom property (its viewer sets it on the page).
        textLayer.style.setProperty('--total-scale-factor', String(scale));
        const text = new TextLayer({ textContentSource: page.streamTextContent(), container: textLayer, viewport });
        cancelCurrent = () => text.cancel();
        await text.render();
        hideMeasuringCanvases();
      })();
      return {
        done,
        cancel() {
          cancelled = true;
          cancelCurrent();
        },
      };
    },
    async destroy() {
      await task?.destroy();
      own?.worker.destroy();
      own?.port.terminate();
    },
  };
}
