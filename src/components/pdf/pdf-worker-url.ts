/**
 * Where the pdf.js worker lives by default. Served from source (the browser tests, any dev server
 * that serves this repository) that is `node_modules`. The builds replace this module: rollup's
 * `pdfWorkerAsset()` (rollup.config.mjs) and the demo's esbuild step emit the worker as a file of
 * its own next to the pdf.js chunk and point here at it, relative to the chunk.
 */

/** The pdf.js worker's URL. */
export const PDF_WORKER_URL: string = new URL('../../../node_modules/pdfjs-dist/build/pdf.worker.min.mjs', import.meta.url).href;
