/** An in-process `Store` kept in Maps: for tests and throwaway demos, never for real records. */
import { randomUUID } from 'node:crypto';
import { chainAuditEvent } from './audit-chain.js';
import { slideWindow } from './rate-limit-hits.js';
import type {
  ApiKeyRecord,
  AuditEventRecord,
  FirmRecord,
  IdempotencyClaim,
  LinkFilter,
  LinkRecord,
  OtpRecord,
  ResourceRecord,
  SessionRecord,
  Store,
} from './types.js';

interface IdempotencyEntry {
  fingerprint: string;
  createdAt: string;
  response: { status: number; body: string } | null;
}

// Callers must never hold a reference into stored state, in either direction.
const copy = <T>(value: T): T => structuredClone(value);

const resourceKey = (firmId: string, type: string, id: string): string => JSON.stringify([firmId, type, id]);

/** Newest first by `createdAt`/`at`, later insertion first on ties (`items` is in insertion order). */
function newestFirst<T>(items: T[], time: (item: T) => string): T[] {
  return items
    .map((item, index) => ({ item, index, ms: Date.parse(time(item)) }))
    .sort((a, b) => b.ms - a.ms || b.index - a.index)
    .map(({ item }) => item);
}

/** Deletes the entries of `map` that `dead` picks; returns how many. */
function deleteWhere<K, V>(map: Map<K, V>, dead: (value: V) => boolean): number {
  let deleted = 0;
  for (const [key, value] of map) if (dead(value) && map.delete(key)) deleted++;
  return deleted;
}

function isActiveAt(link: LinkRecord, at: string): boolean {
  const ms = Date.parse(at);
  return Date.parse(link.expiresAt) > ms && (link.revokedAt === null || Date.parse(link.revokedAt) > ms);
}

/**
 * Creates a `Store` that keeps everything in memory and loses it on exit.
 *
 * @example
 * ```ts
 * const store = memoryStore();
 * await store.init();
 * await store.firms.put(firm);
 * ```
 */
