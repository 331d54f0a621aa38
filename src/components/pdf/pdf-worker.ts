/**
 * Starting pdf.js's worker on a page that enforces Trusted Types: pdf.js starts it from a plain
 * string, which such a page refuses (pdf.js then runs everything on the main thread), so the
 * engine starts it here, through a policy of its own, and hands it to pdf.js as a port.
 * Part of the lazily loaded pdf.js chunk (imported by `pdf-engine.ts` only).
 */
import { GlobalWorkerOptions, PDFWorker } from 'pdfjs-dist';

/** The Trusted Types policy name the worker is started through; hosts that restrict names must allow it. */
export const PDF_WORKER_POLICY = 'guestkit-pdf-worker';

type TrustedTypesLike = { createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown } };
type Policy = { createScriptURL(url: string): unknown };
let policy: Policy | null | undefined;

// One policy, made on first use, that only ever vouches for the worker URL it is asked about
// when that URL is the configured worker's (same origin, same path).
function workerPolicy(): Policy | null {
  if (policy !== undefined) return policy;
  const trustedTypes = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
  if (!trustedTypes) return (policy = null);
  try {
    policy = trustedTypes.createPolicy(PDF_WORKER_POLICY, {
      createScriptURL: (candidate) => {
        if (!allowedWorkers.has(candidate)) throw new TypeError('not the pdf.js worker');
        return candidate;
      },
    });
  } catch {
    policy = null; // the host does not allow the name: pdf.js's own fallback applies
  }
  return policy;
}
const allowedWorkers = new Set<string>();

/**
 * A worker for one document, started through the policy and handed to pdf.js as a port (terminate
 * it with the document); `null` where pdf.js starts its own (another origin, no policy allowed).
 */
export function startWorker(url: string): { worker: PDFWorker; port: Worker } | null {
  const absolute = new URL(url, location.href);
  GlobalWorkerOptions.workerSrc = absolute.href; // pdf.js's own way, if ours is not possible
  if (absolute.origin !== location.origin) return null; // pdf.js wraps cross-origin workers itself
  allowedWorkers.add(absolute.href);
  const trusted = (globalThis as { trustedTypes?: unknown }).trustedTypes ? workerPolicy() : null;
  if ((globalThis as { trustedTypes?: unknown }).trustedTypes && !trusted) return null;
  try {
    const port = new Worker((trusted ? trusted.createScriptURL(absolute.href) : absolute.href) as string, { type: 'module' });
    // pdf.js types `port` too narrowly; a Worker is what it takes.
    return { worker: new PDFWorker({ port: port as unknown as null }), port };
  } catch {
    return null;
  }
}
