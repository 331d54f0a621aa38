/** Documents a firm can share: added directly, or taken from a received upload. */
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../core/audit.js';
import { readAllBytes } from '../blob/read-all.js';
import { newId } from '../core/crypto.js';
import { insertResource } from '../core/resources.js';
import { GuestkitServerError } from '../core/errors.js';
import { isoNow, type Runtime } from '../core/options.js';
import type { ResourceRecord } from '../store/types.js';
import { fromWebStream } from 'strtok3';
import { COMPOUND_FILE, compoundFileType } from '../uploads/compound-file.js';
import { sniffContentType, sniffZip } from '../uploads/content-types.js';
import { cleanFileName } from '../uploads/file-names.js';
import { UPLOAD_TYPES, type UploadedFileData } from '../uploads/records.js';
import { SHARE_TYPES, type DocumentData, type FirmDocument } from './records.js';

/** Largest document a firm may add (500 MiB). */
export const MAX_DOCUMENT_BYTES = 500 * 1024 * 1024;

function publicDocument(id: string, data: DocumentData): FirmDocument {
  const { blobKey: _key, ...rest } = data;
  return { ...rest, id };
}

function toDocument(record: ResourceRecord): FirmDocument {
  return publicDocument(record.id, record.data as unknown as DocumentData);
}

/**
 * Adds a document: stored crash-safely under a generated key, its type sniffed from its bytes. An
 * empty one is refused (`validation_failed`); whatever fails after the bytes are stored removes them.
 */
export async function addDocument(
  runtime: Runtime,
  firmId: string,
  input: { name: string; body: Uint8Array | ReadableStream<Uint8Array> },
  by: Actor = SYSTEM_ACTOR,
): Promise<FirmDocument> {
  const blobs = runtime.blobs;
  if (!blobs) throw new GuestkitServerError('unavailable', 'no blob store configured');
  const name = cleanFileName(input.name);
  const id = newId('doc');
  const blobKey = `documents/${id}`;
  const stored = await blobs.put(blobKey, input.body, { maxBytes: MAX_DOCUMENT_BYTES });
  let data: DocumentData;
  try {
    if (stored.size === 0) throw new GuestkitServerError('validation_failed', 'the document is empty');
    const head = await blobs.get(blobKey, { start: 0, end: Math.min(4099, stored.size - 1) });
    let type = await sniffContentType(await readAllBytes(head!.body), name);
    if (type === 'application/zip') {
      // A DOCX or XLSX names itself further in (`sniffZip`): read on through the stored bytes.
      const whole = (await blobs.get(blobKey))!;
      type = await sniffZip(fromWebStream(whole.body, { fileInfo: { size: stored.size } }));
      // Closing the tokenizer releases a byte stream without cancelling it: a fetched body would stay open.
      await whole.body.cancel().catch(() => undefined);
    } else if (type === COMPOUND_FILE) {
      // Legacy Word and Excel, and password-protected DOCX or XLSX, tell by their directory.
      type = await compoundFileType(async (offset, length) => {
        if (offset >= stored.size) return new Uint8Array(0);
        const part = await blobs.get(blobKey, { start: offset, end: Math.min(offset + length, stored.size) - 1 });
        return part ? readAllBytes(part.body) : new Uint8Array(0);
      }, stored.size, name);
    }
    data = { name, type, size: stored.size, sha256: stored.sha256, blobKey, source: 'firm', createdAt: isoNow(runtime) };
    await insertResource(runtime, firmId, SHARE_TYPES.document, id, data);
  } catch (error) {
    await blobs.delete(blobKey).catch(() => false);
    throw error;
  }
  await recordAudit(runtime, { firmId, resource: { type: SHARE_TYPES.document, id }, type: 'document.added', data: { name, type: data.type, size: stored.size, sha256: stored.sha256 } }, by);
  return publicDocument(id, data);
}

/** Makes a received (clean) upload shareable, without copying its bytes. */
export async function documentFromUpload(runtime: Runtime, firmId: string, fileId: string, by: Actor = SYSTEM_ACTOR): Promise<FirmDocument> {
  const file = await runtime.store.resources.get(firmId, UPLOAD_TYPES.file, fileId);
  if (!file) throw new GuestkitServerError('not_found', 'no such file');
  const upload = file.data as unknown as UploadedFileData;
  if (upload.status !== 'clean') throw new GuestkitServerError('file_quarantined');
  const id = newId('doc');
  const now = isoNow(runtime);
  const data: DocumentData = { name: upload.name, type: upload.type, size: upload.size, sha256: upload.sha256, blobKey: upload.blobKey, source: 'upload', createdAt: now };
  await insertResource(runtime, firmId, SHARE_TYPES.document, id, data);
  await recordAudit(runtime, { firmId, resource: { type: SHARE_TYPES.document, id }, type: 'document.added', data: { name: data.name, fromUpload: fileId, sha256: data.sha256 } }, by);
  return publicDocument(id, data);
}

/** A stored document with its blob key (internal). */
export async function requireDocument(runtime: Runtime, firmId: string, id: string): Promise<DocumentData & { id: string }> {
  const record = await runtime.store.resources.get(firmId, SHARE_TYPES.document, id);
  if (!record) throw new GuestkitServerError('not_found', 'no such document');
  return { ...(record.data as unknown as DocumentData), id };
}

/** The firm's documents, newest first. */
export async function listDocuments(runtime: Runtime, firmId: string): Promise<FirmDocument[]> {
  const records = await runtime.store.resources.list(firmId, SHARE_TYPES.document);
  return records.map(toDocument).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}
