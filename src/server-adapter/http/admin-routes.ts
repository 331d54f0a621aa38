/** The firm's admin API, authenticated by a firm API key. Mirrors the SDK's `links` and `audit`. */
import type { ResourceRef } from '../../protocol/common.js';
import { createLinkRequestSchema } from '../../protocol/links.js';
import { ROUTES } from '../../protocol/routes.js';
import { listAuditEvents, verifyResourceAudit } from '../core/audit.js';
import { GuestkitServerError } from '../core/errors.js';
import { createLink, listLinks, revokeLink } from '../core/links.js';
import type { Runtime } from '../core/options.js';
import { parseInput } from '../core/validate.js';
import { toAuditEvent } from '../core/audit-view.js';
import { authenticateAdmin } from './admin-auth.js';
import { readJson } from './body.js';
import { withIdempotency } from './idempotency.js';
import { json } from './responses.js';
import type { Router } from './router.js';

function resourceFromQuery(url: URL, required: boolean): ResourceRef | undefined {
  const type = url.searchParams.get('resourceType');
  const id = url.searchParams.get('resourceId');
  if (type && id) return { type, id };
  if (required || type || id) throw new GuestkitServerError('validation_failed', 'resourceType and resourceId go together');
  return undefined;
}

function limitFromQuery(url: URL): number | undefined {
  const raw = url.searchParams.get('limit');
  if (raw === null) return undefined;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new GuestkitServerError('validation_failed', 'limit must be 1–1000');
  return limit;
}

/** Registers the admin routes on `router`. */
export function registerAdminRoutes(router: Router, runtime: Runtime): void {
  router.on('GET', ROUTES.getFirm.path, async (ctx) => {
    const { firm } = await authenticateAdmin(runtime, ctx);
    return json({ id: firm.id, name: firm.name, allowedOrigins: firm.allowedOrigins, linkBaseUrl: firm.linkBaseUrl, defaultLocale: firm.defaultLocale });
  });

  router.on('POST', ROUTES.createLink.path, async (ctx) => {
    const { firm, by } = await authenticateAdmin(runtime, ctx);
    const body = await readJson(ctx.request);
    return withIdempotency(runtime, ctx.request, `firm:${firm.id}:links`, body, async () => ({
      status: 201,
      body: await createLink(runtime, firm.id, parseInput(createLinkRequestSchema, body), { by }),
    }));
  });

  router.on('GET', ROUTES.listLinks.path, async (ctx) => {
    const { firm } = await authenticateAdmin(runtime, ctx);
    const resource = resourceFromQuery(ctx.url, false);
    const limit = limitFromQuery(ctx.url);
    const links = await listLinks(runtime, firm.id, {
      ...(resource ? { resource } : {}),
      active: ctx.url.searchParams.get('active') === 'true',
      ...(limit ? { limit } : {}),
    });
    return json({ links });
  });

  router.on('POST', ROUTES.revokeLink.path, async (ctx) => {
    const { firm, by } = await authenticateAdmin(runtime, ctx);
    return json(await revokeLink(runtime, firm.id, ctx.params.id!, by));
  });

  router.on('GET', ROUTES.listAudit.path, async (ctx) => {
    const { firm } = await authenticateAdmin(runtime, ctx);
    const resource = resourceFromQuery(ctx.url, false);
    // A resource's whole chain unless limited; the firm's newest 100 unless told otherwise.
    const limit = limitFromQuery(ctx.url) ?? (resource ? undefined : 100);
    const events = await listAuditEvents(runtime, firm.id, { resource, limit });
    return json({ events: events.map(toAuditEvent) });
  });

  router.on('GET', ROUTES.verifyAudit.path, async (ctx) => {
    const { firm } = await authenticateAdmin(runtime, ctx);
    return json(await verifyResourceAudit(runtime, firm.id, resourceFromQuery(ctx.url, true)!));
  });
}
