/**
 * Size budgets (gzip -9 of the minified, self-contained bundles in `rollup.size.config.mjs`) and
 * the SECURITY.md W2 bundle scan (no eval, no Function constructor, no HTML sinks, no unsafeHTML).
 *
 * What counts is a visit: the entry chunk, every chunk it imports statically, and one language's
 * strings (`lang/de.ts` or `lang/en.ts`, whichever is larger), each file gzipped on its own as it is
 * fetched. Chunks loaded only on demand later (pdf.js when the first PDF opens) are not counted.
 *
 * Budgets live in `size-budgets.json`; a widget added to `WIDGETS` in `rollup.config.mjs` needs a
 * budget line there, or this test fails. A budget is either a number (the enforced maximum) or
 * `{ max, target, note }`: `max` is enforced (no growth), `target` is the size the product asks for
 * and is reported on every run until it is met.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rollup, type OutputChunk, type RollupOptions } from 'rollup';
import { minify } from 'terser';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
type BudgetEntry = number | { max: number; target?: number; note?: string };
const budgetFile = JSON.parse(readFileSync(path.join(ROOT, 'size-budgets.json'), 'utf8')) as Record<string, BudgetEntry>;
const budgets: Record<string, number> = Object.fromEntries(Object.entries(budgetFile).map(([k, v]) => [k, typeof v === 'number' ? v : v.max]));
const targets: Record<string, { target: number; note: string }> = Object.fromEntries(
  Object.entries(budgetFile).flatMap(([k, v]) => (typeof v === 'object' && v.target !== undefined ? [[k, { target: v.target, note: v.note ?? '' }]] : [])),
);

interface SizeConfigModule {
  default: RollupOptions[];
  SIZE_ENTRIES: Record<string, string>;
  sizeFile(name: string): string;
}

interface Built {
  name: string;
  /** What a visitor downloads before the widget is usable: the entry, its static imports and one language's strings (the larger). */
  raw: number;
  gzip: number;
  /** The entry chunk and its static imports alone. */
  entryGzip: number;
  /** The files counted in `gzip`, each with its own gzip size (each is fetched and compressed on its own). */
  files: { file: string; gzip: number }[];
  /** Every emitted chunk's code (not only the counted ones), for the minified-bundle scan. */
  code: string;
  /** Each module's code after tree-shaking, in every emitted chunk, keyed by module id. */
  modules: Record<string, string>;
  /** How many language chunks the build emitted (a widget with strings has at least de and en). */
  languageChunks: number;
}

/** A language chunk: `lang/de.ts`, `translations/en.ts`, … */
const LANGUAGE_CHUNK = /[\\/](?:lang|translations)[\\/](de|en)\.ts$/;

/** A banned construct (SECURITY.md W2). Patterns run on comment-free code. */
interface Rule {
  label: string;
  pattern: RegExp;
}

