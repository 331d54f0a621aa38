/** The `gk-document-open` event: the recipient opened a shared document in `<doc-viewer>`. */
import type { SharedDocument } from '../../protocol/shares.js';
import { GuestkitEvent } from './guestkit-event.js';

/** What a `gk-document-open` event carries. */
export interface DocumentOpenDetail {
  /** The document opened (id, name, type, size). */
  readonly document: SharedDocument;
}

/**
 * Emitted when the recipient opens a document in the viewer (a PDF or an image). The widget also
 * tells the adapter once per document and visit (`share.document_viewed` in the audit log).
 *
 * @summary `gk-document-open` — bubbles, composed, not cancelable.
 * @example
 * ```ts
 * viewer.addEventListener('gk-document-open', (e) => analytics.track('opened', e.document.id));
 * ```
 */
export class DocumentOpenEvent extends GuestkitEvent<DocumentOpenDetail> implements DocumentOpenDetail {
  /** The event's type. */
  static readonly type = 'gk-document-open';
  declare readonly document: SharedDocument;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gk-document-open': DocumentOpenEvent;
  }
}
