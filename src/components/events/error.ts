/** The `gk-error` event: something went wrong, and the widget is showing it. */
import type { ClientErrorCode } from '../../client/errors.js';

/** What a `gk-error` event carries. */
export interface GuestkitErrorDetail {
  /** Stable, machine-readable reason (a protocol error code, `network_error` or `invalid_response`). */
  readonly code: ClientErrorCode;
  /** A message for people, in the widget's language. */
  readonly message: string;
}

/**
 * Emitted when a widget meets an error it cannot hide: an expired, revoked or invalid link, a wrong
 * code, a network failure. The widget already shows the matching state; listen to log or react.
 * Widgets never throw into the host page: this event is how they report.
 *
 * @summary `gk-error` — bubbles, composed, not cancelable.
 * @example
 * ```ts
 * widget.addEventListener('gk-error', (event) => log(event.code, event.message));
 * ```
 */
export class GuestkitErrorEvent extends Event implements GuestkitErrorDetail {
  /** The event's type. */
  static readonly type = 'gk-error';
  /** Stable, machine-readable reason. */
  readonly code: ClientErrorCode;
  /** A message for people, in the widget's language. */
  readonly message: string;

  constructor(detail: GuestkitErrorDetail) {
    super(GuestkitErrorEvent.type, { bubbles: true, composed: true });
    this.code = detail.code;
    this.message = detail.message;
  }

  /** The same fields as a plain object, for code written against `CustomEvent`. */
  get detail(): GuestkitErrorDetail {
    return { code: this.code, message: this.message };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gk-error': GuestkitErrorEvent;
  }
}