const RULES: Rule[] = [
  { label: 'eval(', pattern: /\beval\s*\(/g },
  { label: 'new Function', pattern: /\bnew\s+Function\b/g },
  // `const F = Function; new F(code)` is how zod (and minifiers) spell `new Function`.
  { label: '= Function (constructor alias)', pattern: /=\s*Function\s*(?=[,;)}\n]|$)/g },
  { label: 'setTimeout/setInterval("…")', pattern: /\bset(?:Timeout|Interval)\s*\(\s*["'`]/g },
  { label: 'innerHTML =', pattern: /\b(?:inner|outer)HTML\s*=(?!=)|\binsertAdjacentHTML\b/g },
  { label: 'unsafeHTML', pattern: /\bunsafe(?:HTML|SVG|MathML)\b/g },
];

/**
 * Matches allowed in third-party code, per package and rule, with a cap per bundle. Our own code
 * (anything outside node_modules) has no allowance at all.
 */
const THIRD_PARTY_ALLOWED: { pkg: string; rule: string; max: number; why: string }[] = [
  {
    pkg: 'lit-html',
    rule: 'innerHTML =',
    max: 1,
    why:
      "lit-html's Template.createElement() writes the element's own static template strings into a " +
      "<template> through its 'lit-html' Trusted Types policy; bound values never reach it (hence W1's " +
      'CSP lists `trusted-types lit-html`).',
  },
  {
    pkg: 'pdfjs-dist',
    rule: 'new Function',
    max: 1,
    why:
      "pdf.js's FeatureTest.isEvalSupported probes `new Function('')` (in the lazily loaded pdf.js chunk). It runs " +
      'only when a document is opened with isEvalSupported left on; pdf-engine.ts opens every document with ' +
      'isEvalSupported: false, and the demo click-through under a CSP without unsafe-eval sees no violation.',
  },
];

const kib = (bytes: number): string => (bytes / 1024).toFixed(1);
const packageOf = (id: string): string | null => {
  const at = id.lastIndexOf('node_modules/');
  if (at < 0) return null;
  const parts = id.slice(at + 'node_modules/'.length).split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
};
const count = (code: string, rule: Rule): RegExpMatchArray[] => [...code.matchAll(rule.pattern)];
const around = (code: string, index: number): string => code.slice(Math.max(0, index - 60), index + 60).replace(/\s+/g, ' ');

/** Comment-free code of one module (comments may name the banned constructs, e.g. our zod.ts). */
async function stripComments(code: string): Promise<string> {
  const result = await minify(code, { module: true, compress: false, mangle: false, format: { comments: false } });
  return result.code ?? '';
}

/** The chunks `from` loads before it runs: itself and its static imports, transitively. */
function staticClosure(from: OutputChunk, byFile: Map<string, OutputChunk>, into = new Set<OutputChunk>()): Set<OutputChunk> {
  if (into.has(from)) return into;
  into.add(from);
  for (const file of from.imports) staticClosure(byFile.get(file)!, byFile, into);
  return into;
}

async function buildAll(): Promise<Built[]> {
  const config = (await import(pathToFileURL(path.join(ROOT, 'rollup.size.config.mjs')).href)) as SizeConfigModule;
  const names = Object.keys(config.SIZE_ENTRIES);
  const built: Built[] = [];
  const cwd = process.cwd();
  process.chdir(ROOT); // the config's paths are relative to the project root
  try {
    for (const [i, options] of config.default.entries()) {
      const bundle = await rollup({ ...options, onwarn: () => {} });
      try {
        const outputs = Array.isArray(options.output) ? options.output : [options.output!];
        const { output } = await bundle.write(outputs[0]!);
        const chunks = output.filter((o): o is OutputChunk => o.type === 'chunk');
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const entry = chunks.find((c) => c.isEntry)!;
        const outDir = path.join(ROOT, path.dirname(config.sizeFile(names[i]!)));
        // The minified code as written (the terser plugin runs in renderChunk; `code` here is final).
        const read = (c: OutputChunk): string => readFileSync(path.join(outDir, c.fileName), 'utf8');
        const sizes = new Map(chunks.map((c) => [c, gzipSync(read(c), { level: 9 }).length]));
        const gz = (c: OutputChunk): number => sizes.get(c)!;
        const startup = staticClosure(entry, byFile);
        // The larger language: a visitor loads one of them, with whatever it imports.
        const languages = chunks.filter((c) => c.facadeModuleId && LANGUAGE_CHUNK.test(c.facadeModuleId) && c.isDynamicEntry);
        const extra = languages
          .map((c) => [...staticClosure(c, byFile)].filter((x) => !startup.has(x)))
          .sort((a, b) => b.reduce((n, c) => n + gz(c), 0) - a.reduce((n, c) => n + gz(c), 0))[0] ?? [];
        const visit = [...startup, ...extra];
        // The W2 scan covers everything the build emits: lazy chunks run on the host page too.
        const modules: Record<string, string> = {};
        for (const c of chunks) for (const [id, m] of Object.entries(c.modules)) if (m.code) modules[id] = m.code;
        const code = chunks.map(read).join('\n');
        const files = visit.map((c) => ({ file: c.fileName, gzip: gz(c) }));
        built.push({
          name: names[i]!,
          raw: visit.reduce((n, c) => n + Buffer.byteLength(read(c)), 0),
          gzip: files.reduce((n, f) => n + f.gzip, 0),
          entryGzip: [...startup].reduce((n, c) => n + gz(c), 0),
          files,
          code,
          modules,
          languageChunks: languages.length,
        });
      } finally {
        await bundle.close();
      }
    }
  } finally {
    process.chdir(cwd);
  }
  return built;
}

describe('browser bundles', () => {
  let built: Built[] = [];
  const get = (name: string): Built => {
    const b = built.find((x) => x.name === name);
    assert.ok(b, `no size build named ${name}`);
    return b;
  };

  before(async () => {
    built = await buildAll();
  }, { timeout: 120_000 });

  it('every size entry has a budget in size-budgets.json, and every budget an entry', (t) => {
    const rows = built.map((b) => {
      const budget = budgets[b.name];
      const head = budget === undefined ? '  (none)' : `${kib(budget).padStart(8)}`;
      const verdict = budget === undefined ? '' : b.gzip <= budget ? `ok (${budget - b.gzip} B left)` : `OVER by ${b.gzip - budget} B`;
      return `${b.name.padEnd(20)} ${kib(b.raw).padStart(9)} ${kib(b.entryGzip).padStart(10)} ${kib(b.gzip).padStart(10)} ${head}  ${verdict}  (${b.files.map((f) => `${f.file} ${kib(f.gzip)}`).join(' + ')})`;
    });
    t.diagnostic(`${'entry'.padEnd(20)} ${'raw KiB'.padStart(9)} ${'entry gz'.padStart(10)} ${'visit gz'.padStart(10)} ${'budget'.padStart(8)}`);
    t.diagnostic('visit = the entry, its static imports and one language (the larger): what a visitor loads before the widget is usable');
    for (const row of rows) t.diagnostic(row);
    for (const b of built) {
      const goal = targets[b.name];
      if (goal && b.gzip > goal.target) t.diagnostic(`${b.name}: ${kib(b.gzip)} KiB is above its target of ${kib(goal.target)} KiB — ${goal.note}`);
    }
    assert.deepEqual(built.map((b) => b.name).sort(), Object.keys(budgets).sort());
  });

  it('every widget loads its strings as language chunks (so the visit counts one of them)', () => {
    for (const b of built.filter((x) => x.name !== 'provider')) assert.ok(b.languageChunks >= 2, `${b.name}: ${b.languageChunks} language chunks`);
  });

  for (const [name, budget] of Object.entries(budgets)) {
    it(`${name} is at most ${kib(budget)} KiB gzip -9`, () => {
      const b = get(name);
      assert.ok(b.gzip <= budget, `${name}: ${b.gzip} B gzip (${kib(b.gzip)} KiB) > budget ${budget} B (${kib(budget)} KiB)`);
    });
  }

  it('contain no eval, Function constructor, HTML sinks or unsafeHTML (SECURITY.md W2)', async () => {
    const problems: string[] = [];
    for (const b of built) {
      const allowedPerRule = new Map<string, number>();
      for (const [id, code] of Object.entries(b.modules)) {
        const clean = await stripComments(code);
        const pkg = packageOf(id);
        for (const rule of RULES) {
          const hits = count(clean, rule);
          if (hits.length === 0) continue;
          const allowance = pkg ? THIRD_PARTY_ALLOWED.find((a) => a.pkg === pkg && a.rule === rule.label) : undefined;
          if (allowance && hits.length <= allowance.max) {
            allowedPerRule.set(rule.label, (allowedPerRule.get(rule.label) ?? 0) + hits.length);
            continue;
          }
          const where = pkg ?? path.relative(ROOT, id);
          for (const hit of hits) problems.push(`${b.name}: ${rule.label} in ${where}: …${around(clean, hit.index!)}…`);
        }
      }
      // The minifier can create what the sources do not spell out (e.g. inline `F = Function` into `new Function`).
      for (const rule of RULES) {
        const hits = count(b.code, rule);
        const allowed = allowedPerRule.get(rule.label) ?? 0;
        if (hits.length > allowed) {
          problems.push(`${b.name}: ${hits.length} × ${rule.label} in the minified bundle (${allowed} allowed): …${around(b.code, hits[0]!.index!)}…`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
