/**
 * The real Guestkit adapter for browser tests, as koa middleware for web-test-runner, served under
 * `/guestkit`, plus test-only routes:
 * - `POST /__test/links` seeds a link (`{ kind, stepUp, expired, revoked, locale, resource }`) → `{ token, email, linkId, resourceId }`;
 * - `GET /__test/outbox?to=<email>` lists the mails sent (to read one-time codes and fresh links);
 * - `POST /__test/upload-requests` creates an upload request (a partial `CreateUploadRequest`) with
 *   its `upload` link → `{ token, requestId, email }`; `POST /__test/upload-requests/:id/deactivate`
 *   closes it and revokes its links, as the back office does; `GET /__test/upload-requests/:id/files` lists
 *   the files received for it (`gk.uploads.listFiles`), each with `storedSha256`, the SHA-256 of the
 *   bytes `gk.uploads.readFile` returns (`null` when the file is not served);
 *   `GET /__test/upload-requests/:id/open-uploads` → `{ open }`, how many tus uploads of it are
 *   begun and neither finished nor closed (what holds `maxFiles` slots);
 * - `POST /__test/shares` builds real documents (`pdf30`: 30 pages made with pdf-lib, `image`: a PNG,
 *   `text`: a .txt), adds them with `gk.documents.add`, and shares them with each recipient for
 *   `expiresInSeconds` (server clock) → `{ shareId, tokens, emails, documents: [{ id, name, type, size, sha256 }] }`;
 *   `GET /__test/shares/:id/activity` answers `gk.shares.activity` (what each recipient did);
 *   `POST /__test/shares/:id/recipients/:email/revoke` ends one recipient's access, as the back office does;
 * - `POST /__test/clock { advanceSeconds }` moves the server clock forward (expires links made earlier);
 * - `GET /__test/uppy.js` is `@uppy/core` + `@uppy/tus` bundled for the browser by esbuild, as an app
 *   would ship them (served as-is: WTR's own transform drops the `with { type: 'json' }` import
 *   attribute Uppy 4 uses, which breaks loading it module by module);
 * - `/slow/guestkit/*` is the real adapter, but each request waits until `POST /__test/release`
 *   (which waits for a held request to arrive if there is none yet, and answers `{ released }`);
 * - `/lost/guestkit/*` is the real adapter, which does the work at once, but its answer waits until
 *   `POST /__test/release`: a request that reached the server and whose answer is lost on the way
 *   back (the client sees a connection that stalls after sending);
 * - `/session-lost/guestkit/*` answers every request `401 session_invalid`, as the adapter does
 *   for a session it no longer knows (after a restart with another key, say);
 * - `/broken/guestkit/*` answers every request the way a failing adapter does: `503`, problem+json
 *   `{ type, title, status: 503, code: 'unavailable', retryAfter }` and `Retry-After` (built with
 *   the adapter's own `problem()`), in the visitor's language;
 * - `GET /__test/standby` → `{ endpoint, up }`: the same real adapter served by its own `node:http`
 *   server on a loopback port, switched on and off with `POST /__test/standby { up }`. While it is
 *   off nothing listens there, so requests to it fail with "connection refused".
 *
 * Loaded from `web-test-runner.config.mjs` through `tsx` (the config is plain JS).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LinkKind, Locale, StepUpInput } from '../../../src/protocol/index.js';
import { GuestkitServerError } from '../../../src/server-adapter/core/errors.js';
import { localeFromHeader } from '../../../src/server-adapter/core/messages.js';
import { problem, withSecurityHeaders } from '../../../src/server-adapter/http/responses.js';
import { createGuestkit, fsBlobStore, memoryStore, outboxMailer, type MailMessage, type Mailer } from '../../../src/server-adapter/index.js';
import { UPLOAD_TYPES, type TusUploadData } from '../../../src/server-adapter/uploads/records.js';
import { createSeedShare, type SeedShareRequest, type SeedShareResponse } from './share-seeds.js';
import { createSeedUploadRequest, storedUploadedFiles, type SeedUploadRequest, type SeedUploadResponse, type StoredUploadedFile } from './upload-seeds.js';

export type { SeedShareRequest, SeedShareResponse } from './share-seeds.js';
export type { SeedUploadRequest, SeedUploadResponse, StoredUploadedFile } from './upload-seeds.js';
import { serve, toNodeListener, writeWebResponse } from '../../../src/server-adapter/node.js';

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
  /** What the link is for (default: a share of its own). */
  resource?: { type: string; id: string };
}

