/** Upload requests on the firm's side: create (with guest account, folder and link), list, deactivate, files. */
import { createHash } from 'node:crypto';
import type { CreatedLink } from '../../protocol/links.js';
import { createUploadRequestSchema, type CreateUploadRequest } from '../../protocol/upload-requests.js';
import type { UploadRequestView } from '../../protocol/uploads.js';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../core/audit.js';
import { changeResource, insertResource } from '../core/resources.js';
import { newId } from '../core/crypto.js';
import { GuestkitServerError } from '../core/errors.js';
import { requireFirm } from '../core/firms.js';
import { createLink, revokeLink } from '../core/links.js';
import { inBackground, isoNow, type Runtime } from '../core/options.js';
import { parseInput } from '../core/validate.js';
import type { ResourceRecord } from '../store/types.js';
import { DEFAULT_ALLOWED_TYPES, extensionsFor } from './content-types.js';
import { reportDue, reportFile } from './file-report.js';
import { claimRescan, scanCutOff, settleScan } from './finish.js';
import { UPLOAD_TYPES, type UploadedFile, type UploadedFileData, type UploadRequest, type UploadRequestData } from './records.js';
import { canonicalEmail } from '../core/email.js';

/** Largest file by default (100 MiB) and most files by default. */
export const DEFAULT_UPLOAD_LIMITS = { maxFileSize: 100 * 1024 * 1024, maxFiles: 50 };

const GUEST_ACCOUNT_ID = 'guests';

function toRequest(record: ResourceRecord): UploadRequest {
  const { countedFiles: _counted, ...data } = record.data as unknown as UploadRequestData;
  return { ...data, id: record.id };
}

function toFile(record: ResourceRecord): UploadedFile {
  const { blobKey: _key, linkId: _link, scanStartedAt: _scan, report: _report, ...rest } = record.data as unknown as UploadedFileData;
  return { ...rest, id: record.id };
}

// One guest account per firm holds every non-client uploader's folder; it is made on first use.
async function ensureFolder(runtime: Runtime, firmId: string, email: string, name: string | null): Promise<string> {
  const now = isoNow(runtime);
  const { resources } = runtime.store;
  if (!(await resources.get(firmId, UPLOAD_TYPES.guestAccount, GUEST_ACCOUNT_ID))) {
    await insertResource(runtime, firmId, UPLOAD_TYPES.guestAccount, GUEST_ACCOUNT_ID, { createdAt: now }).catch(() => undefined); // created concurrently: fine
  }
  const folderId = `fld_${createHash('sha256').update(email).digest('hex').slice(0, 24)}`;
  if (!(await resources.get(firmId, UPLOAD_TYPES.folder, folderId))) {
    const data = { guestAccountId: GUEST_ACCOUNT_ID, uploaderEmail: email, uploaderName: name, createdAt: now };
    await insertResource(runtime, firmId, UPLOAD_TYPES.folder, folderId, data).catch(() => undefined);
  }
  return folderId;
}

/**
 * Creates an upload request: the uploader's folder in the firm's guest account (reused for later
 * requests to the same address), the request, and an `upload` link for it — mailed when `send`.
 */
