/** Request bodies for shares (validated by the adapter; kept out of the widget bundles). */
import { localeSchema, timestampSchema } from './common.js';
import { emailSchema } from './email.js';
import { createdBySchema, stepUpInputSchema } from './links.js';
import { z } from './zod.js';

/** One recipient of a share, with their own expiry. */
export const shareRecipientInputSchema = z.object({
  email: emailSchema,
  name: z.optional(z.string().check(z.maxLength(200))),
  locale: z.optional(localeSchema),
  /** When this recipient's access ends (required: a share never lasts forever). */
  expiresAt: timestampSchema,
});
/** One recipient of a share. */
export type ShareRecipientInput = z.infer<typeof shareRecipientInputSchema>;

/** Body of `POST /v1/admin/shares`. */
export const createShareSchema = z.object({
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  message: z.optional(z.string().check(z.maxLength(4000))),
  /** Documents to share (ids from `POST /v1/admin/documents` or received uploads). */
  documentIds: z.array(z.string().check(z.regex(/^[a-z0-9_]{4,64}$/))).check(z.minLength(1), z.maxLength(50)),
  recipients: z.array(shareRecipientInputSchema).check(z.minLength(1), z.maxLength(20)),
  /** Offer downloads (default true). Off is a deterrent, not a protection: what is shown can be captured. */
  allowDownload: z.optional(z.boolean()),
  /** Stamp each recipient's e-mail address on every PDF page they get. */
  watermark: z.optional(z.boolean()),
  stepUp: z.optional(stepUpInputSchema),
  /** Keep the documents locked until this invoice is paid. */
  lockedUntilPaid: z.optional(z.object({ invoiceId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)) })),
  /** Mail each recipient their own link. */
  send: z.optional(z.boolean()),
  createdBy: z.optional(createdBySchema),
});
/** Body of `POST /v1/admin/shares`. */
export type CreateShare = z.infer<typeof createShareSchema>;

/** The most pages one `POST …/pages` reports. */
export const MAX_PAGES_PER_REPORT = 500;

/** `POST /v1/share/documents/:id/pages`: page numbers (1-based) the recipient read. */
export const pagesViewedSchema = z.object({
  pages: z.array(z.int().check(z.minimum(1), z.maximum(100_000))).check(z.minLength(1), z.maxLength(MAX_PAGES_PER_REPORT)),
});
/** Pages read. */
export type PagesViewed = z.infer<typeof pagesViewedSchema>;
