/** How `<guest-upload>`'s events name a file of the queue, and the progress event. */
import type { UploadItem } from '../controllers/upload-queue.js';
import { GuestUploadProgressEvent } from '../events/upload-progress.js';

/** `item` as the events name it: its queue id, name and size. */
export function fileRef(item: UploadItem): { id: string; name: string; size: number } {
  return { id: item.id, name: item.file.name, size: item.file.size };
}

/** `gk-upload-progress` for `item`: its bytes and its batch's (`uploaded` of `total`). */
export function progressEvent(item: UploadItem, batch: { uploaded: number; total: number }): GuestUploadProgressEvent {
  return new GuestUploadProgressEvent({
    file: fileRef(item),
    bytesUploaded: item.bytesUploaded,
    bytesTotal: item.file.size,
    batchBytesUploaded: batch.uploaded,
    batchBytesTotal: batch.total,
  });
}
