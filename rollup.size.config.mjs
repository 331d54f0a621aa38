/**
 * Size build for `test/node/bundle-size.test.ts` (`npx rollup -c rollup.size.config.mjs` also works):
 * every widget bundled alone with everything it pulls in (Lit, ky, zod/mini, …), minified like the
 * CDN file, plus the CDN bundle itself. Output in `dist/size/` (git-ignored).
 *
 * Budgets live in `size-budgets.json`, keyed by the names in `SIZE_ENTRIES`.
 */
import { browserBundle, CDN_ENTRY, clean, WIDGETS } from './rollup.config.mjs';

export const SIZE_DIR = 'dist/size';

/** Size entry name → source entry. Widgets come from `WIDGETS`; `cdn/guestkit.js` is the CDN file. */
export const SIZE_ENTRIES = { ...WIDGETS, 'cdn/guestkit.js': CDN_ENTRY };

/** Where the size build writes `name`. */
export const sizeFile = (name) => `${SIZE_DIR}/${name.endsWith('.js') ? name : `${name}.js`}`;

export default Object.entries(SIZE_ENTRIES).map(([name, input], i) =>
  // check: false — this build measures bytes; type errors are `npm run typecheck`'s to report.
  browserBundle({ input, file: sizeFile(name), check: false, plugins: i === 0 ? [clean(SIZE_DIR)] : [] }),
);
