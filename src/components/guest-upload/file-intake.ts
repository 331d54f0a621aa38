/** How files come into `<guest-upload>`: the room its upload request has left, and the pickers. */
import type { UploadRequestView } from '../../protocol/uploads.js';
import type { UploadItem } from '../controllers/upload-queue.js';
import { canRetry } from '../upload/upload-errors.js';

/**
 * How many more files `request` takes now: what it had left when it was loaded, less the files
 * received since and those in the queue (a failed one keeps its place while it may be retried).
 */
export function slotsLeft(request: UploadRequestView, receivedSinceView: number, items: readonly UploadItem[]): number {
  const queued = items.filter((item) => item.status !== 'done' && (item.status !== 'failed' || canRetry(item.error))).length;
  return Math.max(0, request.filesRemaining - receivedSinceView - queued);
}

/** `request` takes no more files: past a deadline that refuses late uploads, or full with nothing queued. */
export function isClosed(request: UploadRequestView, receivedSinceView: number, items: readonly UploadItem[]): boolean {
  return (request.overdue && request.lateUploads === 'refuse') || (slotsLeft(request, receivedSinceView, items) === 0 && items.length === 0);
}

/** Whether the "take a photo" button shows: `camera` as the widget's property says, and only where `request` takes images. */
export function showCamera(camera: 'auto' | 'always' | 'never', request: UploadRequestView): boolean {
  if (camera === 'never' || !request.limits.allowedTypes.some((type) => type.startsWith('image/'))) return false;
  return camera === 'always' || matchMedia('(pointer: coarse)').matches;
}

/** The files picked in the file input `event` came from; the input empties, so choosing the same file again fires `change` again. */
export function takePicked(event: Event): File[] {
  const input = event.target as HTMLInputElement;
  const files = [...(input.files ?? [])];
  input.value = '';
  return files;
}

/** Opens the file picker (`files`) or the camera in `root`. */
export function openPicker(root: ParentNode, which: 'files' | 'camera'): void {
  root.querySelector<HTMLInputElement>(`#gk-upload-${which}`)?.click();
}
