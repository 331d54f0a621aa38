/**
 * The upload queue behind `<guest-upload>`: resumable tus uploads, the file's SHA-256 computed
 * alongside, and the finishing POST that makes a file count.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isGuestkitApiError, type ClientErrorCode } from '../../client/errors.js';
import { newIdempotencyKey } from '../../client/idempotency.js';
import type { LinkSession } from '../../client/link-session.js';
import type { FinishUpload } from '../../protocol/upload-requests.js';
import { receivedFileSchema, UPLOAD_ROUTES, type ReceivedFile } from '../../protocol/uploads.js';
import { errorCodeOf } from '../events/error.js';
import { isLinkEnd } from './link-controller.js';
import { sha256Blob } from '../upload/sha256.js';
import { SpeedMeter } from '../upload/speed.js';
import { fileKeyFor, fingerprint, forgetFileKey, isUploadOf, unfinishedUploads, uploadUrlStorage, type UnfinishedUpload } from '../upload/unfinished.js';
import { terminateUpload, TusFailure } from '../upload/tus-requests.js';
import { transferFile, type Transfer } from '../upload/tus-transfer.js';

/**
 * Where a file is: chosen (`selected`), waiting for a free slot, going up, being checked by the
 * server (`finishing`), received (`done`), or `failed` with a reason.
 */
export type UploadStatus = 'selected' | 'waiting' | 'uploading' | 'finishing' | 'done' | 'failed';

/** One file in the queue, as the widget renders it. */
export interface UploadItem {
  /** The widget's id for the file (for DOM ids and events). */
  readonly id: string;
  readonly file: File;
  /** The visitor's note, sent when the file is finished. */
  note: string;
  status: UploadStatus;
  /**
   * Bytes of the file sent so far. It never goes back while the file goes up: after a dropped
   * connection it holds until the resumed upload has passed it (only an upload the server lost
   * starts again from 0).
   */
  bytesUploaded: number;
  /** Recent speed, once there is enough to measure; none while nothing moves. */
  bytesPerSecond?: number | undefined;
  /** Why the file failed (or was sent back to `selected`). */
  error?: ClientErrorCode | undefined;
  /** The server's record, once `done`. */
  received?: ReceivedFile | undefined;
}

/** What the queue needs from its widget. Getters, so it always sees current values. */
export interface UploadQueueOptions {
  session(): LinkSession | undefined;
  /** The adapter's base URL (`client.endpoint`). */
  endpoint(): string | undefined;
  /** The upload request's id: part of the resume fingerprint, so two requests never share an upload. */
  requestId(): string;
  /** The uploader's name and e-mail address, when the request asks for them. */
  uploader(): FinishUpload['uploader'];
  onProgress(item: UploadItem, batch: { uploaded: number; total: number }): void;
  onFileDone(item: UploadItem & { received: ReceivedFile }): void;
  /**
   * A file failed, or went back to `selected` for the uploader's details. `issues` are the paths
   * the server's refusal named (`uploader.email`, …), if any.
   */
  onFileFailed(item: UploadItem, issues: readonly string[]): void;
  /** Every file of a batch settled and at least one was received. */
  onBatchDone(received: ReceivedFile[], failed: number): void;
}

export { CHUNK_SIZE } from '../upload/tus-transfer.js';
/**
 * How long an upload may send nothing before its connection counts as stalled (default 30 s). A
 * phone that switches networks can leave a request hanging for minutes without an error; then
 * the request is dropped and the upload resumes from the offset the server has.
 */
export const STALL_TIMEOUT_MS = 30_000;
/** Files uploaded at the same time. */
const PARALLEL = 3;
const PROGRESS_INTERVAL_MS = 100;

interface Batch {
  items: UploadItem[];
  reported: boolean;
}

/** What the queue keeps per file beyond what the widget shows (its tus transfer's state included). */
interface Work extends Transfer {
  batch?: Batch | undefined;
  /** The tus upload id once all bytes are there. */
  uploadId?: string | undefined;
  hash?: Promise<string> | undefined;
  abort: AbortController;
  /** One idempotency key per finishing request body: a retry of the same request reuses it. */
  key?: { body: string; key: string } | undefined;
  speed: SpeedMeter;
  lastEmit: number;
  /** When the upload last sent something (or started), for stall detection. */
  active: number;
}

