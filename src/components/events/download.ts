/** The `gk-download` event: the recipient downloaded a shared document from `<doc-viewer>`. */
import type { SharedDocument } from '../../protocol/shares.js';
import { GuestkitEvent } from './guestkit-event.js';

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
export class DocumentDownloadEvent extends GuestkitEvent<DocumentDownloadDetail> implements DocumentDownloadDetail {
  /** The event's type. */
  static readonly type = 'gk-download';
  declare readonly document: SharedDocument;
  declare readonly bytes: number;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gk-download': DocumentDownloadEvent;
  }
}
