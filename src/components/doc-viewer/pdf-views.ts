/**
 * `<doc-viewer>`'s PDF views: the toolbar, the search row, the page thumbnails and the page, with
 * their styles and the open PDF's keyboard shortcuts. They can only show once pdf.js has loaded, so
 * they are a chunk of their own, fetched with the pdf.js chunk when the first PDF opens (see
 * `loadPdfViews` in `doc-viewer.component.ts`); the document list, the image view, downloads and
 * the link states stay in the widget's entry.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { PdfSearch } from '../controllers/pdf-search.js';
import type { PdfViewerController } from '../controllers/pdf-viewer.js';
import type { ViewerLocalize } from './translations.js';

export { pdfViewStyles } from './pdf-views.styles.js';
export { viewerKeyAction, type ViewerKeyAction, type ViewerKeyState } from './viewer-keys.js';

/** The PDF controls' handlers. */
export interface PdfHandlers {
  goTo(page: number): void;
  zoom(direction: 1 | -1): void;
  fit(): void;
  /** Shows or hides the search row. */
  toggleSearch(): void;
}

/** The search row's handlers. */
export interface SearchHandlers {
  /** The query changed (it is searched once typing pauses). */
  type(query: string): void;
  /** The next (`1`) or previous (`-1`) match. */
  step(direction: 1 | -1): void;
  close(): void;
}

/**
 * A toolbar button. One that has nothing to do (the last page's "next", the largest zoom's "+") is
 * `aria-disabled`, not `disabled`: it keeps the keyboard focus that just pressed it, and stays
 * findable by Tab (a toolbar's way); pressing it does nothing, as its action checks. Its name is its
 * `title` (the icon is hidden), which is also its tooltip: with an `aria-label` as well, the same
 * words would be read again as its description.
 */
function toolButton(part: string, label: string, icon: string, onClick: () => void, disabled = false, pressed?: boolean): TemplateResult {
  return html`<button
    part="toolbar-button ${part}"
    class="tool"
    type="button"
    title=${label}
    aria-disabled=${disabled}
    aria-pressed=${pressed === undefined ? nothing : String(pressed)}
    @click=${onClick}
  >
    <span aria-hidden="true">${icon}</span>
  </button>`;
}

/** "Search in the document": shows and hides the search row (a magnifying glass, `aria-expanded`); named by its `title`, as `toolButton`. */
function searchButton(label: string, open: boolean, toggle: () => void): TemplateResult {
  return html`<button part="toolbar-button search" class="tool" type="button" title=${label} aria-expanded=${String(open)} @click=${toggle}>
    <svg class="tool__icon" viewBox="0 0 24 24" aria-hidden="true"><circle cx="10" cy="10" r="6.5" /><path d="m15 15 6 6" /></svg>
  </button>`;
}

/** "Zoom 150 %": shown in the toolbar, and announced when the zoom buttons change it. */
export const zoomLevel = (localize: ViewerLocalize, scale: number): string =>
  localize.t('viewer.zoomLevel', { percent: new Intl.NumberFormat(localize.intlLocale, { style: 'percent' }).format(scale) });

/**
 * Page navigation, zoom, fit to width, search and (when allowed) download and print. The page field
 * is named "Page" by its label and described by "of 30", which is hidden inside the label so that
 * it is not read twice (as part of the name too).
 */
export function renderPdfToolbar(
  localize: ViewerLocalize,
  pdf: PdfViewerController,
  on: PdfHandlers,
  handOver: TemplateResult | typeof nothing,
  searchOpen: boolean,
): TemplateResult {
  const { pageNumber, numPages } = pdf;
  const onPage = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    on.goTo(Number(input.value));
    input.value = String(pdf.pageNumber); // out of range or empty: show the page really shown
  };
  return html`<div part="toolbar" class="toolbar" role="group" aria-label=${localize.t('viewer.toolbar')}>
    <div class="toolbar__group">
      ${toolButton('previous', localize.t('viewer.previous'), '‹', () => on.goTo(pageNumber - 1), pageNumber <= 1)}
      <label class="page-number">
        <span class="page-number__label">${localize.t('viewer.pageLabel')}</span>
        <input
          part="page-input"
          class="page-number__input"
          type="number"
          inputmode="numeric"
          min="1"
          max=${numPages}
          .value=${String(pageNumber)}
          aria-describedby="gk-viewer-page-total"
          @change=${onPage}
        />
        <span id="gk-viewer-page-total" class="page-number__total" aria-hidden="true">${localize.t('viewer.pageOf', { total: numPages })}</span>
      </label>
      ${toolButton('next', localize.t('viewer.next'), '›', () => on.goTo(pageNumber + 1), pageNumber >= numPages)}
    </div>
    <div class="toolbar__group">
      ${toolButton('zoom-out', localize.t('viewer.zoomOut'), '−', () => on.zoom(-1), !pdf.canZoomOut)}
      <span part="zoom-level" class="zoom-level">${zoomLevel(localize, pdf.scale)}</span>
      ${toolButton('zoom-in', localize.t('viewer.zoomIn'), '+', () => on.zoom(1), !pdf.canZoomIn)}
      ${toolButton('fit-width', localize.t('viewer.fitWidth'), '↔', on.fit, false, pdf.fitWidth)}
    </div>
    <div class="toolbar__group">${searchButton(localize.t('viewer.search'), searchOpen, on.toggleSearch)}</div>
    ${handOver === nothing ? nothing : html`<div class="toolbar__group toolbar__group--end">${handOver}</div>`}
  </div>`;
}

