/** Uploading from Node with the real tus client, the way a widget does in a browser. */
import { createHash, randomBytes } from 'node:crypto';
import { Upload, type DetailedError } from 'tus-js-client';
import type { LinkSession } from '../../../src/client/link-session.js';
import { createClient } from '../../../src/client/client.js';
import { receivedFileSchema, UPLOAD_ROUTES } from '../../../src/protocol/uploads.js';

/** Opens an upload link through the real client. */
export function openUploadLink(endpoint: string, token: string): Promise<LinkSession> {
  return createClient({ endpoint }).openLink(token);
}

/** Hex SHA-256. */
export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Bytes that start like a PDF. */
export function pdfBytes(size: number): Buffer {
  const bytes = randomBytes(size);
  Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1').copy(bytes);
  return bytes;
}

/** Options for `tusUpload`. */
export interface TusUploadOptions {
  name?: string;
  chunkSize?: number;
  uploadUrl?: string;
  /** Pause (abort without terminating) once this many bytes are on the server; resolves with `stopped`. */
  stopAfter?: number;
  /** Authorization header value; defaults to the link session's. */
  authorization?: () => Promise<string>;
  /** More `Upload-Metadata` (a `key`, say). */
  metadata?: Record<string, string>;
}

/** Uploads `bytes` with tus-js-client; resolves with the upload id, rejects with the tus error. */
export function tusUpload(
  endpoint: string,
  link: LinkSession,
  bytes: Buffer,
  options: TusUploadOptions = {},
): Promise<{ id: string; url: string; upload: Upload; stopped: boolean }> {
  return new Promise((resolve, reject) => {
    const upload: Upload = new Upload(bytes, {
      endpoint: `${endpoint}${UPLOAD_ROUTES.tus}`,
      ...(options.uploadUrl ? { uploadUrl: options.uploadUrl } : {}),
      chunkSize: options.chunkSize ?? 4 * 1024 * 1024,
      retryDelays: [],
      metadata: { filename: options.name ?? 'Steuerbescheid 2025.pdf', filetype: 'application/pdf', ...options.metadata },
      async onBeforeRequest(req) {
        req.setHeader('Authorization', await (options.authorization ?? link.authorization)());
      },
      onChunkComplete: (_size, offset) => {
        if (options.stopAfter !== undefined && offset >= options.stopAfter && offset < bytes.length) {
          void upload.abort(false).then(() => resolve({ id: upload.url!.split('/').pop()!, url: upload.url!, upload, stopped: true }));
        }
      },
      onError: (error) => reject(error as DetailedError),
      onSuccess: () => resolve({ id: upload.url!.split('/').pop()!, url: upload.url!, upload, stopped: false }),
    });
    upload.start();
  });
}

/** Finishes an upload through the client (what the widget does after tus succeeds). */
export function finish(link: LinkSession, body: { uploadId: string; sha256: string; note?: string; uploader?: { name?: string; email?: string } }, idempotencyKey?: string) {
  return link.post(UPLOAD_ROUTES.files, body, receivedFileSchema, idempotencyKey ? { idempotencyKey } : {});
}

