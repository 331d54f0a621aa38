#!/usr/bin/env node
/**
 * `npm test`: type check (tsc, and typedoc's API reference with warnings as errors), Node suite, browser suite; ends with exactly one line
 * `tests: N passed, N failed` (both suites summed) and a non-zero exit if anything failed.
 *
 *   node scripts/test.mjs                  # typecheck + node + browser
 *   node scripts/test.mjs node             # one step (any of: typecheck, node, browser)
 *   node scripts/test.mjs typecheck node   # several
 *
 * Counting rules (strict on purpose, so a green line means everything ran and passed):
 * - a failed type check counts as 1 failed test (the suites still run);
 * - cancelled, skipped and todo tests count as failed: a suite that did not run all its tests is not green;
 * - a step that exits non-zero without reporting a failure (crash, no result file) counts as 1 failed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STEPS = ['typecheck', 'node', 'browser'];
const BROWSER_RESULTS = path.join(ROOT, '.test-results', 'browser.json');

// No TTY assumptions: plain, uncoloured, non-interactive output from every child.
const env = { ...process.env, CI: process.env.CI || 'true' };
if (env.FORCE_COLOR === undefined) env.NO_COLOR = '1';

const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !STEPS.includes(a));
if (unknown.length > 0) {
  console.error(`unknown step(s): ${unknown.join(', ')}; choose from ${STEPS.join(', ')}`);
  process.exit(2);
}
const steps = asked.length > 0 ? STEPS.filter((s) => asked.includes(s)) : STEPS;

/** Runs a command in the project root; resolves with its exit code (never rejects). */
function run(command, args, { onStdoutLine } = {}) {
  console.log(`\n$ ${[command, ...args].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env,
      stdio: ['ignore', onStdoutLine ? 'pipe' : 'inherit', 'inherit'],
    });
    if (onStdoutLine) {
      let rest = '';
      child.stdout.on('data', (data) => {
        process.stdout.write(data);
        const lines = (rest + data.toString('utf8')).split('\n');
        rest = lines.pop();
        for (const line of lines) onStdoutLine(line);
      });
      child.stdout.on('end', () => rest && onStdoutLine(rest));
    }
    child.on('error', (error) => {
      console.error(`could not start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Every `*.test.ts` under `dir`, sorted (Node 20's `--test` has no globs). */
function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts') && !f.split(path.sep).includes('node_modules'))
    .map((f) => path.relative(ROOT, path.join(dir, f)).split(path.sep).join('/'))
    .sort();
}

const results = []; // { step, passed, failed, notes: string[] }

async function typecheck() {
  const code = await run('npx', ['tsc', '-p', 'tsconfig.test.json']);
  // The API reference must build without warnings (every type a public signature uses is public).
  const docs = await run('npx', ['typedoc', '--emit', 'none']);
  const notes = [];
  if (code !== 0) notes.push(`tsc exited ${code}: counted as 1 failed`);
  if (docs !== 0) notes.push(`typedoc exited ${docs}: counted as 1 failed`);
  return { passed: 0, failed: notes.length, notes };
}

async function nodeSuite() {
  const files = findTests(path.join(ROOT, 'test', 'node'));
  if (files.length === 0) return { passed: 0, failed: 1, notes: ['no test/node/**/*.test.ts found: counted as 1 failed'] };
  // The TAP summary closes the run; a test's own diagnostics could print look-alike lines earlier,
  // so the last value of each counter wins.
  const counts = {};
  const code = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...files], {
    onStdoutLine(line) {
      const m = /^# (pass|fail|cancelled|skipped|todo) (\d+)\s*$/.exec(line);
      if (m) counts[m[1]] = Number(m[2]);
    },
  });
  const notes = [];
  if (counts.pass === undefined) {
    notes.push(`no "# pass N" summary from node --test (exit ${code}): counted as 1 failed`);
    return { passed: 0, failed: 1, notes };
  }
  let failed = (counts.fail ?? 0) + (counts.cancelled ?? 0);
  if (counts.cancelled) notes.push(`${counts.cancelled} cancelled: counted as failed`);
  for (const key of ['skipped', 'todo']) {
    if (counts[key]) {
      failed += counts[key];
      notes.push(`${counts[key]} ${key}: counted as failed (every test must run)`);
    }
  }
  if (code !== 0 && failed === 0) {
    failed = 1;
    notes.push(`node --test exited ${code} with no failed test: counted as 1 failed`);
  }
  return { passed: counts.pass, failed, notes };
}

async function browserSuite() {
  fs.rmSync(BROWSER_RESULTS, { force: true });
  const code = await run('npx', ['wtr', '--static-logging']);
  const notes = [];
  let counts;
  try {
    counts = JSON.parse(fs.readFileSync(BROWSER_RESULTS, 'utf8'));
  } catch (error) {
    notes.push(`no readable ${path.relative(ROOT, BROWSER_RESULTS)} after wtr exited ${code} (${error.code ?? error.message}): counted as 1 failed`);
    return { passed: 0, failed: 1, notes };
  }
  const num = (v) => (Number.isInteger(v) && v >= 0 ? v : 0);
  let failed = num(counts.failed);
  if (num(counts.skipped) > 0) {
    failed += num(counts.skipped);
    notes.push(`${counts.skipped} skipped: counted as failed (every test must run)`);
  }
  if (code !== 0 && failed === 0) {
    failed = 1;
    notes.push(`wtr exited ${code} with no failed test: counted as 1 failed`);
  }
  return { passed: num(counts.passed), failed, notes };
}

const RUNNERS = { typecheck, node: nodeSuite, browser: browserSuite };

for (const step of steps) {
  const started = Date.now();
  let result;
  try {
    result = await RUNNERS[step]();
  } catch (error) {
    result = { passed: 0, failed: 1, notes: [`step crashed: ${error?.stack ?? error}`] };
  }
  results.push({ step, seconds: (Date.now() - started) / 1000, ...result });
}

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log('\nsummary:');
for (const r of results) {
  const counts = r.step === 'typecheck' ? (r.failed ? 'failed' : 'ok') : `${r.passed} passed, ${r.failed} failed`;
  console.log(`  ${r.step.padEnd(9)} ${counts} (${r.seconds.toFixed(1)} s)`);
  for (const note of r.notes) console.log(`    - ${note}`);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
