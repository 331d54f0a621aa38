/** The wire form of a stored audit event. */
import type { AuditEvent } from '../../protocol/audit.js';
import type { AuditEventRecord } from '../store/types.js';

/** Copies a stored event into its protocol shape. */
export function toAuditEvent(record: AuditEventRecord): AuditEvent {
  const { id, firmId, resourceType, resourceId, seq, type, at, actor, ip, userAgent, verified, data, prevHash, hash } = record;
  return { id, firmId, resourceType, resourceId, seq, type, at, actor, ip, userAgent, verified, data, prevHash, hash };
}
