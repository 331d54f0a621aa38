/** The stored shapes of firm documents and shares. */
import type { Locale } from '../../protocol/common.js';

/** Resource types used by shares. */
export const SHARE_TYPES = { document: 'document', share: 'share' } as const;

/** A document the firm can share (`resources`, type `document`). */
export interface DocumentData {
  name: string;
  type: string;
  size: number;
  sha256: string;
  blobKey: string;
  /** Where it came from: added by the firm, or a file received through an upload request. */
  source: 'firm' | 'upload';
  createdAt: string;
}

/** One recipient of a share, with their own link and expiry. */
export interface ShareRecipient {
  email: string;
  name: string | null;
  locale: Locale | null;
  linkId: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** A stamped copy of a PDF for one recipient. */
export interface WatermarkedCopy {
  blobKey: string;
  size: number;
  sha256: string;
}

/** A share (`resources`, type `share`). */
export interface ShareData {
  title: string;
  message: string | null;
  documentIds: string[];
  allowDownload: boolean;
  watermark: boolean;
  lockedUntilPaid: { invoiceId: string } | null;
  recipients: ShareRecipient[];
  /** `<documentId>:<recipient e-mail>` → that recipient's stamped copy. */
  watermarks: Record<string, WatermarkedCopy>;
  status: 'active' | 'revoked';
  createdByEmail: string | null;
  createdByName: string | null;
  createdAt: string;
}

/** A document as the firm sees it. */
export type FirmDocument = Omit<DocumentData, 'blobKey'> & { id: string };

/** A share as the firm sees it. */
export type Share = Omit<ShareData, 'watermarks'> & { id: string };

/** Stored resource data is a plain JSON object; these records are exactly that. */
export function asData(value: DocumentData | ShareData): Record<string, unknown> {
  return value as unknown as Record<string, unknown>;
}
