/**
 * `npm run bench` (part 2): upload throughput over loopback, ours against a floor measured in the
 * same run (performance-anchors.md §3).
 *
 * Floor: a raw `node:http` PUT streamed into a file. Ours: the embedded Guestkit adapter — tus
 * PATCHes in 8 MiB chunks from tus-js-client, then the finish step (sniff, hash while reading, compare
 * SHA-256, hand the file to the blob store, record). Exits 1 when ours falls below the gated share.
 *
 *   BENCH_UPLOAD_MIB=256 BENCH_RUNS=3 npm run bench
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Upload } from 'tus-js-client';
import { createClient } from '../src/client/client.js';
import { receivedFileSchema, UPLOAD_ROUTES } from '../src/protocol/uploads.js';
import { createEmbeddedGuestkit, ensureFirm } from '../src/server-adapter/embedded.js';
import { serve } from '../src/server-adapter/node.js';

const MIB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_UPLOAD_MIB ?? 128) * MIB;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** tus PATCHes alone must keep this share of the raw PUT floor (performance-anchors.md: ≥ 0.5×). */
const MIN_TUS_RATIO = 0.5;
/** tus + finish (a second full read to hash, plus fsync) must keep this share. */
const MIN_UPLOAD_RATIO = 0.3;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function rawPut(bytes: Buffer, dir: string): Promise<number> {
  let n = 0;
  const server = createServer((req, res) => {
    void pipeline(req, createWriteStream(path.join(dir, `raw-${n++}`))).then(() => res.end('ok'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'PUT', path: '/', headers: { 'content-length': bytes.length } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(bytes);
  });
  const seconds = (performance.now() - start) / 1000;
  await new Promise((r) => server.close(r));
  return bytes.length / MIB / seconds;
}

async function guestkitUpload(bytes: Buffer, dir: string, digest: string): Promise<{ total: number; tusOnly: number }> {
  const gk = createEmbeddedGuestkit({ dir: path.join(dir, `gk-${randomBytes(4).toString('hex')}`) });
  await gk.init();
  const firm = await ensureFirm(gk, { name: 'Bench', mailFrom: 'b@bench.example', linkBaseUrl: 'https://bench.example/{kind}' });
  const { link } = await gk.uploads.createRequest(firm.id, { title: 'bench', uploader: { email: 'u@bench.example' }, limits: { maxFileSize: bytes.length + MIB } });
  const server = await serve(gk.handle, { port: 0 });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/guestkit`;
  const session = await createClient({ endpoint }).openLink(link.token);
  const start = performance.now();
  const id = await new Promise<string>((resolve, reject) => {
    const upload = new Upload(bytes, {
      endpoint: `${endpoint}${UPLOAD_ROUTES.tus}`,
      chunkSize: 8 * MIB,
      retryDelays: [],
      metadata: { filename: 'bench.pdf', filetype: 'application/pdf' },
      onBeforeRequest: async (req) => req.setHeader('Authorization', await session.authorization()),
      onError: reject,
      onSuccess: () => resolve(upload.url!.split('/').pop()!),
    });
    upload.start();
  });
  const tusDone = performance.now();
  await session.post(UPLOAD_ROUTES.files, { uploadId: id, sha256: digest }, receivedFileSchema);
  const end = performance.now();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await gk.close();
  return { total: bytes.length / MIB / ((end - start) / 1000), tusOnly: bytes.length / MIB / ((tusDone - start) / 1000) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'guestkit-bench-uploads-'));
  try {
    const bytes = randomBytes(SIZE);
    Buffer.from('%PDF-1.7\n').copy(bytes);
    const digest = createHash('sha256').update(bytes).digest('hex');
    const raw: number[] = [];
    const total: number[] = [];
    const tus: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      raw.push(await rawPut(bytes, dir));
      const ours = await guestkitUpload(bytes, dir, digest);
      total.push(ours.total);
      tus.push(ours.tusOnly);
    }
    const floor = median(raw);
    const rows: [string, number, string][] = [
      ['floor: raw node:http PUT → file', floor, ''],
      ['ours: tus PATCHes (8 MiB chunks)', median(tus), `${(median(tus) / floor).toFixed(2)}× (min ${MIN_TUS_RATIO})`],
      ['ours: tus + finish (hash, verify, adopt)', median(total), `${(median(total) / floor).toFixed(2)}× (min ${MIN_UPLOAD_RATIO})`],
    ];
    console.log(`\nupload of ${SIZE / MIB} MiB over loopback, median of ${RUNS} runs`);
    for (const [name, mibs, ratio] of rows) console.log(`  ${name.padEnd(44)} ${mibs.toFixed(0).padStart(6)} MiB/s  ${ratio}`);
    if (median(tus) / floor < MIN_TUS_RATIO || median(total) / floor < MIN_UPLOAD_RATIO) {
      console.log('FAIL: upload throughput below its share of the floor');
      process.exitCode = 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
