/**
 * The `Store` interface: everything the adapter keeps that is not file content.
 *
 * Every method is async so that networked stores (PostgreSQL) implement the same interface as
 * the embedded SQLite one. Every record belongs to a firm, and every query that takes a
 * `firmId` must never return another firm's rows. Implementations must pass
 * `storeConformance()` (see `../testing/store-conformance.ts`).
 */
import type { Locale, ResourceRef } from '../../protocol/common.js';
import type { LinkKind } from '../../protocol/token-format.js';

/** A firm (tenant). A single-firm install has exactly one. */
export interface FirmRecord {
  id: string;
  name: string;
  /** `#rrggbb` accent colour for widgets and mail. */
  accentColor: string | null;
  logoUrl: string | null;
  /** Envelope sender for mail sent on the firm's behalf. */
  mailFrom: string;
  /** Exact origins (`https://firm.example`) allowed to call the public API from a browser. */
  allowedOrigins: string[];
  /** Page that hosts the widgets, per link kind; the token goes in its fragment. */
  linkBaseUrl: string;
  /** Default link lifetimes in seconds, per kind. */
  defaultTtlSeconds: Partial<Record<LinkKind, number>>;
  defaultLocale: Locale;
  createdAt: string;
}

/** A firm API key (only its SHA-256 is stored). */
export interface ApiKeyRecord {
  id: string;
  firmId: string;
  hash: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A link as stored: the token's SHA-256, never the token. */
export interface LinkRecord {
  id: string;
  firmId: string;
  tokenHash: string;
  kind: LinkKind;
  action: string;
  resource: ResourceRef;
  recipientEmail: string;
  recipientName: string | null;
  recipientLocale: Locale | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  stepUp: 'access_code' | 'email_otp' | null;
  /** scrypt hash of the firm-set access code (`salt:hash`, hex), when `stepUp` is `access_code`. */
  accessCodeHash: string | null;
  createdByEmail: string | null;
  createdByName: string | null;
  replaces: string | null;
}

/** A short-lived bearer session made from a link. */
export interface SessionRecord {
  id: string;
  firmId: string;
  linkId: string;
  tokenHash: string;
  createdAt: string;
  expiresAt: string;
  /**
   * When the chain of sessions this one belongs to ends, whatever refreshing it: set at the
   * exchange (`sessionMaxSeconds` on, never past the link's expiry) and handed on by each refresh.
   */
  absoluteExpiresAt: string;
  endedAt: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** A one-time code mailed to a link's recipient (only its hash is stored). */
export interface OtpRecord {
  linkId: string;
  firmId: string;
  codeHash: string;
  expiresAt: string;
  attempts: number;
  createdAt: string;
}

/** A business resource (share, upload request, invoice, …): a typed JSON document with a version. */
export interface ResourceRecord<T = Record<string, unknown>> {
  firmId: string;
  type: string;
  id: string;
  data: T;
  /**
   * The id of the resource this one belongs to (an upload request, for its files and tus uploads),
   * so `list(firmId, type, { parent })` finds a request's records without reading the firm's others.
   * Set at insert; absent when there is none.
   */
  parent?: string;
  /** Incremented on every update; updates name the version they read (optimistic concurrency). */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What a caller appends to the audit log; the store adds `id`, `seq`, `prevHash` and `hash`. */
export interface AuditEventInput {
  firmId: string;
  resourceType: string;
  resourceId: string;
  type: string;
  /** Server time (ISO-8601 UTC). */
  at: string;
  actor: string;
  ip: string | null;
  userAgent: string | null;
  verified: boolean;
  data: Record<string, unknown>;
}

/** A stored, chained audit event. */
export interface AuditEventRecord extends AuditEventInput {
  id: string;
  seq: number;
  prevHash: string;
  hash: string;
}

/** State of an idempotency key after `claim`. */
export type IdempotencyClaim =
  | { state: 'claimed' }
  | { state: 'in_flight' }
  | { state: 'mismatch' }
  | { state: 'done'; status: number; body: string };

/** Filters for listing links. */
export interface LinkFilter {
  resource?: ResourceRef;
  /** Only links to resources of this type (all of a firm's shares, say), whatever their id. */
  resourceType?: string;
  kind?: LinkKind;
  /** Only links that are neither revoked nor expired at this instant. */
  activeAt?: string;
  limit?: number;
}

/** The store behind the adapter. */
export interface Store {
  /** Creates tables or runs pending migrations. Safe to call more than once. */
  init(): Promise<void>;
  /** Releases connections and file handles. */
  close(): Promise<void>;
  /**
   * Checks the stored data for damage (SQLite: `PRAGMA integrity_check`): resolves with what is
   * wrong, `[]` when nothing is. For health checks, and after restoring a backup.
   */
  check?(): Promise<string[]>;
  /**
   * Writes a consistent copy of everything to `file` while the store stays in use (SQLite's online
   * backup API; never copy a live database file), making its folder if need be. Refuses a `file`
   * that exists, also one that appears meanwhile; an interrupted backup leaves no file there.
   */
  backup?(file: string): Promise<void>;

  firms: {
    put(firm: FirmRecord): Promise<void>;
    get(id: string): Promise<FirmRecord | null>;
    list(): Promise<FirmRecord[]>;
  };

  apiKeys: {
    insert(key: ApiKeyRecord): Promise<void>;
    getByHash(hash: string): Promise<ApiKeyRecord | null>;
    list(firmId: string): Promise<ApiKeyRecord[]>;
    revoke(firmId: string, id: string, at: string): Promise<boolean>;
  };

