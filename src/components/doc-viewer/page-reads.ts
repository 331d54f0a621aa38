/** Which pages of a shared PDF the recipient read, reported to the firm in batches. */
import { isGuestkitApiError } from '../../client/errors.js';

/** How long a page must stay on screen to count as read, in milliseconds. */
export const PAGE_DWELL_MS = 1_500;

/** How long pages read are gathered before they are reported, in milliseconds. */
export const PAGE_REPORT_DELAY_MS = 2_000;

/** Pages read through one session (one link) in one document, not yet reported. */
interface Batch<S> {
  session: S;
  documentId: string;
  pages: number[];
}

/**
 * A page counts as read once it has been on screen for `PAGE_DWELL_MS` (turning pages quickly
 * reads none of those passed). Pages read are reported together, `PAGE_REPORT_DELAY_MS` after the
 * last one, or at once when the document closes or the page is hidden (another tab, the browser
 * closing); each page of a document once per link. Every read is reported through the session it
 * was read in, so pages read under one link never count for another. A report that fails for a
 * moment (offline, rate limit, server error) goes again with the next one; one the server refuses
 * (the link ended, the document left the share) is dropped.
 */
export class PageReads<S extends object> {
  readonly #report: (session: S, documentId: string, pages: number[], keepalive: boolean) => Promise<unknown>;
  readonly #stillShown: (documentId: string, page: number) => boolean;
  /** Per session: `documentId#page` of the pages reported, or on their way. */
  readonly #counted = new WeakMap<S, Set<string>>();
  #pending: Batch<S>[] = [];
  #dwell: ReturnType<typeof setTimeout> | undefined;
  #delay: ReturnType<typeof setTimeout> | undefined;
  #onScreen = '';

  /**
   * @param report - Sends one batch (`keepalive` when the page is being hidden, so it may outlive it).
   * @param stillShown - Whether `page` of `documentId` is still the one on screen.
   */
  constructor(report: (session: S, documentId: string, pages: number[], keepalive: boolean) => Promise<unknown>, stillShown: (documentId: string, page: number) => boolean) {
    this.#report = report;
    this.#stillShown = stillShown;
  }

  /** `page` of `documentId` was drawn, read through `session` (drawn again after a zoom, it keeps its time on screen). */
  shown(session: S, documentId: string, page: number): void {
    const key = `${documentId}#${page}`;
    if (key === this.#onScreen) return;
    this.#onScreen = key;
    clearTimeout(this.#dwell);
    this.#dwell = setTimeout(() => this.#read(session, documentId, page), PAGE_DWELL_MS);
  }

  /** The document closed: nothing is on screen any more, and what was read is reported now. */
  hidden(): void {
    this.#onScreen = '';
    clearTimeout(this.#dwell);
    this.flush();
  }

  /** Reports the pages read so far; `leaving` when the page is being hidden or closed. */
  flush(leaving = false): void {
    clearTimeout(this.#delay);
    const pending = this.#pending;
    this.#pending = [];
    for (const batch of pending) {
      this.#report(batch.session, batch.documentId, batch.pages, leaving).catch((error: unknown) => {
        const refused = isGuestkitApiError(error) && error.status < 500 && error.status !== 429;
        if (!refused) this.#pending.push(batch);
      });
    }
  }

  #read(session: S, documentId: string, page: number): void {
    if (!this.#stillShown(documentId, page)) return;
    const counted = this.#counted.get(session) ?? new Set<string>();
    this.#counted.set(session, counted);
    if (counted.has(`${documentId}#${page}`)) return;
    counted.add(`${documentId}#${page}`);
    const batch = this.#pending.find((each) => each.session === session && each.documentId === documentId);
    if (batch) batch.pages.push(page);
    else this.#pending.push({ session, documentId, pages: [page] });
    clearTimeout(this.#delay);
    this.#delay = setTimeout(() => this.flush(), PAGE_REPORT_DELAY_MS);
  }
}
