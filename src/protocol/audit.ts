/** Audit events on the wire (admin API) and the result of verifying a chain. */
import { timestampSchema } from './common.js';
import { z } from './zod.js';

/** One audit event, as stored: hash-chained per resource. */
export const auditEventSchema = z.object({
  id: z.string(),
  firmId: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  /** Position in this resource's chain, from 1. */
  seq: z.number(),
  type: z.string(),
  at: timestampSchema,
  /** Who caused it: `link:<id>`, `session:<id>`, `api-key:<id>`, `staff:<email>` or `system`. */
  actor: z.string(),
  ip: z.nullable(z.string()),
  userAgent: z.nullable(z.string()),
  /** False when the event cannot be told apart from a mail scanner (e.g. a link being opened). */
  verified: z.boolean(),
  data: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
/** One stored audit event. */
export type AuditEvent = z.infer<typeof auditEventSchema>;

/** Result of verifying one resource's chain. */
export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  count: z.number(),
  /** The first event (by `seq`) where the chain breaks, when it does. */
  brokenAt: z.optional(z.number()),
  reason: z.optional(z.string()),
});
/** Result of verifying a chain. */
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
