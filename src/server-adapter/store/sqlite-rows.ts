/** The embedded SQLite store's rows read back as the records the `Store` interface speaks of. */
import type { Locale } from '../../protocol/common.js';
import type { LinkKind } from '../../protocol/token-format.js';
import type { ApiKeyRecord, AuditEventRecord, FirmRecord, LinkRecord, OtpRecord, ResourceRecord, SessionRecord } from './types.js';

/** A row as better-sqlite3 answers it. */
export type Row = Record<string, string | number | null>;
/** A nullable text column. */
export type Str = string | null;

/** A row of `firms` as its record. */
export const toFirm = (r: Row): FirmRecord => ({
  id: r.id as string,
  name: r.name as string,
  accentColor: r.accent_color as Str,
  logoUrl: r.logo_url as Str,
  mailFrom: r.mail_from as string,
  allowedOrigins: JSON.parse(r.allowed_origins as string) as string[],
  linkBaseUrl: r.link_base_url as string,
  defaultTtlSeconds: JSON.parse(r.default_ttl_seconds as string) as FirmRecord['defaultTtlSeconds'],
  defaultLocale: r.default_locale as Locale,
  createdAt: r.created_at as string,
});

/** A row of `api_keys` as its record. */
export const toApiKey = (r: Row): ApiKeyRecord => ({
  id: r.id as string,
  firmId: r.firm_id as string,
  hash: r.hash as string,
  label: r.label as string,
  createdAt: r.created_at as string,
  revokedAt: r.revoked_at as Str,
});

/** A row of `links` as its record. */
export const toLink = (r: Row): LinkRecord => ({
  id: r.id as string,
  firmId: r.firm_id as string,
  tokenHash: r.token_hash as string,
  kind: r.kind as LinkKind,
  action: r.action as string,
  resource: { type: r.resource_type as string, id: r.resource_id as string },
  recipientEmail: r.recipient_email as string,
  recipientName: r.recipient_name as Str,
  recipientLocale: r.recipient_locale as Locale | null,
  createdAt: r.created_at as string,
  expiresAt: r.expires_at as string,
  revokedAt: r.revoked_at as Str,
  stepUp: r.step_up as LinkRecord['stepUp'],
  accessCodeHash: r.access_code_hash as Str,
  createdByEmail: r.created_by_email as Str,
  createdByName: r.created_by_name as Str,
  replaces: r.replaces as Str,
});

/** A row of `sessions` as its record. */
export const toSession = (r: Row): SessionRecord => ({
  id: r.id as string,
  firmId: r.firm_id as string,
  linkId: r.link_id as string,
  tokenHash: r.token_hash as string,
  createdAt: r.created_at as string,
  expiresAt: r.expires_at as string,
  absoluteExpiresAt: (r.absolute_expires_at ?? r.expires_at) as string,
  endedAt: r.ended_at as Str,
  ip: r.ip as Str,
  userAgent: r.user_agent as Str,
});

/** A row of `otps` as its record. */
export const toOtp = (r: Row): OtpRecord => ({
  linkId: r.link_id as string,
  firmId: r.firm_id as string,
  codeHash: r.code_hash as string,
  expiresAt: r.expires_at as string,
  attempts: r.attempts as number,
  createdAt: r.created_at as string,
});

/** A row of `resources` as its record. */
export const toResource = (r: Row): ResourceRecord => ({
  firmId: r.firm_id as string,
  type: r.type as string,
  id: r.id as string,
  data: JSON.parse(r.data as string) as Record<string, unknown>,
  ...(r.parent === null || r.parent === undefined ? {} : { parent: r.parent as string }),
  version: r.version as number,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

/** A row of `audit_events` as its record. */
export const toAuditEvent = (r: Row): AuditEventRecord => ({
  id: r.id as string,
  firmId: r.firm_id as string,
  resourceType: r.resource_type as string,
  resourceId: r.resource_id as string,
  seq: r.seq as number,
  type: r.type as string,
  at: r.at as string,
  actor: r.actor as string,
  ip: r.ip as Str,
  userAgent: r.user_agent as Str,
  verified: r.verified === 1,
  data: JSON.parse(r.data as string) as Record<string, unknown>,
  prevHash: r.prev_hash as string,
  hash: r.hash as string,
});
