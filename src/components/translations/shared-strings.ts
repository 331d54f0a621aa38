/** The shared tables alone, for a link widget without strings of its own. */
import type { StringLoaders } from '../controllers/localize.js';

/**
 * Loads only the shared strings (loading, error codes, common words), one language per chunk; the
 * rare link states (expired, code forms, …) bring their own words, with their templates.
 * For a custom widget built on `GuestkitLinkElement` that brings no strings of its own; Guestkit's
 * widgets load theirs together with these (`uploadStrings`, `viewerStrings`).
 *
 * @example
 * ```ts
 * class MyWidget extends GuestkitLinkElement {
 *   static override readonly translations = sharedStrings;
 * }
 * ```
 */
export const sharedStrings: StringLoaders<{}> = {
  de: () => import('./de.js').then((m) => ({ shared: m.de, own: {} })),
  en: () => import('./en.js').then((m) => ({ shared: m.en, own: {} })),
};
