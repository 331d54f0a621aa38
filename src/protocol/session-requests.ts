/**
 * Request bodies of the public link routes. The adapter validates them; browsers need only their
 * types, so these schemas stay out of the widget bundles.
 */
import { z } from './zod.js';

/** Body of `POST /v1/session`: a link token, plus a step-up answer when the link asks for one. */
export const sessionExchangeRequestSchema = z.object({
  token: z.string().check(z.maxLength(64)),
  accessCode: z.optional(z.string().check(z.maxLength(64))),
  otp: z.optional(z.string().check(z.maxLength(12))),
});
/** Body of `POST /v1/session`. */
export type SessionExchangeRequest = z.infer<typeof sessionExchangeRequestSchema>;

/** Body of `POST /v1/session/otp`: ask for a one-time code to be mailed to the recipient. */
export const otpRequestSchema = z.object({ token: z.string().check(z.maxLength(64)) });
/** Body of `POST /v1/session/otp`. */
export type OtpRequest = z.infer<typeof otpRequestSchema>;

/** Body of `POST /v1/links/refresh`: "send me a fresh link" for an expired link. */
export const freshLinkRequestSchema = z.object({ token: z.string().check(z.maxLength(64)) });
/** Body of `POST /v1/links/refresh`. */
export type FreshLinkRequest = z.infer<typeof freshLinkRequestSchema>;
