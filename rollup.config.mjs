/**
 * `npm run build` (rollup part; `tsc -p tsconfig.build.json` then writes `dist/types/`).
 *
 * - `dist/`     for npm consumers: ESM, every bare import (lit, ky, zod, node built-ins, …) kept
 *               external, one file per entry point, shared code in `dist/chunks/`, server entries in
 *               `dist/server/`, the CLI in `dist/cli.js`. Not minified: the consumer's bundler does that and dedupes Lit.
 * - `cdn/guestkit.js`: one self-registering, minified ES module with everything bundled, except
 *               what loads lazily: pdf.js (`cdn/pdf-engine-<hash>.js`) and its worker
 *               (`cdn/pdf.worker.min-<hash>.mjs`), fetched from next to it the first time a PDF opens.
 *
 * `rollup.size.config.mjs` reuses `WIDGETS` and `browserBundle` for the per-widget size budgets.
 */
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Custom elements with their own entry: `dist/<name>.js`, a `size-budgets.json` line, and a
 * self-contained size build. A new widget is one line here (plus its budget).
 */
export const WIDGETS = {
  provider: 'src/components/provider/provider.ts',
  'guest-upload': 'src/components/guest-upload/guest-upload.ts',
  'doc-viewer': 'src/components/doc-viewer/doc-viewer.ts',
};

/** Browser entries that are not widgets. */
const LIBRARY = {
  index: 'src/index.ts',
  define: 'src/define.ts',
  client: 'src/client/index.ts',
  protocol: 'src/protocol/index.ts',
  // For developers who bundle Guestkit themselves and alias tus-js-client's two helpers (docs/guest-upload.md).
  'tus-shims/js-base64': 'src/components/upload/tus-shims/js-base64.ts',
  'tus-shims/url-parse': 'src/components/upload/tus-shims/url-parse.ts',
};

/** Node entries: the adapter in `dist/server/`, and `dist/cli.js`, which `bin/guestkit.mjs` runs. */
const SERVER = {
  'server/index': 'src/server-adapter/index.ts',
  'server/node': 'src/server-adapter/node.ts',
  'server/testing': 'src/server-adapter/testing/index.ts',
  cli: 'src/cli/main.ts',
};

/** The CDN entry: `export * from './index.js'` plus `import './define.js'`. */
export const CDN_ENTRY = 'src/cdn.ts';

/**
 * Bare specifiers (`lit`, `zod/mini`, `node:fs`, `@tus/server`, …) stay imports in `dist/`.
 * tslib is the exception: the TypeScript plugin injects it and it is not a dependency.
 */
const isBareImport = (id) => !/^(\.|\/|\0|[A-Za-z]:[\\/])/.test(id) && id !== 'tslib' && !id.startsWith('tslib/');

const fromNodeModules = (id) => id.includes('/node_modules/') || id.startsWith('node_modules/');

/** Shows our warnings, hides those raised inside dependencies (zod's circular imports and annotations). */
function onwarn(warning, warn) {
  const ids = [warning.id, warning.exporter, ...(warning.ids ?? [])].filter(Boolean);
  if (ids.length > 0 && ids.every(fromNodeModules)) return;
  warn(warning);
}

/** Like `onwarn`, but a browser bundle that cannot resolve an import (say `node:crypto`) fails. */
function onwarnBrowser(warning, warn) {
  if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(`browser bundle: ${warning.message}`);
  onwarn(warning, warn);
}

/**
 * Deletes earlier output before a build (rollup never removes stale chunks). `keep` lists
 * entries of `dir` to leave alone.
 */
