/**
 * What a widget costs before any code of its own (`npm run size:floors`): each entry in
 * `scripts/size-floors/` bundled like the widgets (`browserBundle`: minified, self-contained) and
 * measured like a visit in `test/node/bundle-size.test.ts` — the entry plus the larger language
 * chunk, each gzipped (-9) on its own. docs/guest-upload.md and docs/doc-viewer.md quote these.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { browserBundle } from '../rollup.config.mjs';

const FLOORS = {
  'Lit + ky + zod/mini': 'scripts/size-floors/libraries.js',
  '… + tus-js-client (as guest-upload wires it)': 'scripts/size-floors/libraries-tus.js',
  'empty link widget': 'scripts/size-floors/empty-link-widget.js',
};
const OUT = 'node_modules/.cache/guestkit-size-floors';
const LANGUAGE = /[\\/](?:lang|translations)[\\/](?:de|en)\.ts$/;

rmSync(OUT, { recursive: true, force: true });
for (const [label, input] of Object.entries(FLOORS)) {
  const options = browserBundle({ input, file: path.join(OUT, `${path.basename(input)}`), check: false });
  const bundle = await rollup({ ...options, onwarn: () => {} });
  const { output } = await bundle.write(options.output);
  await bundle.close();
  const gz = (chunk) => gzipSync(readFileSync(path.join(OUT, chunk.fileName)), { level: 9 }).length;
  const entry = output.find((chunk) => chunk.type === 'chunk' && chunk.isEntry);
  const language = Math.max(0, ...output.filter((c) => c.type === 'chunk' && c.facadeModuleId && LANGUAGE.test(c.facadeModuleId)).map(gz));
  const total = gz(entry) + language;
  console.log(`${label.padEnd(48)} ${(total / 1024).toFixed(1).padStart(5)} KiB  (entry ${(gz(entry) / 1024).toFixed(1)} + strings ${(language / 1024).toFixed(1)})`);
}