export function memoryStore(): Store {
  const firms = new Map<string, FirmRecord>();
  const apiKeys = new Map<string, ApiKeyRecord>();
  const links = new Map<string, LinkRecord>();
  const sessions = new Map<string, SessionRecord>();
  const otps = new Map<string, OtpRecord>();
  const resources = new Map<string, ResourceRecord>();
  const auditChains = new Map<string, AuditEventRecord[]>();
  const auditHeads = new Map<string, { seq: number; hash: string }>();
  const auditAll: AuditEventRecord[] = [];
  const rateLimits = new Map<string, number[]>();
  const idempotency = new Map<string, IdempotencyEntry>();
  const idemKey = (scope: string, key: string): string => JSON.stringify([scope, key]);

  const findByField = <T>(map: Map<string, T>, pick: (v: T) => string, value: string): T | undefined => {
    for (const v of map.values()) if (pick(v) === value) return v;
    return undefined;
  };

  return {
    async init() {},
    async close() {},

    firms: {
      async put(firm) {
        firms.set(firm.id, copy(firm));
      },
      async get(id) {
        const firm = firms.get(id);
        return firm ? copy(firm) : null;
      },
      async list() {
        return [...firms.values()].map(copy);
      },
    },

    apiKeys: {
      async insert(key) {
        if (apiKeys.has(key.id) || findByField(apiKeys, (k) => k.hash, key.hash)) throw new Error(`api key ${key.id} already exists`);
        apiKeys.set(key.id, copy(key));
      },
      async getByHash(hash) {
        const key = findByField(apiKeys, (k) => k.hash, hash);
        return key ? copy(key) : null;
      },
      async list(firmId) {
        return [...apiKeys.values()].filter((k) => k.firmId === firmId).map(copy);
      },
      async revoke(firmId, id, at) {
        const key = apiKeys.get(id);
        if (!key || key.firmId !== firmId || key.revokedAt !== null) return false;
        key.revokedAt = at;
        return true;
      },
    },

    links: {
      async insert(link) {
        if (links.has(link.id) || findByField(links, (l) => l.tokenHash, link.tokenHash)) throw new Error(`link ${link.id} already exists`);
        links.set(link.id, copy(link));
      },
      async getByHash(tokenHash) {
        const link = findByField(links, (l) => l.tokenHash, tokenHash);
        return link ? copy(link) : null;
      },
      async get(firmId, id) {
        const link = links.get(id);
        return link && link.firmId === firmId ? copy(link) : null;
      },
      async list(firmId, filter: LinkFilter = {}) {
        const matching = [...links.values()].filter(
          (l) =>
            l.firmId === firmId &&
            (!filter.resource || (l.resource.type === filter.resource.type && l.resource.id === filter.resource.id)) &&
            (!filter.resourceType || l.resource.type === filter.resourceType) &&
            (!filter.kind || l.kind === filter.kind) &&
            (!filter.activeAt || isActiveAt(l, filter.activeAt)),
        );
        return newestFirst(matching, (l) => l.createdAt).slice(0, filter.limit ?? Infinity).map(copy);
      },
      async revoke(firmId, id, at) {
        const link = links.get(id);
        if (!link || link.firmId !== firmId || link.revokedAt !== null) return false;
        link.revokedAt = at;
        for (const session of sessions.values()) {
          if (session.linkId === id && session.endedAt === null) session.endedAt = at;
        }
        return true;
      },
      async setExpiry(firmId, id, expiresAt) {
        const link = links.get(id);
        if (!link || link.firmId !== firmId || link.revokedAt !== null) return false;
        link.expiresAt = expiresAt;
        return true;
      },
    },

    sessions: {
      async insert(session) {
        // Mirrors the SQLite foreign key, so code tested here behaves the same there.
        if (!links.has(session.linkId)) throw new Error(`session ${session.id} names unknown link ${session.linkId}`);
        if (sessions.has(session.id) || findByField(sessions, (s) => s.tokenHash, session.tokenHash)) throw new Error(`session ${session.id} already exists`);
        sessions.set(session.id, copy(session));
      },
      async getByHash(tokenHash) {
        const session = findByField(sessions, (s) => s.tokenHash, tokenHash);
        return session ? copy(session) : null;
      },
      async end(firmId, id, at) {
        const session = sessions.get(id);
        if (!session || session.firmId !== firmId || session.endedAt !== null) return false;
        session.endedAt = at;
        return true;
      },
      async prune(before) {
        const cutoff = Date.parse(before);
        return deleteWhere(sessions, (s) => Date.parse(s.absoluteExpiresAt) < cutoff && Date.parse(s.expiresAt) < cutoff);
      },
    },

    otps: {
      async put(otp) {
        if (!links.has(otp.linkId)) throw new Error(`one-time code names unknown link ${otp.linkId}`);
        otps.set(otp.linkId, copy(otp));
      },
      async get(linkId) {
        const otp = otps.get(linkId);
        return otp ? copy(otp) : null;
      },
      async addAttempt(linkId) {
        const otp = otps.get(linkId);
        if (!otp) return 0;
        otp.attempts += 1;
        return otp.attempts;
      },
      async delete(linkId) {
        otps.delete(linkId);
      },
      async prune(before) {
        const cutoff = Date.parse(before);
        return deleteWhere(otps, (otp) => Date.parse(otp.expiresAt) < cutoff);
      },
    },

    resources: {
      async insert(record) {
        const key = resourceKey(record.firmId, record.type, record.id);
        if (resources.has(key)) throw new Error(`resource ${record.type}/${record.id} already exists`);
        resources.set(key, copy(record));
      },
      async get(firmId, type, id) {
        const record = resources.get(resourceKey(firmId, type, id));
        return record ? copy(record) : null;
      },
      async list(firmId, type, filter) {
        const parent = filter?.parent;
        return [...resources.values()].filter((r) => r.firmId === firmId && r.type === type && (parent === undefined || r.parent === parent)).map(copy);
      },
      async update(firmId, type, id, data, expectedVersion, at) {
        const key = resourceKey(firmId, type, id);
        const current = resources.get(key);
        if (!current || current.version !== expectedVersion) return null;
        const next: ResourceRecord = { ...current, data: copy(data), version: current.version + 1, updatedAt: at };
        resources.set(key, next);
        return copy(next);
      },
    },

    audit: {
      // No await between reading the head and storing the event: that is what makes it atomic here.
      async append(input) {
        const key = resourceKey(input.firmId, input.resourceType, input.resourceId);
        const event = chainAuditEvent(copy(input), randomUUID(), auditHeads.get(key) ?? null);
        const chain = auditChains.get(key) ?? [];
        chain.push(event);
        auditChains.set(key, chain);
        auditAll.push(event);
        auditHeads.set(key, { seq: event.seq, hash: event.hash });
        return copy(event);
      },
      async listForResource(firmId, resourceType, resourceId) {
        return (auditChains.get(resourceKey(firmId, resourceType, resourceId)) ?? []).map(copy);
      },
      async head(firmId, resourceType, resourceId) {
        const head = auditHeads.get(resourceKey(firmId, resourceType, resourceId));
        return head ? { ...head } : null;
      },
      async list(firmId, options = {}) {
        const matching = auditAll.filter((e) => e.firmId === firmId && (!options.type || e.type === options.type));
        return newestFirst(matching, (e) => e.at).slice(0, options.limit ?? Infinity).map(copy);
      },
    },

    rateLimits: {
      async hit(key, windowMs, now, limit) {
        const { earlier, kept } = slideWindow(rateLimits.get(key) ?? [], windowMs, now, limit);
        rateLimits.set(key, kept);
        return earlier;
      },
      async prune(before) {
        // Hits are kept oldest first: the last is the newest.
        return deleteWhere(rateLimits, (hits) => !((hits.at(-1) ?? -Infinity) > before));
      },
    },

    idempotency: {
      async claim(scope, key, fingerprint, at, staleBefore): Promise<IdempotencyClaim> {
        const entry = idempotency.get(idemKey(scope, key));
        if (!entry) {
          idempotency.set(idemKey(scope, key), { fingerprint, createdAt: at, response: null });
          return { state: 'claimed' };
        }
        if (entry.fingerprint !== fingerprint) return { state: 'mismatch' };
        if (!entry.response && staleBefore !== undefined && Date.parse(entry.createdAt) < Date.parse(staleBefore)) {
          entry.createdAt = at;
          return { state: 'claimed' };
        }
        return entry.response ? { state: 'done', ...entry.response } : { state: 'in_flight' };
      },
      async complete(scope, key, status, body, claimedAt) {
        const entry = idempotency.get(idemKey(scope, key));
        if (entry?.response === null && entry.createdAt === claimedAt) entry.response = { status, body };
      },
      async release(scope, key, claimedAt) {
        // A completed response stays: releasing it would let a retry run the action twice.
        const entry = idempotency.get(idemKey(scope, key));
        if (entry?.response === null && entry.createdAt === claimedAt) idempotency.delete(idemKey(scope, key));
      },
      async renew(scope, key, claimedAt, at) {
        const entry = idempotency.get(idemKey(scope, key));
        if (entry?.response !== null || entry.createdAt !== claimedAt) return false;
        entry.createdAt = at;
        return true;
      },
      async prune(before) {
        for (const [key, entry] of idempotency) if (Date.parse(entry.createdAt) < Date.parse(before)) idempotency.delete(key);
      },
    },
  };
}
