/** The `gk-ready` event: the link is open and the widget shows its content. */
import type { Branding } from '../../protocol/common.js';
import type { SessionScope } from '../../protocol/session.js';
import { GuestkitEvent } from './guestkit-event.js';

/** What a `gk-ready` event carries. */
export interface GuestkitReadyDetail {
  /** What the link allows: kind, action, resource and (masked) recipient. */
  readonly scope: SessionScope;
  /** The firm that issued the link. */
  readonly firm: Branding;
  /** When the link itself expires (ISO-8601). */
  readonly linkExpiresAt: string;
}

/**
 * Emitted once a link has been exchanged for a session and the widget shows its content.
 *
 * @summary `gk-ready` — bubbles, composed, not cancelable.
 * @example
 * ```ts
 * widget.addEventListener('gk-ready', (event) => console.log(event.scope.resource.id));
 * ```
 */
export class GuestkitReadyEvent extends GuestkitEvent<GuestkitReadyDetail> implements GuestkitReadyDetail {
  /** The event's type. */
  static readonly type = 'gk-ready';
  /** What the link allows. */
  declare readonly scope: SessionScope;
  /** The firm that issued the link. */
  declare readonly firm: Branding;
  /** When the link itself expires (ISO-8601). */
  declare readonly linkExpiresAt: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gk-ready': GuestkitReadyEvent;
  }
}