/** Where the search is: "Searching… page 12 of 30", "3 of 12", "No matches", or nothing before a query. */
function searchStatus(localize: ViewerLocalize, search: PdfSearch, numPages: number): string {
  if (search.searching !== undefined) return localize.t('viewer.search.searching', { page: search.searching, total: numPages });
  if (search.current) return localize.t('viewer.search.count', { current: search.index + 1, total: search.matches.length });
  return search.query.trim() ? localize.t('viewer.search.none') : '';
}

/**
 * The search row, while open: the query (searched as typing pauses; Enter goes to the next match,
 * Shift+Enter to the previous), previous / next match, where the search is, and close (also Escape).
 */
export function renderSearch(localize: ViewerLocalize, search: PdfSearch, numPages: number, on: SearchHandlers): TemplateResult | typeof nothing {
  if (!search.open) return nothing;
  const none = search.matches.length === 0;
  const onKey = (event: KeyboardEvent): void => {
    const enter = event.key === 'Enter' && !event.isComposing && event.target instanceof HTMLInputElement;
    if (event.key !== 'Escape' && !enter) return;
    event.preventDefault();
    if (enter) on.step(event.shiftKey ? -1 : 1);
    else on.close();
  };
  return html`<div part="search-row" class="search" role="search" @keydown=${onKey}>
    <label class="search__label" for="gk-viewer-search">${localize.t('viewer.search')}</label>
    <input
      id="gk-viewer-search"
      part="search-input"
      class="search__input"
      type="search"
      autocomplete="off"
      enterkeyhint="search"
      .value=${search.query}
      aria-describedby="gk-viewer-search-status"
      @input=${(event: Event) => on.type((event.target as HTMLInputElement).value)}
    />
    ${toolButton('search-previous', localize.t('viewer.search.previous'), '↑', () => on.step(-1), none)}
    ${toolButton('search-next', localize.t('viewer.search.next'), '↓', () => on.step(1), none)}
    <span id="gk-viewer-search-status" part="search-status" class="search__status">${searchStatus(localize, search, numPages)}</span>
    ${toolButton('search-close', localize.t('viewer.search.close'), '×', on.close)}
  </div>`;
}

/**
 * Every page as a button with its thumbnail (collapsed so it fits a phone). The canvases stay
 * empty here: the controller has the pdf.js chunk draw them as they scroll into view.
 */
export function renderPageList(localize: ViewerLocalize, pdf: PdfViewerController, goTo: (page: number) => void): TemplateResult {
  const pages = Array.from({ length: pdf.numPages }, (_, i) => i + 1);
  return html`<details part="page-list" class="page-list">
    <summary>${localize.t('viewer.pages', { count: pdf.numPages })}</summary>
    <ol class="page-list__pages">
      ${pages.map(
        (page) => html`<li>
          <button
            part="page-link"
            class="page-link"
            type="button"
            aria-current=${page === pdf.pageNumber ? 'page' : 'false'}
            @click=${() => goTo(page)}
          >
            <canvas part="thumbnail" class="thumbnail" aria-hidden="true"></canvas>
            ${localize.t('viewer.goToPage', { page })}
          </button>
        </li>`,
      )}
    </ol>
  </details>`;
}

/** The page: canvas (an image named "Page 3 of 30") with pdf.js's text layer on top for selection. */
export function renderPage(localize: ViewerLocalize, pdf: PdfViewerController, name: string): TemplateResult {
  const label = localize.t('viewer.pageStatus', { page: pdf.pageNumber, total: pdf.numPages });
  return html`<div
    part="page-area"
    class="page-area"
    tabindex="0"
    role="region"
    aria-label=${localize.t('viewer.pageArea', { name })}
  >
    <div part="page" class="page">
      <canvas part="canvas" class="page__canvas" role="img" aria-label=${label}></canvas>
      <div part="text-layer" class="textLayer"></div>
    </div>
  </div>`;
}
