/**
 * The one zod instance the wire contract uses.
 *
 * Zod 4 compiles object parsers with `new Function()` unless told not to; host pages with a
 * strict CSP forbid that, so every schema in Guestkit is built after `jitless` is switched on.
 */
import * as z from 'zod/mini';

z.config({ jitless: true });

export { z };
