/**
 * Finishing an upload (`POST /v1/upload/files`): the one action that makes a file count. It checks
 * the bytes are all there, sniffs their type, copies them into the blob store while hashing,
 * compares the uploader's SHA-256, scans, and only then records the file — or leaves nothing.
 */
import { randomBytes } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import type { FinishUpload } from '../../protocol/upload-requests.js';
import type { ReceivedFile } from '../../protocol/uploads.js';
import type { BlobStore } from '../blob/types.js';
import { recordAudit, type Actor } from '../core/audit.js';
import { changeResource, insertResource } from '../core/resources.js';
import { GuestkitServerError, isGuestkitServerError } from '../core/errors.js';
import { inBackground, isoNow, type Runtime } from '../core/options.js';
import type { FirmRecord, ResourceRecord } from '../store/types.js';
import { COMPOUND_FILE, inspectCompoundFile, OFFICE_OPEN_XML_TYPES, type CompoundFileVerdict, type FileRefusal } from './compound-file.js';
import { removeCopies } from './copies.js';
import { nameFits, sniffContentType } from './content-types.js';
import { owedReport, reportDue, reportFile } from './file-report.js';
import { asData, fileIdFor, UPLOAD_TYPES, type TusUploadData, type UploadedFileData, type UploadRequestData } from './records.js';
import { closeTusUpload, type TusEndpoint } from './tus.js';
import { closedByDeadline, graceMs, uploadVisitor, type UploadSession } from './upload-session.js';
import { canonicalEmail } from '../core/email.js';

/** Up to `length` bytes of an open file from `offset` (fewer at its end). */
async function readAt(handle: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, offset);
  return buffer.subarray(0, bytesRead);
}

/** The type a macro-enabled Office Open XML document, workbook or presentation has once saved without its macros. */
function withoutMacros(type: string): string | undefined {
  const app = /^application\/vnd\.ms-(word|excel|powerpoint)\.(?:document|sheet|presentation)\.macroenabled/i.exec(type)?.[1]?.toLowerCase();
  return app ? OFFICE_OPEN_XML_TYPES[app === 'word' ? '.docx' : app === 'excel' ? '.xlsx' : '.pptx'] : undefined;
}

/**
 * The type of a complete upload on disk: from its head; for a zip from its entries, read from the
 * file (see `sniffZip`; file-type's own file reader seeks past the entry data); for a compound
 * file from the streams its directory names (legacy Word and Excel, password-protected DOCX/XLSX).
 * `refusal` when the uploader can fix why the type is none a firm allows, with the type the file
 * has once fixed: Office macros (VBA or an Excel 4 macro sheet in a compound file, or a
 * macro-enabled Office Open XML document, workbook or presentation: `.docm`, `.xlsm`, `.pptm`), or
 * a workbook encrypted with a password.
 */
async function sniffUpload(path: string, name: string): Promise<CompoundFileVerdict> {
  const handle = await open(path, 'r');
  try {
    let type = await sniffContentType(await readAt(handle, 0, 4100), name);
    if (type === 'application/zip') type = (await fileTypeFromFile(path))?.mime ?? type;
    if (type !== COMPOUND_FILE) {
      if (!/\.macroenabled(\.|$)/i.test(type)) return { type };
      const fixed = withoutMacros(type);
      return { type, ...(fixed ? { refusal: { code: 'file_has_macros', fixed } } : {}) };
    }
    return await inspectCompoundFile((offset, length) => readAt(handle, offset, length), (await handle.stat()).size, name);
  } finally {
    await handle.close();
  }
}

/**
 * Counts the file `fileId` against `maxFiles` with an optimistic update, so two finishes racing
 * for the last slot cannot both win; a file counted before (an attempt cut off before recording
 * it) keeps its slot and is not counted again. Throws `too_many_files` when none is left, and
 * `upload_closed` for a deactivated request or one that refuses late files past its deadline's
 * grace window. Resolves whether this call counted the file.
 * @internal
 */
export async function claimSlot(runtime: Runtime, firmId: string, requestId: string, fileId: string): Promise<boolean> {
  const claimed = await changeResource<UploadRequestData>(
    runtime,
    firmId,
    UPLOAD_TYPES.request,
    requestId,
    (data) => {
      if (data.status !== 'open') throw new GuestkitServerError('upload_closed');
      if (data.countedFiles?.includes(fileId)) return null;
      // A file counted in time (by an attempt cut off before recording it) is not refused for
      // the time its recording took.
      if (closedByDeadline(runtime, data, graceMs(data))) throw new GuestkitServerError('upload_closed');
      if (data.fileCount >= data.limits.maxFiles) throw new GuestkitServerError('too_many_files');
      return counting(data, fileId);
    },
    // A lost race means another finish took a slot, so after at most `maxFiles` losses there is
    // none left; the margin only covers other writers changing the request meanwhile.
    (data) => data.limits.maxFiles + 10,
  );
  return claimed?.changed ?? false;
}

