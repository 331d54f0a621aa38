/** The stored shapes of upload requests, folders, in-flight tus uploads and received files. */
import { createHash } from 'node:crypto';
import type { Locale } from '../../protocol/common.js';
import type { UploadLimits } from '../../protocol/uploads.js';

/** Resource types used by uploads. */
export const UPLOAD_TYPES = {
  guestAccount: 'guest-account',
  folder: 'upload-folder',
  request: 'upload-request',
  tusUpload: 'tus-upload',
  file: 'upload-file',
} as const;

/** An upload request, as stored (`resources`, type `upload-request`). */
export interface UploadRequestData {
  title: string;
  message: string | null;
  folderId: string;
  uploaderEmail: string;
  uploaderName: string | null;
  locale: Locale | null;
  deadline: string | null;
  lateUploads: 'allow' | 'refuse';
  limits: UploadLimits;
  requireUploaderName: boolean;
  requireUploaderEmail: boolean;
  graceSeconds: number;
  notify: string[];
  /** Receipts to the uploader; `undefined` in requests stored before receipts existed (then on). */
  receipt?: boolean;
  status: 'open' | 'deactivated';
  /** Files received so far (the authority for `maxFiles`). */
  fileCount: number;
  /** The files `fileCount` counts, so a file finished again is not counted twice (absent in requests stored before). */
  countedFiles?: string[];
  createdByEmail: string | null;
  createdByName: string | null;
  createdAt: string;
}

/** A tus upload in flight, tied to the link that began it. */
export interface TusUploadData {
  requestId: string;
  linkId: string;
  name: string;
  size: number;
  createdAt: string;
  finishedFileId: string | null;
  /** Set when the upload was cancelled (tus termination) or refused: it no longer holds a slot. */
  closedAt?: string;
  /**
   * The file key the client sent in `Upload-Metadata` (`gkFileKey`): one per file it uploads. A
   * creation with a key that an open upload of the same link already has replaces that upload,
   * whose creation answer the client never got — unless that one came from a later attempt.
   */
  clientKey?: string;
  /** Which creation attempt of the file this was (`gkAttempt`, counted by the client). */
  attempt?: number;
  /**
   * Blob keys of copies finishing attempts made (noted before each copy), so the attempt that
   * records the file removes those of attempts cut off before recording theirs.
   */
  copies?: string[];
  /**
   * When a sweep first found the bytes of this upload gone while its file was not recorded: its
   * noted copies are removed a while after (`copies.ts`).
   */
  bytesGoneAt?: string;
}

/** A received file (`resources`, type `upload-file`). */
export interface UploadedFileData {
  requestId: string;
  folderId: string;
  name: string;
  size: number;
  sha256: string;
  type: string;
  note: string | null;
  uploaderName: string | null;
  uploaderEmail: string | null;
  receivedAt: string;
  late: boolean;
  status: 'pending' | 'clean' | 'infected' | 'unscannable';
  /** When the latest scan of a `pending` file began (absent: when it was received). */
  scanStartedAt?: string;
  /**
   * What is left of the report a settled file owes — its audit events and the firm's mail
   * (`file-report.ts`): set in the same write that settles it, gone once every step is done. Absent in files stored before reports were noted (theirs
   * were made).
   */
  report?: {
    /** When a caller took the report on; `null` while nobody is at it. */
    claimedAt: string | null;
    /** The steps done: the audit event types recorded, and `mail:<address>` for each address of `notify` mailed. */
    done: string[];
    /** The scanner's finding for an infected file, which `upload.quarantined` names. */
    signature?: string;
  };
  blobKey: string;
  linkId: string;
}

/** An upload request as the firm sees it. */
export type UploadRequest = UploadRequestData & { id: string };

/** A received file as the firm sees it. */
export interface UploadedFile extends Omit<UploadedFileData, 'blobKey' | 'linkId' | 'report'> {
  id: string;
  /**
   * In a request's file list: the id of an earlier file of the same request with the same bytes
   * (SHA-256) — the same document sent again, on another visit, say. Both are kept.
   */
  duplicateOf?: string;
}

/** Stored resource data is a plain JSON object; these records are exactly that. */
export function asData(value: UploadRequestData | TusUploadData | UploadedFileData): Record<string, unknown> {
  return value as unknown as Record<string, unknown>;
}

/** The id of the file an upload becomes: one per upload, the same on every attempt and in every process. */
export function fileIdFor(uploadId: string): string {
  return `file_${createHash('sha256').update(`upload-file:${uploadId}`).digest('hex').slice(0, 24)}`;
}
