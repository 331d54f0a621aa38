/** `<doc-viewer>`: a third party views and downloads the documents a firm shared with them. */
import { html, nothing, type CSSResultGroup, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { ClientErrorCode } from '../../client/errors.js';
import type { LinkSession } from '../../client/link-session.js';
import { SHARE_ROUTES, shareRoute, shareViewSchema, type ShareView, type SharedDocument } from '../../protocol/shares.js';
import { z } from '../../protocol/zod.js';
import { GuestkitLinkElement } from '../base/guestkit-link-element.js';
// Next to the base import on purpose: the bundle then keeps these strings beside the shared tables (smaller gzip).
import { viewerStrings, type ViewerLocalize } from './translations.js';
import { renderResourcePending } from '../base/widget-states.js';
import { PdfSearch } from '../controllers/pdf-search.js';
import { PdfViewerController } from '../controllers/pdf-viewer.js';
import { DocumentOpenEvent } from '../events/document-open.js';
import { errorCodeOf, GuestkitErrorEvent } from '../events/error.js';
import { widgetStyles } from '../styles/widget.styles.js';
import { docViewerStyles } from './doc-viewer.styles.js';
import {
  handOverButtons,
  openButtonId,
  renderDocumentHead,
  renderDocumentList,
  renderHeader,
  renderLocked,
  renderPdfPending,
  type DocumentHandlers,
  type ShareTemplateView,
} from './doc-viewer.templates.js';
import { PageReads } from './page-reads.js';
import { PdfPanel } from './pdf-panel.js';
import { documentKind } from './document-types.js';
import { DocumentHandOver } from './hand-over.js';
import { ImageLoader } from './image-loader.js';
import { PasswordPrompt } from './password-prompt.js';

const noContent = z.object({});

/**
 * Shows the documents a firm shared through a `view` link: title, message and until when they are
 * available; PDFs rendered with pdf.js (loaded the first time a PDF is opened, bytes fetched by
 * range), images shown as they are, everything else offered for download. Page navigation,
 * zoom, fit to width, page thumbnails (drawn as they scroll into view), selectable text, find in
 * document (Ctrl+F / ⌘F inside the viewer; every page's text is searched, not only the one drawn); download and print (PDFs, images) of the
 * original bytes unless the firm turned downloads off. Expired, revoked and protected links are
 * handled by the base class.
 *
 * @summary Document viewer for a shared link: view, download and print until the link expires.
 *
 * @event gk-document-open - A document was opened in the viewer. {@link DocumentOpenEvent}
 * @event gk-download - A document's bytes were downloaded and handed to the browser. {@link DocumentDownloadEvent}
 * @event gk-print - A document's bytes arrived and the print dialog was opened for them. {@link DocumentPrintEvent}
 * @event gk-error - The share or a document could not be loaded; carries `code` and `message`. {@link GuestkitErrorEvent}
 *
 * @csspart header - Title, message, availability. @csspart title - The share's title. @csspart message - The firm's message.
 * @csspart available-until - "Available until …". @csspart view-only - The notice that downloads are off.
 * @csspart document-list - The list of documents. @csspart document - One document.
 * @csspart document-name - Its name. @csspart document-meta - Its type and size. @csspart document-actions - Its buttons.
 * @csspart open - A "View" button. @csspart download - A "Download" button. @csspart print - A "Print" button (PDFs, images).
 * @csspart document-note - "Cannot be shown here".
 * @csspart locked - The locked state. @csspart locked-title - Its heading. @csspart locked-message - Its text. @csspart locked-invoice - The invoice it waits for.
 * @csspart document-view - An open document. @csspart back - "Back to the documents". @csspart document-title - Its name.
 * @csspart toolbar - The PDF controls. @csspart toolbar-button - Each control (also `previous`, `next`, `zoom-in`, `zoom-out`, `fit-width`).
 * @csspart page-input - The page number field. @csspart zoom-level - The zoom shown. @csspart search - The toolbar's "Search in the document" button (also `toolbar-button`).
 * @csspart search-row - The search row. @csspart search-input - Its field. @csspart search-status - "3 of 12", "No matches", "Searching… page 12 of 30".
 * @csspart search-previous - "Previous match". @csspart search-next - "Next match". @csspart search-close - "Close the search" (each also `toolbar-button`).
 * @csspart page-list - The page thumbnails (collapsed). @csspart page-link - A page in it. @csspart thumbnail - Its picture.
 * @csspart page-area - The scrolling area around the page. @csspart page - The page.
 * @csspart canvas - The rendered page. @csspart text-layer - The page's selectable text.
 * @csspart image - An image document. @csspart document-loading - While a document loads. @csspart document-error - When it could not.
 * @csspart password-form - A protected PDF's password form. @csspart password-label - Its label. @csspart password-input - The password field.
 * @csspart password-error - A wrong or missing password. @csspart password-submit - "Open".
 * @csspart announcer - The polite live region (page changes, zoom changes, search results, downloads, printing, what could not be loaded).
 *
 * @cssproperty --gk-search-highlight - The background of the search's matches in the page (translucent, so the text shows through).
 * @cssproperty --gk-search-highlight-current - The background of the match gone to (it also has an outline in `--gk-accent`).
 */
export class DocViewer extends GuestkitLinkElement {
  static override styles: CSSResultGroup = [GuestkitLinkElement.styles, widgetStyles, docViewerStyles];
  static override readonly translations = viewerStrings;
  declare protected readonly localize: ViewerLocalize;

  // Declared here rather than with decorators: the lowered decorators cost ≈ 1 KiB gzip per widget.
  static override properties: PropertyDeclarations = {
    workerSrc: { attribute: 'worker-src' },
    _share: { state: true },
    _shareError: { state: true },
    _open: { state: true },
    _announcement: { state: true },
  };

  /**
   * URL of the pdf.js worker (`pdf.worker.min.mjs` of pdfjs-dist 5.6). Leave empty to use the file
   * the build emitted next to the pdf.js chunk; set it when you host the worker elsewhere.
   */
  workerSrc = '';

  private declare _share: ShareView | undefined;
  private declare _shareError: ClientErrorCode | undefined;
  private declare _open: SharedDocument | undefined;
  private _announcement = '';
  /** The last thing said of the open document's view (a search's result, the page, the zoom): it goes with the search or the document. */
  #viewSaid = '';

  #shareFor: LinkSession | undefined;
  #viewed = new Set<string>();
  #focus: string | undefined;
  /** "Try again" was pressed on a failure panel: its button gave way to a spinner, and gets focus back if that fails too. */
  #retried = false;
  // Pages of the open PDF read (on screen a while), for the firm's activity report.
  #reads = new PageReads<LinkSession>(
    (session, documentId, pages, keepalive) => session.post(shareRoute(SHARE_ROUTES.pages, documentId), { pages }, noContent, { keepalive }),
    (documentId, page) => this._open?.id === documentId && this.pdf.pageNumber === page,
  );
  // The tab hidden (or the browser closing): what was read goes now.
  #onVisibility = (): void => {
    if (document.visibilityState === 'hidden') this.#reads.flush(true);
  };

  /** The PDF shown, if any. */
  protected readonly pdf = new PdfViewerController(this, {
    canvas: () => this.renderRoot.querySelector<HTMLCanvasElement>('[part~="canvas"]'),
    textLayer: () => this.renderRoot.querySelector<HTMLElement>('[part~="text-layer"]'),
    thumbnails: () => this.renderRoot.querySelector<HTMLElement>('.page-list__pages'),
    availableWidth: () => {
      // The page area's inner width (its padding is 0.5rem a side); before it exists, the widget's.
      const area = this.renderRoot.querySelector<HTMLElement>('[part~="page-area"]');
      return Math.max(120, area ? area.clientWidth - 16 : this.clientWidth - 34);
    },
    adoptStyles: (styles) => this.adoptLateStyles(styles),
    loadViews: (): Promise<void> => this.#panel.loadViews((styles) => this.adoptLateStyles(styles)),
    onRendered: (page) => {
      const session = this.link.session;
      if (this._open && session) this.#reads.shown(session, this._open.id, page);
    },
    onFailed: (error) => this.#reportError(error, 'document'),
  });

  /** A protected PDF's password. */
  readonly #password = new PasswordPrompt(this, this.pdf, {
    open: () => this._open,
    localize: () => this.localize,
    announce: (text) => this.#announce(text),
    failed: () => this.#loadFailed(),
    focus: (selector) => (this.#focus = selector),
  });

  /** The image document shown, if any. */
  readonly #image = new ImageLoader(this, (error) => this.#reportError(error, 'document'));

  /** Find in document, in the PDF shown. */
  protected readonly search = new PdfSearch(this, this.pdf, {
    onResult: ({ current, index, matches, query }) =>
      this.#announceView(
        current
          ? this.localize.t('viewer.search.match', { current: index + 1, total: matches.length, page: current.pageNumber })
          : this.localize.t('viewer.search.noneFor', { query: query.trim() }),
      ),
  });

  /** The drawn PDF's controls, its page and zoom, its search row and keys. */
  readonly #panel: PdfPanel = new PdfPanel(this.pdf, this.search, {
    root: () => this.renderRoot,
    localize: () => this.localize,
    announceView: (text) => this.#announceView(text),
    forgetView: () => this.#forgetView(),
    focus: (selector) => (this.#focus = selector),
  });

  /** The share as loaded for this link (title, documents, …), once it is. */
  get share(): ShareView | undefined {
    return this._share;
  }

  /** The document open in the viewer, if any. */
  get openDocument(): SharedDocument | undefined {
    return this._open;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#closeDocument();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const session = this.link.state === 'ready' ? this.link.session : undefined;
    if (session && session !== this.#shareFor) {
      this.#closeDocument();
      this.#shareFor = session;
      void this.#loadShare(session);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.#focus) {
      this.renderRoot.querySelector<HTMLElement>(this.#focus)?.focus();
      this.#focus = undefined;
    }
  }

  #announce(text: string): void {
    // The same sentence twice in a row would not be read again: make the second one differ.
    this._announcement = text === this._announcement ? `${text}\u00a0` : text;
  }

  /** Announces a state of the open document's view (a search's result, the page, the zoom), which `#forgetView` takes back. */
  #announceView(text: string): void {
    this.#announce(text);
    this.#viewSaid = this._announcement;
  }

  /**
   * The search closed or the document did: what was said of its view goes from the live region,
   * where a screen reader would still find it (a search's result, with an image open). Anything
   * said since (a download, a failure) stays.
   */
  #forgetView(): void {
    if (this._announcement === this.#viewSaid) this._announcement = '';
  }

  /**
   * Reports a failure (a `gk-error`, or the link's end) and answers its code. `shown`: what was
   * loading (the share, a document), whose failure panel now shows instead.
   */
  #reportError(error: unknown, shown?: 'share' | 'document'): ClientErrorCode {
    const code = errorCodeOf(error);
    // The link ended with the page open: its state (and "send me a fresh link") says so.
    if (this.linkEnded(code)) return code;
    this.emit(new GuestkitErrorEvent({ code, message: this.localize.t(`code.${code}`) }));
    if (shown) this.#loadFailed(shown === 'share' ? this.localize.t(`code.${code}`) : undefined);
    return code;
  }

  /**
   * The share or a document could not be loaded. Its panel (a group, not a live region) replaced
   * the loading status: the announcer says what the panel says. After "Try again", whose button
   * gave way to the spinner, focus goes back to that button.
   */
  #loadFailed(text = this.localize.t('viewer.loadFailed')): void {
    this.#announce(text);
    if (this.#retried) this.#focus = '.state .button, .document-error .button';
  }

  /** "Try again" on a failure panel: loads again, with focus meanwhile on the document's heading (when a document is open). */
  #retry(load: () => unknown): void {
    load();
    this.#retried = true;
    this.#focus = '#gk-viewer-document-title';
  }

  async #loadShare(session: LinkSession): Promise<void> {
    this._shareError = undefined;
    try {
      const share = await session.get(SHARE_ROUTES.share, shareViewSchema);
      if (session !== this.#shareFor) return;
      this._share = share;
      if (this.#retried) this.#focus = '[part~="title"]';
    } catch (error) {
      if (session === this.#shareFor) this._shareError = this.#reportError(error, 'share');
    }
  }

  /** Bytes `begin`..`end` (exclusive) of a document, through the session (renewed as needed). */
  async #fetchRange(session: LinkSession, document: SharedDocument, begin: number, end: number): Promise<Uint8Array> {
    const response = await session.raw('GET', shareRoute(SHARE_ROUTES.content, document.id), {
      headers: { range: `bytes=${begin}-${end - 1}` },
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A server without range support answers 200 with everything: take the part asked for.
    return response.status === 206 ? bytes : bytes.subarray(begin, end);
  }

  #openDocument(document: SharedDocument): void {
    const session = this.link.session;
    if (!session) return;
    this.#closeDocument();
    this._open = document;
    this.#focus = '#gk-viewer-document-title';
    this.emit(new DocumentOpenEvent({ document }));
    if (!this.#viewed.has(document.id)) {
      this.#viewed.add(document.id);
      // The audit record; a failure here must not stop the visitor from reading.
      session.post(shareRoute(SHARE_ROUTES.viewed, document.id), {}, noContent).catch(() => this.#viewed.delete(document.id));
    }
    if (documentKind(document) === 'image') void this.#image.load(session, document);
    else if (documentKind(document) === 'pdf') void this.#loadPdf(session, document);
  }

  async #loadPdf(session: LinkSession, document: SharedDocument): Promise<void> {
    await this.pdf.open({
      size: document.size,
      fetchRange: (begin, end) => this.#fetchRange(session, document, begin, end),
      ...(this.workerSrc ? { workerSrc: this.workerSrc } : {}),
    });
    this.#password.opened(document);
  }

  #closeDocument(): void {
    this.#reads.hidden();
    this.search.close();
    this.#forgetView();
    this.#image.close();
    this.#retried = false;
    this._open = undefined;
    this.#password.close();
    void this.pdf.close();
  }

  #back = (): void => {
    const document = this._open;
    this.#closeDocument();
    const index = this._share?.documents.findIndex((each) => each === document) ?? -1;
    this.#focus = index >= 0 ? `#${openButtonId(index)}` : '#gk-viewer-documents-title';
  };

  /** Downloads and prints of the original bytes. */
  readonly #handOver = new DocumentHandOver(this, {
    session: () => this.link.session,
    localize: () => this.localize,
    root: () => this.renderRoot,
    announce: (text) => this.#announce(text),
    reportError: (error) => this.#reportError(error),
    emit: (event) => this.emit(event),
  });

  readonly #handlers: DocumentHandlers = {
    open: (document) => this.#openDocument(document),
    handOver: (action, document) => void this.#handOver.run(action, document),
    busy: (action, document) => this.#handOver.busy(action, document),
  };

  #renderPdf(document: SharedDocument, share: ShareView): TemplateResult {
    const { localize, pdf } = this;
    const handOver = handOverButtons(localize, share, document, this.#handlers);
    const form = this.#password.render(handOver);
    if (form) return form;
    return (
      this.#panel.render(document, handOver) ??
      renderPdfPending(localize, pdf.status === 'failed' || this.#password.formFailed, () =>
        this.#retry(() => {
          const session = this.link.session;
          if (pdf.status === 'password') void this.#password.ask('');
          else if (session) void this.#loadPdf(session, document);
        }),
      )
    );
  }

  #renderImage(document: SharedDocument, share: ShareView): TemplateResult {
    const { localize } = this;
    const { image } = this.#image;
    const download = share.allowDownload
      ? html`<div class="toolbar">${handOverButtons(localize, share, document, this.#handlers)}</div>`
      : nothing;
    if (!image || image.failed) return renderPdfPending(localize, image?.failed ?? false, () => this.#retry(() => this.#openDocument(document)));
    return html`${download}
      <div part="page-area" class="page-area page-area--image" tabindex="0" role="region" aria-label=${localize.t('viewer.imageArea', { name: document.name })}>
        <img part="image" class="image" src=${image.url} alt=${document.name} />
      </div>`;
  }

  #renderDocument(document: SharedDocument, share: ShareView): TemplateResult {
    const { localize } = this;
    const kind = documentKind(document);
    const body =
      kind === 'pdf'
        ? this.#renderPdf(document, share)
        : kind === 'image'
          ? this.#renderImage(document, share)
          : html`<p part="document-note" class="document__note">
                ${localize.t(share.allowDownload ? 'viewer.noPreview' : 'viewer.noPreviewNoDownload')}
              </p>
              ${handOverButtons(localize, share, document, this.#handlers)}`;
    return html`<section part="document-view" class="document-view" aria-labelledby="gk-viewer-document-title" @keydown=${this.#panel.onKey}>
      ${renderDocumentHead(localize, document, this.#back)} ${body}
    </section>`;
  }

  #renderShare(share: ShareView): TemplateResult {
    const view: ShareTemplateView = { localize: this.localize, share };
    const open = this._open;
    const body = share.locked
      ? renderLocked(view)
      : open
        ? this.#renderDocument(open, share)
        : renderDocumentList(view, this.#handlers);
    return html`<div class="viewer">${renderHeader(view)} ${body}</div>`;
  }

  protected override renderReady(session: LinkSession): TemplateResult {
    const share = this._share;
    // The announcer is there while the share loads too, so that a share that could not be loaded is said.
    return html`${share ? this.#renderShare(share) : renderResourcePending(this.localize, this._shareError, () => this.#retry(() => this.#loadShare(session)))}
      <div part="announcer" class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>`;
  }
}