/**
 * Counts the recorded file `fileId` if it is not counted (no limit: it is received). For a file
 * whose claim found it counted by another attempt, which then gave the slot back.
 */
async function countFile(runtime: Runtime, firmId: string, requestId: string, fileId: string): Promise<void> {
  await changeResource<UploadRequestData>(runtime, firmId, UPLOAD_TYPES.request, requestId, (data) => (data.countedFiles?.includes(fileId) ? null : counting(data, fileId)));
}

/** `data` with the file `fileId` counted. */
function counting(data: UploadRequestData, fileId: string): UploadRequestData {
  return { ...data, fileCount: data.fileCount + 1, countedFiles: [...(data.countedFiles ?? []), fileId] };
}

/** Gives back the slot `claimSlot` took for `fileId`, when the file could not be recorded. */
async function releaseSlot(runtime: Runtime, firmId: string, requestId: string, fileId: string): Promise<void> {
  await changeResource<UploadRequestData>(runtime, firmId, UPLOAD_TYPES.request, requestId, (data) =>
    data.countedFiles?.includes(fileId) ? { ...data, fileCount: Math.max(0, data.fileCount - 1), countedFiles: data.countedFiles.filter((id) => id !== fileId) } : null,
  );
}

async function discard(runtime: Runtime, tus: TusEndpoint, firmId: string, id: string, blobKey?: string): Promise<void> {
  await tus.forget(id).catch(() => undefined);
  await closeTusUpload(runtime, firmId, id);
  if (blobKey) await runtime.blobs?.delete(blobKey).catch(() => false);
}

function toReceived(id: string, file: UploadedFileData): ReceivedFile {
  return { id, name: file.name, size: file.size, sha256: file.sha256, type: file.type, receivedAt: file.receivedAt, late: file.late, status: file.status };
}

/** What receiving an upload comes to: a file to answer with as it is, or one (`pending`) to scan. */
type Receipt = { received: ReceivedFile } | { fileId: string; pending: UploadedFileData };

/**
 * The details `request` asks for that `uploader` left out, one issue per field (`uploader.name`,
 * `uploader.email`). A name of blanks is none; an e-mail address that is there but no address
 * never gets here: `finishUploadSchema` refused it already (`validation_failed`).
 */
function missingUploaderDetails(request: UploadRequestData, uploader: FinishUpload['uploader']): { path: string; message: string }[] {
  const missing: { path: string; message: string }[] = [];
  if (request.requireUploaderName && !uploader?.name?.trim()) missing.push({ path: 'uploader.name', message: 'required by this upload request' });
  if (request.requireUploaderEmail && !uploader?.email) missing.push({ path: 'uploader.email', message: 'required by this upload request' });
  return missing;
}

/** Finishes one tus upload for the session's upload request. */
export async function finishUpload(runtime: Runtime, tus: TusEndpoint, upload: UploadSession, body: FinishUpload): Promise<ReceivedFile> {
  // The scan wait counts from here: copying a large file first must not push the answer past the client's timeout.
  const startedAt = performance.now();
  const { request } = upload;
  if (!runtime.blobs) throw new GuestkitServerError('unavailable', 'no blob store configured');
  const missing = missingUploaderDetails(request, body.uploader);
  // No `detail`: it is never translated, and the client's error message prefers it to the title,
  // which names the missing fields in the uploader's language.
  if (missing.length > 0) throw new GuestkitServerError('uploader_details_required', undefined, { issues: missing });
  // Two finishes of one upload at once (a retry under another idempotency key while the first
  // still copies) take turns: the second finds the file the first recorded, and copies nothing.
  const receipt = await tus.inTurn(body.uploadId, () => receive(runtime, runtime.blobs!, tus, upload, body));
  return 'received' in receipt ? receipt.received : scanAndReport(runtime, upload, receipt.fileId, receipt.pending, startedAt);
}

