/**
 * The rare link states' words (expired, revoked, invalid, the code forms, rate-limited, …) travel
 * with their templates in the lazily loaded link-states chunk, not in what every visit downloads:
 * each widget's entry (with its static imports) and its language chunks. Builds each widget as
 * `rollup.size.config.mjs` does (minified, self-contained), in memory, and looks for each of those
 * strings as a whole string literal. Fails if they come back into the shared tables
 * (`translations/de.ts`, `en.ts`) or into anything the entry imports statically.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rollup, type OutputChunk, type RollupOptions } from 'rollup';
import { linkStateDe, linkStateEn } from '../../src/components/base/link-state-strings.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WIDGETS = ['guest-upload', 'doc-viewer'] as const;
/** A language chunk: `lang/de.ts`, `translations/en.ts`, … (as in bundle-size.test.ts). */
const LANGUAGE_CHUNK = /[\\/](?:lang|translations)[\\/](de|en)\.ts$/;
const LINK_STATES = /[\\/]components[\\/]base[\\/]link-states\.ts$/;
const STRINGS_MODULE = /[\\/]components[\\/]base[\\/]link-state-strings\.ts$/;

interface RollupConfigModule {
  WIDGETS: Record<string, string>;
  browserBundle(options: { input: string; file: string; check?: boolean }): RollupOptions;
}

interface Split {
  /** The entry and its static imports: what loads before the widget runs. */
  startup: OutputChunk[];
  /** The language chunks (and what they import beyond the startup chunks). */
  languages: OutputChunk[];
  /** The lazily loaded link-states chunk. */
  linkStates: OutputChunk;
}

async function build(name: string): Promise<Split> {
  const config = (await import(pathToFileURL(path.join(ROOT, 'rollup.config.mjs')).href)) as RollupConfigModule;
  const options = config.browserBundle({ input: config.WIDGETS[name]!, file: path.join(tmpdir(), 'guestkit-link-state-strings', `${name}.js`), check: false });
  const bundle = await rollup({ ...options, onwarn: () => {} });
  try {
    const outputs = Array.isArray(options.output) ? options.output : [options.output!];
    const { output } = await bundle.generate(outputs[0]!);
    const chunks = output.filter((o): o is OutputChunk => o.type === 'chunk');
    const byFile = new Map(chunks.map((c) => [c.fileName, c]));
    const closure = (from: OutputChunk, into = new Set<OutputChunk>()): Set<OutputChunk> => {
      if (into.has(from)) return into;
      into.add(from);
      for (const file of from.imports) closure(byFile.get(file)!, into);
      return into;
    };
    const startup = closure(chunks.find((c) => c.isEntry)!);
    const languageChunks = chunks.filter((c) => c.isDynamicEntry && c.facadeModuleId && LANGUAGE_CHUNK.test(c.facadeModuleId));
    const languages = [...new Set(languageChunks.flatMap((c) => [...closure(c)]))].filter((c) => !startup.has(c));
    const linkStates = chunks.find((c) => c.isDynamicEntry && c.facadeModuleId && LINK_STATES.test(c.facadeModuleId));
    assert.ok(linkStates, `${name}: no lazily loaded link-states chunk among ${chunks.map((c) => c.fileName).join(', ')}`);
    assert.ok(languageChunks.length >= 2, `${name}: ${languageChunks.length} language chunks`);
    return { startup: [...startup], languages, linkStates };
  } finally {
    await bundle.close();
  }
}

/** `text` as a whole string literal (any quote), as the minifier writes it. */
const literal = (text: string): RegExp => new RegExp(`(["'\`])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`);
/** The fixed words of each link-state string (a function's text around its params). */
const STATE_STRINGS = [linkStateDe, linkStateEn].flatMap((table) =>
  Object.entries(table).map(([key, value]) => ({
    key: `${table === linkStateDe ? 'de' : 'en'} ${key}`,
    pattern: typeof value === 'string' ? literal(value) : new RegExp(value({ time: '\u0000' }).split('\u0000')[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  })),
);

for (const name of WIDGETS) {
  describe(`${name}: the link states' words ship with the link states, not with every visit`, () => {
    let split: Split;
    before(async () => {
      split = await build(name);
    }, { timeout: 120_000 });

    it('the German expired title is in the link-states chunk, and neither in the entry nor in a language chunk', () => {
      const title = literal('Dieser Link ist abgelaufen');
      assert.match(split.linkStates.code, title);
      for (const chunk of [...split.startup, ...split.languages]) assert.doesNotMatch(chunk.code, title, chunk.fileName);
    });

    it('every link-state string, in both languages, is in the link-states chunk only', () => {
      const misplaced: string[] = [];
      for (const { key, pattern } of STATE_STRINGS) {
        if (!pattern.test(split.linkStates.code)) misplaced.push(`${key}: not in ${split.linkStates.fileName}`);
        for (const chunk of [...split.startup, ...split.languages]) if (pattern.test(chunk.code)) misplaced.push(`${key}: in ${chunk.fileName}`);
      }
      assert.deepEqual(misplaced, []);
    });

    it('the table module is bundled into the link-states chunk, not into what loads up front', () => {
      const holders = (chunks: OutputChunk[]) => chunks.filter((c) => Object.keys(c.modules).some((id) => STRINGS_MODULE.test(id))).map((c) => c.fileName);
      assert.deepEqual(holders([split.linkStates]), [split.linkStates.fileName]);
      assert.deepEqual(holders([...split.startup, ...split.languages]), []);
    });
  });
}
