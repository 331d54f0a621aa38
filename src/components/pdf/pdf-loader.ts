/**
 * Loads pdf.js the first time a PDF is shown, never before: the engine (and pdf.js inside it) is a
 * chunk of its own, and its worker a file of its own next to it. Nothing here imports pdf.js.
 */
import type { CSSResult } from 'lit';
import type * as PdfEngine from './pdf-engine.js';

export type { PdfDocument, PdfMatch, PdfPageSize, PdfRender, PdfSource, PdfTextRange } from './pdf-engine.js';

/** What the lazily loaded engine offers. */
export interface PdfEngineModule {
  /** Opens a PDF whose bytes come from `source.fetchRange`. */
  openPdf: (typeof PdfEngine)['openPdf'];
  /** The Trusted Types policy name the worker is started through. */
  PDF_WORKER_POLICY: string;
  /** The styles of the text layer `show()` fills (see `text-layer.styles.ts`). */
  textLayerStyles: CSSResult;
}

let engine: Promise<PdfEngineModule> | undefined;

/** The pdf.js engine, fetched on first use (later calls share the same load). */
export function loadPdfEngine(): Promise<PdfEngineModule> {
  engine ??= import('./pdf-engine.js').catch((error: unknown) => {
    engine = undefined; // a failed load (offline) can be tried again
    throw error;
  });
  return engine;
}
