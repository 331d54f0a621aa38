/**
 * The templates of `<doc-viewer>`'s ready state: the share, the document list, the locked state
 * and the document view with its toolbar. Every server string is bound as text; no inline styles.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ShareView, SharedDocument } from '../../protocol/shares.js';
import type { ViewerLocalize } from './translations.js';
import type { PdfSearch } from '../controllers/pdf-search.js';
import type { PdfViewerController } from '../controllers/pdf-viewer.js';
import { formatBytes } from '../upload/format.js';
import { documentKind, typeInWords } from './document-types.js';

/** What the templates need from the widget. */
export interface ShareTemplateView {
  readonly localize: ViewerLocalize;
  readonly share: ShareView;
}

/** What hands a document's original bytes over: saving them, or printing them. */
export type HandOver = 'download' | 'print';

/** The widget's handlers for document controls. */
export interface DocumentHandlers {
  open(document: SharedDocument): void;
  /** Downloads or prints the document's original bytes. */
  handOver(action: HandOver, document: SharedDocument): void;
  /** Whether that is under way for the document (its button is then busy). */
  busy(action: HandOver, document: SharedDocument): boolean;
}

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

/** The id of a document's "View" button (focus returns there from the document). */
export const openButtonId = (index: number): string => `gk-viewer-open-${index}`;

/** Title, message, "available until" and, without downloads, "view only". */
export function renderHeader({ localize, share }: ShareTemplateView): TemplateResult {
  return html`<div part="header" class="header">
    <h2 part="title" class="title" tabindex="-1" data-gk-focus>${share.title}</h2>
    ${share.message ? html`<p part="message" class="message">${share.message}</p>` : nothing}
    <p part="available-until" class="available-until">
      ${localize.t('viewer.availableUntil', { date: localize.formatDate(share.availableUntil) })}
    </p>
    ${share.allowDownload || share.locked ? nothing : html`<p part="view-only" class="view-only">${localize.t('viewer.viewOnly')}</p>`}
  </div>`;
}

function meta(localize: ViewerLocalize, document: SharedDocument): string {
  return `${typeInWords(localize, document)} · ${formatBytes(document.size, localize.intlLocale)}`;
}

function handOverButton(action: HandOver, localize: ViewerLocalize, document: SharedDocument, on: DocumentHandlers): TemplateResult {
  const busy = on.busy(action, document);
  return html`<button
    part=${action}
    class="button button--secondary"
    type="button"
    aria-label=${localize.t(`viewer.${action}Named`, { name: document.name })}
    aria-disabled=${busy ? 'true' : 'false'}
    @click=${() => busy || on.handOver(action, document)}
  >
    ${localize.t(`viewer.${action}`)}
  </button>`;
}

/**
 * "Download" and, for what a browser can print (PDFs, images), "Print" — both only when the firm
 * allows downloads (printing hands over the same bytes). A button is `aria-disabled` while busy.
 */
export function handOverButtons(
  localize: ViewerLocalize,
  share: ShareView,
  document: SharedDocument,
  on: DocumentHandlers,
): TemplateResult | typeof nothing {
  if (!share.allowDownload) return nothing;
  return html`${handOverButton('download', localize, document, on)}
  ${documentKind(document) === 'other' ? nothing : handOverButton('print', localize, document, on)}`;
}

/** The documents, each with "View" (PDFs, images), "Download" and "Print" (when the firm allows downloads). */
export function renderDocumentList({ localize, share }: ShareTemplateView, on: DocumentHandlers): TemplateResult {
  if (share.documents.length === 0) return html`<p part="empty" class="empty">${localize.t('viewer.empty')}</p>`;
  return html`<section class="documents" aria-labelledby="gk-viewer-documents-title">
    <h3 id="gk-viewer-documents-title" class="documents__title">${localize.t('viewer.documents', { count: share.documents.length })}</h3>
    <ul part="document-list" class="document-list">
      ${share.documents.map((document, index) => {
        const viewable = documentKind(document) !== 'other';
        return html`<li part="document" class="document">
          <div class="document__text">
            <span part="document-name" class="document__name">${document.name}</span>
            <span part="document-meta" class="document__meta">${meta(localize, document)}</span>
          </div>
          <div part="document-actions" class="document__actions">
            ${viewable
              ? html`<button
                  id=${openButtonId(index)}
                  part="open"
                  class="button"
                  type="button"
                  aria-label=${localize.t('viewer.openNamed', { name: document.name })}
                  @click=${() => on.open(document)}
                >
                  ${localize.t('viewer.open')}
                </button>`
              : nothing}
            ${handOverButtons(localize, share, document, on)}
            ${!viewable && !share.allowDownload
              ? html`<span part="document-note" class="document__note">${localize.t('viewer.noPreviewNoDownload')}</span>`
              : nothing}
          </div>
        </li>`;
      })}
    </ul>
  </section>`;
}

/** Locked until an invoice is paid: says so, lists what will come, offers no document controls. */
export function renderLocked({ localize, share }: ShareTemplateView): TemplateResult {
  return html`<section part="locked" class="locked" role="group" aria-labelledby="gk-viewer-locked-title">
    <h3 id="gk-viewer-locked-title" part="locked-title" class="locked__title">${localize.t('viewer.locked.title')}</h3>
    <p part="locked-message" class="locked__message">${localize.t('viewer.locked.message')}</p>
    ${share.locked ? html`<p part="locked-invoice" class="locked__message">${localize.t('viewer.locked.invoice', { invoice: share.locked.invoiceId })}</p>` : nothing}
    ${share.documents.length === 0
      ? nothing
      : html`<ul part="document-list" class="document-list">
      ${share.documents.map(
        (document) => html`<li part="document" class="document">
          <div class="document__text">
            <span part="document-name" class="document__name">${document.name}</span>
            <span part="document-meta" class="document__meta">${meta(localize, document)}</span>
          </div>
        </li>`,
      )}
    </ul>`}
  </section>`;
}

/**
 * The heading row of an open document: "back", its name, and its type and size. The arrow's space
 * is inside the hidden arrow, so that "back" is named by its words alone (no leading space).
 */
export function renderDocumentHead(localize: ViewerLocalize, document: SharedDocument, back: () => void): TemplateResult {
  return html`<div class="document-view__head">
    <button part="back" class="link-button" type="button" @click=${back}>
      <span aria-hidden="true">← </span><span class="back__text">${localize.t('viewer.back')}</span>
    </button>
    <h3 id="gk-viewer-document-title" part="document-title" class="document-view__title" tabindex="-1">${document.name}</h3>
    <p class="document__meta">${meta(localize, document)}</p>
  </div>`;
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

/** While pdf.js loads the document, or when it could not. */
export function renderPdfPending(localize: ViewerLocalize, failed: boolean, retry: () => void): TemplateResult {
  return failed
    ? html`<div part="document-error" class="document-error" role="group" aria-label=${localize.t('error.title')}>
        <p>${localize.t('viewer.loadFailed')}</p>
        <button class="button" type="button" @click=${retry}>${localize.t('retry')}</button>
      </div>`
    : html`<div part="document-loading" class="document-loading" role="status">
        <span part="spinner" class="spinner" aria-hidden="true"></span>
        <span>${localize.t('viewer.loadingDocument')}</span>
      </div>`;
}
