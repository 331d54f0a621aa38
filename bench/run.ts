/**
 * `npm run bench`: Guestkit's hot paths measured against a floor taken in the same run on the same
 * machine (performance-anchors.md §0, §2, §4). Targets are ratios to that floor, never absolute
 * times, so a slow or noisy machine does not fail the run — a slow Guestkit does.
 *
 * Now: token issue and verify. Floor = a raw `createHash('sha256')` loop and a raw better-sqlite3
 * prepared SELECT by primary key on a table of the same size; ours = the real `sqliteStore`
 * (`links.getByHash`) behind `hashToken`. And one upload request's files among a firm's
 * many (`resources.list` by parent, what every tus creation and file listing asks) against the
 * raw indexed SELECT on the same database. Exits 1 when a gated ratio is below its minimum.
 *
 *   BENCH_ROWS=1000000 BENCH_RUNS=7 npm run bench
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { parseToken } from '../src/protocol/token-format.js';
import { hashToken, newToken } from '../src/server-adapter/core/crypto.js';
import { sqliteStore } from '../src/server-adapter/store/sqlite-store.js';
import { makeFirm, makeLink, makeResource } from '../src/server-adapter/testing/store-fixtures.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 400);
const WARMUP_MS = 200;
/** Our hashed-token lookup must keep at least this share of the raw sha256 + PK SELECT floor. */
const MIN_LOOKUP_RATIO = 0.25;
/** Upload requests × files each in the listing case (one firm). */
const REQUESTS = 200;
const FILES_PER_REQUEST = 100;
/** Listing a request's files must keep at least this share of the raw indexed SELECT. */
const MIN_LIST_RATIO = 0.2;

// ---------------------------------------------------------------------------------------------
// harness: interleaved rounds, median ops/s

type Op = (i: number) => unknown;
interface Case {
  name: string;
  op: Op;
  async?: boolean;
  samples: number[];
}

