/**
 * Request bodies for uploads (finishing a file; a firm creating a request). The adapter validates
 * them; browsers need only their types, so these schemas stay out of the widget bundles.
 */
import { localeSchema, timestampSchema } from './common.js';
import { emailSchema } from './email.js';
import { createdBySchema, recipientSchema, stepUpInputSchema } from './links.js';
import { uploadLimitsSchema } from './uploads.js';
import { z } from './zod.js';

/** Body of `POST /v1/upload/files`: finish a tus upload. */
export const finishUploadSchema = z.object({
  /** The tus upload id (last path segment of the upload URL). */
  uploadId: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/)),
  /** Hex SHA-256 of the whole file, computed by the uploader's browser. */
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  /** A note the uploader wrote for this file. */
  note: z.optional(z.string().check(z.maxLength(1000))),
  uploader: z.optional(
    z.object({
      // One line (the widget's field has no other): a line break would let the name write text of
      // its own into the firm's notification, below "from <name>".
      name: z.optional(z.string().check(z.maxLength(200), z.regex(/^[^\p{Cc}\u2028\u2029]*$/u))),
      email: z.optional(emailSchema),
    }),
  ),
});
/** Body of `POST /v1/upload/files`. */
export type FinishUpload = z.infer<typeof finishUploadSchema>;

/** Body of `POST /v1/admin/upload-requests`. */
export const createUploadRequestSchema = z.object({
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  message: z.optional(z.string().check(z.maxLength(4000))),
  /** Who is asked; the link goes to this address and the folder is theirs. */
  uploader: recipientSchema,
  deadline: z.optional(timestampSchema),
  lateUploads: z.optional(z.enum(['allow', 'refuse'])),
  limits: z.optional(z.partial(uploadLimitsSchema)),
  requireUploaderName: z.optional(z.boolean()),
  requireUploaderEmail: z.optional(z.boolean()),
  /** Seconds an upload begun before the link expired may still finish (default 3600). */
  graceSeconds: z.optional(z.int().check(z.minimum(0), z.maximum(7 * 86_400))),
  linkTtlSeconds: z.optional(z.int().check(z.minimum(60), z.maximum(366 * 86_400))),
  stepUp: z.optional(stepUpInputSchema),
  /** Mail the link to the uploader. */
  send: z.optional(z.boolean()),
  /** Who is told when files arrive (default: `createdBy`). */
  notify: z.optional(z.array(emailSchema).check(z.maxLength(10))),
  /** Mail the uploader (the link's address) a receipt for the files of each visit (default true). */
  receipt: z.optional(z.boolean()),
  createdBy: z.optional(createdBySchema),
  locale: z.optional(localeSchema),
});
/** Body of `POST /v1/admin/upload-requests`. */
export type CreateUploadRequest = z.infer<typeof createUploadRequestSchema>;

/** `POST /v1/upload/receipt`: the files (received through this link) the receipt lists. */
export const uploadReceiptSchema = z.object({
  // As many as a request may take (`maxFiles` ≤ 500): one receipt covers any batch.
  fileIds: z.array(z.string().check(z.regex(/^[a-z0-9_]{4,64}$/))).check(z.minLength(1), z.maxLength(500)),
});
/** A receipt asked for. */
export type UploadReceipt = z.infer<typeof uploadReceiptSchema>;
