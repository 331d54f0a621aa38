/** The `gk-error` event: something went wrong, and the widget is showing it. */
import { isGuestkitError, type ClientErrorCode } from '../../client/errors.js';
import { GuestkitEvent } from './guestkit-event.js';

/** The code a failure is reported with: a Guestkit error's own, else `network_error` (no answer came). */
export function errorCodeOf(error: unknown): ClientErrorCode {
  return isGuestkitError(error) ? error.code : 'network_error';
}

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
export class GuestkitErrorEvent extends GuestkitEvent<GuestkitErrorDetail> implements GuestkitErrorDetail {
  /** The event's type. */
  static readonly type = 'gk-error';
  /** Stable, machine-readable reason. */
  declare readonly code: ClientErrorCode;
  /** A message for people, in the widget's language. */
  declare readonly message: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'gk-error': GuestkitErrorEvent;
  }
}
