/**
 * Uploads left unfinished in an earlier visit, as tus-js-client's URL storage keeps them in
 * `localStorage`: `tus::<fingerprint>::<random>` → `{ size, metadata: { filename, filetype }, creationTime, uploadUrl }`.
 */

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
 * The unfinished uploads of one request. Entries that are not JSON or lack a name, size or URL are
 * skipped; no `localStorage` at all (privacy mode, a sandboxed frame) means none.
 */
export function unfinishedUploads(requestId: string): UnfinishedUpload[] {
  const found: UnfinishedUpload[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (!key.startsWith(`tus::guestkit/${requestId}/`)) continue;
      try {
        const { size, metadata, uploadUrl } = JSON.parse(localStorage.getItem(key)!);
        const name = metadata.filename;
        if (typeof name === 'string' && name && typeof size === 'number' && size >= 0 && typeof uploadUrl === 'string' && uploadUrl) {
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
