/**
 * `cssTemplates()` (rollup.config.mjs) shrinks the CSS of our `css\`…\`` templates in the shipped
 * bundles. The browser tests run the sources, so this checks the rewrite on every template we
 * have: only comments and whitespace change, and no two words that were apart come together.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { cssTemplates } = (await import(pathToFileURL(path.join(ROOT, 'rollup.config.mjs')).href)) as {
  cssTemplates(): { transform(code: string, id: string): { code: string } | null };
};

const TEMPLATE = /\bcss\s*`([^`]*)`/g;
const sources = readdirSync(path.join(ROOT, 'src'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => path.join(ROOT, 'src', f))
  .filter((f) => TEMPLATE.test(readFileSync(f, 'utf8')) && ((TEMPLATE.lastIndex = 0), true));

const templates = (code: string): string[] => [...code.matchAll(TEMPLATE)].map((m) => m[1]!);
const withoutComments = (css: string): string => css.replace(/\/\*[\s\S]*?\*\//g, ' ');
/** The words (anything between whitespace and the punctuation the rewrite may close up to). */
const words = (css: string): string[] => css.split(/[\s{};,]+/).filter(Boolean);

describe('cssTemplates()', () => {
  it('finds our style templates', () => {
    assert.ok(sources.length >= 8, `only ${sources.length} files with css templates`);
  });

  it('changes only comments and whitespace, keeping every word apart', () => {
    const plugin = cssTemplates();
    for (const file of sources) {
      const code = readFileSync(file, 'utf8');
      const out = plugin.transform(code, file);
      assert.ok(out, `${path.relative(ROOT, file)} was not rewritten`);
      const before = templates(code).map(withoutComments);
      const after = templates(out.code);
      assert.equal(after.length, before.length, path.relative(ROOT, file));
      for (const [i, css] of before.entries()) {
        assert.deepEqual(words(after[i]!), words(css), `${path.relative(ROOT, file)}, template ${i + 1}`);
        assert.equal(after[i]!.replace(/\s+/g, ''), css.replace(/\s+/g, ''), `${path.relative(ROOT, file)}, template ${i + 1}: only whitespace may go`);
        assert.ok(after[i]!.length < css.length || css.trim() === '', `${path.relative(ROOT, file)}, template ${i + 1} is no smaller`);
      }
    }
  });
});