/**
 * A ReactiveController that uploads a widget's files: several at a time over tus 1.0 (4 MiB
 * chunks, retries with back-off, a stalled connection dropped and resumed (`stallTimeoutMs`), resume
 * after a reload via tus-js-client's URL storage, which keeps only the upload URL — never a
 * credential), the SHA-256 computed alongside, and the finishing `POST /v1/upload/files` with one
 * idempotency key per request body.
 * It never throws into the host page: every failure becomes the file's `error`.
 */
export class UploadQueue implements ReactiveController {
  /** The files, in the order they were added. */
  items: UploadItem[] = [];
  /** See {@link STALL_TIMEOUT_MS}. */
  stallTimeoutMs = STALL_TIMEOUT_MS;

  readonly #host: ReactiveControllerHost;
  readonly #options: UploadQueueOptions;
  readonly #work = new WeakMap<UploadItem, Work>();
  #seq = 0;
  #interrupted: UploadItem[] = [];
  #guarding = false;
  #watchdog: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost, options: UploadQueueOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('online', this.#onOnline);
    // Moved in the page (removed and added again): carry on where the uploads stopped.
    if (this.#interrupted.length > 0) this.#enqueue(this.#interrupted.splice(0));
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.#onOnline);
    for (const item of this.items) {
      if (item.status !== 'uploading' && item.status !== 'finishing' && item.status !== 'waiting') continue;
      // Pause, do not terminate: the same file resumes from its offset (here, or after a reload).
      this.#stop(item, false);
      item.status = 'selected';
      this.#interrupted.push(item);
    }
    this.#guard(false);
  }

  /** True while any file is waiting, going up or being checked. */
  get busy(): boolean {
    return this.items.some((item) => item.status === 'waiting' || item.status === 'uploading' || item.status === 'finishing');
  }

  /** Adds files (already checked) as `selected`. */
  add(files: readonly File[]): UploadItem[] {
    const added = files.map((file): UploadItem => ({
      id: `gk-file-${++this.#seq}`,
      file,
      note: '',
      status: 'selected',
      bytesUploaded: 0,
    }));
    this.items = [...this.items, ...added];
    this.#host.requestUpdate();
    return added;
  }

  /** Starts every `selected` file, as one batch. */
  start(): void {
    this.#enqueue(this.items.filter((item) => item.status === 'selected'));
  }

  /** Tries a failed file again (resuming its upload where possible), as a batch of its own. */
  retry(item: UploadItem): void {
    if (item.status === 'failed') this.#enqueue([item]);
  }

  /** Retries every file that failed for want of a connection. */
  retryOffline(): void {
    // Without a session (the link ended meanwhile) a retry could only fail again.
    if (!this.#options.session()) return;
    this.#enqueue(this.items.filter((item) => item.status === 'failed' && item.error === 'network_error'));
  }

  /**
   * Carries on with the files the link's end stopped (it asked for a new one-time code, the
   * session was refused), now that it is open again: each resumes where its upload stood.
   */
  resumeStopped(): void {
    this.#enqueue(this.items.filter((item) => item.status === 'failed' && item.error !== undefined && (isLinkEnd(item.error) || item.error === 'session_invalid')));
  }

  /** Removes a file; one that is going up is cancelled and its partial upload deleted on the server. */
  remove(item: UploadItem): void {
    if (item.status === 'done' || item.status === 'finishing') return;
    // Cancelled before its upload knew a URL: end the one an earlier visit left, if any.
    const requestId = this.#options.requestId();
    const endpoint = this.#options.endpoint();
    const work = this.#work.get(item);
    if (work && !work.upload?.url && endpoint !== undefined) {
      for (const entry of unfinishedUploads(requestId, endpoint)) if (isUploadOf(entry, requestId, item.file)) void this.discard(entry);
    }
    this.#stop(item, true);
    this.items = this.items.filter((other) => other !== item);
    this.#leaveBatch(item);
    this.#pump();
    this.#host.requestUpdate();
  }

  /** Forgets the received files (for "upload more"); the server keeps them. */
  clearDone(): void {
    this.items = this.items.filter((item) => item.status !== 'done');
    this.#host.requestUpdate();
  }

  /**
   * Ends an upload left unfinished in an earlier visit: deletes it on the server (a `404`/`410`
   * means it is gone already) and forgets it. Resolves to the reason it failed, if it did.
   */
  async discard(entry: Pick<UnfinishedUpload, 'key' | 'uploadUrl'>): Promise<ClientErrorCode | undefined> {
    const session = this.#options.session();
    const endpoint = this.#options.endpoint();
    if (!session || endpoint === undefined) return 'session_invalid';
    const failed = await terminateUpload(entry.uploadUrl, session, endpoint);
    if (!failed) await uploadUrlStorage.removeUpload(entry.key);
    return failed;
  }

  /** Stops everything, deleting unfinished uploads on the server (a new link, or the widget is reset). */
  reset(): void {
    for (const item of this.items) if (item.status !== 'done') this.#stop(item, true);
    this.items = [];
    this.#interrupted = [];
    this.#guard(false);
    this.#host.requestUpdate();
  }

  #onOnline = (): void => this.retryOffline();

  // Leaving the page mid-upload loses the visitor's place in the queue (the bytes sent are kept).
  #onBeforeUnload = (event: BeforeUnloadEvent): void => {
    event.preventDefault();
    event.returnValue = '';
  };