/** The part of finishing that must not run twice at once for one upload: checks, copy, record. */
async function receive(runtime: Runtime, blobs: BlobStore, tus: TusEndpoint, upload: UploadSession, body: FinishUpload): Promise<Receipt> {
  const { session, request, record } = upload;
  const firmId = session.firm.id;
  const tusRecord: ResourceRecord | null = await runtime.store.resources.get(firmId, UPLOAD_TYPES.tusUpload, body.uploadId);
  const tusData = tusRecord?.data as unknown as TusUploadData | undefined;
  if (!tusData || tusData.requestId !== record.id || tusData.linkId !== session.link.id) throw new GuestkitServerError('not_found', 'no such upload');
  // One file per upload, also across an attempt cut off after recording its file (the adapter
  // stopped, the store failed) but before the upload pointed at it: the id is the upload's own.
  const fileId = fileIdFor(body.uploadId);
  const done = await runtime.store.resources.get(firmId, UPLOAD_TYPES.file, tusData.finishedFileId ?? fileId);
  if (done) {
    // Recorded by an attempt cut off before counting it or pointing the upload at it (another
    // process, a busy store): both are safe to repeat. Files of uploads finished before file ids
    // were the upload's own are counted already.
    if (done.id === fileId && !request.countedFiles?.includes(fileId)) await countFile(runtime, firmId, record.id, fileId);
    if (!tusData.finishedFileId) await pointAt(runtime, tus, firmId, body.uploadId, done.id, String(done.data.blobKey));
    const data = done.data as unknown as UploadedFileData;
    // Finished before, but its scan never came back (the adapter stopped mid-scan): scan it
    // now, if this call claims the rescan. A scan still running is left to settle the file.
    if (data.status === 'pending') {
      const claimed = await claimRescan(runtime, firmId, done.id);
      if (claimed) return { fileId: done.id, pending: claimed };
    }
    // Settled, but its report was cut off (the audit log failed for a moment): made now, what is
    // left of it.
    if (reportDue(data, runtime.now())) await reportFile(runtime, session.firm, record, done.id, uploadVisitor(upload));
    return { received: toReceived(done.id, data) };
  }
  // Cancelled, refused or replaced by a later creation of the same file: it is no upload any more.
  if (tusData.closedAt) throw new GuestkitServerError('not_found', 'no such upload');
  // Past the grace window of a deadline that refuses late files: refused before a byte is read,
  // unless an attempt counted the file in time (then cut off before recording it; `claimSlot`).
  // The request is read anew: that attempt may have counted it while this one waited its turn.
  if (closedByDeadline(runtime, request, graceMs(request))) {
    const current = (await runtime.store.resources.get(firmId, UPLOAD_TYPES.request, record.id))?.data as unknown as UploadRequestData | undefined;
    if (!current?.countedFiles?.includes(fileId)) throw new GuestkitServerError('upload_closed');
  }
  const stat = await (await tus.datastore()).getUpload(body.uploadId).catch(() => null);
  if (!stat || stat.size === undefined || stat.offset !== stat.size) throw new GuestkitServerError('upload_incomplete');

  const by = uploadVisitor(upload);
  const resource = { type: UPLOAD_TYPES.request, id: record.id };
  const refuse = async (code: 'file_type_not_allowed' | FileRefusal | 'checksum_mismatch' | 'too_many_files', data: Record<string, unknown>, blobKey?: string): Promise<never> => {
    await discard(runtime, tus, firmId, body.uploadId, blobKey);
    await recordAudit(runtime, { firmId, resource, type: 'upload.rejected', data: { reason: code, name: tusData.name, size: stat.size, ...data } }, by);
    throw new GuestkitServerError(code);
  };

  const path = join(tus.directory, body.uploadId);
  const { type, refusal } = await sniffUpload(path, tusData.name);
  if (!request.limits.allowedTypes.includes(type) || !nameFits(tusData.name, type)) {
    // "Save it without macros / a password" only where the file so saved is a type the firm takes.
    return refuse(refusal && request.limits.allowedTypes.includes(refusal.fixed) ? refusal.code : 'file_type_not_allowed', { detectedType: type });
  }

  // A key of this attempt's own: another attempt at the same file (a retry reaching another
  // adapter process) never writes or removes it, and this one removes nothing else.
  const blobKey = `uploads/${request.folderId.replace(/_/g, '-')}/${fileId.replace(/_/g, '-')}-${randomBytes(6).toString('hex')}`;
  // Noted before the copy is made: whichever attempt records the file removes this one if this
  // attempt is cut off before recording it. An upload finished or closed meanwhile (by another
  // process) takes no new copy: this attempt answers as a retry would.
  let settled = false;
  await changeResource<TusUploadData>(runtime, firmId, UPLOAD_TYPES.tusUpload, body.uploadId, (data) => {
    settled = Boolean(data.finishedFileId || data.closedAt);
    // This attempt has the bytes: a sweep that found them gone (another process's folder, a read
    // that failed) must not count its copies as settled while this one is on its way.
    const { bytesGoneAt: _seen, ...rest } = data;
    return settled ? null : { ...rest, copies: [...(data.copies ?? []), blobKey] };
  });
  if (settled) return receive(runtime, blobs, tus, upload, body);
  // The upload's own bytes stay until the file is recorded (`keep`): a store that fails for a
  // moment below (503) leaves the upload whole, to be finished again.
  const stored = blobs.adopt
    ? await blobs.adopt(blobKey, path, { maxBytes: request.limits.maxFileSize, keep: true })
    : await blobs.put(blobKey, Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>, { maxBytes: request.limits.maxFileSize });
  if (stored.sha256 !== body.sha256) return refuse('checksum_mismatch', { expected: body.sha256, received: stored.sha256 }, blobKey);

  let counted: boolean;
  try {
    counted = await claimSlot(runtime, firmId, record.id, fileId);
  } catch (error) {
    if (isGuestkitServerError(error) && error.code === 'too_many_files') return refuse('too_many_files', {}, blobKey);
    await blobs.delete(blobKey).catch(() => false);
    throw error;
  }
  const now = isoNow(runtime);
  // Recorded `pending` before the scan: a file whose scan never ends (the adapter stopped) is
  // never served, and finishing it again scans it then.
  const file: UploadedFileData = {
    requestId: record.id,
    folderId: request.folderId,
    name: tusData.name,
    size: stored.size,
    sha256: stored.sha256,
    type,
    note: body.note?.trim() || null,
    uploaderName: body.uploader?.name?.trim() || null,
    uploaderEmail: body.uploader?.email ? canonicalEmail(body.uploader.email) : null,
    receivedAt: now,
    // When the file arrived, not when its upload began: one begun in time and sent after is late.
    late: request.deadline !== null && Date.parse(request.deadline) <= Date.parse(now),
    status: 'pending',
    blobKey,
    linkId: session.link.id,
  };
  try {
    await insertResource(runtime, firmId, UPLOAD_TYPES.file, fileId, file, file.requestId);
  } catch (error) {
    // Whether the record went in all the same (its answer lost, or another process recorded the
    // file first) decides what may go; when that cannot be told, nothing goes.
    const recorded = await runtime.store.resources.get(firmId, UPLOAD_TYPES.file, fileId).catch(() => undefined);
    if (recorded === undefined) throw error;
    if (recorded === null) {
      // Nothing half-received: the copy goes, the slot is given back, and the upload stays. Had
      // another process recorded the file meanwhile (its claim found it counted), it counts again.
      await blobs.delete(blobKey).catch(() => false);
      await releaseSlot(runtime, firmId, record.id, fileId).catch(() => undefined);
      if (await runtime.store.resources.get(firmId, UPLOAD_TYPES.file, fileId).catch(() => null)) await countFile(runtime, firmId, record.id, fileId).catch(() => undefined);
      throw error;
    }
    const theirs = recorded.data as unknown as UploadedFileData;
    if (theirs.blobKey !== blobKey) {
      // Another attempt recorded the file first: its copy stands, this one goes.
      await blobs.delete(blobKey).catch(() => false);
      await pointAt(runtime, tus, firmId, body.uploadId, fileId, theirs.blobKey);
      return { received: toReceived(fileId, theirs) };
    }
  }
  // Counted by another attempt (which may have given the slot back since): counted for sure now.
  // Should that fail, finishing again counts it (above).
  if (!counted) await countFile(runtime, firmId, record.id, fileId).catch((error: unknown) => runtime.logger?.warn('received file not counted yet', { fileId, error: String(error) }));
  await pointAt(runtime, tus, firmId, body.uploadId, fileId, blobKey);
  return { fileId, pending: file };
}

