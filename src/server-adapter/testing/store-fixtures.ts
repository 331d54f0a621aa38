/** Records for store tests: valid, unique per call, and easy to vary. */
import { randomBytes } from 'node:crypto';
import type { AuditEventInput, FirmRecord, LinkRecord, ResourceRecord, SessionRecord } from '../store/types.js';

/** A fixed instant far from "now", so tests never depend on the clock. */
export const T0 = Date.parse('2030-01-01T00:00:00.000Z');

/** `T0` plus `minutes`, as an ISO-8601 UTC timestamp. */
export const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

/** A fresh id with a readable prefix. */
export const uid = (prefix: string): string => `${prefix}_${randomBytes(8).toString('hex')}`;

/** A random hex SHA-256-shaped string. */
export const fakeHash = (): string => randomBytes(32).toString('hex');

/** A firm with every field set. */
export function makeFirm(id = uid('firm'), overrides: Partial<FirmRecord> = {}): FirmRecord {
  return {
    id,
    name: 'Kanzlei Müller',
    accentColor: '#0a5c36',
    logoUrl: null,
    mailFrom: '"Kanzlei Müller" <no-reply@kanzlei.example>',
    allowedOrigins: ['https://kanzlei.example'],
    linkBaseUrl: 'https://kanzlei.example/guest',
    defaultTtlSeconds: { view: 86_400, sign: 604_800 },
    defaultLocale: 'de',
    createdAt: at(0),
    ...overrides,
  };
}

/** A share link for `firmId`, created at `at(1)` and expiring at `at(1000)`. */
export function makeLink(firmId: string, overrides: Partial<LinkRecord> = {}): LinkRecord {
  return {
    id: uid('link'),
    firmId,
    tokenHash: fakeHash(),
    kind: 'view',
    action: 'view',
    resource: { type: 'share', id: uid('share') },
    recipientEmail: 'anna@example.com',
    recipientName: 'Anna Schäfer',
    recipientLocale: 'de',
    createdAt: at(1),
    expiresAt: at(1000),
    revokedAt: null,
    stepUp: null,
    accessCodeHash: null,
    createdByEmail: 'berater@kanzlei.example',
    createdByName: 'Bernd Berater',
    replaces: null,
    ...overrides,
  };
}

/** A session made from `link`. */
export function makeSession(link: LinkRecord, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: uid('sess'),
    firmId: link.firmId,
    linkId: link.id,
    tokenHash: fakeHash(),
    createdAt: at(2),
    expiresAt: at(17),
    absoluteExpiresAt: at(8 * 60 + 2),
    endedAt: null,
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0',
    ...overrides,
  };
}

/** A version-1 resource with nested data. */
export function makeResource(firmId: string, overrides: Partial<ResourceRecord> = {}): ResourceRecord {
  return {
    firmId,
    type: 'invoice',
    id: uid('inv'),
    data: { amountCents: 12_345, currency: 'EUR', lines: [{ text: 'Jahresabschluss', cents: 12_345 }] },
    version: 1,
    createdAt: at(1),
    updatedAt: at(1),
    ...overrides,
  };
}

/** An audit event for one resource. */
export function makeAuditInput(firmId: string, resourceType: string, resourceId: string, overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    firmId,
    resourceType,
    resourceId,
    type: 'share.viewed',
    at: at(5),
    actor: 'recipient:anna@example.com',
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0',
    verified: false,
    data: { file: 'Bescheid 2024.pdf', pages: [1, 2], nested: { ok: true, none: null } },
    ...overrides,
  };
}
