/** Upload requests: what a person with an upload link sees and sends, and what the firm sets up. */
import { localeSchema, recipientSchema, timestampSchema } from './common.js';
import { stepUpInputSchema } from './links.js';
import { z } from './zod.js';

/** Routes of an upload link's session (the session's scope names the upload request). */
export const UPLOAD_ROUTES = {
  /** `GET`: the request as the uploader sees it. */
  request: '/v1/upload',
  /** tus 1.0 endpoint: `POST` creates, `HEAD`/`PATCH`/`DELETE` on `/v1/upload/tus/<id>`. */
  tus: '/v1/upload/tus',
  /** `POST`: finish one uploaded file (verify SHA-256, sniff type, scan); needs `Idempotency-Key`. */
  files: '/v1/upload/files',
} as const;

/** Limits a firm sets on an upload request. */
export const uploadLimitsSchema = z.object({
  /** Largest file in bytes. */
  maxFileSize: z.int().check(z.minimum(1)),
  /** Most files the request accepts in total. */
  maxFiles: z.int().check(z.minimum(1), z.maximum(500)),
  /** Allowed content types, decided by sniffing the bytes (`application/pdf`, `image/jpeg`, …). */
  allowedTypes: z.array(z.string()),
});
/** Limits of an upload request. */
export type UploadLimits = z.infer<typeof uploadLimitsSchema>;

/** What the uploader sees (`GET /v1/upload`). Never lists the folder's contents. */
export const uploadRequestViewSchema = z.object({
  title: z.string(),
  message: z.nullable(z.string()),
  deadline: z.nullable(timestampSchema),
  /** True once the deadline has passed (uploads are then flagged late, or refused). */
  overdue: z.boolean(),
  lateUploads: z.enum(['allow', 'refuse']),
  limits: uploadLimitsSchema,
  /** How many more files this request accepts. */
  filesRemaining: z.int(),
  requireUploaderName: z.boolean(),
  requireUploaderEmail: z.boolean(),
  /** File extensions the widget's picker offers (derived from `allowedTypes`). */
  accept: z.array(z.string()),
});
/** The upload request as the uploader sees it. */
export type UploadRequestView = z.infer<typeof uploadRequestViewSchema>;

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
      name: z.optional(z.string().check(z.maxLength(200))),
      email: z.optional(z.email()),
    }),
  ),
});
/** Body of `POST /v1/upload/files`. */
export type FinishUpload = z.infer<typeof finishUploadSchema>;

/** A received file, as the uploader is told about it. */
export const receivedFileSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.int(),
  sha256: z.string(),
  type: z.string(),
  receivedAt: timestampSchema,
  late: z.boolean(),
  /** `clean` once scanned; `pending` while a scan runs; `infected` files are quarantined. */
  status: z.enum(['pending', 'clean', 'infected', 'unscannable']),
});
/** A received file. */
export type ReceivedFile = z.infer<typeof receivedFileSchema>;

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
  notify: z.optional(z.array(z.email()).check(z.maxLength(10))),
  createdBy: z.optional(z.object({ email: z.email(), name: z.optional(z.string().check(z.maxLength(200))) })),
  locale: z.optional(localeSchema),
});
/** Body of `POST /v1/admin/upload-requests`. */
export type CreateUploadRequest = z.infer<typeof createUploadRequestSchema>;
