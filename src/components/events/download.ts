/** The `gk-download` event: the recipient downloaded a shared document from `<doc-viewer>`. */
import type { SharedDocument } from '../../protocol/shares.js';

/** What a `gk-download` event carries. */
export interface DocumentDownloadDetail {
  /** The document downloaded. */
  readonly document: SharedDocument;
  /** How many bytes arrived (the document's size). */
  readonly bytes: number;
}

/**
 * Emitted after a download's bytes have arrived and been handed to the browser to save.
 *
 * @summary `gk-download` — bubbles, composed, not cancelable.
 * @example
 * ```ts
 * viewer.addEventListener('gk-download', (e) => console.log(`${e.document.name}: ${e.bytes} bytes`));
 * ```
 */
export class DocumentDownloadEvent extends Event implements DocumentDownloadDetail {
  /** The event's type. */
  static readonly type = 'gk-download';
  readonly document: SharedDocument;
  readonly bytes: number;

  constructor(detail: DocumentDownloadDetail) {
    super(DocumentDownloadEvent.type, { bubbles: true, composed: true });
    this.document = detail.document;
    this.bytes = detail.bytes;
  }

  /** The same fields as a plain object, for code written against `CustomEvent`. */
  get detail(): DocumentDownloadDetail {
    return { document: this.document, bytes: this.bytes };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gk-download': DocumentDownloadEvent;
  }
}
