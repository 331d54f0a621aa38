/** Shares: documents a firm shows to third parties through expiring `view` links. */
import { timestampSchema } from './common.js';
import { z } from './zod.js';

/** Routes of a `view` link's session (the session's scope names the share). */
export const SHARE_ROUTES = {
  /** `GET`: the share as its recipient sees it. */
  share: '/v1/share',
  /** `GET` (and `HEAD`): a document's bytes for the viewer itself — inline, `Range` supported. */
  content: '/v1/share/documents/:id/content',
  /** `GET`: the document as a download (attachment); refused when the firm turned downloads off. */
  download: '/v1/share/documents/:id/download',
  /** `POST`: the recipient opened a document in the viewer (recorded as `share.viewed`). */
  viewed: '/v1/share/documents/:id/viewed',
  /** `POST { pages }`: pages of a PDF the recipient had on screen for a while (recorded as `share.pages_viewed`). */
  pages: '/v1/share/documents/:id/pages',
} as const;

/** Fills the `:id` of a share route. */
export function shareRoute(route: (typeof SHARE_ROUTES)['content' | 'download' | 'viewed' | 'pages'], documentId: string): string {
  return route.replace(':id', encodeURIComponent(documentId));
}

/** One shared document, as its recipient sees it. */
export const sharedDocumentSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Sniffed content type (`application/pdf`, `image/jpeg`, …). */
  type: z.string(),
  size: z.number(),
});
/** One shared document. */
export type SharedDocument = z.infer<typeof sharedDocumentSchema>;

/** The share as its recipient sees it (`GET /v1/share`). */
export const shareViewSchema = z.object({
  title: z.string(),
  message: z.nullable(z.string()),
  /** When this recipient's link stops working. */
  availableUntil: timestampSchema,
  allowDownload: z.boolean(),
  /** When set, the documents stay locked until the named invoice is paid. */
  locked: z.nullable(z.object({ reason: z.literal('payment'), invoiceId: z.string() })),
  documents: z.array(sharedDocumentSchema),
});
/** The share as its recipient sees it. */
export type ShareView = z.infer<typeof shareViewSchema>;
