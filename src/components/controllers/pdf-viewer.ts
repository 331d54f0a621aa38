/**
 * One PDF in a widget: loads pdf.js on first use, keeps the page, zoom and "fit to width", and
 * renders the current page into the canvas and text layer the host's template provides (and, if
 * it has one, page thumbnails into its thumbnail strip, lazily, in the pdf.js chunk). Text search
 * and its marks are the pdf.js chunk's too (`find`, `highlight`).
 */
import type { CSSResult, ReactiveController, ReactiveControllerHost } from 'lit';
import { loadPdfEngine, type PdfDocument, type PdfMatch, type PdfSource } from '../pdf/pdf-loader.js';
import { GuestkitError, isGuestkitError } from '../../client/errors.js';

/**
 * Where the controller is in showing its document; `password` while a protected PDF waits for
 * its password (see `unlock`).
 */
export type PdfViewerStatus = 'idle' | 'loading' | 'ready' | 'failed' | 'password';

/** What the controller needs from its host. */
export interface PdfViewerOptions {
  /** The canvas the page goes on (rendered by the host's template). */
  canvas(): HTMLCanvasElement | null | undefined;
  /** The element pdf.js puts the page's text into. */
  textLayer(): HTMLElement | null | undefined;
  /**
   * The element holding one `<canvas>` per page, in page order (the first is page 1), in which
   * thumbnails are drawn as they scroll into view — only while its `<details>`, if any, is open.
   */
  thumbnails?(): HTMLElement | null | undefined;
  /** The width a page may take at "fit to width", in CSS pixels. */
  availableWidth(): number;
  /**
   * The text layer's styles, which come with pdf.js: called once pdf.js has loaded, before a page
   * is drawn, for the host to add them to its shadow root.
   */
  adoptStyles?(styles: CSSResult): void;
  /**
   * Fetches what the host needs to show a document, such as templates and styles of its own that
   * load on demand: called as pdf.js starts loading, and loaded alongside it. The document is
   * `ready` (and `onRendered` / the host's template may use what came) only once it is here; when
   * it cannot be fetched the document fails, as when pdf.js cannot (the next `open` asks again).
   */
  loadViews?(): Promise<unknown>;
  /** A page has been drawn (canvas and text). */
  onRendered?(pageNumber: number): void;
  /** The document could not be loaded or a page not drawn. */
  onFailed?(error: unknown): void;
}

/** The zoom levels the buttons step through. */
export const ZOOM_STEPS = [0.25, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4] as const;

/**
 * Shows one PDF at a time. Opening a document loads pdf.js (once per page) and its worker; every
 * update of the host then brings the canvas in line with `pageNumber` and `scale`.
 */