export function clean(dir, { keep = [] } = {}) {
  return {
    name: 'guestkit-clean',
    buildStart() {
      if (!fs.existsSync(dir)) return;
      for (const entry of fs.readdirSync(dir)) {
        if (!keep.includes(entry)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
      }
    },
  };
}

/**
 * TypeScript → JS. `outDir` must sit inside rollup's output directory (plugin rule).
 * `check: false` lets a build proceed past type errors (the size test measures bytes; `npm run
 * typecheck` and the `tsc` half of `npm run build` report the errors).
 */
export function ts(outDir, { check = true } = {}) {
  return typescript({
    tsconfig: './tsconfig.json',
    outDir,
    rootDir: 'src',
    declaration: false,
    declarationMap: false,
    sourceMap: true,
    noEmitOnError: check,
    ...(check ? {} : { noCheck: true }),
  });
}

/**
 * Shrinks the CSS in our `css\`…\`` templates (Lit ships them as written): comments go, and runs of
 * whitespace become one space, none next to `{`, `}`, `;` or `,`. Nothing else changes — `.a :hover`
 * stays `.a :hover` — and templates with `${…}` keep their interpolations in place.
 */
export function cssTemplates() {
  const template = /\bcss\s*`([^`]*)`/g; // TypeScript writes `css \`…\``
  const tidy = (text) =>
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,])\s*/g, '$1')
      .trim();
  return {
    name: 'guestkit-css-templates',
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id) || !/\bcss\s*`/.test(code)) return null;
      return { code: code.replace(template, (_, text) => `css\`${tidy(text)}\``), map: null };
    },
  };
}

/** The static parts (quasis) of every `html\`…\`` and `svg\`…\`` template in `node`, found by walking the tree. */
function templateQuasis(node, found = []) {
  if (node?.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && (node.tag.name === 'html' || node.tag.name === 'svg')) {
    found.push(...node.quasi.quasis);
  }
  for (const [key, value] of Object.entries(node ?? {})) {
    if (key === 'parent' || !value || typeof value !== 'object') continue;
    for (const child of Array.isArray(value) ? value : [value]) if (typeof child?.type === 'string') templateQuasis(child, found);
  }
  return found;
}

/**
 * Shrinks our `html\`…\`` and `svg\`…\`` templates (Lit ships them as written, indentation and
 * all): each line break with the spaces around it becomes one space, which HTML renders the same —
 * none of our templates holds `<pre>` or `<textarea>` text, and the elements styled
 * `white-space: pre-line` show bound values only. Only the static parts change, found with rollup's
 * own parser; what is bound, and every other string, stays as it is.
 */
