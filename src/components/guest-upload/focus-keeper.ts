/** Where the keyboard goes on in `<guest-upload>` after a render takes away what had focus. */
import type { ReactiveController, ReactiveElement } from 'lit';

/**
 * A ReactiveController that moves focus after its host renders: to what the host asked for with
 * `next`, or, when a file's focused button went with its status (Cancel, once the file is through
 * or failed), to the row's new button, else the file list's heading or the drop zone, instead of
 * the page.
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
  /** The control focused in a file's row before a render, and the row (the control may go with the render). */
  #rowFocus: { control: Element; row: Element } | undefined;

  constructor(host: ReactiveElement) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdate(): void {
    const control = this.#host.shadowRoot?.activeElement;
    const row = control?.closest('[part~="file"]');
    this.#rowFocus = control && row ? { control, row } : undefined;
  }

  hostUpdated(): void {
    const lost = this.#rowFocus;
    if (!this.next && lost && !lost.control.isConnected) {
      const next = lost.row.isConnected ? lost.row.querySelector<HTMLElement>('button') : null;
      if (next) next.focus();
      else this.next = ['#gk-upload-files-title', '[part~="dropzone"]'];
    }
    if (this.next) {
      [this.next].flat().map((selector) => this.#host.renderRoot.querySelector<HTMLElement>(selector)).find(Boolean)?.focus();
      this.next = undefined;
    }
  }
}