/** What `POST /__test/links` answers. */
export interface SeedLinkResponse {
  token: string;
  linkId: string;
  /** The recipient's address (unique per link), to find its mails in the outbox. */
  email: string;
  /** The id of the resource the link is for (`share-<n>`), as the session scope names it. */
  resourceId: string;
}

/** What `GET /__test/standby` answers. */
export interface StandbyState {
  /** The standby adapter's endpoint, e.g. `http://127.0.0.1:41234/guestkit`. */
  endpoint: string;
  /** Whether it is listening. */
  up: boolean;
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

/** Where the slow and broken adapters are mounted (both in front of the real `/guestkit`). */
const SLOW_PREFIX = '/slow';
const LOST_PREFIX = '/lost';
const BROKEN_PREFIX = '/broken';
const SESSION_LOST_PREFIX = '/session-lost';
/** Held requests go on by themselves after this long, so a failed test cannot leave them hanging. */
const HOLD_LIMIT_MS = 30_000;
/** How long `POST /__test/release` waits for a request to hold when there is none yet. */
const RELEASE_WAIT_MS = 5_000;

function isUnder(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}/`);
}

/** A loopback port nothing listens on (the OS just handed it out and it was closed again). */
async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Requests held by `/slow/guestkit`, and `POST /__test/release` calls waiting for one to arrive. */
function createGate() {
  let held: (() => void)[] = [];
  let waiting: (() => void)[] = [];
  return {
    /** Resolves when released (or after `HOLD_LIMIT_MS`). */
    hold(): Promise<void> {
      return new Promise((resolve) => {
        const go = (): void => {
          clearTimeout(timer);
          held = held.filter((other) => other !== go);
          resolve();
        };
        const timer = setTimeout(go, HOLD_LIMIT_MS);
        held.push(go);
        for (const notify of waiting.splice(0)) notify();
      });
    },
    /** Lets every held request through; with none held yet, first waits for one. Returns how many went. */
    async release(): Promise<number> {
      if (held.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, RELEASE_WAIT_MS);
          waiting.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      const going = [...held];
      for (const go of going) go();
      return going.length;
    },
  };
}

/**
 * Rewrites a `Location: /guestkit/…` answer to `<prefix>/guestkit/…`, as a proxy mounted at `prefix`
 * must. The adapter's Node bridge writes every header with `appendHeader`.
 */
function keepPrefixInLocation(res: ServerResponse, prefix: string): void {
  const appendHeader = res.appendHeader.bind(res);
  res.appendHeader = (name, value) =>
    appendHeader(name, name.toLowerCase() === 'location' && typeof value === 'string' && value.startsWith('/guestkit/') ? `${prefix}${value}` : value);
}

/** Keeps what the adapter writes to `res` from leaving until `released` settles (then it goes, in order). */
function holdAnswer(res: ServerResponse, released: Promise<void>): void {
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.on('error', () => undefined); // the client may have given up meanwhile
  res.write = ((...args: unknown[]) => {
    void released.then(() => write(...args));
    return true;
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    void released.then(() => end(...args));
    return res;
  }) as typeof res.end;
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
  const store = memoryStore();
  const gk = createGuestkit({
    store,
    blobs: fsBlobStore({ dir: join(dir, 'blobs') }),
    uploadDirectory: join(dir, 'tus'),
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
    const resource = input.resource ?? { type: 'share', id: `share-${n}` };
    const created = await gk.links.create(id, {
      kind: input.kind ?? 'view',
      resource,
      recipient: { email, name: `Visitor ${n}`, ...(input.locale ? { locale: input.locale } : {}) },
      ttlSeconds: input.expired ? 60 : 3600,
      ...(input.stepUp ? { stepUp: input.stepUp } : {}),
    });
    if (input.expired) clockOffsetMs += 61_000;
    if (input.revoked) await gk.links.revoke(id, created.link.id);
    return { token: created.token, linkId: created.link.id, email, resourceId: resource.id };
  }

  async function seedUploadRequest(req: IncomingMessage): Promise<SeedUploadResponse> {
    const input = (await readBody(req)) as SeedUploadRequest;
    return createSeedUploadRequest(gk, await firm(req.headers.origin), input, { n: ++seq, now: Date.now() + clockOffsetMs });
  }

  async function seedShare(req: IncomingMessage): Promise<SeedShareResponse> {
    const input = (await readBody(req)) as SeedShareRequest;
    return createSeedShare(gk, await firm(req.headers.origin), input, { n: ++seq, now: Date.now() + clockOffsetMs });
  }

  async function storedFiles(requestId: string): Promise<StoredUploadedFile[]> {
    return storedUploadedFiles(gk, await firm(undefined), requestId);
  }

  let uppyBundle: Promise<string> | undefined;
  function uppy(): Promise<string> {
    uppyBundle ??= build({
      stdin: { contents: "export { default as Uppy } from '@uppy/core';\nexport { default as Tus } from '@uppy/tus';\n", resolveDir: process.cwd() },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    }).then((result) => result.outputFiles[0]!.text);
    return uppyBundle;
  }

  const gate = createGate();

  // The standby adapter: the same `gk`, behind the adapter's own `serve()`, on a port of its own.
  const standbyPort = await freeLoopbackPort();
  const standbyOrigin = `http://127.0.0.1:${standbyPort}`;
  let standby: Server | undefined;
  async function setStandby(up: boolean): Promise<StandbyState> {
    if (up && !standby) standby = await serve(gk.handle, { port: standbyPort, host: '127.0.0.1', origin: standbyOrigin });
    if (!up && standby) {
      const server = standby;
      standby = undefined;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    return { endpoint: `${standbyOrigin}/guestkit`, up: standby !== undefined };
  }
  process.once('exit', () => standby?.close());

  /** Answers with the adapter's own problem for `error`, in the visitor's language. */
  async function answerProblem(req: IncomingMessage, res: ServerResponse, error: GuestkitServerError): Promise<void> {
    req.resume(); // the body is of no interest
    const locale = localeFromHeader(req.headers['accept-language'] ?? null);
    await writeWebResponse(withSecurityHeaders(problem(error, locale)), res);
  }

  async function middleware(ctx: KoaContext, next: () => Promise<unknown>): Promise<unknown> {
    const path = ctx.url.split('?')[0]!;
    if (path === '/guestkit' || path.startsWith('/guestkit/')) {
      ctx.respond = false; // hand koa's raw req/res to the adapter
      listener(ctx.req, ctx.res);
      return;
    }
    if (isUnder(path, `${SLOW_PREFIX}/guestkit`)) {
      ctx.respond = false;
      await gate.hold();
      ctx.req.url = ctx.url.slice(SLOW_PREFIX.length); // on to the real adapter, as `/guestkit/…`
      // Like a reverse proxy with a path prefix: Location (a new tus upload) points back through it.
      keepPrefixInLocation(ctx.res, SLOW_PREFIX);
      listener(ctx.req, ctx.res);
      return;
    }
    if (isUnder(path, `${LOST_PREFIX}/guestkit`)) {
      ctx.respond = false;
      ctx.req.url = ctx.url.slice(LOST_PREFIX.length);
      holdAnswer(ctx.res, gate.hold());
      listener(ctx.req, ctx.res);
      return;
    }
    if (isUnder(path, `${BROKEN_PREFIX}/guestkit`)) {
      ctx.respond = false;
      await answerProblem(ctx.req, ctx.res, new GuestkitServerError('unavailable', undefined, { retryAfter: 30 }));
      return;
    }
    if (isUnder(path, `${SESSION_LOST_PREFIX}/guestkit`)) {
      ctx.respond = false;
      await answerProblem(ctx.req, ctx.res, new GuestkitServerError('session_invalid'));
      return;
    }
    if (path === '/__test/release' && ctx.method === 'POST') {
      ctx.respond = false;
      sendJson(ctx.res, 200, { released: await gate.release() });
      return;
    }
    if (path === '/__test/standby') {
      ctx.respond = false;
      const wanted = ctx.method === 'POST' ? Boolean(((await readBody(ctx.req)) as { up?: unknown }).up) : standby !== undefined;
      sendJson(ctx.res, 200, await setStandby(wanted));
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
    if (path === '/__test/upload-requests' && ctx.method === 'POST') {
      ctx.respond = false;
      try {
        sendJson(ctx.res, 201, await seedUploadRequest(ctx.req));
      } catch (error) {
        sendJson(ctx.res, 500, { error: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    if (path === '/__test/shares' && ctx.method === 'POST') {
      ctx.respond = false;
      try {
        sendJson(ctx.res, 201, await seedShare(ctx.req));
      } catch (error) {
        sendJson(ctx.res, 500, { error: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    if (path === '/__test/clock' && ctx.method === 'POST') {
      ctx.respond = false;
      const { advanceSeconds } = (await readBody(ctx.req)) as { advanceSeconds?: number };
      clockOffsetMs += Math.max(0, Number(advanceSeconds) || 0) * 1000;
      sendJson(ctx.res, 200, { offsetMs: clockOffsetMs });
      return;
    }
    const deactivate = /^\/__test\/upload-requests\/([\w-]+)\/deactivate$/.exec(path);
    if (deactivate && ctx.method === 'POST') {
      ctx.respond = false;
      try {
        // As the firm's back office does: the request closes and its links are revoked.
        await gk.uploads.deactivate(await firm(undefined), deactivate[1]!);
        sendJson(ctx.res, 200, { deactivated: true });
      } catch (error) {
        sendJson(ctx.res, 500, { error: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    const activityOf = /^\/__test\/shares\/([\w-]+)\/activity$/.exec(path);
    if (activityOf && ctx.method === 'GET') {
      ctx.respond = false;
      try {
        sendJson(ctx.res, 200, await gk.shares.activity(await firm(undefined), activityOf[1]!));
      } catch (error) {
        sendJson(ctx.res, 500, { error: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    const revokeOf = /^\/__test\/shares\/([\w-]+)\/recipients\/([^/]+)\/revoke$/.exec(path);
    if (revokeOf && ctx.method === 'POST') {
      ctx.respond = false;
      try {
        await gk.shares.revokeRecipient(await firm(undefined), revokeOf[1]!, decodeURIComponent(revokeOf[2]!));
        sendJson(ctx.res, 200, { revoked: true });
      } catch (error) {
        sendJson(ctx.res, 500, { error: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    const openOf = /^\/__test\/upload-requests\/([\w-]+)\/open-uploads$/.exec(path);
    if (openOf && ctx.method === 'GET') {
      ctx.respond = false;
      const uploads = await store.resources.list(await firm(undefined), UPLOAD_TYPES.tusUpload, { parent: openOf[1]! });
      const open = uploads.filter((u) => {
        const data = u.data as unknown as TusUploadData;
        return !data.finishedFileId && !data.closedAt;
      });
      sendJson(ctx.res, 200, { open: open.length });
      return;
    }
    const filesOf = /^\/__test\/upload-requests\/([\w-]+)\/files$/.exec(path);
    if (filesOf && ctx.method === 'GET') {
      ctx.respond = false;
      try {
        sendJson(ctx.res, 200, await storedFiles(filesOf[1]!));
      } catch (error) {
        sendJson(ctx.res, 500, { error: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    if (path === '/__test/uppy.js' && ctx.method === 'GET') {
      ctx.respond = false;
      ctx.res.statusCode = 200;
      ctx.res.setHeader('content-type', 'text/javascript; charset=utf-8');
      ctx.res.end(await uppy());
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
