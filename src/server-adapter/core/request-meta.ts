/** What the adapter knows about who is asking: for the audit log and origin checks. */
import type { FirmRecord } from '../store/types.js';
import { GuestkitServerError } from './errors.js';

/** Client facts of one request. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  /** The `Origin` header, when a browser sent one. */
  origin: string | null;
}

/** Throws `origin_forbidden` when a browser request comes from an origin the firm has not allowed. */
export function assertOriginAllowed(firm: FirmRecord, meta: RequestMeta): void {
  if (meta.origin !== null && !firm.allowedOrigins.includes(meta.origin)) throw new GuestkitServerError('origin_forbidden');
}