export async function createUploadRequest(
  runtime: Runtime,
  firmId: string,
  rawInput: CreateUploadRequest,
  by: Actor = SYSTEM_ACTOR,
): Promise<{ request: UploadRequest; link: CreatedLink }> {
  const input = parseInput(createUploadRequestSchema, rawInput);
  // Mailed with a deadline already past, the invitation would ask for files by a date gone by and
  // the link open on "no longer accepts files" (or take only late ones): refused before anything
  // is made. Not mailed, it is made: the firm sees the request at once, and tests of the overdue
  // states make such requests on purpose.
  if (input.send && input.deadline !== undefined && !(Date.parse(input.deadline) > runtime.now())) {
    throw new GuestkitServerError('validation_failed', 'deadline must be in the future for a request that is mailed', {
      issues: [{ path: 'deadline', message: 'must be in the future for a request that is mailed' }],
    });
  }
  const email = canonicalEmail(input.uploader.email);
  const folderId = await ensureFolder(runtime, firmId, email, input.uploader.name ?? null);
  const now = isoNow(runtime);
  const allowedTypes = input.limits?.allowedTypes ?? DEFAULT_ALLOWED_TYPES;
  if (!allowedTypes.length) throw new GuestkitServerError('validation_failed', 'limits.allowedTypes must not be empty');
  const data: UploadRequestData = {
    title: input.title,
    message: input.message ?? null,
    folderId,
    uploaderEmail: email,
    uploaderName: input.uploader.name ?? null,
    locale: input.uploader.locale ?? input.locale ?? null,
    deadline: input.deadline ?? null,
    lateUploads: input.lateUploads ?? 'allow',
    limits: {
      maxFileSize: input.limits?.maxFileSize ?? DEFAULT_UPLOAD_LIMITS.maxFileSize,
      maxFiles: input.limits?.maxFiles ?? DEFAULT_UPLOAD_LIMITS.maxFiles,
      allowedTypes,
    },
    requireUploaderName: input.requireUploaderName ?? false,
    requireUploaderEmail: input.requireUploaderEmail ?? false,
    graceSeconds: input.graceSeconds ?? 3600,
    notify: input.notify ?? (input.createdBy ? [input.createdBy.email] : []),
    receipt: input.receipt ?? true,
    status: 'open',
    fileCount: 0,
    createdByEmail: input.createdBy?.email ?? null,
    createdByName: input.createdBy?.name ?? null,
    createdAt: now,
  };
  const id = newId('ur');
  await insertResource(runtime, firmId, UPLOAD_TYPES.request, id, data);
  const resource = { type: UPLOAD_TYPES.request, id };
  await recordAudit(runtime, { firmId, resource, type: 'upload_request.created', data: { title: data.title, folderId, uploader: email } }, by);
  const link = await createLink(
    runtime,
    firmId,
    {
      kind: 'upload',
      resource,
      recipient: { email, ...(input.uploader.name ? { name: input.uploader.name } : {}), ...(data.locale ? { locale: data.locale } : {}) },
      ...(input.linkTtlSeconds ? { ttlSeconds: input.linkTtlSeconds } : {}),
      ...(input.stepUp ? { stepUp: input.stepUp } : {}),
      ...(input.send ? { send: true } : {}),
      ...(input.message ? { message: input.message } : {}),
      ...(input.createdBy ? { createdBy: input.createdBy } : {}),
    },
    { by },
  );
  return { request: { ...data, id }, link };
}

/** Loads an upload request or fails with `not_found`. */
export async function requireUploadRequest(runtime: Runtime, firmId: string, id: string): Promise<ResourceRecord> {
  const record = await runtime.store.resources.get(firmId, UPLOAD_TYPES.request, id);
  if (!record) throw new GuestkitServerError('not_found', 'no such upload request');
  return record;
}