async function runFor(c: Case, ms: number): Promise<number> {
  let n = 0;
  const start = performance.now();
  const end = start + ms;
  let now = start;
  while (now < end) {
    if (c.async) for (let k = 0; k < 256; k++) await c.op(n++);
    else for (let k = 0; k < 256; k++) c.op(n++);
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function measure(cases: Case[]): Promise<void> {
  for (const c of cases) await runFor(c, WARMUP_MS);
  // Rounds interleave the cases so drift on a shared machine hits floor and ours alike.
  for (let round = 0; round < RUNS; round++) for (const c of cases) c.samples.push(await runFor(c, RUN_MS));
}

// ---------------------------------------------------------------------------------------------
// data: ROWS real link tokens (59 chars: `gk_upload_` + 49), the same keys in both tables

const dir = mkdtempSync(path.join(tmpdir(), 'guestkit-bench-'));
const tokens = Array.from({ length: ROWS }, () => newToken('upload'));
const hashes = tokens.map(hashToken);
// Random key order, precomputed so the loops do not pay for Math.random.
const ORDER_MASK = (1 << 16) - 1;
const order = Uint32Array.from({ length: ORDER_MASK + 1 }, () => Math.floor(Math.random() * ROWS));
const pick = (i: number): number => order[i & ORDER_MASK]!;

function fillFloor(file: string): BetterSqlite3.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // The anchors' table (§4): hashed token as the primary key, a few columns, no rowid.
  db.exec(`CREATE TABLE tokens (hash TEXT PRIMARY KEY, scope TEXT, resource_id TEXT, expires_at INTEGER, used_at INTEGER) WITHOUT ROWID`);
  const insert = db.prepare('INSERT INTO tokens VALUES (?, ?, ?, ?, NULL)');
  db.transaction(() => {
    for (const hash of hashes) insert.run(hash, 'upload', `res_${hash.slice(0, 12)}`, Date.now() + 86_400_000);
  })();
  return db;
}

async function fillStore(file: string): Promise<ReturnType<typeof sqliteStore>> {
  const store = sqliteStore({ file });
  await store.init();
  const firm = makeFirm();
  await store.firms.put(firm);
  const template = makeLink(firm.id, { kind: 'upload', action: 'upload', tokenHash: hashes[0]! });
  await store.links.insert(template);
  // The other rows are copies of a real store-written row (fresh id and hash), written in one
  // transaction on a second connection: ROWS autocommits under synchronous=FULL would take minutes.
  const raw = new Database(file);
  try {
    const columns = (raw.prepare(`SELECT name FROM pragma_table_info('links')`).all() as { name: string }[]).map((c) => c.name);
    const row = raw.prepare('SELECT * FROM links WHERE id = ?').get(template.id) as Record<string, unknown>;
    const insert = raw.prepare(`INSERT INTO links (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
    raw.transaction(() => {
      for (let i = 1; i < ROWS; i++) insert.run({ ...row, id: `${template.id}_${i}`, token_hash: hashes[i] });
    })();
  } finally {
    raw.close();
  }
  return store;
}

/** One firm with REQUESTS upload requests of FILES_PER_REQUEST received files each, the rows copies of a store-written one. */
async function fillUploads(file: string): Promise<{ store: ReturnType<typeof sqliteStore>; firmId: string; requestIds: string[] }> {
  const files = sqliteStore({ file });
  await files.init();
  const firm = makeFirm();
  await files.firms.put(firm);
  const requestIds = Array.from({ length: REQUESTS }, (_, r) => `req_${r}`);
  const template = makeResource(firm.id, { type: 'upload-file', id: 'file_0_0', parent: requestIds[0]!, data: { requestId: requestIds[0]!, name: 'Jahresabschluss 2025.pdf', size: 1_234_567, sha256: 'f'.repeat(64), status: 'clean' } });
  await files.resources.insert(template);
  const raw = new Database(file);
  try {
    const row = raw.prepare('SELECT * FROM resources WHERE id = ?').get(template.id) as Record<string, unknown>;
    const insert = raw.prepare('INSERT INTO resources (firm_id, type, id, data, parent, version, created_at, updated_at) VALUES (@firm_id, @type, @id, @data, @parent, @version, @created_at, @updated_at)');
    raw.transaction(() => {
      // Interleaved as files arrive: request r's files are spread over the whole table.
      for (let f = 0; f < FILES_PER_REQUEST; f++) {
        for (let r = 0; r < REQUESTS; r++) {
          if (r === 0 && f === 0) continue;
          insert.run({ ...row, id: `file_${r}_${f}`, parent: requestIds[r], data: JSON.stringify({ ...template.data, requestId: requestIds[r] }) });
        }
      }
    })();
  } finally {
    raw.close();
  }
  return { store: files, firmId: firm.id, requestIds };
}

// ---------------------------------------------------------------------------------------------

const t0 = performance.now();
const floorDb = fillFloor(path.join(dir, 'floor.db'));
const store = await fillStore(path.join(dir, 'guestkit.db'));
const uploads = await fillUploads(path.join(dir, 'uploads.db'));
const uploadsDb = new Database(path.join(dir, 'uploads.db'), { readonly: true });
const fillSeconds = (performance.now() - t0) / 1000;

const selectByPk = floorDb.prepare('SELECT * FROM tokens WHERE hash = ?');
const selectFiles = uploadsDb.prepare('SELECT * FROM resources WHERE firm_id = ? AND type = ? AND parent = ? ORDER BY rowid');
const requestAt = (i: number): string => uploads.requestIds[i % REQUESTS]!;
const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

// Sanity: every path finds the row (a bench that measures misses measures nothing).
for (const r of [0, REQUESTS - 1]) {
  const listed = await uploads.store.resources.list(uploads.firmId, 'upload-file', { parent: requestAt(r) });
  if (listed.length !== FILES_PER_REQUEST || selectFiles.all(uploads.firmId, 'upload-file', requestAt(r)).length !== FILES_PER_REQUEST) throw new Error(`request ${r}: wrong file count`);
}
for (const i of [0, ROWS >> 1, ROWS - 1]) {
  if (!selectByPk.get(sha256(tokens[i]!))) throw new Error(`floor table misses row ${i}`);
  if ((await store.links.getByHash(hashToken(tokens[i]!)))?.tokenHash !== hashes[i]) throw new Error(`store misses row ${i}`);
}

const cases = {
  sha: { name: 'floor: sha256 of a 59-char token (createHash → hex)', op: (i: number) => sha256(tokens[pick(i)]!), samples: [] },
  select: { name: `floor: raw SELECT by PK (${ROWS.toLocaleString('en')} rows)`, op: (i: number) => selectByPk.get(hashes[pick(i)]!), samples: [] },
  floorVerify: { name: 'floor: sha256 + raw SELECT by PK', op: (i: number) => selectByPk.get(sha256(tokens[pick(i)]!)), samples: [] },
  floorIssue: { name: 'floor: randomBytes(32) + sha256', op: () => sha256(randomBytes(32).toString('base64url')), samples: [] },
  issue: { name: "ours: newToken('upload') + hashToken", op: () => hashToken(newToken('upload')), samples: [] },
  getByHash: { name: 'ours: links.getByHash (hash given)', op: (i: number) => store.links.getByHash(hashes[pick(i)]!), async: true, samples: [] },
  lookup: { name: 'ours: hashToken + links.getByHash', op: (i: number) => store.links.getByHash(hashToken(tokens[pick(i)]!)), async: true, samples: [] },
  floorFiles: {
    name: `floor: raw indexed SELECT of ${FILES_PER_REQUEST} files (${(REQUESTS * FILES_PER_REQUEST).toLocaleString('en')} in the firm)`,
    op: (i: number) => selectFiles.all(uploads.firmId, 'upload-file', requestAt(i)),
    samples: [],
  },
  files: {
    name: "ours: resources.list(firm, 'upload-file', { parent })",
    op: (i: number) => uploads.store.resources.list(uploads.firmId, 'upload-file', { parent: requestAt(i) }),
    async: true,
    samples: [],
  },
  filesScan: {
    name: 'before: resources.list(firm, type) + filter by requestId',
    op: async (i: number) => {
      const requestId = requestAt(i);
      return (await uploads.store.resources.list(uploads.firmId, 'upload-file')).filter((r) => r.data.requestId === requestId);
    },
    async: true,
    samples: [],
  },
  verify: {
    name: 'ours: parseToken + hashToken + getByHash',
    op: (i: number) => {
      const token = tokens[pick(i)]!;
      if (!parseToken(token)) throw new Error('bad token');
      return store.links.getByHash(hashToken(token));
    },
    async: true,
    samples: [],
  },
} satisfies Record<string, Case>;

try {
  await measure(Object.values(cases));
} finally {
  await store.close();
  await uploads.store.close();
  uploadsDb.close();
  floorDb.close();
  rmSync(dir, { recursive: true, force: true });
}

const ops = (c: Case): number => median(c.samples);
const spread = (c: Case): string => {
  const m = ops(c);
  return `±${Math.round((Math.max(...c.samples.map((s) => Math.abs(s - m))) / m) * 100)}%`;
};

interface Row {
  c: Case;
  floor?: Case;
  min?: number;
}
const rows: Row[] = [
  { c: cases.sha },
  { c: cases.select },
  { c: cases.floorVerify },
  { c: cases.floorIssue },
  { c: cases.issue, floor: cases.floorIssue },
  { c: cases.getByHash, floor: cases.select },
  { c: cases.lookup, floor: cases.floorVerify, min: MIN_LOOKUP_RATIO },
  { c: cases.verify, floor: cases.floorVerify },
  { c: cases.floorFiles },
  { c: cases.files, floor: cases.floorFiles, min: MIN_LIST_RATIO },
  { c: cases.filesScan, floor: cases.floorFiles },
];

const fmt = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(1));
const width = Math.max(...rows.map((r) => r.c.name.length));
console.log(`\nGuestkit bench — Node ${process.version}, ${ROWS.toLocaleString('en')} rows (filled in ${fillSeconds.toFixed(1)} s), median of ${RUNS} × ${RUN_MS} ms\n`);
console.log(`${'operation'.padEnd(width)}  ${'ops/s'.padStart(9)}  ${'spread'.padStart(6)}  ${'ratio to floor'.padStart(14)}  gate`);
console.log(`${'-'.repeat(width)}  ${'-'.repeat(9)}  ${'-'.repeat(6)}  ${'-'.repeat(14)}  ----`);
const failures: string[] = [];
for (const { c, floor, min } of rows) {
  const ratio = floor ? ops(c) / ops(floor) : undefined;
  let gate = '';
  if (min !== undefined && ratio !== undefined) {
    const ok = ratio >= min;
    gate = `${ok ? 'ok' : 'FAIL'} (≥ ${min})`;
    if (!ok) failures.push(`${c.name}: ${ratio.toFixed(2)}× of "${floor!.name}" < ${min}`);
  }
  console.log(`${c.name.padEnd(width)}  ${fmt(ops(c)).padStart(9)}  ${spread(c).padStart(6)}  ${(ratio === undefined ? '' : `${ratio >= 0.01 ? ratio.toFixed(2) : ratio.toPrecision(2)}×`).padStart(14)}  ${gate}`);
}
console.log('');
if (failures.length > 0) {
  for (const f of failures) console.error(`bench FAILED: ${f}`);
  process.exitCode = 1;
} else {
  console.log('bench: all gated ratios met');
}
