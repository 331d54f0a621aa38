// A web-test-runner reporter that ends the run with one plain line, `browser: N passed, N failed,
// N skipped`, and writes the same counts to `.test-results/browser.json` so `npm test` can add up
// the browser and Node suites.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

function count(suite, acc) {
  if (!suite) return acc;
  for (const t of suite.tests ?? []) {
    if (t.skipped) acc.skipped++;
    else if (t.passed) acc.passed++;
    else acc.failed++;
  }
  for (const s of suite.suites ?? []) count(s, acc);
  return acc;
}

/** The summary reporter. `file` is where the JSON counts go (relative to the working directory). */
export function summaryReporter({ label = 'browser', file = '.test-results/browser.json' } = {}) {
  return {
    stop({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0 };
      for (const s of sessions) {
        count(s.testResults, acc);
        // A file that failed to load (bad import, browser launch failure) has errors but no results.
        if (!s.passed && (s.errors?.length ?? 0) > 0 && !s.testResults?.tests?.length && !s.testResults?.suites?.length) acc.failed++;
      }
      const target = resolve(file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, `${JSON.stringify(acc)}\n`);
      const line = `${label}: ${acc.passed} passed, ${acc.failed} failed, ${acc.skipped} skipped`;
      // WTR redraws its progress after reporters' stop(); print at exit so this is the last line.
      process.once('exit', () => process.stdout.write(`\n${line}\n`));
    },
  };
}
