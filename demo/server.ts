/**
 * `npm start`: the Guestkit adapter on the embedded default store (SQLite + files in .guestkit/),
 * a firm back office, and the pages that host the widgets. No configuration needed.
 *
 * Environment: PORT (default 4780), HOST (default 127.0.0.1), GUESTKIT_DATA (default .guestkit).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
// @ts-expect-error -- the build config is plain JavaScript without declarations; tusShimFor(source, importer): string | null.
import { tusShimFor } from '../rollup.config.mjs';
import { createEmbeddedGuestkit, ensureFirm } from '../src/server-adapter/embedded.js';
import { EICAR, signatureScanner } from '../src/server-adapter/index.js';
import { toNodeListener } from '../src/server-adapter/node.js';
import { parseMail } from '../src/server-adapter/testing/mailer-conformance.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const port = Number(process.env.PORT ?? 4780);
const host = process.env.HOST ?? '127.0.0.1';
const dataDir = process.env.GUESTKIT_DATA ?? '.guestkit';
const base = `http://localhost:${port}`;
const KINDS = ['view', 'upload', 'sign', 'pay', 'req'] as const;
/** The element each kind of link opens in; kinds whose widget has not landed use the demo stand-in. */
const WIDGET_TAGS: Record<(typeof KINDS)[number], string> = {
  view: 'doc-viewer',
  upload: 'guest-upload',
  sign: 'gk-demo-link',
  pay: 'gk-demo-link',
  req: 'gk-demo-link',
};

/** Strict CSP, as a firm's page could set it: proves the widgets need no inline script, style or eval. */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // blob: for <doc-viewer>'s images (shown from the authorised fetch's bytes).
  "img-src 'self' data: blob:",
  // blob: for <doc-viewer>'s print frame (the document's own bytes, printed by the browser).
  "frame-src blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html guestkit-pdf-worker',
].join('; ');

const gk = createEmbeddedGuestkit({
  dir: dataDir,
  printMail: (line) => console.log(`  ✉  ${line}`),
  // Quarantine shown end to end: a file carrying the EICAR test string is marked infected, never served.
  scanner: signatureScanner({ 'EICAR-Test-File': EICAR }),
  logger: {
    info: (_m, f) => f && Number(f.status) >= 400 && console.log(`  ${f.method} ${f.path} → ${f.status}`),
    warn: (m, f) => console.warn(m, f),
    error: (m, f) => console.error(m, f),
  },
});
await gk.init();
const firm = await ensureFirm(gk, {
  name: 'Kanzlei Muster & Partner',
  mailFrom: 'no-reply@kanzlei-muster.example',
  linkBaseUrl: `${base}/{kind}`,
  allowedOrigins: [base, `http://127.0.0.1:${port}`],
  accentColor: '#0b5cad',
  defaultLocale: 'de',
});
// The back office runs in the browser on this machine only; a real back office keeps its key on the server.
for (const key of await gk.apiKeys.list(firm.id)) if (key.label === 'demo back office' && !key.revokedAt) await gk.apiKeys.revoke(firm.id, key.id);
const { key: backofficeKey } = await gk.apiKeys.create(firm.id, 'demo back office');

/** pdf.js's worker, served as a file of its own next to the lazily loaded pdf.js chunk. */
const PDF_WORKER = '/assets/chunks/pdf.worker.min.mjs';
const pdfWorkerUrl: esbuild.Plugin = {
  name: 'pdf-worker-url',
  setup(build) {
    // Points src/components/pdf/pdf-worker-url.ts at the worker file below (relative to the chunk importing it).
    build.onLoad({ filter: /[\\/]components[\\/]pdf[\\/]pdf-worker-url\.ts$/ }, () => ({
      contents: "export const PDF_WORKER_URL = new URL('./pdf.worker.min.mjs', import.meta.url).href;",
      loader: 'ts',
    }));
  },
};
const built = await esbuild.build({
  entryPoints: { backoffice: join(here, 'pages/backoffice.ts'), widgets: join(here, 'pages/widgets.ts') },
  bundle: true,
  format: 'esm',
  // Shared and lazily loaded code (pdf.js, loaded when the first PDF opens) in chunks of their own.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: 'es2022',
  minify: true,
  write: false,
  outdir: '/assets',
  conditions: ['browser', 'production'],
  logLevel: 'warning',
  plugins: [
    pdfWorkerUrl,
    {
      // tus-js-client's js-base64 and url-parse → the platform-API stand-ins cdn/guestkit.js ships
      // (tusShims() in rollup.config.mjs; docs/guest-upload.md, "Smaller tus dependencies").
      name: 'tus-shims',
      setup(build) {
        build.onResolve({ filter: /^(js-base64|url-parse)$/ }, ({ path, importer }) => {
          const shim = tusShimFor(path, importer);
          return shim ? { path: shim } : undefined;
        });
      },
    },
  ],
});
const assets = new Map(built.outputFiles.map((f) => [f.path, f.text]));
assets.set(PDF_WORKER, await readFile(fileURLToPath(import.meta.resolve('pdfjs-dist/build/pdf.worker.min.mjs')), 'utf8'));

