/** Where the keyboard goes on in `<guest-upload>` after a render takes away what had focus. */
import type { ReactiveController, ReactiveElement } from 'lit';

/**
 * Where focus goes when none of `next` is there, or when what had focus went with a render: the
 * file list's heading, the drop zone, the closed panel's heading, else the request's (never the page).
 */
const FALLBACK = ['#gk-upload-files-title', '[part~="dropzone"]', '#gk-upload-closed-title', '[data-gk-focus]'];

/**
 * A ReactiveController that moves focus after its host renders: to what the host asked for with
 * `next`, or, when a file's focused button went with its status (Cancel, once the file is through
 * or failed), to the row's new button; failing that (or when any other focused control went with
 * the render) to the first of `FALLBACK` there is, instead of the page.
 *
 * @example
 * ```ts
 * readonly #focus = new FocusKeeper(this);
 * #onMore = () => (this.#focus.next = '[part~="dropzone"]');
 * ```
 */
export class FocusKeeper implements ReactiveController {
  /** What to focus after the next render: a selector, or the first of several that matches. */
  next: string | string[] | undefined;

  readonly #host: ReactiveElement;
  /** The control focused before a render, and its file's row if it is in one (the control may go with the render). */
  #had: [control: Element, row: Element | null] | undefined;

  constructor(host: ReactiveElement) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdate(): void {
    const control = this.#host.shadowRoot?.activeElement;
    this.#had = control ? [control, control.closest('[part~="file"]')] : undefined;
  }

  hostUpdated(): void {
    const [control, row] = this.#had ?? [];
    const { next } = this;
    if (next || (control && !control.isConnected)) {
      const root = this.#host.renderRoot;
      // Lost with its row still there: the row's new button (Try again, Remove).
      const button = !next && row?.isConnected ? row.querySelector('button') : null;
      ([button, ...[next ?? [], FALLBACK].flat().map((selector) => root.querySelector(selector))].find(Boolean) as HTMLElement | undefined)?.focus();
      this.next = undefined;
    }
  }
}
