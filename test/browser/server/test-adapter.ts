/**
 * The real Guestkit adapter for browser tests, as koa middleware for web-test-runner, plus two
 * test-only routes:
 * - `POST /__test/links` seeds a link (`{ kind, stepUp, expired, revoked, locale }`) → `{ token, email, linkId }`;
 * - `GET /__test/outbox?to=<email>` lists the mails sent (to read one-time codes and fresh links).
 *
 * Loaded from `web-test-runner.config.mjs` through `tsx` (the config is plain JS).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LinkKind, Locale, StepUpInput } from '../../../src/protocol/index.js';
import { createGuestkit, memoryStore, outboxMailer, type MailMessage, type Mailer } from '../../../src/server-adapter/index.js';
import { toNodeListener } from '../../../src/server-adapter/node.js';

/** What `POST /__test/links` accepts. */
export interface SeedLinkRequest {
  kind?: LinkKind;
  stepUp?: StepUpInput;
  /** Create the link, then move the server clock past its expiry. */
  expired?: boolean;
  /** Create the link, then revoke it. */
  revoked?: boolean;
  /** The recipient's language (mails are written in it). */
  locale?: Locale;
}

/** What `POST /__test/links` answers. */
export interface SeedLinkResponse {
  token: string;
  linkId: string;
  /** The recipient's address (unique per link), to find its mails in the outbox. */
  email: string;
}

/** One mail in `GET /__test/outbox`. */
export interface OutboxMail {
  to: string;
  subject: string;
  text: string;
  /** The `.eml` file the outbox mailer wrote. */
  file: string;
}

/** Koa's context, as far as this module uses it. */
interface KoaContext {
  url: string;
  method: string;
  req: IncomingMessage;
  res: ServerResponse;
  respond?: boolean;
}

/** Records each message as sent (plain text, before MIME encoding) and the `.eml` the outbox wrote for it. */
function recordingMailer(inner: Mailer, dir: string, sent: OutboxMail[]): Mailer {
  return {
    async send(message: MailMessage) {
      const before = new Set(await readdir(dir).catch(() => []));
      const result = await inner.send(message);
      const file = (await readdir(dir)).find((name) => name.endsWith('.eml') && !before.has(name)) ?? '';
      sent.push({ to: message.to, subject: message.subject, text: message.text, file: file && join(dir, file) });
      return result;
    },
  };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

/**
 * Creates the adapter (memory store, outbox mailer in a temp dir, a movable clock) and the koa
 * middleware that serves it under `/guestkit` and the test routes under `/__test`.
 */
export async function createTestAdapter({ origin }: { origin: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'guestkit-wtr-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const outboxDir = join(dir, 'outbox');
  const sent: OutboxMail[] = [];
  // The server clock only moves forward: "expired" links are made by jumping past their expiry.
  let clockOffsetMs = 0;
  const gk = createGuestkit({
    store: memoryStore(),
    mailer: recordingMailer(outboxMailer({ dir: outboxDir }), outboxDir, sent),
    now: () => Date.now() + clockOffsetMs,
    // Every test runs from 127.0.0.1: per-IP limits would trip across the suite. Per-link limits stay.
    rateLimits: { exchangePerIpPerMinute: 100_000, freshLinksPerIpPerHour: 100_000 },
  });
  await gk.init();
  const listener = toNodeListener(gk.handle, { origin });
  const origins = new Set([origin, origin.replace('localhost', '127.0.0.1')]);

  let firmId: string | undefined;
  let seq = 0;
  async function firm(requestOrigin: string | undefined): Promise<string> {
    if (requestOrigin) origins.add(requestOrigin);
    firmId ??= (
      await gk.firms.create({
        name: 'Kanzlei Test & Partner',
        mailFrom: 'no-reply@kanzlei.test',
        linkBaseUrl: `${origin}/portal/{kind}`,
        allowedOrigins: [...origins],
        defaultLocale: 'de',
      })
    ).id;
    return firmId;
  }

  async function seed(req: IncomingMessage): Promise<SeedLinkResponse> {
    const input = (await readBody(req)) as SeedLinkRequest;
    const id = await firm(req.headers.origin);
    const n = ++seq;
    const email = `visitor-${n}@example.test`;
    const created = await gk.links.create(id, {
      kind: input.kind ?? 'view',
      resource: { type: 'share', id: `share-${n}` },
      recipient: { email, name: `Visitor ${n}`, ...(input.locale ? { locale: input.locale } : {}) },
      ttlSeconds: input.expired ? 60 : 3600,
      ...(input.stepUp ? { stepUp: input.stepUp } : {}),
    });
    if (input.expired) clockOffsetMs += 61_000;
    if (input.revoked) await gk.links.revoke(id, created.link.id);
    return { token: created.token, linkId: created.link.id, email };
  }

  async function middleware(ctx: KoaContext, next: () => Promise<unknown>): Promise<unknown> {
    const path = ctx.url.split('?')[0]!;
    if (path === '/guestkit' || path.startsWith('/guestkit/')) {
      ctx.respond = false; // hand koa's raw req/res to the adapter
      listener(ctx.req, ctx.res);
      return;
    }
    if (path === '/__test/links' && ctx.method === 'POST') {
      ctx.respond = false;
      try {
        sendJson(ctx.res, 201, await seed(ctx.req));
      } catch (error) {
        sendJson(ctx.res, 500, { error: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    if (path === '/__test/outbox' && ctx.method === 'GET') {
      ctx.respond = false;
      const to = new URL(ctx.url, origin).searchParams.get('to');
      sendJson(ctx.res, 200, to ? sent.filter((mail) => mail.to === to) : sent);
      return;
    }
    return next();
  }

  return { middleware, gk };
}
