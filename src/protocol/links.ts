/** Links as the firm side sees them (admin API and SDK). */
import { linkKindSchema, localeSchema, resourceRefSchema, timestampSchema } from './common.js';
import { emailSchema } from './email.js';
import { z } from './zod.js';

/** The person a link was issued to. */
export const recipientSchema = z.object({
  email: emailSchema,
  name: z.optional(z.string().check(z.maxLength(200))),
  locale: z.optional(localeSchema),
});
/** The person a link was issued to. */
export type Recipient = z.infer<typeof recipientSchema>;

/** Optional step-up before anything is shown: a firm-set access code, or a code mailed to the recipient. */
export const stepUpInputSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('access_code'), code: z.string().check(z.minLength(4), z.maxLength(64)) }),
  z.object({ type: z.literal('email_otp') }),
]);
/** Step-up as the firm asks for it. */
export type StepUpInput = z.infer<typeof stepUpInputSchema>;

/** The firm's staff member who made something (shown in mails as the sender, told of what arrives). */
export const createdBySchema = z.object({ email: emailSchema, name: z.optional(z.string().check(z.maxLength(200))) });

/** Body of `POST /v1/admin/links`. */
export const createLinkRequestSchema = z.object({
  kind: linkKindSchema,
  resource: resourceRefSchema,
  recipient: recipientSchema,
  /**
   * Absolute expiry (ISO-8601), at most 366 days ahead like `ttlSeconds` (the server checks it
   * against its clock). Either this or `ttlSeconds`; the firm's default otherwise.
   */
  expiresAt: z.optional(timestampSchema),
  ttlSeconds: z.optional(z.int().check(z.minimum(60), z.maximum(366 * 24 * 3600))),
  stepUp: z.optional(stepUpInputSchema),
  /** Mail the link to the recipient (their own message, in their locale). */
  send: z.optional(z.boolean()),
  /** A personal note from the staff member, placed in the mail. */
  message: z.optional(z.string().check(z.maxLength(2000))),
  /** The staff member on whose behalf the link goes out (Reply-To and signature). */
  createdBy: z.optional(createdBySchema),
});
/** Body of `POST /v1/admin/links`. */
export type CreateLinkRequest = z.infer<typeof createLinkRequestSchema>;

/** A link as listed to the firm. Never contains the token: only its hash is stored. */
export const linkSchema = z.object({
  id: z.string(),
  firmId: z.string(),
  kind: linkKindSchema,
  action: z.string(),
  resource: resourceRefSchema,
  recipient: z.object({ email: z.string(), name: z.optional(z.string()), locale: z.optional(localeSchema) }),
  createdAt: timestampSchema,
  expiresAt: timestampSchema,
  revokedAt: z.nullable(timestampSchema),
  stepUp: z.nullable(z.enum(['access_code', 'email_otp'])),
  createdBy: z.nullable(z.object({ email: z.string(), name: z.optional(z.string()) })),
  /** Link this one replaced ("send me a fresh link"), if any. */
  replaces: z.nullable(z.string()),
});
/** A link as the firm sees it. */
export type Link = z.infer<typeof linkSchema>;

/** Answer to `POST /v1/admin/links`: the only time the token is ever shown. */
export const createdLinkSchema = z.object({
  link: linkSchema,
  token: z.string(),
  /** The full URL with the token in the fragment, built from the firm's configured page URL. */
  url: z.string(),
  sent: z.boolean(),
});
/** A freshly created link with its token. */
export type CreatedLink = z.infer<typeof createdLinkSchema>;

/** Answer to `GET /v1/admin/links`. */
export const linkListSchema = z.object({ links: z.array(linkSchema) });
