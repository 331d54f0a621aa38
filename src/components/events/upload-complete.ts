/** The `gk-upload-complete` event: every file of a batch has settled, and some were received. */
import type { ReceivedFile } from '../../protocol/uploads.js';
import { GuestkitEvent } from './guestkit-event.js';

/** What a `gk-upload-complete` event carries. */
export interface GuestUploadCompleteDetail {
  /** The files of this batch the server received, in the order the visitor added them. */
  readonly files: readonly ReceivedFile[];
  /** How many files of the batch failed (they stay in the list with their reason and a retry). */
  readonly failed: number;
}

/**
 * Emitted once per batch (the files sent with one press of "Upload", or one retry) when none of
 * them is still in flight and at least one was received.
 *
 * @summary `gk-upload-complete` — bubbles, composed, not cancelable.
 * @example
 * ```ts
 * widget.addEventListener('gk-upload-complete', (e) => notify(`${e.files.length} files received`));
 * ```
 */
export class GuestUploadCompleteEvent extends GuestkitEvent<GuestUploadCompleteDetail> implements GuestUploadCompleteDetail {
  /** The event's type. */
  static readonly type = 'gk-upload-complete';
  declare readonly files: readonly ReceivedFile[];
  declare readonly failed: number;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gk-upload-complete': GuestUploadCompleteEvent;
  }
}
