/**
 * Sending one file's bytes over tus for `<guest-upload>`'s queue: the tus instance, resuming an
 * upload a stored URL names, the file key on every creation, and a fresh instance when the
 * connection stalls. The queue decides when; this decides how.
 */
import type { LinkSession } from '../../client/link-session.js';
import { UPLOAD_ROUTES } from '../../protocol/uploads.js';
import { TusUpload } from './tus.js';
import { TusFailure, tusRequestOptions, type TusWork } from './tus-requests.js';
import { isUploadUrlOf, nextAttempt, type FileKey } from './unfinished.js';
import { tusErrorCode } from './upload-errors.js';

/** tus chunk size: large enough to be fast, small enough that a dropped chunk costs little. */
export const CHUNK_SIZE = 4 * 1024 * 1024;

/** What a file's transfer keeps between its attempts (the queue keeps it with the file). */
export interface Transfer extends TusWork {
  /** The tus instance in use: only it reports, and only it may send. */
  upload?: TusUpload | undefined;
  /** The resume fingerprint (link and file, see `fingerprint`). */
  fp: string;
  /**
   * Sent with every tus creation of this file (`Upload-Metadata` `gkFileKey`, with the attempt's
   * number as `gkAttempt`), kept across a reload until the file is received: the server drops an
   * upload it made whose answer never arrived.
   */
  fileKey: FileKey;
  /** Drops the tus instance (its request hangs) and carries on with a new one from the server's offset. */
  restart?: (() => void) | undefined;
  /** Cancelled or paused: nothing more starts. */
  stopped?: boolean;
}

/**
 * Sends `file` over tus (4 MiB chunks, retries with back-off, resumed from the newest stored
 * upload of the same file at `endpoint`) and resolves to the tus upload id once every byte is
 * there; rejects with a {@link TusFailure}. `onBytes` hears the bytes sent (`confirmed` once the
 * server accepted a chunk). Sets `transfer.restart` for the stall watchdog.
 */
export function transferFile(file: File, transfer: Transfer, session: LinkSession, endpoint: string, onBytes: (bytes: number, confirmed: boolean) => void): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const requests = tusRequestOptions(session, transfer, endpoint);
    const create = (): TusUpload => {
      const upload: TusUpload = new TusUpload(file, {
        ...requests,
        // XMLHttpRequest ignores an abort before `send()`: an instance dropped while it waited
        // here (for the session) must not send its request after all. Cancelling (`DELETE`)
        // drops the instance on purpose and still goes out.
        onBeforeRequest: async (request) => {
          await requests.onBeforeRequest!(request);
          if (transfer.upload !== upload && request.getMethod() !== 'DELETE') throw new TusFailure('network_error');
        },
        endpoint: `${endpoint}${UPLOAD_ROUTES.tus}`,
        // The file key and this attempt's number: a creation whose answer is lost is replaced by
        // the next attempt, never by an older one that arrives late (docs/uploads.md).
        metadata: { filename: file.name, gkFileKey: transfer.fileKey.key, gkAttempt: String(nextAttempt(transfer.fp, transfer.fileKey)), ...(file.type ? { filetype: file.type } : {}) },
        chunkSize: CHUNK_SIZE,
        // The stored URL outlives the last chunk (tus-js-client keeps it; `removeFingerprintOnSuccess`
        // is off): until the finish has answered, a reload must find the upload and finish it from
        // the bytes the server has, not send them all again. The widget forgets it then (`forgetUploads`).
        fingerprint: () => Promise.resolve(transfer.fp),
        // Only the instance in use reports: one dropped for a stall may still settle a request.
        onProgress: (sent) => transfer.upload === upload && onBytes(sent, false),
        onChunkComplete: (_chunk, accepted) => transfer.upload === upload && onBytes(accepted, true),
        onSuccess: () => transfer.upload === upload && resolve(new URL(upload.url!, location.href).pathname.split('/').pop()!),
        onError: (error) => transfer.upload === upload && reject(new TusFailure(tusErrorCode(error))),
      });
      transfer.upload = upload;
      return upload;
    };
    const upload = create();
    // A new instance rather than `start()` again: the stalled one may still be waiting in
    // `onBeforeRequest`, and would then send its request alongside the new one's.
    transfer.restart = () => {
      const stalled = transfer.upload;
      if (!stalled || transfer.stopped) return;
      void stalled.abort(false).catch(() => undefined);
      const fresh = create();
      if (stalled.url) {
        // tus-js-client types the key as a string but means "none yet" by null.
        const urlStorageKey = (stalled.storageKey ?? null) as string;
        fresh.resumeFromPreviousUpload({ uploadUrl: stalled.url, urlStorageKey, size: file.size, metadata: {}, creationTime: '', parallelUploadUrls: null });
      }
      fresh.start();
    };
    upload.findPreviousUploads().then((previous) => {
      if (transfer.stopped) return;
      const ours = previous.filter((each) => each.uploadUrl && isUploadUrlOf(each.uploadUrl, endpoint));
      // tus-js-client stores `creationTime` as `Date#toString()`: compare the dates, not the text.
      const latest = ours.sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime))[0];
      if (latest) upload.resumeFromPreviousUpload(latest);
      upload.start();
    }, reject);
  });
}
