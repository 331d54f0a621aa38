/**
 * The copies finishing attempts leave behind. A finish notes its copy's blob key on the upload
 * before making it (`finish.ts`), and the attempt that records the file removes the others. An
 * attempt cut off before recording (the adapter stopped) whose upload is never finished again
 * would leave its copy — a client's document no record points at — for good; the sweep removes it
 * (SECURITY.md R66).
 */
import { changeResource } from '../core/resources.js';
import { isoNow, type Runtime } from '../core/options.js';
import { fileIdFor, UPLOAD_TYPES, type TusUploadData } from './records.js';
import type { TusEndpoint } from './tus.js';

/**
 * How long an upload's unrecorded copies stay after a sweep first found its bytes gone: an
 * attempt begun before they went may still be copying, and recording its file then.
 */
export const COPY_SETTLE_MS = 6 * 3600_000;

/**
 * Removes the blobs `keys` noted on the upload `uploadId`, then their notes; one that could not be
 * removed stays noted, for the next sweep. Resolves how many went.
 */
export async function removeCopies(runtime: Runtime, firmId: string, uploadId: string, keys: readonly string[]): Promise<number> {
  const removed = new Set<string>();
  for (const key of keys) if (await runtime.blobs?.delete(key).then(() => true, () => false)) removed.add(key);
  if (removed.size === 0) return 0;
  await changeResource<TusUploadData>(runtime, firmId, UPLOAD_TYPES.tusUpload, uploadId, (data) => {
    const { copies, ...rest } = data;
    const left = (copies ?? []).filter((key) => !removed.has(key));
    return left.length ? { ...rest, copies: left } : rest;
  });
  return removed.size;
}

/**
 * Removes the copies no file is recorded with: every noted copy of an upload whose file is
 * recorded but its own, and those of an upload never recorded once its bytes have been gone for
 * {@link COPY_SETTLE_MS} (then no attempt can be copying: one needs the bytes to begin). Reads each
 * firm's upload records. Resolves how many copies went.
 */
export async function sweepCopies(runtime: Runtime, tus: TusEndpoint): Promise<number> {
  let removed = 0;
  for (const firm of await runtime.store.firms.list()) {
    for (const upload of await runtime.store.resources.list(firm.id, UPLOAD_TYPES.tusUpload)) {
      const data = upload.data as unknown as TusUploadData;
      if (!data.copies?.length) continue;
      // Recorded, perhaps by an attempt cut off before pointing the upload at its file: that one's copy stays.
      const file = await runtime.store.resources.get(firm.id, UPLOAD_TYPES.file, data.finishedFileId ?? fileIdFor(upload.id));
      if (!file && !(await settled(runtime, tus, firm.id, upload.id, data))) continue;
      const kept = file ? String(file.data.blobKey) : undefined;
      removed += await removeCopies(runtime, firm.id, upload.id, data.copies.filter((key) => key !== kept));
    }
  }
  return removed;
}

/**
 * Whether the bytes of an upload never recorded have been gone for {@link COPY_SETTLE_MS}. Asked
 * anew on every sweep: the first to find them gone notes when (`bytesGoneAt`), one that finds them
 * there again clears it (a read that failed for a moment, a sweep in another process that does not
 * hold them), and a finishing attempt clears it when it notes its copy (`finish.ts`).
 */
async function settled(runtime: Runtime, tus: TusEndpoint, firmId: string, id: string, data: TusUploadData): Promise<boolean> {
  // tus answers an upload it no longer has with 404 (no record) or 410 (its bytes went); anything else is no answer.
  const gone = await (await tus.datastore()).getUpload(id).then(
    () => false,
    (error: { status_code?: number }) => error.status_code === 404 || error.status_code === 410,
  );
  if (gone === Boolean(data.bytesGoneAt)) return gone && Date.parse(data.bytesGoneAt!) + COPY_SETTLE_MS <= runtime.now();
  await changeResource<TusUploadData>(runtime, firmId, UPLOAD_TYPES.tusUpload, id, (d) => {
    if (Boolean(d.bytesGoneAt) === gone) return null;
    const { bytesGoneAt: _was, ...rest } = d;
    return gone ? { ...rest, bytesGoneAt: isoNow(runtime) } : rest;
  });
  return false;
}