  /** While files are going up: a warning before the page is left, and a watch for stalled connections. */
  #guard(on: boolean): void {
    if (on === this.#guarding) return;
    this.#guarding = on;
    if (on) {
      window.addEventListener('beforeunload', this.#onBeforeUnload);
      this.#watchdog = setInterval(() => this.#unstall(), Math.min(5000, this.stallTimeoutMs / 3));
    } else {
      window.removeEventListener('beforeunload', this.#onBeforeUnload);
      clearInterval(this.#watchdog);
    }
  }

  /** Drops the request of every upload that has sent nothing for `stallTimeoutMs`, and resumes it (a `HEAD` asks the offset). */
  #unstall(): void {
    const now = performance.now();
    for (const item of this.items) {
      const work = this.#work.get(item);
      const upload = work?.upload;
      if (item.status !== 'uploading' || !upload || now - work.active < this.stallTimeoutMs) continue;
      work.active = now;
      this.#resetSpeed(item, work);
      work.restart?.();
    }
  }

  #workFor(item: UploadItem): Work {
    let work = this.#work.get(item);
    if (!work) {
      const fp = fingerprint(this.#options.requestId(), item.file);
      const speed = new SpeedMeter(() => {
        item.bytesPerSecond = undefined;
        this.#host.requestUpdate();
      });
      work = { abort: new AbortController(), fp, fileKey: fileKeyFor(fp), speed, lastEmit: 0, active: 0 };
      this.#work.set(item, work);
    }
    return work;
  }

  #enqueue(items: UploadItem[]): void {
    if (items.length === 0) return;
    const batch: Batch = { items, reported: false };
    for (const item of items) {
      const work = this.#workFor(item);
      // Once per batch, each file once: a file tried again belongs to its new batch only.
      this.#leaveBatch(item);
      work.batch = batch;
      work.stopped = false;
      if (work.abort.signal.aborted) {
        work.abort = new AbortController();
        work.hash = undefined;
      }
      item.status = 'waiting';
      item.error = undefined;
    }
    this.#pump();
    this.#host.requestUpdate();
  }

  #pump(): void {
    let active = this.items.filter((item) => item.status === 'uploading' || item.status === 'finishing').length;
    for (const item of this.items) {
      if (active >= PARALLEL) break;
      if (item.status !== 'waiting') continue;
      active++;
      void this.#run(item).finally(() => {
        const batch = this.#work.get(item)?.batch;
        if (batch) this.#settle(batch);
        this.#pump();
      });
    }
    this.#guard(this.busy);
  }

  #stop(item: UploadItem, terminate: boolean): void {
    const work = this.#work.get(item);
    if (!work) return;
    work.stopped = true;
    work.abort.abort();
    if (terminate) forgetFileKey(work.fp);
    this.#resetSpeed(item, work);
    // Deleting it may renew a refused session, whatever the upload's last requests did.
    work.renewed = false;
    void work.upload?.abort(terminate).catch(() => undefined);
    work.upload = undefined;
  }

  async #run(item: UploadItem): Promise<void> {
    const work = this.#workFor(item);
    const session = this.#options.session();
    const endpoint = this.#options.endpoint();
    item.status = 'uploading';
    this.#resetSpeed(item, work);
    work.active = performance.now();
    this.#host.requestUpdate();
    try {
      if (!session || endpoint === undefined) throw new TusFailure('session_invalid');
      work.hash ??= sha256Blob(item.file, { signal: work.abort.signal });
      work.hash.catch(() => undefined); // awaited below; a failure there is the one that counts
      work.uploadId ??= await transferFile(item.file, work, session, endpoint, (bytes, confirmed) => this.#progress(item, work, bytes, confirmed));
      if (work.stopped) return;
      item.status = 'finishing';
      item.bytesUploaded = item.file.size;
      this.#host.requestUpdate();
      const received = await this.#finish(item, work, session, await work.hash);
      if (work.stopped) return;
      item.received = received;
      item.status = 'done';
      // Only now: until the server has answered, the file chosen again must replace its upload.
      forgetFileKey(work.fp);
      this.#options.onFileDone(item as UploadItem & { received: ReceivedFile });
    } catch (error) {
      if (work.stopped) return;
      const code = errorCodeOf(error);
      // The server has no usable upload any more (it refused the bytes, or forgot them): start over.
      if (code === 'checksum_mismatch' || code === 'not_found' || code === 'upload_incomplete') {
        work.uploadId = undefined;
        item.bytesUploaded = 0;
        if (code === 'checksum_mismatch') work.hash = undefined;
      }
      item.error = code;
      const issues = isGuestkitApiError(error) ? (error.problem.issues ?? []).map((issue) => issue.path) : [];
      // Name or e-mail missing, or refused (a page older than the server's rules): the visitor
      // fixes them and presses "Upload" again; the upload stays on the server.
      const details = code === 'uploader_details_required' || issues.some((path) => path.startsWith('uploader.'));
      item.status = details ? 'selected' : 'failed';
      this.#options.onFileFailed(item, issues);
    } finally {
      this.#resetSpeed(item, work);
      this.#host.requestUpdate();
    }
  }

  #finish(item: UploadItem, work: Work, session: LinkSession, sha256: string): Promise<ReceivedFile> {
    const note = item.note.trim();
    const uploader = this.#options.uploader();
    const body: FinishUpload = { uploadId: work.uploadId!, sha256, ...(note ? { note } : {}), ...(uploader ? { uploader } : {}) };
    const json = JSON.stringify(body);
    if (work.key?.body !== json) work.key = { body: json, key: newIdempotencyKey() };
    return session.post(UPLOAD_ROUTES.files, body, receivedFileSchema, { idempotencyKey: work.key.key });
  }

  #progress(item: UploadItem, work: Work, bytes: number, force: boolean): void {
    if (work.stopped) return;
    const now = performance.now();
    work.active = now;
    item.bytesPerSecond = work.speed.add(now, bytes);
    item.bytesUploaded = Math.max(item.bytesUploaded, bytes);
    this.#host.requestUpdate();
    if (!force && bytes < item.file.size && now - work.lastEmit < PROGRESS_INTERVAL_MS) return;
    work.lastEmit = now;
    const batch = work.batch?.items ?? [item];
    const total = batch.reduce((sum, each) => sum + each.file.size, 0);
    const uploaded = batch.reduce((sum, each) => sum + each.bytesUploaded, 0);
    this.#options.onProgress(item, { uploaded, total });
  }

  #resetSpeed(item: UploadItem, work: Work): void {
    work.speed.reset();
    item.bytesPerSecond = undefined;
  }

  /** Takes a file out of its batch (removed, or tried again), which may leave the rest settled. */
  #leaveBatch(item: UploadItem): void {
    const work = this.#work.get(item);
    const batch = work?.batch;
    if (!work || !batch) return;
    work.batch = undefined;
    batch.items = batch.items.filter((other) => other !== item);
    this.#settle(batch);
  }

  #settle(batch: Batch): void {
    if (batch.reported) return;
    const pending = batch.items.some((item) => item.status === 'waiting' || item.status === 'uploading' || item.status === 'finishing');
    if (pending) return;
    batch.reported = true;
    const received = batch.items.flatMap((item) => (item.status === 'done' && item.received ? [item.received] : []));
    if (received.length > 0) this.#options.onBatchDone(received, batch.items.filter((item) => item.status === 'failed').length);
  }
}
