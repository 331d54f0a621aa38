/**
 * Find in document for a `PdfViewerController`: whether the search row is open, the query, its
 * matches and the one shown. Reading and matching the text, and marking the matches in the page,
 * happen in the lazily loaded pdf.js chunk; this keeps only what the search row shows.
 */
import type { ReactiveControllerHost } from 'lit';
import type { PdfMatch } from '../pdf/pdf-loader.js';
import type { PdfViewerController } from './pdf-viewer.js';

/**
 * How long typing pauses before the query is searched: one search, and one announcement to a
 * screen reader, per pause — not one per key.
 */
export const SEARCH_PAUSE_MS = 250;

/** What the controller tells its host. */
export interface PdfSearchOptions {
  /** A search ended, or another match is shown: `search.current` (none: no match for `search.query`). */
  onResult?(search: PdfSearch): void;
}

/**
 * Searches the PDF of a `PdfViewerController` as the visitor types (once typing pauses, see
 * {@link SEARCH_PAUSE_MS}): every query replaces the one before (its search ends, its results never
 * show), the first match on or after the page shown is gone to, and `step` goes through the
 * matches, wrapping around at either end.
 *
 * @example
 * ```ts
 * readonly search = new PdfSearch(this, this.pdf, { onResult: (s) => this.announce(…) });
 * ```
 */
export class PdfSearch {
  /** Whether the search row is shown. */
  open = false;
  /** What the visitor typed. */
  query = '';
  /** The query's matches in page order (none while its search runs). */
  matches: readonly PdfMatch[] = [];
  /** The match shown, as an index into `matches`. */
  index = 0;
  /** While a search runs: the page whose text it is reading. */
  searching: number | undefined;

  readonly #host: ReactiveControllerHost;
  readonly #pdf: PdfViewerController;
  readonly #options: PdfSearchOptions;
  /** The search waiting for typing to pause. */
  #pending: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, pdf: PdfViewerController, options: PdfSearchOptions = {}) {
    this.#host = host;
    this.#pdf = pdf;
    this.#options = options;
  }

  /** The match shown, if any. */
  get current(): PdfMatch | undefined {
    return this.matches[this.index];
  }

  /** Shows the search row. */
  show(): void {
    this.open = true;
    this.#host.requestUpdate();
  }

  /** Hides the search row: the query, its matches and their marks are gone, a search under way ends. */
  close(): void {
    this.open = false;
    void this.find('');
  }

  /** The visitor typed `query`: the matches shown go, and `query` is searched once typing pauses. */
  type(query: string): void {
    this.#wait();
    this.query = query;
    this.searching = query.trim() ? 1 : undefined;
    this.#show([], 0);
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      void this.find(query);
    }, SEARCH_PAUSE_MS);
  }

  /** Searches `query` now, replacing the search under way or waiting; a blank query only clears. */
  async find(query: string): Promise<void> {
    this.#wait();
    this.query = query;
    this.#show([], 0);
    this.searching = query.trim() ? 1 : undefined;
    const matches = await this.#pdf.find(query, (pageNumber) => {
      this.searching = pageNumber;
      this.#host.requestUpdate();
    });
    // Replaced by a newer query (typed or searched), or the document closed.
    if (!matches || this.searching === undefined || query !== this.query || this.#pending) return;
    this.searching = undefined;
    const next = matches.findIndex((match) => match.pageNumber >= this.#pdf.pageNumber);
    this.#show(matches, Math.max(0, next));
    this.#options.onResult?.(this);
  }

  /**
   * Goes to the next (`1`) or previous (`-1`) match, from the last to the first and back; while
   * typing has not paused yet, searches what was typed at once instead (Enter right after typing).
   */
  step(direction: 1 | -1): void {
    if (this.#pending) return void this.find(this.query);
    const count = this.matches.length;
    if (count === 0) return;
    this.#show(this.matches, (this.index + direction + count) % count);
    this.#options.onResult?.(this);
  }

  /** Stops waiting for typing to pause. */
  #wait(): void {
    clearTimeout(this.#pending);
    this.#pending = undefined;
  }

  /** Shows match `index` of `matches`: its page, and every match marked. */
  #show(matches: readonly PdfMatch[], index: number): void {
    this.matches = matches;
    this.index = index;
    const current = this.current;
    if (current) this.#pdf.goTo(current.pageNumber);
    this.#pdf.highlight(matches, current);
    this.#host.requestUpdate();
  }
}