const adapter = toNodeListener(gk.handle);

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', ...headers });
  res.end(body);
}

async function page(name: string, vars: Record<string, string> = {}): Promise<string> {
  let text = await readFile(join(here, name), 'utf8');
  for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{{${k}}}`, v);
  return text;
}

async function outbox(): Promise<unknown[]> {
  const dir = join(dataDir, 'outbox');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml')).sort().reverse().slice(0, 20);
  return Promise.all(
    files.map(async (file) => {
      const mail = parseMail(await readFile(join(dir, file), 'utf8'));
      return { file, to: mail.to, subject: mail.subject, text: mail.text };
    }),
  );
}

const isLoopback = (req: IncomingMessage) => ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '');

const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', base).pathname;
  try {
    if (path.startsWith('/guestkit/') || path === '/guestkit') return adapter(req, res);
    if (path === '/') return send(res, 302, 'text/plain', '', { location: '/backoffice' });
    if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    if (path === '/backoffice') return send(res, 200, 'text/html; charset=utf-8', await page('backoffice.html'), { 'content-security-policy': PAGE_CSP });
    if (path === '/backoffice/config.json' && isLoopback(req)) {
      return send(res, 200, 'application/json', JSON.stringify({ endpoint: '/guestkit', apiKey: backofficeKey, firm: { name: firm.name } }));
    }
    if (path === '/backoffice/outbox.json' && isLoopback(req)) return send(res, 200, 'application/json', JSON.stringify(await outbox()));
    const kind = KINDS.find((k) => path === `/${k}`);
    if (kind) {
      const html = await page('widget.html', { kind, widget: WIDGET_TAGS[kind] });
      return send(res, 200, 'text/html; charset=utf-8', html, { 'content-security-policy': PAGE_CSP });
    }
    if (path === '/assets/demo.css') return send(res, 200, 'text/css', await readFile(join(here, 'demo.css'), 'utf8'));
    const asset = assets.get(path);
    if (asset) return send(res, 200, 'text/javascript; charset=utf-8', asset);
    send(res, 404, 'text/plain', 'Not found');
  } catch (error) {
    console.error(error);
    send(res, 500, 'text/plain', 'Internal error');
  }
});

server.listen(port, host, async () => {
  // The ready link: a real share (one small PDF) for a mortgage banker, open for a day.
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= 3; n++) pdf.addPage([595, 842]).drawText(`${firm.name} — Seite ${n} von 3`, { x: 56, y: 760, size: 20, font });
  const document = await gk.documents.add(firm.id, { name: 'Willkommen.pdf', body: await pdf.save() });
  const { links } = await gk.shares.create(firm.id, {
    title: `Willkommen bei ${firm.name}`,
    documentIds: [document.id],
    recipients: [{ email: 'mortgage.banker@bank.example', name: 'Max Hypothek', locale: 'de', expiresAt: new Date(Date.now() + 86_400_000).toISOString() }],
  });
  const { url } = links[0]!;
  console.log(`
Guestkit demo — ${firm.name}
  Back office:  ${base}/backoffice
  A ready link: ${url}
  Adapter:      ${base}/guestkit   (data in ${dataDir}/, mail in ${dataDir}/outbox/)
  API key for scripts: npx guestkit api-key create --dir ${dataDir}
`);
});


for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void gk.close().then(() => process.exit(0));
  });
}
