/**
 * Upload requests for `<guest-upload>` tests, made on the server: a request with its `upload` link,
 * and the files received for one, each checked against the bytes the blob store gives back.
 */
import { createHash } from 'node:crypto';
import type { CreateUploadRequest, Recipient } from '../../../src/protocol/index.js';
import type { Guestkit } from '../../../src/server-adapter/index.js';
import type { UploadedFile } from '../../../src/server-adapter/uploads/records.js';

/** What `POST /__test/upload-requests` accepts: any part of `CreateUploadRequest` (a title and an uploader are filled in). */
export interface SeedUploadRequest extends Partial<Omit<CreateUploadRequest, 'uploader'>> {
  uploader?: Partial<Recipient>;
  /** Sets `deadline` this many milliseconds from the server's clock (negative: already passed). */
  deadlineInMs?: number;
}

/** What `POST /__test/upload-requests` answers. */
export interface SeedUploadResponse {
  token: string;
  requestId: string;
  /** The uploader's address (unique per request). */
  email: string;
}

/** One file in `GET /__test/upload-requests/:id/files`. */
export interface StoredUploadedFile extends UploadedFile {
  /** SHA-256 of the stored bytes, recomputed by reading them back; `null` when the file is not served. */
  storedSha256: string | null;
}

/**
 * Creates the upload request and its `upload` link (no mail). `now` is the server clock, which runs
 * ahead of the browser's once a test has "expired" a link; `n` makes the title and address unique.
 */
export async function createSeedUploadRequest(
  gk: Guestkit,
  firmId: string,
  { deadlineInMs, ...input }: SeedUploadRequest,
  { n, now }: { n: number; now: number },
): Promise<SeedUploadResponse> {
  const email = input.uploader?.email ?? `uploader-${n}@example.test`;
  const deadline = deadlineInMs === undefined ? {} : { deadline: new Date(now + deadlineInMs).toISOString() };
  const { request, link } = await gk.uploads.createRequest(firmId, {
    title: `Unterlagen ${n}`,
    ...deadline,
    ...input,
    uploader: { name: `Uploader ${n}`, ...input.uploader, email },
  });
  return { token: link.token, requestId: request.id, email };
}

/** The files received for an upload request (`gk.uploads.listFiles`), each with the SHA-256 of the bytes `gk.uploads.readFile` returns. */
export async function storedUploadedFiles(gk: Guestkit, firmId: string, requestId: string): Promise<StoredUploadedFile[]> {
  const files = await gk.uploads.listFiles(firmId, requestId);
  return Promise.all(
    files.map(async (file) => {
      const read = await gk.uploads.readFile(firmId, file.id).catch(() => null);
      if (!read) return { ...file, storedSha256: null };
      const hash = createHash('sha256');
      for await (const chunk of read.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
      return { ...file, storedSha256: hash.digest('hex') };
    }),
  );
}
