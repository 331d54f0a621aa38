/**
 * Uploads left unfinished in an earlier visit, kept in `localStorage` in tus-js-client's format:
 * `tus::<fingerprint>::<random>` → `{ size, metadata: { filename, filetype }, creationTime, uploadUrl }`.
 * {@link uploadUrlStorage} writes them (for tus-js-client), {@link unfinishedUploads} lists them.
 * Also what a reload must not lose of a file not yet received: its file key and attempt count
 * ({@link fileKeyFor}, in this tab's `sessionStorage`).
 */

import type { PreviousUpload, UrlStorage } from 'tus-js-client';
import { UPLOAD_ROUTES } from '../../protocol/uploads.js';
import { Sha256 } from './sha256.js';

/** Where the widget's entries start (tus-js-client may keep other apps' under `tus::` too). */
const OURS = 'tus::guestkit/';

/**
 * How long an entry is kept after its upload began: a day, the adapter's default lifetime of an
 * unfinished upload (`incompleteUploadTtlSeconds`), after which its bytes are swept and the upload
 * could only start over. Older entries (and ones dated more than that ahead) are removed whenever
 * entries are read.
 */
export const UNFINISHED_TTL_MS = 86_400_000;

/**
 * The stored entries whose key starts with `prefix`, parsed; entries that are not JSON are skipped,
 * and no storage means none. The widget's entries older than {@link UNFINISHED_TTL_MS}, of any
 * request, are removed on the way: they name files of visits long past, on a computer others may use.
 */
function storedEntries(prefix: string): PreviousUpload[] {
  const found: PreviousUpload[] = [];
  const expired: string[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      const ours = key.startsWith(OURS);
      if (!ours && !key.startsWith(prefix)) continue;
      try {
        const entry = JSON.parse(localStorage.getItem(key)!) as PreviousUpload | null;
        // tus-js-client stores `creationTime` as `Date#toString()`, by this browser's clock; one
        // more than a day ahead is from a clock set wrong, and would otherwise never go.
        if (ours && Math.abs(Date.now() - Date.parse(entry?.creationTime as string)) > UNFINISHED_TTL_MS) expired.push(key);
        else if (key.startsWith(prefix)) found.push({ ...entry!, urlStorageKey: key });
      } catch {
        // not an entry we wrote
      }
    }
    for (const key of expired) localStorage.removeItem(key);
  } catch {
    // no storage (privacy mode, a sandboxed frame)
  }
  return found;
}

/**
 * tus-js-client's URL storage (its `urlStorage` option) over `localStorage`, in the format above.
 * Without storage nothing is kept, and an upload simply cannot resume after a reload.
 */
export const uploadUrlStorage: UrlStorage = {
  findAllUploads: () => Promise.resolve(storedEntries('tus::')),
  findUploadsByFingerprint: (fingerprint) => Promise.resolve(storedEntries(`tus::${fingerprint}::`)),
  removeUpload(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      // no storage: nothing was kept
    }
    return Promise.resolve();
  },
  addUpload(fingerprint, upload) {
    const key = `tus::${fingerprint}::${Math.random().toString(36).slice(2)}`;
    try {
      localStorage.setItem(key, JSON.stringify(upload));
    } catch {
      // no storage, or it is full: the upload goes on, only a reload cannot resume it
    }
    return Promise.resolve(key);
  },
};

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

/** What makes two chosen files the same file: name, type, size and date. */
export const fileIdentity = (file: File): string => [file.name, file.type, file.size, file.lastModified].join('/');

/**
 * Where a link's entries are kept: its upload request's id and a key of its token
 * (`<request id>/<16 hex digits>`). The server lets only the link that began an upload continue it,
 * so another link of the same request (another recipient's, a fresh link sent for an expired one)
 * neither lists nor resumes them. The key is the start of a SHA-256 of the token under a label of
 * its own: neither the token nor the hash the server finds the link by.
 *
 * @example
 * ```ts
 * resumeScope('upr_1', token); // 'upr_1/' and 16 hex digits
 * ```
 */
