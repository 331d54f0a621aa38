/** Writing and reading the audit log, and telling listeners about new events. */
import type { ResourceRef } from '../../protocol/common.js';
import { verifyAuditChain, type AuditChainVerification } from '../store/audit-chain.js';
import type { AuditEventRecord } from '../store/types.js';
import type { AuditListener, Runtime } from './options.js';
import { isoNow } from './options.js';

/** Who did something and from where (the request's IP and user agent). */
export interface Actor {
  actor: string;
  ip?: string | null;
  userAgent?: string | null;
}

/** The actor for calls made through the SDK without a request. */
export const SYSTEM_ACTOR: Actor = { actor: 'system' };

/** What to record. */
export interface AuditInput {
  firmId: string;
  resource: ResourceRef;
  type: string;
  data?: Record<string, unknown>;
  /** False for anything a mail scanner could have caused. Default true. */
  verified?: boolean;
}

/** Appends one event (server time) and notifies listeners; listener errors never fail the write. */
export async function recordAudit(runtime: Runtime, input: AuditInput, by: Actor): Promise<AuditEventRecord> {
  const event = await runtime.store.audit.append({
    firmId: input.firmId,
    resourceType: input.resource.type,
    resourceId: input.resource.id,
    type: input.type,
    at: isoNow(runtime),
    actor: by.actor,
    ip: by.ip ?? null,
    userAgent: by.userAgent ? by.userAgent.slice(0, 512) : null,
    verified: input.verified ?? true,
    data: input.data ?? {},
  });
  for (const key of [event.type, '*']) {
    for (const listener of runtime.listeners.get(key) ?? []) {
      try {
        listener(event);
      } catch (error) {
        runtime.logger?.error('audit listener failed', { type: event.type, error: String(error) });
      }
    }
  }
  return event;
}

/**
 * A resource's events in chain order, or the firm's newest events first; with `limit`, only the
 * newest `limit` of either.
 */
export async function listAuditEvents(runtime: Runtime, firmId: string, filter: { resource?: ResourceRef | undefined; limit?: number | undefined } = {}): Promise<AuditEventRecord[]> {
  const { resource, limit } = filter;
  if (!resource) return runtime.store.audit.list(firmId, limit ? { limit } : {});
  const chain = await runtime.store.audit.listForResource(firmId, resource.type, resource.id);
  return limit ? chain.slice(-limit) : chain;
}

/** Verifies one resource's chain against its stored head. */
export async function verifyResourceAudit(runtime: Runtime, firmId: string, resource: ResourceRef): Promise<AuditChainVerification> {
  const [events, head] = await Promise.all([
    runtime.store.audit.listForResource(firmId, resource.type, resource.id),
    runtime.store.audit.head(firmId, resource.type, resource.id),
  ]);
  return verifyAuditChain(events, head);
}

/** Subscribes to audit events of `type` (or `'*'` for all); returns an unsubscribe function. */
export function onAudit(runtime: Runtime, type: string, listener: AuditListener): () => void {
  let set = runtime.listeners.get(type);
  if (!set) runtime.listeners.set(type, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}
