/** The `gk-state-change` event: a widget moved to another link state. */
import type { LinkState } from '../controllers/link-state.js';

/**
 * Emitted whenever a widget's link state changes (`loading` → `access-code` → `ready`, …).
 * Useful for host layouts and for tests; the widget renders every state itself.
 *
 * @summary `gk-state-change` — bubbles, composed, not cancelable.
 * @example
 * ```ts
 * widget.addEventListener('gk-state-change', (event) => (panel.dataset.state = event.state));
 * ```
 */
export class GuestkitStateChangeEvent extends Event {
  /** The event's type. */
  static readonly type = 'gk-state-change';
  /** The state the widget is in now. */
  readonly state: LinkState;
  /** The state it left. */
  readonly previous: LinkState;

  constructor(state: LinkState, previous: LinkState) {
    super(GuestkitStateChangeEvent.type, { bubbles: true, composed: true });
    this.state = state;
    this.previous = previous;
  }

  /** The same fields as a plain object, for code written against `CustomEvent`. */
  get detail(): { state: LinkState; previous: LinkState } {
    return { state: this.state, previous: this.previous };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gk-state-change': GuestkitStateChangeEvent;
  }
}
