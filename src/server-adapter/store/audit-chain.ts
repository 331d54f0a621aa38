/**
 * The audit hash chain: `hash = SHA-256(prevHash ‖ canonical JSON of the event)`, per resource.
 * Any edited, removed, inserted or reordered event breaks every hash after it.
 */
import { createHash } from 'node:crypto';
import type { AuditEventInput, AuditEventRecord } from './types.js';

/** The `prevHash` of a resource's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function hashEvent(event: Omit<AuditEventRecord, 'hash'>): string {
  const { id, seq, firmId, resourceType, resourceId, type, at, actor, ip, userAgent, verified, data, prevHash } = event;
  const body = canonicalJson({ id, seq, firmId, resourceType, resourceId, type, at, actor, ip, userAgent, verified, data });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/** Builds the stored form of an event that follows `previous` (or starts a chain). */
export function chainAuditEvent(input: AuditEventInput, id: string, previous: Pick<AuditEventRecord, 'seq' | 'hash'> | null): AuditEventRecord {
  const partial = { ...input, id, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? GENESIS_HASH };
  return { ...partial, hash: hashEvent(partial) };
}

/** Result of `verifyAuditChain`. */
export interface AuditChainVerification {
  ok: boolean;
  count: number;
  brokenAt?: number;
  reason?: string;
}

/**
 * Verifies one resource's chain, given its events in stored order. Detects edited fields,
 * removed or inserted events, reordering, and events from another chain; with the stored
 * `head`, also events cut off the end.
 *
 * @example
 * ```ts
 * const events = await store.audit.listForResource(firmId, 'share', shareId);
 * verifyAuditChain(events).ok // true unless someone touched the log
 * ```
 */
export function verifyAuditChain(
  events: readonly AuditEventRecord[],
  head?: { seq: number; hash: string } | null,
): AuditChainVerification {
  let prev: AuditEventRecord | null = null;
  for (const event of events) {
    const expectedSeq = (prev?.seq ?? 0) + 1;
    const expectedPrev = prev?.hash ?? GENESIS_HASH;
    if (prev && (event.firmId !== prev.firmId || event.resourceType !== prev.resourceType || event.resourceId !== prev.resourceId)) {
      return { ok: false, count: events.length, brokenAt: event.seq, reason: 'event belongs to another resource' };
    }
    if (event.seq !== expectedSeq) return { ok: false, count: events.length, brokenAt: event.seq, reason: `expected seq ${expectedSeq}` };
    if (event.prevHash !== expectedPrev) return { ok: false, count: events.length, brokenAt: event.seq, reason: 'prevHash does not match the previous event' };
    const { hash, ...rest } = event;
    if (hashEvent(rest) !== hash) return { ok: false, count: events.length, brokenAt: event.seq, reason: 'event content does not match its hash' };
    prev = event;
  }
  if (head !== undefined && (head?.seq ?? 0) !== (prev?.seq ?? 0)) {
    return { ok: false, count: events.length, brokenAt: (prev?.seq ?? 0) + 1, reason: 'events are missing from the end of the chain' };
  }
  if (head && prev && head.hash !== prev.hash) {
    return { ok: false, count: events.length, brokenAt: prev.seq, reason: 'last event does not match the chain head' };
  }
  return { ok: true, count: events.length };
}
