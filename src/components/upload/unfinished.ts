/**
 * Uploads left unfinished in an earlier visit, as tus-js-client's URL storage keeps them in
 * `localStorage`: `tus::<fingerprint>::<random>` → `{ size, metadata: { filename, filetype }, creationTime, uploadUrl }`.
 */

import { UPLOAD_ROUTES } from '../../protocol/uploads.js';

/**
 * Whether `url` is this adapter's tus endpoint (`<endpoint>/v1/upload/tus`) or one of its uploads
 * under it, resolved against the page. The session's bearer goes to no other URL: an upload URL read
 * back from `localStorage` may have been put there by anything running on the page.
 */
export function isUploadUrlOf(url: string, endpoint: string): boolean {
  try {
    const base = new URL(`${endpoint}${UPLOAD_ROUTES.tus}`, location.href);
    const target = new URL(url, location.href);
    const path = target.pathname;
    return target.origin === base.origin && !target.search && (path === base.pathname || (path.startsWith(`${base.pathname}/`) && !path.slice(base.pathname.length + 1).includes('/')));
  } catch {
    return false;
  }
}

/** One upload of an earlier visit the server has part of. */
export interface UnfinishedUpload {
  /** The `localStorage` key. */
  readonly key: string;
  readonly name: string;
  readonly size: number;
  readonly uploadUrl: string;
}

/**
 * What makes "the same file" after a reload: the upload request, and the file's name, type, size
 * and date (tus-js-client's fingerprint, so two requests never share an upload).
 */
export const fingerprint = (requestId: string, file: File): string =>
  ['guestkit', requestId, file.name, file.type, file.size, file.lastModified].join('/');

/** Whether `entry` is an earlier upload of `file` for the request `requestId`. */
export const isUploadOf = (entry: UnfinishedUpload, requestId: string, file: File): boolean =>
  entry.key.startsWith(`tus::${fingerprint(requestId, file)}::`);

/**
 * The unfinished uploads of one request at the adapter `endpoint`. Entries that are not JSON, lack
 * a name, size or URL, or point anywhere but this adapter's uploads are skipped; no `localStorage`
 * at all (privacy mode, a sandboxed frame) means none.
 */
export function unfinishedUploads(requestId: string, endpoint: string): UnfinishedUpload[] {
  const found: UnfinishedUpload[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (!key.startsWith(`tus::guestkit/${requestId}/`)) continue;
      try {
        const { size, metadata, uploadUrl } = JSON.parse(localStorage.getItem(key)!);
        const name = metadata.filename;
        if (typeof name === 'string' && name && typeof size === 'number' && size >= 0 && typeof uploadUrl === 'string' && isUploadUrlOf(uploadUrl, endpoint)) {
          found.push({ key, name, size, uploadUrl });
        }
      } catch {
        // not an entry we can show
      }
    }
  } catch {
    // no storage
  }
  return found;
}
