/** Authenticating admin API calls with a firm API key. */
import type { Actor } from '../core/audit.js';
import { authenticateApiKey } from '../core/firms.js';
import type { Runtime } from '../core/options.js';
import { assertOriginAllowed } from '../core/request-meta.js';
import type { FirmRecord } from '../store/types.js';
import type { RouteContext } from './router.js';

/** Resolves the request's API key to its firm (and checks the browser origin, if any). */
export async function authenticateAdmin(runtime: Runtime, ctx: RouteContext): Promise<{ firm: FirmRecord; by: Actor }> {
  const header = ctx.request.headers.get('authorization');
  const { firm, apiKey } = await authenticateApiKey(runtime, header?.startsWith('Bearer ') ? header.slice(7).trim() : null);
  ctx.firm = firm;
  assertOriginAllowed(firm, ctx.meta);
  return { firm, by: { actor: `api-key:${apiKey.id}`, ip: ctx.meta.ip, userAgent: ctx.meta.userAgent } };
}