export function htmlTemplates() {
  return {
    name: 'guestkit-html-templates',
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id) || !/\b(?:html|svg)\s*`/.test(code)) return null;
      let out = code;
      // From the end, so the offsets of the parts not yet changed still hold.
      for (const quasi of templateQuasis(this.parse(code)).sort((a, b) => b.start - a.start)) {
        const raw = code.slice(quasi.start, quasi.end);
        const tidy = raw.replace(/\s*\n\s*/g, ' ');
        if (tidy !== raw) out = out.slice(0, quasi.start) + tidy + out.slice(quasi.end);
      }
      return { code: out, map: null };
    },
  };
}

/** Minified as a modern module (what every browser that runs custom elements v1 + ES2022 accepts). */
const minify = () => terser({ ecma: 2022, module: true, compress: { passes: 3 }, format: { comments: /@license|@preserve|^!/ } });

/** The module that names the pdf.js worker's URL; the builds replace it (see `pdfWorkerAsset`). */
const PDF_WORKER_URL_MODULE = path.resolve('src/components/pdf/pdf-worker-url.ts');

/**
 * Emits pdf.js's worker (`pdfjs-dist/build/pdf.worker.min.mjs`) as a file of its own and points
 * `src/components/pdf/pdf-worker-url.ts` at it, relative to the chunk that imports it
 * (`new URL('pdf.worker.min-<hash>.mjs', import.meta.url)`). The worker is never inlined.
 */
export function pdfWorkerAsset() {
  return {
    name: 'guestkit-pdf-worker',
    load(id) {
      if (path.resolve(id) !== PDF_WORKER_URL_MODULE) return null;
      const ref = this.emitFile({
        type: 'asset',
        name: 'pdf.worker.min.mjs',
        source: fs.readFileSync(path.resolve('node_modules/pdfjs-dist/build/pdf.worker.min.mjs')),
      });
      return `export const PDF_WORKER_URL = import.meta.ROLLUP_FILE_URL_${ref};\n`;
    },
  };
}

/**
 * Resolves tus-js-client's imports of `js-base64` and `url-parse` — two CommonJS packages its
 * browser build uses once each (`Base64.encode`, `new URL(link, origin).toString()`), ≈ 2.9 KiB
 * gzip with url-parse's own dependencies — to platform-API stand-ins in
 * `src/components/upload/tus-shims/` (see docs/guest-upload.md, "Smaller tus dependencies").
 *
 * Browser bundles only: `dist/` keeps every bare import, so an app bundling Guestkit from npm
 * gets tus-js-client with its own dependencies unless it sets the same alias. Only imports from
 * tus-js-client's own files are redirected. `web-test-runner.config.mjs` uses this plugin too;
 * `demo/server.ts` (esbuild) asks `tusShimFor` the same way.
 */
export function tusShims() {
  return { name: 'guestkit-tus-shims', resolveId: tusShimFor };
}

// Next to this file, wherever the process runs from (the demo imports this too).
const TUS_SHIMS = new Map(
  ['js-base64', 'url-parse'].map((name) => [name, fileURLToPath(new URL(`src/components/upload/tus-shims/${name}.ts`, import.meta.url))]),
);

/** The shim file for an import of `source` by `importer`, if it is one of tus-js-client's two (else `null`). */
export function tusShimFor(source, importer) {
  if (!TUS_SHIMS.has(source) || !importer || !/[\\/]node_modules[\\/]tus-js-client[\\/]/.test(importer)) return null;
  return TUS_SHIMS.get(source);
}

/**
 * Fails a browser build whose entry statically imports another chunk: lazily loaded code (pdf.js)
 * must stay in its own chunk, and the entry file alone must be everything a page loads up front.
 */
function entryStandsAlone() {
  return {
    name: 'guestkit-entry-stands-alone',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && chunk.isEntry && chunk.imports.length > 0) {
          this.error(`${chunk.fileName} statically imports ${chunk.imports.join(', ')}: code shared with a lazy chunk would load up front`);
        }
      }
    },
  };
}

/**
 * A self-contained, minified browser bundle of `input`: one entry file (`file`) with everything it
 * needs up front, plus lazily loaded chunks (pdf.js) and assets (its worker) next to it.
 * Used for the CDN build and for the size budgets, so both measure what ships.
 */
export function browserBundle({ input, file, check = true, plugins = [] }) {
  const dir = path.dirname(file);
  return {
    input,
    onwarn: onwarnBrowser,
    // Lazy chunks (strings, link states, pdf.js) import what they share with the entry from the
    // entry itself, instead of both importing a shared chunk the entry would have to load up front.
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir,
      format: 'es',
      sourcemap: true,
      entryFileNames: path.basename(file),
      chunkFileNames: '[name]-[hash].js',
      assetFileNames: '[name]-[hash][extname]',
    },
    plugins: [
      ...plugins,
      pdfWorkerAsset(),
      tusShims(),
      nodeResolve({ browser: true, preferBuiltins: false }),
      commonjs(),
      ts(dir, { check }),
      // After TypeScript, which compiles from the files on disk and would drop an earlier change.
      cssTemplates(),
      htmlTemplates(),
      minify(),
      entryStandsAlone(),
    ],
  };
}

export default [
  {
    input: { ...LIBRARY, ...WIDGETS, ...SERVER },
    external: isBareImport,
    onwarn,
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      assetFileNames: 'assets/[name]-[hash][extname]',
      sourcemap: true,
    },
    // dist/size belongs to the size test; dist/types is rewritten by tsc right after.
    plugins: [clean('dist', { keep: ['size'] }), pdfWorkerAsset(), ts('dist')],
  },
  browserBundle({ input: CDN_ENTRY, file: 'cdn/guestkit.js', plugins: [clean('cdn')] }),
];