/**
 * Points the upload at its file (whatever else changed on its record meanwhile, a cancel
 * included), so finishing it again answers this file, and lets its bytes go: the file has its own
 * copy, `kept`, and the copies of attempts cut off before recording go too: they stay noted until
 * they are removed, so none is forgotten before it is gone (usually there are none, and this is one
 * write). The file is recorded either way, so a failure here is logged, not answered: finishing
 * again finds the file by its id (and removes the copies then), the upload's bytes expire with it,
 * and the sweep removes copies left noted (`copies.ts`).
 */
async function pointAt(runtime: Runtime, tus: TusEndpoint, firmId: string, uploadId: string, fileId: string, kept: string): Promise<void> {
  try {
    const pointed = await changeResource<TusUploadData>(runtime, firmId, UPLOAD_TYPES.tusUpload, uploadId, (noted) => {
      const { copies, ...data } = noted;
      const stale = (copies ?? []).filter((key) => key !== kept);
      return { ...data, finishedFileId: fileId, ...(stale.length ? { copies: stale } : {}) };
    });
    const stale = (pointed?.record.data as unknown as TusUploadData | undefined)?.copies ?? [];
    if (stale.length) await removeCopies(runtime, firmId, uploadId, stale);
    await tus.forget(uploadId);
  } catch (error) {
    runtime.logger?.warn('finished upload not pointed at its file', { uploadId, fileId, error: String(error) });
  }
}

