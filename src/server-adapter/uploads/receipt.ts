/** The uploader's receipt: a mail listing the files of a visit, sent to the address the link was for. */
import type { UploadReceipt } from '../../protocol/upload-requests.js';
import { recordAudit } from '../core/audit.js';
import { GuestkitServerError } from '../core/errors.js';
import type { Runtime } from '../core/options.js';
import { enforceRateLimit, HOUR } from '../core/rate-limit.js';
import { uploadReceiptMail } from './mail.js';
import { UPLOAD_TYPES, type UploadedFileData } from './records.js';
import { uploadVisitor, type UploadSession } from './upload-session.js';

/** Receipts a link may ask for per hour (each one is a mail). */
export const RECEIPTS_PER_LINK_PER_HOUR = 20;

/**
 * Mails the receipt for `fileIds` — files received through this very link, or `not_found` — to
 * the link's own address, never to one typed into the widget (the link's address is the one the
 * firm chose). Answers `{ sent: false }` when the firm turned receipts off or the mail server
 * refused; records `upload.receipt_sent` either way it was tried.
 */
export async function sendUploadReceipt(runtime: Runtime, upload: UploadSession, { fileIds }: UploadReceipt): Promise<{ sent: boolean }> {
  const { session, request, record } = upload;
  if (request.receipt === false) return { sent: false };
  await enforceRateLimit(runtime, `receipt:${session.link.id}`, RECEIPTS_PER_LINK_PER_HOUR, HOUR);
  const files: UploadedFileData[] = [];
  for (const id of new Set(fileIds)) {
    const data = (await runtime.store.resources.get(session.firm.id, UPLOAD_TYPES.file, id))?.data as unknown as UploadedFileData | undefined;
    // Only what this link sent: a receipt never tells of anyone else's files.
    if (!data || data.requestId !== record.id || data.linkId !== session.link.id) throw new GuestkitServerError('not_found', 'no such file');
    files.push(data);
  }
  const to = session.link.recipientEmail;
  const sent = await runtime.mailer.send(uploadReceiptMail(session.firm, request, files, session.link)).then(
    () => true,
    (error: unknown) => (runtime.logger?.error('upload receipt failed', { error: String(error) }), false),
  );
  await recordAudit(runtime, { firmId: session.firm.id, resource: { type: UPLOAD_TYPES.request, id: record.id }, type: 'upload.receipt_sent', data: { fileIds: [...new Set(fileIds)], to, sent } }, uploadVisitor(upload));
  return { sent };
}
