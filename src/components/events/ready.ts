/** The `gk-ready` event: the link is open and the widget shows its content. */
import type { Branding } from '../../protocol/common.js';
import type { SessionScope } from '../../protocol/session.js';

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
export class GuestkitReadyEvent extends Event implements GuestkitReadyDetail {
  /** The event's type. */
  static readonly type = 'gk-ready';
  /** What the link allows. */
  readonly scope: SessionScope;
  /** The firm that issued the link. */
  readonly firm: Branding;
  /** When the link itself expires (ISO-8601). */
  readonly linkExpiresAt: string;

  constructor(detail: GuestkitReadyDetail) {
    super(GuestkitReadyEvent.type, { bubbles: true, composed: true });
    this.scope = detail.scope;
    this.firm = detail.firm;
    this.linkExpiresAt = detail.linkExpiresAt;
  }

  /** The same fields as a plain object, for code written against `CustomEvent`. */
  get detail(): GuestkitReadyDetail {
    return { scope: this.scope, firm: this.firm, linkExpiresAt: this.linkExpiresAt };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gk-ready': GuestkitReadyEvent;
  }
}
