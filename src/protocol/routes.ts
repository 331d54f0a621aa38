/**
 * The route table: every HTTP route the adapter serves, with who may call it.
 * Paths are relative to the adapter's base path (default `/guestkit`).
 */

/** How a route is authenticated. */
export type RouteAuth = 'link-token-in-body' | 'session' | 'api-key' | 'none';

/** One route of the wire contract. */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  auth: RouteAuth;
  /** Mutating routes that complete an action require an `Idempotency-Key` header. */
  idempotent?: boolean;
}

/** All routes, by name. */
export const ROUTES = {
  exchangeSession: { method: 'POST', path: '/v1/session', auth: 'link-token-in-body' },
  getSession: { method: 'GET', path: '/v1/session', auth: 'session' },
  endSession: { method: 'DELETE', path: '/v1/session', auth: 'session' },
  refreshSession: { method: 'POST', path: '/v1/session/refresh', auth: 'session' },
  requestOtp: { method: 'POST', path: '/v1/session/otp', auth: 'link-token-in-body' },
  requestFreshLink: { method: 'POST', path: '/v1/links/refresh', auth: 'link-token-in-body' },
  createLink: { method: 'POST', path: '/v1/admin/links', auth: 'api-key', idempotent: true },
  listLinks: { method: 'GET', path: '/v1/admin/links', auth: 'api-key' },
  revokeLink: { method: 'POST', path: '/v1/admin/links/:id/revoke', auth: 'api-key' },
  listAudit: { method: 'GET', path: '/v1/admin/audit', auth: 'api-key' },
  verifyAudit: { method: 'GET', path: '/v1/admin/audit/verify', auth: 'api-key' },
  getFirm: { method: 'GET', path: '/v1/admin/firm', auth: 'api-key' },
} as const satisfies Record<string, RouteSpec>;

/** The name of a route. */
export type RouteName = keyof typeof ROUTES;

/** The header that carries an idempotency key. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Fills `:param` placeholders of a route path (values are URI-encoded). */
export function routePath(name: RouteName, params: Record<string, string> = {}): string {
  return ROUTES[name].path.replace(/:([a-z]+)/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new TypeError(`route ${name} needs parameter ${key}`);
    return encodeURIComponent(value);
  });
}