/** The firm's upload requests, newest first (`open` only when asked). */
export async function listUploadRequests(runtime: Runtime, firmId: string, filter: { open?: boolean } = {}): Promise<UploadRequest[]> {
  const records = await runtime.store.resources.list(firmId, UPLOAD_TYPES.request);
  return records
    .map(toRequest)
    .filter((r) => !filter.open || r.status === 'open')
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

/** One upload request. */
export async function getUploadRequest(runtime: Runtime, firmId: string, id: string): Promise<UploadRequest> {
  return toRequest(await requireUploadRequest(runtime, firmId, id));
}

/** Deactivates a request: no more uploads, and every link to it is revoked. */
export async function deactivateUploadRequest(runtime: Runtime, firmId: string, id: string, by: Actor = SYSTEM_ACTOR): Promise<UploadRequest> {
  const result = await changeResource<UploadRequestData>(runtime, firmId, UPLOAD_TYPES.request, id, (data) =>
    data.status === 'deactivated' ? null : { ...data, status: 'deactivated' },
  );
  if (!result) throw new GuestkitServerError('not_found', 'no such upload request');
  if (result.changed) {
    const resource = { type: UPLOAD_TYPES.request, id };
    for (const link of await runtime.store.links.list(firmId, { resource })) if (!link.revokedAt) await revokeLink(runtime, firmId, link.id, by);
    await recordAudit(runtime, { firmId, resource, type: 'upload_request.deactivated' }, by);
  }
  return toRequest(result.record);
}

/** Scans a file whose scan was cut off, if this call is the one that claims it. */
async function rescan(runtime: Runtime, request: ResourceRecord, fileId: string): Promise<void> {
  const claimed = await claimRescan(runtime, request.firmId, fileId);
  if (!claimed) return;
  const firm = await requireFirm(runtime, request.firmId);
  await settleScan(runtime, firm, request, fileId, claimed, SYSTEM_ACTOR);
}

/** Makes what is left of a settled file's report (`reportFile` claims it, so two lists make it once). */
async function report(runtime: Runtime, request: ResourceRecord, fileId: string): Promise<void> {
  await reportFile(runtime, await requireFirm(runtime, request.firmId), request, fileId, SYSTEM_ACTOR);
}

/** Files received for a request, oldest first; one with the bytes of an earlier one names it (`duplicateOf`). */
export async function listUploadedFiles(runtime: Runtime, firmId: string, requestId: string): Promise<UploadedFile[]> {
  const request = await requireUploadRequest(runtime, firmId, requestId);
  const records = (await runtime.store.resources.list(firmId, UPLOAD_TYPES.file, { parent: requestId }))
    // requestId again: a store written before `parent` existed may ignore the filter.
    .filter((r) => (r.data as unknown as UploadedFileData).requestId === requestId);
  // A file whose scan was cut off (the adapter stopped mid-scan) is scanned again, in the
  // background, when the firm looks: the list answers at once (`pending`), a later one shows the
  // outcome. Claiming the rescan (a newer `scanStartedAt`) keeps two lists from starting two. So
  // is the report of a settled file that was cut off (the audit log failed for a moment).
  const now = runtime.now();
  for (const record of records) {
    const file = record.data as unknown as UploadedFileData;
    if (scanCutOff(file, now)) inBackground(runtime, 'upload rescan failed', rescan(runtime, request, record.id), { fileId: record.id });
    else if (reportDue(file, now)) inBackground(runtime, 'upload report failed', report(runtime, request, record.id), { fileId: record.id });
  }
  // Stable for files received in the same millisecond: they keep the store's order.
  const files = records.map(toFile).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  // The same bytes again (sent twice, on another visit): flagged, both kept.
  const first = new Map<string, string>();
  return files.map((file) => {
    const earlier = first.get(file.sha256);
    if (!earlier) first.set(file.sha256, file.id);
    return earlier ? { ...file, duplicateOf: earlier } : file;
  });
}

/** Opens a received file's bytes. Quarantined and unscanned files are never served. */
export async function readUploadedFile(runtime: Runtime, firmId: string, fileId: string): Promise<{ file: UploadedFile; body: ReadableStream<Uint8Array> }> {
  const record = await runtime.store.resources.get(firmId, UPLOAD_TYPES.file, fileId);
  if (!record) throw new GuestkitServerError('not_found', 'no such file');
  const data = record.data as unknown as UploadedFileData;
  if (data.status !== 'clean') throw new GuestkitServerError('file_quarantined');
  const blob = await runtime.blobs?.get(data.blobKey);
  if (!blob) throw new GuestkitServerError('not_found', 'the file content is missing');
  return { file: toFile(record), body: blob.body };
}

/**
 * The request as its uploader sees it: no folder contents, no other uploader's data.
 * `filesRemaining` as `tus.ts` counts it (received files and uploads under way elsewhere).
 */
export function uploaderView(runtime: Runtime, data: UploadRequestData, filesRemaining: number): UploadRequestView {
  const overdue = data.deadline !== null && Date.parse(data.deadline) <= runtime.now();
  return {
    title: data.title,
    message: data.message,
    deadline: data.deadline,
    overdue,
    lateUploads: data.lateUploads,
    limits: { ...data.limits, allowedTypes: [...data.limits.allowedTypes] },
    filesRemaining,
    requireUploaderName: data.requireUploaderName,
    requireUploaderEmail: data.requireUploaderEmail,
    accept: extensionsFor(data.limits.allowedTypes),
    receipt: data.receipt !== false,
  };
}
