/** Small schemas shared by the rest of the wire contract. */
import { LINK_KINDS } from './token-format.js';
import { z } from './zod.js';

/** The two languages Guestkit speaks. */
export const LOCALES = ['de', 'en'] as const;
/** A supported locale. */
export type Locale = (typeof LOCALES)[number];

// RFC 3339 date-time: a day that exists (30-day months, February with 29 days in leap years only),
// seconds required, fraction optional, `Z` or `±hh:mm`. A plain pattern rather than zod's ISO
// helper, which pulls zod's string-format machinery into every widget bundle.
const DAY = '(?:\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8])))';
const LEAP_DAY = '(?:\\d\\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29';
const TIME = '(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)';
const DATE_TIME = new RegExp(`^(?:${DAY}|${LEAP_DAY})T${TIME}$`);

/** An RFC 3339 timestamp (`2026-11-27T09:30:00.000Z`, or with an offset), as the server writes them. */
export const timestampSchema = z.string().check(z.regex(DATE_TIME, 'Invalid ISO 8601 date-time'));

/** A link kind on the wire. */
export const linkKindSchema = z.enum(LINK_KINDS);

/** A locale on the wire. */
export const localeSchema = z.enum(LOCALES);

/** What a link points at: a resource of some type (a share, an upload request, …) by id. */
export const resourceRefSchema = z.object({
  type: z.string().check(z.regex(/^[a-z][a-z0-9_-]{0,39}$/)),
  id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)),
});
/** A reference to a resource. */
export type ResourceRef = z.infer<typeof resourceRefSchema>;

/** A firm's public branding, shown by widgets. */
export const brandingSchema = z.object({
  name: z.string(),
  accentColor: z.optional(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/))),
  logoUrl: z.optional(z.string()),
});
/** A firm's public branding. */
export type Branding = z.infer<typeof brandingSchema>;