/** Reads a whole stream. */
export async function readAll(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The tus headers for a request on behalf of a session. */
export async function tusHeaders(link: LinkSession, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return { 'tus-resumable': '1.0.0', authorization: await link.authorization(), ...extra };
}

/** Begins a tus upload by hand (`POST`), with exactly the metadata and headers given; nothing is sent. */
export async function beginTusUpload(
  endpoint: string,
  link: LinkSession,
  length: number,
  metadata: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const encoded = Object.entries(metadata).map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`).join(',');
  return fetch(`${endpoint}${UPLOAD_ROUTES.tus}`, { method: 'POST', headers: await tusHeaders(link, { 'upload-length': String(length), 'upload-metadata': encoded, ...headers }) });
}

/** The server's offset for a tus upload (`HEAD`), or the HEAD's status when it is not 200. */
export async function tusOffset(url: string, link: LinkSession): Promise<number | { status: number }> {
  const head = await fetch(url, { method: 'HEAD', headers: await tusHeaders(link) });
  return head.status === 200 ? Number(head.headers.get('upload-offset')) : { status: head.status };
}

/**
 * Sends a request that declares `declaredLength` body bytes but sends only `first` and keeps the
 * request open, the way a slow or hostile client would. Resolves with the answer if one comes
 * within `timeoutMs` (then drops the connection); rejects when the server waits for the rest.
 */
export async function answerBeforeBody(
  url: string,
  init: { method: string; headers: Record<string, string>; declaredLength: number; first: string | Uint8Array },
  timeoutMs = 3000,
): Promise<{ status: number; contentType: string; body: string; ms: number }> {
  const { request } = await import('node:http');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let settled = false;
    const req = request(url, { method: init.method, headers: { ...init.headers, 'content-length': String(init.declaredLength) } });
    const done = (result: Error | { status: number; contentType: string; body: string; ms: number }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs} ms: the server was waiting for the body`)), timeoutMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }),
      );
    });
    req.on('error', (error) => done(error));
    req.write(init.first); // and never the rest, nor end()
  });
}

/** An adapter (embedded SQLite store, files on disk) running in a child process: one that can be killed with `SIGKILL`. */
export interface AdapterProcess {
  pid: number;
  endpoint: string;
  firmId: string;
  /** A firm API key made by this start (keys of earlier starts stay valid: they live in the database). */
  apiKey: string;
  /** `kill -9`, and resolves once the process is gone. */
  kill(): Promise<void>;
}

/**
 * Starts `createEmbeddedGuestkit({ dir })` in a child process on `port` (the same port after a
 * restart, so upload URLs and link sessions stay valid). Resolves once it listens.
 * `maxFileBytes` caps every file the process writes (`ulimit -f`), as a full disk would: a write
 * past it fails (`EFBIG`) after the bytes that fit.
 */
export async function startAdapterProcess(dir: string, port: number, { maxFileBytes }: { maxFileBytes?: number } = {}): Promise<AdapterProcess> {
  const { spawn } = await import('node:child_process');
  const src = new URL('../../../src/server-adapter/', import.meta.url).href;
  const code = `
    const { createEmbeddedGuestkit, ensureFirm } = await import(${JSON.stringify(`${src}embedded.ts`)});
    const { serve } = await import(${JSON.stringify(`${src}node.ts`)});
    const gk = createEmbeddedGuestkit({ dir: ${JSON.stringify(dir)}, sweepIntervalSeconds: 0, rateLimits: { exchangePerIpPerMinute: 1000 } });
    await gk.init();
    const firm = await ensureFirm(gk, { name: 'Kanzlei Muster & Partner', mailFrom: 'no-reply@kanzlei.example', linkBaseUrl: 'https://kanzlei.example/{kind}' });
    const { key } = await gk.apiKeys.create(firm.id, 'faults');
    await serve(gk.handle, { port: ${port} });
    process.stdout.write(JSON.stringify({ firmId: firm.id, apiKey: key }) + '\\n');
  `;
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', code];
  // bash counts `ulimit -f` in KiB; Node ignores SIGXFSZ, so the write fails instead of the process.
  const command = maxFileBytes === undefined ? node : ['bash', '-c', `ulimit -f ${Math.floor(maxFileBytes / 1024)} && exec "$@"`, 'bash', ...node];
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const ready = await new Promise<{ firmId: string; apiKey: string }>((resolve, reject) => {
    let line = '';
    child.stdout.on('data', (chunk: Buffer) => {
      line += chunk.toString();
      if (line.includes('\n')) resolve(JSON.parse(line.split('\n')[0]!) as { firmId: string; apiKey: string });
    });
    void exited.then(() => reject(new Error(`the adapter process ended before it listened:\n${output.join('')}`)));
  });
  return {
    pid: child.pid!,
    endpoint: `http://127.0.0.1:${port}/guestkit`,
    ...ready,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