export const resumeScope = (requestId: string, token: string): string =>
  `${requestId}/${new Sha256().update(new TextEncoder().encode(`guestkit resume entries\n${token}`)).hex().slice(0, 16)}`;

/**
 * What makes "the same file" after a reload: the link's {@link resumeScope} and {@link fileIdentity}
 * (tus-js-client's fingerprint, so two requests or two links never share an upload).
 */
export const fingerprint = (scope: string, file: File): string => `guestkit/${scope}/${fileIdentity(file)}`;

const FILE_KEY_PREFIX = 'guestkit-file-key::';

/** A file's key (`gkFileKey`) and how many creations of it were attempted (`gkAttempt`). */
export interface FileKey {
  readonly key: string;
  attempt: number;
}

/**
 * The file key of the upload with fingerprint `fp`: the one this tab kept, else a new random one.
 * It is kept in `sessionStorage` — through a reload, but not shared with another tab uploading the
 * same file — until the file is received ({@link forgetFileKey}), so a creation whose answer was
 * lost before a reload is replaced when the file is chosen again. Without storage it lasts for the
 * page only.
 */
export function fileKeyFor(fp: string): FileKey {
  try {
    // Nothing kept reads as `null` (JSON.parse takes it as the text "null").
    const kept = JSON.parse(sessionStorage.getItem(FILE_KEY_PREFIX + fp) as string) as FileKey | null;
    if (typeof kept?.key === 'string' && kept.attempt >= 0) return kept;
  } catch {
    // no storage, or not an entry of ours
  }
  return { key: crypto.randomUUID(), attempt: 0 };
}

/**
 * Counts one more creation attempt of `fileKey` and keeps both; returns the attempt's number. The
 * count never goes back (it survives a reload), so the adapter can tell an older attempt that
 * arrives late from a newer one without trusting any clock.
 */
export function nextAttempt(fp: string, fileKey: FileKey): number {
  fileKey.attempt++;
  try {
    sessionStorage.setItem(FILE_KEY_PREFIX + fp, JSON.stringify(fileKey));
  } catch {
    // no storage, or it is full: the count lasts for the page
  }
  return fileKey.attempt;
}

/** Forgets the kept file key of fingerprint `fp` (its file was received, or cancelled). */
export function forgetFileKey(fp: string): void {
  try {
    sessionStorage.removeItem(FILE_KEY_PREFIX + fp);
  } catch {
    // no storage: nothing was kept
  }
}

/** Whether `entry` is an earlier upload of `file` in `scope` (see {@link resumeScope}). */
export const isUploadOf = (entry: UnfinishedUpload, scope: string, file: File): boolean =>
  entry.key.startsWith(`tus::${fingerprint(scope, file)}::`);

/**
 * Forgets the stored uploads of `file` in `scope`: the server has answered its finish (received,
 * or refused for good), so none can go on. Until then they stay, for a reload to finish the file
 * from the bytes the server has.
 */
export function forgetUploads(scope: string, file: File): void {
  for (const { urlStorageKey } of storedEntries(`tus::${fingerprint(scope, file)}::`)) void uploadUrlStorage.removeUpload(urlStorageKey!);
}

/**
 * The unfinished uploads of one link (its {@link resumeScope}; a request's id alone gives those
 * of all its links) at the adapter `endpoint`. Entries that are not JSON, lack a name, size or
 * URL, or point anywhere but this adapter's uploads are skipped; no `localStorage` at all (privacy
 * mode, a sandboxed frame) means none.
 */
export function unfinishedUploads(scope: string, endpoint: string): UnfinishedUpload[] {
  return storedEntries(`${OURS}${scope}/`).flatMap(({ urlStorageKey: key, size, metadata, uploadUrl }) => {
    const name = metadata?.filename;
    return typeof name === 'string' && name && typeof size === 'number' && size >= 0 && typeof uploadUrl === 'string' && isUploadUrlOf(uploadUrl, endpoint)
      ? [{ key, name, size, uploadUrl }]
      : [];
  });
}
