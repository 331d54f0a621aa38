/**
 * `<doc-viewer>`'s open PDF once it is drawn: the views that come with pdf.js (toolbar, search row,
 * page list, page), going to a page, zooming, the search row opened and closed, and the keyboard
 * shortcuts. The element keeps what comes before: loading, the password form, failures.
 */
import { html, type CSSResult, type nothing, type TemplateResult } from 'lit';
import type { PdfSearch } from '../controllers/pdf-search.js';
import type { PdfViewerController } from '../controllers/pdf-viewer.js';
import type { SharedDocument } from '../../protocol/shares.js';
import type { ViewerLocalize } from './translations.js';

/** The PDF views (toolbar, search row, thumbnails, page, their styles and keys): a chunk of their own. */
type PdfViews = typeof import('./pdf-views.js');

let pdfViews: Promise<PdfViews> | undefined;

/**
 * The PDF views, fetched the first time a PDF opens, alongside pdf.js (see `loadViews` in
 * `PdfViewerOptions`): they can only show once pdf.js has loaded. Later calls share the load; a
 * failed one (offline) is tried again by the next.
 */
function loadPdfViews(): Promise<PdfViews> {
  pdfViews ??= import('./pdf-views.js').catch((error: unknown) => {
    pdfViews = undefined;
    throw error;
  });
  return pdfViews;
}

/** What the panel needs of the element. */
export interface PdfPanelHost {
  /** The element's shadow root. */
  root(): ParentNode;
  localize(): ViewerLocalize;
  /** Says a state of the view (the page, the zoom) in the live region. */
  announceView(text: string): void;
  /** Takes back what was said of the view (the search closed). */
  forgetView(): void;
  /** Focuses `selector` after the next render. */
  focus(selector: string): void;
}

/** The open PDF's controls and keys, over `pdf` and its `search`. */
export class PdfPanel {
  /** The PDF views, once a PDF has opened (its toolbar, page, … can only show then). */
  #views: PdfViews | undefined;

  constructor(
    private readonly pdf: PdfViewerController,
    private readonly search: PdfSearch,
    private readonly host: PdfPanelHost,
  ) {}

  /** For `PdfViewerOptions.loadViews`: fetches the views and hands their styles to `adopt`. */
  async loadViews(adopt: (styles: CSSResult) => void): Promise<void> {
    const views = await loadPdfViews();
    adopt(views.pdfViewStyles);
    this.#views = views;
  }

  /** Goes to `page` and says so, the page area scrolled to its top. */
  goTo = (page: number): void => {
    if (!this.pdf.goTo(page)) return;
    this.host.announceView(this.host.localize().t('viewer.pageStatus', { page: this.pdf.pageNumber, total: this.pdf.numPages }));
    this.host.root().querySelector<HTMLElement>('[part~="page-area"]')?.scrollTo?.({ top: 0 });
  };

  /** Opens the search row with focus in its field; open already, focuses the field and selects the query. */
  openSearch = (): void => {
    const input = this.host.root().querySelector<HTMLInputElement>('#gk-viewer-search');
    input?.focus();
    input?.select();
    this.search.show();
    this.host.focus('#gk-viewer-search');
  };

  /** Closes the search row (its marks go) and gives focus back to the Search button. */
  closeSearch = (): void => {
    this.search.close();
    this.host.forgetView();
    this.host.focus('[part~="search"]');
  };

  readonly #searchHandlers = {
    type: (query: string) => this.search.type(query),
    step: (direction: 1 | -1) => this.search.step(direction),
    close: this.closeSearch,
  };

  /** The open PDF's keyboard shortcuts (see `viewerKeyAction`). */
  onKey = (event: KeyboardEvent): void => {
    const views = this.#views;
    if (this.pdf.status !== 'ready' || !views) return;
    const { pageNumber, numPages } = this.pdf;
    const action = views.viewerKeyAction(event, { pageNumber, numPages, searching: this.search.open && this.search.query.trim() !== '' });
    if (!action) return;
    event.preventDefault();
    if ('step' in action) this.search.step(action.step);
    else if ('search' in action) this.openSearch();
    else this.goTo(action.page);
  };

  /**
   * The drawn PDF: toolbar (with `handOver`'s buttons), search row, page list and page; `undefined`
   * until it is ready, which includes its views having arrived (`loadViews`).
   */
  render(document: SharedDocument, handOver: TemplateResult | typeof nothing): TemplateResult | undefined {
    const { pdf, search } = this;
    const views = this.#views;
    if (pdf.status !== 'ready' || !views) return undefined;
    const localize = this.host.localize();
    const handlers = {
      goTo: this.goTo,
      // Said (the level is not shown on a phone); not when the first page is drawn.
      zoom: (direction: 1 | -1) => pdf.zoom(direction) && this.host.announceView(views.zoomLevel(localize, pdf.scale)),
      fit: () => pdf.fit(),
      toggleSearch: () => (search.open ? this.closeSearch() : this.openSearch()),
    };
    return html`${views.renderPdfToolbar(localize, pdf, handlers, handOver, search.open)}
    ${views.renderSearch(localize, search, pdf.numPages, this.#searchHandlers)} ${views.renderPageList(localize, pdf, this.goTo)}
    ${views.renderPage(localize, pdf, document.name)}`;
  }
}