export class PdfViewerController implements ReactiveController {
  status: PdfViewerStatus = 'idle';
  /** The page shown (1-based). */
  pageNumber = 1;
  numPages = 0;
  /** The zoom (1 = 100 %). Follows the available width while `fitWidth` is on. */
  scale = 1;
  fitWidth = true;
  /** In the `password` state: the password given was wrong (not merely missing). */
  passwordIncorrect = false;

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: PdfViewerOptions;
  #document: PdfDocument | undefined;
  #opening = 0;
  #pageWidth = 0;
  #resize: ResizeObserver | undefined;
  #source: PdfSource | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, options: PdfViewerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.#resize ??= new ResizeObserver(() => {
      if (this.status === 'ready' && this.fitWidth) this.#host.requestUpdate();
    });
    this.#resize.observe(this.#host);
  }

  hostDisconnected(): void {
    this.#resize?.disconnect();
  }

  hostUpdate(): void {
    // Before rendering, so the toolbar shows the zoom the page is drawn at.
    if (this.status !== 'ready' || !this.fitWidth || this.#pageWidth <= 0) return;
    this.scale = Math.max(ZOOM_STEPS[0], Math.floor((this.#options.availableWidth() / this.#pageWidth) * 100) / 100);
  }

  hostUpdated(): void {
    // The engine skips a page already drawn (or on its way) and a strip it already watches (whose
    // thumbnail of the page shown it keeps in view).
    const document = this.#document;
    const canvas = this.#options.canvas();
    const textLayer = this.#options.textLayer();
    if (this.status === 'ready' && document && canvas && textLayer) {
      document.show(this.pageNumber, canvas, textLayer, this.scale).then(
        (page) => page && this.#options.onRendered?.(page),
        (error: unknown) => this.#fail(error),
      );
    }
    document?.thumbnails(this.#options.thumbnails?.(), this.pageNumber);
  }

  /**
   * Opens a document (closing the one shown). Resolves once page 1 can be drawn, or once a
   * protected PDF asks for its password (`status: 'password'`).
   */
  async open(source: PdfSource): Promise<void> {
    const attempt = ++this.#opening;
    await this.close();
    this.#opening = attempt;
    this.#source = source;
    this.status = 'loading';
    this.#host.requestUpdate();
    try {
      const [{ openPdf, textLayerStyles }] = await Promise.all([loadPdfEngine(), this.#options.loadViews?.()]);
      this.#options.adoptStyles?.(textLayerStyles);
      const opened = await openPdf({ ...source, onError: (error) => this.#fail(error) });
      if (attempt !== this.#opening) {
        void opened.destroy();
        return;
      }
      this.#document = opened;
      this.numPages = opened.numPages;
      this.pageNumber = 1;
      this.#pageWidth = (await opened.pageSize(1)).width;
      this.status = 'ready';
    } catch (error) {
      if (attempt !== this.#opening) return;
      if ((error as Error).name === 'PdfPasswordError') {
        this.status = 'password';
        this.passwordIncorrect = (error as { incorrect?: boolean }).incorrect === true;
      } else this.#fail(error);
    }
    this.#host.requestUpdate();
  }

  /** Opens the protected PDF that asked for a password, with `password`. */
  unlock(password: string): Promise<void> {
    const source = this.#source;
    return source && this.status === 'password' ? this.open({ ...source, password }) : Promise.resolve();
  }

  /** Closes the document shown, if any. */
  async close(): Promise<void> {
    this.#opening++;
    const open = this.#document;
    this.#document = undefined;
    this.status = 'idle';
    this.numPages = 0;
    this.fitWidth = true;
    this.passwordIncorrect = false;
    this.#source = undefined;
    await open?.destroy();
  }

  /** Shows page `n` (clamped to the document). Returns whether the page changed. */
  goTo(n: number): boolean {
    const next = Math.min(Math.max(1, Math.round(n) || 1), Math.max(1, this.numPages));
    if (next === this.pageNumber) return false;
    this.pageNumber = next;
    this.#host.requestUpdate();
    return true;
  }

  /** One zoom step up (`+1`) or down (`-1`); leaves "fit to width". Returns whether the zoom changed. */
  zoom(direction: 1 | -1): boolean {
    const current = this.scale;
    const next =
      direction > 0 ? ZOOM_STEPS.find((step) => step > current * 1.01) : [...ZOOM_STEPS].reverse().find((step) => step < current * 0.99);
    if (next === undefined) return false;
    this.fitWidth = false;
    this.scale = next;
    this.#host.requestUpdate();
    return true;
  }

  /** Fits the page to the available width (and keeps it fitted as the width changes). */
  fit(): void {
    this.fitWidth = true;
    this.#host.requestUpdate();
  }

  /**
   * Finds `query` in the whole document (see `PdfDocument.find`: every page's text is read, by
   * range requests, once). Resolves with `undefined` when a newer search or closing the document
   * ended this one, or when no document is open.
   */
  find(query: string, onProgress?: (pageNumber: number) => void): Promise<PdfMatch[] | undefined> {
    return this.#document?.find(query, onProgress) ?? Promise.resolve(undefined);
  }

  /** Marks `matches` in the page shown and in every page drawn later, `current` distinctly; `[]` clears. */
  highlight(matches: readonly PdfMatch[], current?: PdfMatch): void {
    this.#document?.highlight(matches, current);
  }

  get canZoomIn(): boolean {
    return this.scale < ZOOM_STEPS[ZOOM_STEPS.length - 1]! * 0.99;
  }

  get canZoomOut(): boolean {
    return this.scale > ZOOM_STEPS[0] * 1.01;
  }

  #fail(error: unknown): void {
    if (this.status === 'failed') return;
    this.status = 'failed';
    // pdf.js's own refusal (a damaged file, a page it cannot draw) is the document's, not the
    // network's: `invalid_response`. The client's errors keep their code, and a chunk that could
    // not be fetched (a TypeError) stays a network failure.
    this.#options.onFailed?.(isGuestkitError(error) || error instanceof TypeError ? error : new GuestkitError('invalid_response', String((error as Error)?.message ?? error), { cause: error }));
    this.#host.requestUpdate();
  }
}
