/** The Node adapter: `node:http` (and Express/Fastify/Connect) on top of the Web-standard handler. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { GuestkitHandler } from './http/handler.js';

/** Options for `toNodeListener`. */
export interface NodeListenerOptions {
  /** Origin used to build the `Request` URL (default `http://localhost`); never taken from `Host` for links. */
  origin?: string;
  /**
   * Take the client IP from `X-Forwarded-For` (only behind one reverse proxy you trust, which
   * appends the address it was reached from): its last entry. The entries before it are whatever
   * the client sent, so per-IP rate limits and the audit log never use them.
   */
  trustProxy?: boolean;
}

function clientIp(req: IncomingMessage, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    // Several header lines are one list, in order (RFC 9110 §5.3).
    const forwarded = req.headers['x-forwarded-for'];
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? undefined;
}

// Node 20's `Readable.toWeb` reads with a tiny high-water mark, which halves upload throughput;
// this bridge keeps Node's own chunks and applies backpressure by pausing the socket.
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => controller.close());
        req.once('error', (error) => controller.error(error));
        req.once('aborted', () => controller.error(new Error('request aborted')));
      },
      pull() {
        req.resume();
      },
      cancel() {
        req.destroy();
      },
    },
    { highWaterMark: 1024 * 1024, size: (chunk) => chunk.byteLength },
  );
}

/** Converts a Node request into a Web `Request` (the body streams; nothing is buffered). */
export function toWebRequest(req: IncomingMessage, origin = 'http://localhost'): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    ...(hasBody ? { body: bodyStream(req), duplex: 'half' } : {}),
  } as RequestInit);
}

/**
 * Writes a Web `Response` to a Node response, streaming the body. A body is let go (and the file
 * behind it closed) as soon as the client stops listening — pdf.js drops range requests all the
 * time — and is not read at all for a `HEAD`.
 */
export async function writeWebResponse(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.appendHeader(name, value));
  if (!response.body || res.req?.method === 'HEAD') {
    await response.body?.cancel().catch(() => undefined);
    res.end();
    return;
  }
  // The pipeline destroys the body (cancelling its stream) when the response closes early, also
  // when the client went away before it began; a body that fails mid-way cuts the response.
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>), res);
}

/**
 * A `(req, res)` listener for `node:http`, Express (`app.use('/guestkit', …)` with the full URL
 * kept), Fastify or Connect.
 *
 * @example
 * ```ts
 * http.createServer(toNodeListener(gk.handle)).listen(4780);
 * ```
 */
export function toNodeListener(handle: GuestkitHandler, options: NodeListenerOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const ip = clientIp(req, options.trustProxy ?? false);
    handle(toWebRequest(req, options.origin), ip ? { ip } : {})
      .then((response) => writeWebResponse(response, res))
      .catch(() => {
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
  };
}

/** Where and how `serve` listens. */
export interface ServeOptions extends NodeListenerOptions {
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * How long a client may take to send a request's headers (default 60 000, Node's): a client
   * trickling them (slow-loris) is cut off then (SECURITY.md R40).
   */
  headersTimeoutMs?: number;
  /**
   * How long a client may take to send a whole request, body included (default 300 000, Node's).
   * `<guest-upload>` sends 4 MiB per tus `PATCH`, well inside it even at 128 kbit/s; a body that
   * trickles past it is cut off, and what arrived stays, for the client to resume from.
   */
  requestTimeoutMs?: number;
}

/** Starts a `node:http` server for `handle` on `port` (and `host`, default 127.0.0.1), with its timeouts. */
export function serve(handle: GuestkitHandler, options: ServeOptions): Promise<Server> {
  const headersTimeout = options.headersTimeoutMs ?? 60_000;
  const requestTimeout = options.requestTimeoutMs ?? 300_000;
  // Node checks the timeouts every 30 s by default: at least four times per headers timeout instead.
  const connectionsCheckingInterval = Math.min(30_000, Math.max(100, Math.floor(headersTimeout / 4)));
  const server = createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval }, toNodeListener(handle, options));
  return new Promise((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', () => resolve(server)));
}
