/** Small schemas shared by the rest of the wire contract. */
import { LINK_KINDS } from './token-format.js';
import { z } from './zod.js';

/** The two languages Guestkit speaks. */
export const LOCALES = ['de', 'en'] as const;
/** A supported locale. */
export type Locale = (typeof LOCALES)[number];

/** An ISO-8601 timestamp in UTC, as the server writes them. */
export const timestampSchema = z.iso.datetime({ offset: true });

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
