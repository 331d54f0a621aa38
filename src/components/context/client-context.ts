/** The context that hands a Guestkit client from `<gk-provider>` to every widget below it. */
import { createContext } from '@lit/context';
import type { GuestkitClient } from '../../client/client.js';

/**
 * The client context. Keyed with `Symbol.for` so two copies of Guestkit on one page (say, a
 * portal bundle and a CDN script) still find each other's provider.
 */
export const clientContext = createContext<GuestkitClient | undefined>(Symbol.for('guestkit/client'));
