/**
 * The templates of `<doc-viewer>`'s ready state: the share, the document list, the locked state,
 * the open document's head and its Download / Print buttons, and a document loading or failed. The
 * PDF toolbar, search row, thumbnails and page are in `pdf-views.ts`, a chunk that loads with
 * pdf.js. Every server string is bound as text; no inline styles.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ShareView, SharedDocument } from '../../protocol/shares.js';
import type { ViewerLocalize } from './translations.js';
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
