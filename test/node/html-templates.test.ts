/**
 * `htmlTemplates()` (rollup.config.mjs) shrinks the static parts of our `html\`…\`` and `svg\`…\``
 * templates in the shipped bundles. The browser tests run the sources, so this checks the rewrite
 * on every template we have: only a line break with the spaces around it becomes one space, which
 * HTML renders the same; nothing outside the templates changes, bound values included.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAst } from 'rollup/parseAst';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
type Transform = (this: { parse: typeof parseAst }, code: string, id: string) => { code: string } | null;
const { htmlTemplates } = (await import(pathToFileURL(path.join(ROOT, 'rollup.config.mjs')).href)) as { htmlTemplates(): { transform: Transform } };

/** Each source with an html or svg template, as JavaScript (the plugin runs after TypeScript). */
const sources = readdirSync(path.join(ROOT, 'src'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ts') && /\b(?:html|svg)\s*`/.test(readFileSync(path.join(ROOT, 'src', f), 'utf8')))
  .map((f) => ({ file: f, js: ts.transpileModule(readFileSync(path.join(ROOT, 'src', f), 'utf8'), { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022 } }).outputText }));

const transform = (code: string, id = path.join(ROOT, 'src/x.ts')) => htmlTemplates().transform.call({ parse: parseAst }, code, id);

describe('htmlTemplates()', () => {
  it('finds our templates', () => {
    assert.ok(sources.length >= 10, `only ${sources.length} files with html templates`);
  });

  it('changes only line breaks and the spaces around them, inside templates, each to one space', () => {
    let saved = 0;
    for (const { file, js } of sources) {
      const out = transform(js, path.join(ROOT, 'src', file));
      assert.ok(out, `${file} was not looked at`);
      // Undo the rewrite's one allowed change on both sides: what is left must be equal.
      const squeeze = (code: string) => code.replace(/\s*\n\s*/g, ' ');
      assert.equal(squeeze(out.code), squeeze(js), file);
      saved += js.length - out.code.length;
    }
    assert.ok(saved > 1500, `only ${saved} characters saved`);
  });

  it('holds no text whose line breaks show: no <pre> or <textarea> in a template', () => {
    for (const { file, js } of sources) assert.doesNotMatch(js, /(?:html|svg)`[^`]*<(?:pre|textarea)\b/, file);
  });

  it('leaves strings, bound values and untagged templates alone', () => {
    const code = [
      'const note = "line one\\n   line two";',
      'const plain = `a\n    b`;',
      'const view = html`<p>\n    ${`keep\n    this`}\n  </p>`;',
      'const icon = svg`<g>\n  <path d="M0 0"/>\n</g>`;',
    ].join('\n');
    assert.equal(
      transform(code)!.code,
      ['const note = "line one\\n   line two";', 'const plain = `a\n    b`;', 'const view = html`<p> ${`keep\n    this`} </p>`;', 'const icon = svg`<g> <path d="M0 0"/> </g>`;'].join('\n'),
    );
  });

  it('leaves files outside src/ alone', () => {
    assert.equal(transform('html`<p>\n</p>`', path.join(ROOT, 'node_modules/x/index.ts')), null);
  });
});
