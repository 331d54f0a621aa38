/** The `gk-upload-progress` event: bytes of a file (and of its batch) have gone up. */
import { GuestkitEvent } from './guestkit-event.js';

/** A file the visitor chose, as events name it (the widget's local id, never a server path). */
export interface UploadFileRef {
  /** The widget's id for this file, stable for this visit. */
  readonly id: string;
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
}

/** What a `gk-upload-progress` event carries. */
export interface GuestUploadProgressDetail {
  readonly file: UploadFileRef;
  /**
   * Bytes of this file sent so far. Never less than in the file's last event while it goes up:
   * after a dropped connection it holds until the resumed upload has passed it.
   */
  readonly bytesUploaded: number;
  /** The file's size in bytes. */
  readonly bytesTotal: number;
  /** Bytes of the whole batch (the files sent with one press of "Upload") sent so far. */
  readonly batchBytesUploaded: number;
  /** Size of the whole batch in bytes. */
  readonly batchBytesTotal: number;
}

/**
 * Emitted while files go up: at most about ten times a second per file, after every chunk, and
 * once at 100 %. Use it for a host-side progress display; the widget shows its own.
 *
 * @summary `gk-upload-progress` — bubbles, composed, not cancelable.
 * @example
 * ```ts
 * widget.addEventListener('gk-upload-progress', (e) => (bar.value = e.batchBytesUploaded / e.batchBytesTotal));
 * ```
 */
export class GuestUploadProgressEvent extends GuestkitEvent<GuestUploadProgressDetail> implements GuestUploadProgressDetail {
  /** The event's type. */
  static readonly type = 'gk-upload-progress';
  declare readonly file: UploadFileRef;
  declare readonly bytesUploaded: number;
  declare readonly bytesTotal: number;
  declare readonly batchBytesUploaded: number;
  declare readonly batchBytesTotal: number;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gk-upload-progress': GuestUploadProgressEvent;
  }
}
