/** Upload requests: what a person with an upload link sees and sends, and what the firm sets up. */
import { timestampSchema } from './common.js';
import { z } from './zod.js';

/** Routes of an upload link's session (the session's scope names the upload request). */
export const UPLOAD_ROUTES = {
  /** `GET`: the request as the uploader sees it. */
  request: '/v1/upload',
  /** tus 1.0 endpoint: `POST` creates, `HEAD`/`PATCH`/`DELETE` on `/v1/upload/tus/<id>`. */
  tus: '/v1/upload/tus',
  /** `POST`: finish one uploaded file (verify SHA-256, sniff type, scan); needs `Idempotency-Key`. */
  files: '/v1/upload/files',
  /** `POST { fileIds }`: mails the uploader a receipt for files of this visit (`{ sent }`). */
  receipt: '/v1/upload/receipt',
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
  /** Whether the uploader gets a receipt by e-mail for the files of a visit (`UPLOAD_ROUTES.receipt`). */
  receipt: z.boolean(),
});
/** The upload request as the uploader sees it. */
export type UploadRequestView = z.infer<typeof uploadRequestViewSchema>;

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

/** The answer to `POST /v1/upload/receipt`: whether the receipt went to the mail server. */
export const receiptSentSchema = z.object({ sent: z.boolean() });
