/** The `gk-print` event: the recipient printed a shared document from `<doc-viewer>`. */
import type { SharedDocument } from '../../protocol/shares.js';
import { GuestkitEvent } from './guestkit-event.js';

/** What a `gk-print` event carries. */
export interface DocumentPrintDetail {
  /** The document printed (id, name, type, size). */
  readonly document: SharedDocument;
}

/**
 * Emitted once the document's original bytes have arrived and the browser's print dialog was
 * opened for them (or, where a page cannot print a frame, the bytes were opened in a new tab to be
 * printed from there). Whether the visitor then really printed, the browser does not say. The
 * bytes come through the download route, so the adapter records `share.downloaded`.
 *
 * @summary `gk-print` — bubbles, composed, not cancelable.
 * @example
 * ```ts
 * viewer.addEventListener('gk-print', (e) => analytics.track('printed', e.document.id));
 * ```
 */
export class DocumentPrintEvent extends GuestkitEvent<DocumentPrintDetail> implements DocumentPrintDetail {
  /** The event's type. */
  static readonly type = 'gk-print';
  declare readonly document: SharedDocument;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gk-print': DocumentPrintEvent;
  }
}
