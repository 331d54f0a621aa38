/**
 * Guestkit's main entry: protocol types, the client, and the component and event classes.
 * Side-effect free: it registers no elements (import `guestkit/define` for that).
 *
 * @example
 * ```ts
 * import { createClient, GuestkitLinkElement, type Session } from 'guestkit';
 * ```
 */
export * from './protocol/index.js';
export * from './client/index.js';
export * from './components/index.js';
