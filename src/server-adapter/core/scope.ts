/** Scope checks: a session may touch one resource, with one action — nothing else. */
import type { ResourceRef } from '../../protocol/common.js';
import { GuestkitServerError } from './errors.js';
import type { SessionContext } from './sessions.js';

/**
 * Throws `scope_forbidden` unless the session's link was issued for exactly this resource and
 * action. Widget routes call it before reading or changing anything.
 */
export function assertScope(context: SessionContext, resource: ResourceRef, action: string): void {
  const { link } = context;
  if (link.resource.type !== resource.type || link.resource.id !== resource.id || link.action !== action) {
    throw new GuestkitServerError('scope_forbidden');
  }
}
