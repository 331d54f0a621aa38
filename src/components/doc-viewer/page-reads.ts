/** Which pages of a shared PDF the recipient read, reported to the firm in batches. */

/** How long a page must stay on screen to count as read, in milliseconds. */
export const PAGE_DWELL_MS = 1_500;

/** How long pages read are gathered before they are reported, in milliseconds. */
export const PAGE_REPORT_DELAY_MS = 2_000;

/**
 * A page counts as read once it has been on screen for `PAGE_DWELL_MS` (turning pages quickly
 * reads none of those passed). Pages read are reported together, `PAGE_REPORT_DELAY_MS` after the
 * last one or at once when the document closes, and each page of a document once per widget;
 * the pages of a report that fails go with the next one.
 */
export class PageReads {
  readonly #report: (documentId: string, pages: number[]) => Promise<unknown>;
  readonly #stillShown: (documentId: string, page: number) => boolean;
  /** Per document: pages reported, or on their way. */
  readonly #counted = new Map<string, Set<number>>();
  /** Per document: pages read and not yet reported. */
  #pending = new Map<string, number[]>();
  #dwell: ReturnType<typeof setTimeout> | undefined;
  #delay: ReturnType<typeof setTimeout> | undefined;
  #onScreen = '';

  constructor(report: (documentId: string, pages: number[]) => Promise<unknown>, stillShown: (documentId: string, page: number) => boolean) {
    this.#report = report;
    this.#stillShown = stillShown;
  }

  /** `page` of `documentId` was drawn (again, after a zoom, keeps its time on screen). */
  shown(documentId: string, page: number): void {
    const key = `${documentId}#${page}`;
    if (key === this.#onScreen) return;
    this.#onScreen = key;
    clearTimeout(this.#dwell);
    this.#dwell = setTimeout(() => this.#read(documentId, page), PAGE_DWELL_MS);
  }

  /** The document closed: nothing is on screen any more, and what was read is reported now. */
  hidden(): void {
    this.#onScreen = '';
    clearTimeout(this.#dwell);
    this.flush();
  }

  /** Reports the pages read so far. */
  flush(): void {
    clearTimeout(this.#delay);
    const pending = this.#pending;
    this.#pending = new Map();
    for (const [documentId, pages] of pending) {
      // Failed (offline for a moment): the pages go with the next report.
      this.#report(documentId, pages).catch(() => this.#pending.set(documentId, [...(this.#pending.get(documentId) ?? []), ...pages]));
    }
  }

  #read(documentId: string, page: number): void {
    if (!this.#stillShown(documentId, page)) return;
    const counted = this.#counted.get(documentId) ?? new Set<number>();
    this.#counted.set(documentId, counted);
    if (counted.has(page)) return;
    counted.add(page);
    this.#pending.set(documentId, [...(this.#pending.get(documentId) ?? []), page]);
    clearTimeout(this.#delay);
    this.#delay = setTimeout(() => this.flush(), PAGE_REPORT_DELAY_MS);
  }
}
