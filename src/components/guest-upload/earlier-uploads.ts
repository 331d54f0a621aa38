/**
 * What an earlier visit left unfinished, as `<guest-upload>` lists it under the drop zone: the
 * uploads of this link in `localStorage`; a file chosen again leaves the list (its upload
 * continues in the queue), and "Discard" ends one on the server.
 */
import type { ClientErrorCode } from '../../client/errors.js';
import type { UploadQueue } from '../controllers/upload-queue.js';
import { isUploadOf, unfinishedUploads, type UnfinishedUpload } from '../upload/unfinished.js';

/** The uploads in `scope` (a link's, see `resumeScope`) at `endpoint` an earlier visit left (none without an endpoint). */
export const earlierUploads = (scope: string, endpoint: string | undefined): UnfinishedUpload[] =>
  endpoint === undefined ? [] : unfinishedUploads(scope, endpoint);

/** `entries` without those the files chosen again continue. */
export const withoutChosen = (entries: UnfinishedUpload[], scope: string, files: readonly File[]): UnfinishedUpload[] =>
  entries.filter((entry) => !files.some((file) => isUploadOf(entry, scope, file)));

/** The entries being discarded (one `DELETE` each, however often "Discard" is pressed). */
const discarding = new Set<string>();

/**
 * Ends `entry` on the server through `queue`. Resolves to why that failed, to `undefined` once it
 * is gone, or to `null` while a discard of it is already under way.
 */
export async function discardOnce(entry: UnfinishedUpload, queue: Pick<UploadQueue, 'discard'>): Promise<ClientErrorCode | undefined | null> {
  if (discarding.has(entry.key)) return null;
  discarding.add(entry.key);
  return queue.discard(entry).finally(() => discarding.delete(entry.key));
}
