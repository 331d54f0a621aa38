/** The `gk-state-change` event: a widget moved to another link state. */
import type { LinkState } from '../controllers/link-state.js';
import { GuestkitEvent } from './guestkit-event.js';

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
export class GuestkitStateChangeEvent extends GuestkitEvent<{ state: LinkState; previous: LinkState }> {
  /** The event's type. */
  static readonly type = 'gk-state-change';
  /** The state the widget is in now. */
  declare readonly state: LinkState;
  /** The state it left. */
  declare readonly previous: LinkState;

  constructor(state: LinkState, previous: LinkState) {
    super({ state, previous });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gk-state-change': GuestkitStateChangeEvent;
  }
}
