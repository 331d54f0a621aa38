/** The public side of a link: exchanging it for a session, step-up, and fresh links. */
import { brandingSchema, linkKindSchema, localeSchema, resourceRefSchema, timestampSchema } from './common.js';
import { z } from './zod.js';

/** Body of `POST /v1/session`: a link token, plus a step-up answer when the link asks for one. */
export const sessionExchangeRequestSchema = z.object({
  token: z.string().check(z.maxLength(64)),
  accessCode: z.optional(z.string().check(z.maxLength(64))),
  otp: z.optional(z.string().check(z.maxLength(12))),
});
/** Body of `POST /v1/session`. */
export type SessionExchangeRequest = z.infer<typeof sessionExchangeRequestSchema>;

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

/** Body of `POST /v1/session/otp`: ask for a one-time code to be mailed to the recipient. */
export const otpRequestSchema = z.object({ token: z.string().check(z.maxLength(64)) });
/** Body of `POST /v1/session/otp`. */
export type OtpRequest = z.infer<typeof otpRequestSchema>;

/** Body of `POST /v1/links/refresh`: "send me a fresh link" for an expired link. */
export const freshLinkRequestSchema = z.object({ token: z.string().check(z.maxLength(64)) });
/** Body of `POST /v1/links/refresh`. */
export type FreshLinkRequest = z.infer<typeof freshLinkRequestSchema>;

/**
 * Answer to `POST /v1/session/otp` and `POST /v1/links/refresh`. It is the same whether or not
 * anything was sent, so the answer reveals nothing about the link or the recipient.
 */
export const acceptedSchema = z.object({ accepted: z.literal(true) });
/** The uniform "we got it" answer. */
export type Accepted = z.infer<typeof acceptedSchema>;