  links: {
    insert(link: LinkRecord): Promise<void>;
    getByHash(tokenHash: string): Promise<LinkRecord | null>;
    get(firmId: string, id: string): Promise<LinkRecord | null>;
    list(firmId: string, filter?: LinkFilter): Promise<LinkRecord[]>;
    /** Sets `revokedAt` (if not set) and ends every session made from the link, atomically. */
    revoke(firmId: string, id: string, at: string): Promise<boolean>;
    /** Moves a live (not revoked) link's expiry; false when there is no such live link. */
    setExpiry(firmId: string, id: string, expiresAt: string): Promise<boolean>;
  };

  sessions: {
    insert(session: SessionRecord): Promise<void>;
    getByHash(tokenHash: string): Promise<SessionRecord | null>;
    /**
     * Sets `endedAt` of the firm's session `id` if it is not set yet, atomically (compare-and-set):
     * true only when this call ended a live session, false when it was ended already, is unknown,
     * or belongs to another firm. A refresh ends the old session this way before issuing the new
     * one, so of two refreshes at once only one goes on: custom stores must return whether they
     * ended a live session.
     */
    end(firmId: string, id: string, at: string): Promise<boolean>;
    /**
     * Deletes every session whose chain end (`absoluteExpiresAt`) and own expiry are both before
     * `before`, ended or not; resolves with how many. Optional: a store without it keeps them. The
     * adapter's sweep calls it with a cut-off past any grace a session could still be used in.
     */
    prune?(before: string): Promise<number>;
  };

  otps: {
    /** Replaces any earlier code for the link. */
    put(otp: OtpRecord): Promise<void>;
    get(linkId: string): Promise<OtpRecord | null>;
    /** Adds one failed attempt and returns the new count. */
    addAttempt(linkId: string): Promise<number>;
    delete(linkId: string): Promise<void>;
    /** Deletes every code that expired before `before`; resolves with how many. Optional, like `sessions.prune`. */
    prune?(before: string): Promise<number>;
  };

  resources: {
    insert(record: ResourceRecord): Promise<void>;
    get(firmId: string, type: string, id: string): Promise<ResourceRecord | null>;
    /** A firm's records of one type in insertion order; with `parent`, only those belonging to it (an indexed lookup). */
    list(firmId: string, type: string, filter?: { parent?: string }): Promise<ResourceRecord[]>;
    /** Writes `data` if the stored version is `expectedVersion`; returns the new record or null on conflict. */
    update(firmId: string, type: string, id: string, data: Record<string, unknown>, expectedVersion: number, at: string): Promise<ResourceRecord | null>;
  };

  audit: {
    /**
     * Appends an event to its resource's chain atomically: reads the chain head, computes the
     * hash with `chainAuditEvent`, and inserts, in one transaction. Stored events are never
     * updated or deleted.
     */
    append(event: AuditEventInput): Promise<AuditEventRecord>;
    /** One resource's events in chain order. */
    listForResource(firmId: string, resourceType: string, resourceId: string): Promise<AuditEventRecord[]>;
    /** The chain head (last `seq` and `hash`), kept apart from the events so truncation shows. */
    head(firmId: string, resourceType: string, resourceId: string): Promise<{ seq: number; hash: string } | null>;
    /** The firm's newest events first. */
    list(firmId: string, options?: { limit?: number; type?: string }): Promise<AuditEventRecord[]>;
  };

  rateLimits: {
    /**
     * Counts a hit on `key` at `now` (ms) if fewer than `limit` were counted in the `windowMs`
     * before it, `(now - windowMs, now]`, atomically. Returns the times of those earlier counted
     * hits, oldest first; the hit counted when there are fewer than `limit`.
     */
    hit(key: string, windowMs: number, now: number, limit: number): Promise<number[]>;
    /**
     * Forgets every key with no counted hit after `before` (ms), whatever its window; resolves with
     * how many. Optional: a store without it keeps them. The adapter's sweep calls it with a cut-off
     * older than its longest window, so no answer of `hit` changes.
     */
    prune?(before: number): Promise<number>;
  };

  /**
   * Idempotency keys and the answers kept for their retries. `key` is what the adapter makes of
   * the caller's Idempotency-Key (its hash) and `body` an answer it has sealed: a store keeps both
   * as given.
   */
  idempotency: {
    /**
     * Claims `key` for a request with this body fingerprint (atomic). A claim still in flight that
     * was made before `staleBefore` (its process stopped mid-request) is taken over: `claimed`, with
     * `at` as its new time.
     */
    claim(scope: string, key: string, fingerprint: string, at: string, staleBefore?: string): Promise<IdempotencyClaim>;
    /**
     * Stores the response of a claimed key so retries replay it, if the claim made at `claimedAt`
     * (the `at` of the claim, or of its last `renew`) still holds the key: a request whose key was
     * taken over stores nothing.
     */
    complete(scope: string, key: string, status: number, body: string, claimedAt: string): Promise<void>;
    /** Forgets the claim made at `claimedAt`, whose request failed before doing anything (a finished key stays). */
    release(scope: string, key: string, claimedAt: string): Promise<void>;
    /**
     * Keeps a claim in flight from going stale (a heartbeat while its request runs): moves its time
     * from `claimedAt` to `at`. False when the claim no longer holds the key.
     */
    renew(scope: string, key: string, claimedAt: string, at: string): Promise<boolean>;
    /** Forgets every key whose claim (or last `renew`) was made before `before`, answered or not. */
    prune(before: string): Promise<void>;
  };
}
