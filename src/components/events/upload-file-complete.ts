/** The `gk-upload-file-complete` event: one file has been received and verified by the server. */
import type { ReceivedFile } from '../../protocol/uploads.js';
import type { UploadFileRef } from './upload-progress.js';
import { GuestkitEvent } from './guestkit-event.js';

/** What a `gk-upload-file-complete` event carries. */
export interface GuestUploadFileCompleteDetail {
  /** The file as the visitor chose it. */
  readonly file: UploadFileRef;
  /** The file as the server recorded it (id, clean name, size, SHA-256, type, late, scan status). */
  readonly received: ReceivedFile;
}

/**
 * Emitted once per file when the server has all its bytes, checked its SHA-256 and type, and
 * recorded it.
 *
 * @summary `gk-upload-file-complete` — bubbles, composed, not cancelable.
 * @example
 * ```ts
 * widget.addEventListener('gk-upload-file-complete', (e) => console.log(e.received.id, e.received.sha256));
 * ```
 */
export class GuestUploadFileCompleteEvent extends GuestkitEvent<GuestUploadFileCompleteDetail> implements GuestUploadFileCompleteDetail {
  /** The event's type. */
  static readonly type = 'gk-upload-file-complete';
  declare readonly file: UploadFileRef;
  declare readonly received: ReceivedFile;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gk-upload-file-complete': GuestUploadFileCompleteEvent;
  }
}
