/** The states every link widget can be in. */

/** Every state a link widget can show. Only `ready` shows the widget's own content. */
export const LINK_STATES = [
  'idle',
  'loading',
  'ready',
  'expired',
  'revoked',
  'invalid',
  'access-code',
  'otp',
  'rate-limited',
  'error',
] as const;

/** A link widget's state. */
export type LinkState = (typeof LINK_STATES)[number];
