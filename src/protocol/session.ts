/** The public side of a link: exchanging it for a session, step-up, and fresh links. */
import { brandingSchema, linkKindSchema, localeSchema, resourceRefSchema, timestampSchema } from './common.js';
import { z } from './zod.js';

/** What a session may do: one resource, one action, for one recipient. */
export const sessionScopeSchema = z.object({
  kind: linkKindSchema,
  action: z.string(),
  resource: resourceRefSchema,
  recipient: z.object({
    /** Masked (`m***@bank.example`) so a page script learns no more than it must. */
    email: z.string(),
    name: z.optional(z.string()),
    locale: z.optional(localeSchema),
  }),
});
/** What a session may do. */
export type SessionScope = z.infer<typeof sessionScopeSchema>;

/** Answer to a successful exchange: a short-lived bearer session and what it is for. */
export const sessionSchema = z.object({
  session: z.string(),
  /** Server time of issue: with `expiresAt` it gives the lifetime, whatever the visitor's clock says. */
  issuedAt: timestampSchema,
  expiresAt: timestampSchema,
  linkExpiresAt: timestampSchema,
  scope: sessionScopeSchema,
  firm: brandingSchema,
});
/** A bearer session as the client holds it (in memory only). */
export type Session = z.infer<typeof sessionSchema>;

/**
 * Answer to `POST /v1/session/otp` and `POST /v1/links/refresh`. It is the same whether or not
 * anything was sent, so the answer reveals nothing about the link or the recipient.
 */
export const acceptedSchema = z.object({ accepted: z.literal(true) });
/** The uniform "we got it" answer. */
export type Accepted = z.infer<typeof acceptedSchema>;