/**
 * How long a file may stay `pending` before its scan counts as cut off (the adapter stopped
 * mid-scan): then finishing it again, or the firm listing its request, scans it anew.
 */
export const PENDING_SCAN_LEASE_MS = 5 * 60_000;

/** Whether `file` is still `pending` from a scan begun longer than `PENDING_SCAN_LEASE_MS` before `now`. */
export const scanCutOff = (file: UploadedFileData, now: number): boolean =>
  file.status === 'pending' && Date.parse(file.scanStartedAt ?? file.receivedAt) + PENDING_SCAN_LEASE_MS < now;

/**
 * Claims the rescan of a file whose scan was cut off (a newer `scanStartedAt`), so that two
 * callers start one scan. Returns the claimed file, or `null` when it is not cut off or another
 * caller claimed it first.
 * @internal
 */
export async function claimRescan(runtime: Runtime, firmId: string, fileId: string): Promise<UploadedFileData | null> {
  const now = runtime.now();
  const claimed = await changeResource<UploadedFileData>(runtime, firmId, UPLOAD_TYPES.file, fileId, (data) =>
    scanCutOff(data, now) ? { ...data, scanStartedAt: new Date(now).toISOString() } : null,
  );
  return claimed?.changed ? (claimed.record.data as unknown as UploadedFileData) : null;
}

/**
 * Scans a received file and settles it: `clean`, `infected` (quarantined) or `unscannable` (a
 * scanner that fails or throws fails closed). Then reports it (`file-report.ts`): records
 * `upload.completed` and tells the firm. Settles once: a second scan of the same file (a retry
 * racing a slow first one) changes nothing.
 * @internal
 */
export async function settleScan(runtime: Runtime, firm: FirmRecord, request: ResourceRecord, fileId: string, pending: UploadedFileData, by: Actor): Promise<UploadedFileData> {
  const scan = await runtime.scanner
    .scan({ name: pending.name, size: pending.size, type: pending.type, open: async () => (await runtime.blobs!.get(pending.blobKey))!.body })
    .catch((error: unknown) => {
      runtime.logger?.error('upload scan failed', { fileId, error: String(error) });
      return { verdict: 'error' as const, signature: undefined };
    });
  const status: UploadedFileData['status'] = scan.verdict === 'clean' ? 'clean' : scan.verdict === 'infected' ? 'infected' : 'unscannable';
  // The report is owed in the same write that settles the file: a report cut off after it is
  // made later, never lost.
  const settled = await changeResource<UploadedFileData>(runtime, firm.id, UPLOAD_TYPES.file, fileId, (data) =>
    data.status === 'pending' ? { ...data, status, report: owedReport(runtime, status === 'infected' ? scan.signature : undefined) } : null,
  );
  const file = settled ? (settled.record.data as unknown as UploadedFileData) : { ...pending, status };
  // Settled meanwhile by another scan: that one reports it.
  if (settled?.changed) await reportFile(runtime, firm, request, fileId, by, file);
  return file;
}

/**
 * Settles a file finished through the visitor's session, answering what the widget shows: the
 * settled file, or — when the request has run `scanWaitMs` since `startedAt` (`performance.now()`)
 * — the file still `pending`, so that the visitor's request ends before their client gives up on
 * it. The scan goes on in the background and settles the file (and tells the firm) when it answers.
 */
async function scanAndReport(runtime: Runtime, upload: UploadSession, fileId: string, pending: UploadedFileData, startedAt: number): Promise<ReceivedFile> {
  const scan = settleScan(runtime, upload.session.firm, upload.record, fileId, pending, uploadVisitor(upload));
  // Counted from the start, inside the request too: `close()` waits for it either way.
  inBackground(runtime, 'upload scan failed', scan, { fileId });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<'waited'>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, runtime.scanWaitMs - (performance.now() - startedAt)), 'waited');
    timer.unref?.();
  });
  try {
    const first = await Promise.race([scan, waited]);
    if (first !== 'waited') return toReceived(fileId, first);
  } finally {
    clearTimeout(timer);
  }
  return toReceived(fileId, pending);
}
