/** Routes the people who open links call: session exchange, step-up codes, fresh links. */
import { ROUTES } from '../../protocol/routes.js';
import { freshLinkRequestSchema, otpRequestSchema, sessionExchangeRequestSchema } from '../../protocol/session-requests.js';
import { GuestkitServerError } from '../core/errors.js';
import { requestFreshLink } from '../core/fresh-link.js';
import { findLink, linkUnusableReason } from '../core/link-access.js';
import type { Runtime } from '../core/options.js';
import { enforceRateLimit, MINUTE } from '../core/rate-limit.js';
import { assertOriginAllowed } from '../core/request-meta.js';
import { authenticateSession, describeSession, endSession, exchangeLink, refreshSession } from '../core/sessions.js';
import { sendOtp } from '../core/step-up.js';
import { parseInput } from '../core/validate.js';
import { readJson } from './body.js';
import { json } from './responses.js';
import type { RouteContext, Router } from './router.js';

const accepted = (): Response => json({ accepted: true }, 202);

/** Registers the public routes on `router`. */
export function registerPublicRoutes(router: Router, runtime: Runtime): void {
  router.on('POST', ROUTES.exchangeSession.path, async (ctx) => {
    const body = parseInput(sessionExchangeRequestSchema, await readJson(ctx.request));
    return json(await exchangeLink(runtime, body.token, { accessCode: body.accessCode, otp: body.otp }, ctx.meta), 201);
  });

  router.on('GET', ROUTES.getSession.path, async (ctx) => {
    const session = await authenticateSession(runtime, ctx.request.headers.get('authorization'), ctx.meta);
    ctx.firm = session.firm;
    return json(describeSession(session));
  });

  router.on('POST', ROUTES.refreshSession.path, async (ctx) => {
    const session = await authenticateSession(runtime, ctx.request.headers.get('authorization'), ctx.meta);
    ctx.firm = session.firm;
    return json(await refreshSession(runtime, session, ctx.meta), 201);
  });

  router.on('DELETE', ROUTES.endSession.path, async (ctx) => {
    const session = await authenticateSession(runtime, ctx.request.headers.get('authorization'), ctx.meta);
    ctx.firm = session.firm;
    await endSession(runtime, session);
    return new Response(null, { status: 204 });
  });

  router.on('POST', ROUTES.requestOtp.path, async (ctx: RouteContext) => {
    const { token } = parseInput(otpRequestSchema, await readJson(ctx.request));
    await enforceRateLimit(runtime, `otp-ip:${ctx.meta.ip ?? 'unknown'}`, runtime.limits.exchangePerIpPerMinute, MINUTE);
    let found;
    try {
      found = await findLink(runtime, token);
    } catch (error) {
      // Unknown tokens get the same answer as known ones.
      if (error instanceof GuestkitServerError && error.code === 'link_not_found') return accepted();
      throw error;
    }
    ctx.firm = found.firm;
    assertOriginAllowed(found.firm, ctx.meta);
    const unusable = linkUnusableReason(runtime, found.link);
    if (unusable) throw new GuestkitServerError(unusable);
    await sendOtp(runtime, found.firm, found.link, { actor: `link:${found.link.id}`, ip: ctx.meta.ip, userAgent: ctx.meta.userAgent });
    return accepted();
  });

  router.on('POST', ROUTES.requestFreshLink.path, async (ctx) => {
    const { token } = parseInput(freshLinkRequestSchema, await readJson(ctx.request));
    await requestFreshLink(runtime, token, ctx.meta);
    return accepted();
  });
}
