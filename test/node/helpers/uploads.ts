/** Uploading from Node with the real tus client, the way a widget does in a browser. */
import { createHash, randomBytes } from 'node:crypto';
import { Upload, type DetailedError } from 'tus-js-client';
import type { LinkSession } from '../../../src/client/link-session.js';
import { createClient } from '../../../src/client/client.js';
import { receivedFileSchema, UPLOAD_ROUTES } from '../../../src/protocol/uploads.js';

/** Opens an upload link through the real client. */
export function openUploadLink(endpoint: string, token: string): Promise<LinkSession> {
  return createClient({ endpoint }).openLink(token);
}

/** Hex SHA-256. */
export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Bytes that start like a PDF. */
export function pdfBytes(size: number): Buffer {
  const bytes = randomBytes(size);
  Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1').copy(bytes);
  return bytes;
}

/** Options for `tusUpload`. */
export interface TusUploadOptions {
  name?: string;
  chunkSize?: number;
  uploadUrl?: string;
  /** Pause (abort without terminating) once this many bytes are on the server; resolves with `stopped`. */
  stopAfter?: number;
  /** Authorization header value; defaults to the link session's. */
  authorization?: () => Promise<string>;
}

/** Uploads `bytes` with tus-js-client; resolves with the upload id, rejects with the tus error. */
export function tusUpload(
  endpoint: string,
  link: LinkSession,
  bytes: Buffer,
  options: TusUploadOptions = {},
): Promise<{ id: string; url: string; upload: Upload; stopped: boolean }> {
  return new Promise((resolve, reject) => {
    const upload: Upload = new Upload(bytes, {
      endpoint: `${endpoint}${UPLOAD_ROUTES.tus}`,
      ...(options.uploadUrl ? { uploadUrl: options.uploadUrl } : {}),
      chunkSize: options.chunkSize ?? 4 * 1024 * 1024,
      retryDelays: [],
      metadata: { filename: options.name ?? 'Steuerbescheid 2025.pdf', filetype: 'application/pdf' },
      async onBeforeRequest(req) {
        req.setHeader('Authorization', await (options.authorization ?? link.authorization)());
      },
      onChunkComplete: (_size, offset) => {
        if (options.stopAfter !== undefined && offset >= options.stopAfter && offset < bytes.length) {
          void upload.abort(false).then(() => resolve({ id: upload.url!.split('/').pop()!, url: upload.url!, upload, stopped: true }));
        }
      },
      onError: (error) => reject(error as DetailedError),
      onSuccess: () => resolve({ id: upload.url!.split('/').pop()!, url: upload.url!, upload, stopped: false }),
    });
    upload.start();
  });
}

/** Finishes an upload through the client (what the widget does after tus succeeds). */
export function finish(link: LinkSession, body: { uploadId: string; sha256: string; note?: string; uploader?: { name?: string; email?: string } }, idempotencyKey?: string) {
  return link.post(UPLOAD_ROUTES.files, body, receivedFileSchema, idempotencyKey ? { idempotencyKey } : {});
}

/** Reads a whole stream. */
export async function readAll(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
