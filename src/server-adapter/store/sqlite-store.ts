/** The embedded default `Store`: one SQLite file via better-sqlite3. */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { chainAuditEvent } from './audit-chain.js';
import { slideWindow } from './rate-limit-hits.js';
import { backupDatabase, checkDatabase } from './sqlite-maintenance.js';
import { toApiKey, toAuditEvent, toFirm, toLink, toOtp, toResource, toSession, type Row } from './sqlite-rows.js';
import { openSqlite } from './sqlite-schema.js';
import type { IdempotencyClaim, LinkFilter, Store } from './types.js';

/** Options for `sqliteStore`. */
export interface SqliteStoreOptions {
  /** Path of the database file; its directory is created (mode 0700) when missing. */
  file: string;
}

// Rate-limit keys whose hits have all left their window, and nobody hits again, are swept every this many hits.
const RATE_LIMIT_PRUNE_EVERY = 500;

/**
 * Creates the embedded SQLite `Store`. Nothing is opened until `init()` or the first call.
 *
 * @example
 * ```ts
 * const store = sqliteStore({ file: 'data/guestkit.db' });
 * await store.init();
 * ```
 */
export function sqliteStore({ file }: SqliteStoreOptions): Store {
  let database: Database.Database | null = null;
  let closed = false;
  const statements = new Map<string, Database.Statement>();
  let hitsSincePrune = 0;

  const db = (): Database.Database => {
    if (closed) throw new Error('sqliteStore is closed');
    database ??= openSqlite(file);
    return database;
  };
  const stmt = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db().prepare(sql)));
    return statement;
  };
  const one = (sql: string, ...params: unknown[]): Row | undefined => stmt(sql).get(...params) as Row | undefined;
  const all = (sql: string, ...params: unknown[]): Row[] => stmt(sql).all(...params) as Row[];
  const run = (sql: string, ...params: unknown[]): Database.RunResult => stmt(sql).run(...params);
  // Every writer takes the write lock up front (BEGIN IMMEDIATE) instead of upgrading mid-way.
  const write = <R>(fn: () => R): R => db().transaction(fn).immediate();

  return {
    async init() {
      db();
    },
    async close() {
      closed = true;
      statements.clear();
      database?.close();
      database = null;
    },
    async check() {
      return checkDatabase(db());
    },
    async backup(target) {
      await backupDatabase(db(), target);
    },

    firms: {
      async put(f) {
        run(
          `INSERT INTO firms (id, name, accent_color, logo_url, mail_from, allowed_origins, link_base_url, default_ttl_seconds, default_locale, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, accent_color = excluded.accent_color, logo_url = excluded.logo_url,
             mail_from = excluded.mail_from, allowed_origins = excluded.allowed_origins, link_base_url = excluded.link_base_url,
             default_ttl_seconds = excluded.default_ttl_seconds, default_locale = excluded.default_locale, created_at = excluded.created_at`,
          f.id, f.name, f.accentColor, f.logoUrl, f.mailFrom, JSON.stringify(f.allowedOrigins), f.linkBaseUrl,
          JSON.stringify(f.defaultTtlSeconds), f.defaultLocale, f.createdAt,
        );
      },
      async get(id) {
        const row = one('SELECT * FROM firms WHERE id = ?', id);
        return row ? toFirm(row) : null;
      },
      async list() {
        return all('SELECT * FROM firms ORDER BY rowid').map(toFirm);
      },
    },

    apiKeys: {
      async insert(k) {
        run('INSERT INTO api_keys (id, firm_id, hash, label, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)', k.id, k.firmId, k.hash, k.label, k.createdAt, k.revokedAt);
      },
      async getByHash(hash) {
        const row = one('SELECT * FROM api_keys WHERE hash = ?', hash);
        return row ? toApiKey(row) : null;
      },
      async list(firmId) {
        return all('SELECT * FROM api_keys WHERE firm_id = ? ORDER BY rowid', firmId).map(toApiKey);
      },
      async revoke(firmId, id, at) {
        return run('UPDATE api_keys SET revoked_at = ? WHERE firm_id = ? AND id = ? AND revoked_at IS NULL', at, firmId, id).changes > 0;
      },
    },

    links: {
      async insert(l) {
        run(
          `INSERT INTO links (id, firm_id, token_hash, kind, action, resource_type, resource_id, recipient_email, recipient_name, recipient_locale,
             created_at, expires_at, revoked_at, step_up, access_code_hash, created_by_email, created_by_name, replaces)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          l.id, l.firmId, l.tokenHash, l.kind, l.action, l.resource.type, l.resource.id, l.recipientEmail, l.recipientName, l.recipientLocale,
          l.createdAt, l.expiresAt, l.revokedAt, l.stepUp, l.accessCodeHash, l.createdByEmail, l.createdByName, l.replaces,
        );
      },
      async getByHash(tokenHash) {
        const row = one('SELECT * FROM links WHERE token_hash = ?', tokenHash);
        return row ? toLink(row) : null;
      },
      async get(firmId, id) {
        const row = one('SELECT * FROM links WHERE firm_id = ? AND id = ?', firmId, id);
        return row ? toLink(row) : null;
      },
      async list(firmId, filter: LinkFilter = {}) {
        const where = ['firm_id = ?'];
        const params: unknown[] = [firmId];
        if (filter.resource) {
          where.push('resource_type = ? AND resource_id = ?');
          params.push(filter.resource.type, filter.resource.id);
        }
        if (filter.resourceType) {
          where.push('resource_type = ?');
          params.push(filter.resourceType);
        }
        if (filter.kind) {
          where.push('kind = ?');
          params.push(filter.kind);
        }
        if (filter.activeAt) {
          // julianday() compares instants even when the stored offsets differ.
          where.push('julianday(expires_at) > julianday(?) AND (revoked_at IS NULL OR julianday(revoked_at) > julianday(?))');
          params.push(filter.activeAt, filter.activeAt);
        }
        const sql = `SELECT * FROM links WHERE ${where.join(' AND ')} ORDER BY julianday(created_at) DESC, rowid DESC LIMIT ?`;
        return all(sql, ...params, filter.limit ?? -1).map(toLink);
      },
      async revoke(firmId, id, at) {
        return write(() => {
          if (run('UPDATE links SET revoked_at = ? WHERE firm_id = ? AND id = ? AND revoked_at IS NULL', at, firmId, id).changes === 0) return false;
          run('UPDATE sessions SET ended_at = ? WHERE link_id = ? AND ended_at IS NULL', at, id);
          return true;
        });
      },
      async setExpiry(firmId, id, expiresAt) {
        return run('UPDATE links SET expires_at = ? WHERE firm_id = ? AND id = ? AND revoked_at IS NULL', expiresAt, firmId, id).changes > 0;
      },
    },

    sessions: {
      async insert(s) {
        run(
          `INSERT INTO sessions (id, firm_id, link_id, token_hash, created_at, expires_at, absolute_expires_at, ended_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          s.id, s.firmId, s.linkId, s.tokenHash, s.createdAt, s.expiresAt, s.absoluteExpiresAt, s.endedAt, s.ip, s.userAgent,
        );
      },
      async getByHash(tokenHash) {
        const row = one('SELECT * FROM sessions WHERE token_hash = ?', tokenHash);
        return row ? toSession(row) : null;
      },
      async end(firmId, id, at) {
        return run('UPDATE sessions SET ended_at = ? WHERE firm_id = ? AND id = ? AND ended_at IS NULL', at, firmId, id).changes > 0;
      },
      async prune(before) {
        // Times are `toISOString()`s, which sort as text; a chain never ends before its sessions expire.
        return run('DELETE FROM sessions WHERE absolute_expires_at < ? AND expires_at < ?', before, before).changes;
      },
    },

    otps: {
      async put(o) {
        run(
          `INSERT INTO otps (link_id, firm_id, code_hash, expires_at, attempts, created_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (link_id) DO UPDATE SET firm_id = excluded.firm_id, code_hash = excluded.code_hash,
             expires_at = excluded.expires_at, attempts = excluded.attempts, created_at = excluded.created_at`,
          o.linkId, o.firmId, o.codeHash, o.expiresAt, o.attempts, o.createdAt,
        );
      },
      async get(linkId) {
        const row = one('SELECT * FROM otps WHERE link_id = ?', linkId);
        return row ? toOtp(row) : null;
      },
      async addAttempt(linkId) {
        const row = one('UPDATE otps SET attempts = attempts + 1 WHERE link_id = ? RETURNING attempts', linkId);
        return (row?.attempts as number | undefined) ?? 0;
      },
      async delete(linkId) {
        run('DELETE FROM otps WHERE link_id = ?', linkId);
      },
      async prune(before) {
        return run('DELETE FROM otps WHERE expires_at < ?', before).changes;
      },
    },

    resources: {
      async insert(r) {
        run(
          'INSERT INTO resources (firm_id, type, id, data, parent, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          r.firmId, r.type, r.id, JSON.stringify(r.data), r.parent ?? null, r.version, r.createdAt, r.updatedAt,
        );
      },
      async get(firmId, type, id) {
        const row = one('SELECT * FROM resources WHERE firm_id = ? AND type = ? AND id = ?', firmId, type, id);
        return row ? toResource(row) : null;
      },
      async list(firmId, type, filter) {
        if (filter?.parent !== undefined) {
          return all('SELECT * FROM resources WHERE firm_id = ? AND type = ? AND parent = ? ORDER BY rowid', firmId, type, filter.parent).map(toResource);
        }
        return all('SELECT * FROM resources WHERE firm_id = ? AND type = ? ORDER BY rowid', firmId, type).map(toResource);
      },
      async update(firmId, type, id, data, expectedVersion, at) {
        const row = one(
          `UPDATE resources SET data = ?, version = version + 1, updated_at = ?
           WHERE firm_id = ? AND type = ? AND id = ? AND version = ? RETURNING *`,
          JSON.stringify(data), at, firmId, type, id, expectedVersion,
        );
        return row ? toResource(row) : null;
      },
    },

    audit: {
      async append(input) {
        return write(() => {
          const key = [input.firmId, input.resourceType, input.resourceId];
          const head = one('SELECT seq, hash FROM audit_heads WHERE firm_id = ? AND resource_type = ? AND resource_id = ?', ...key);
          const previous = head ? { seq: head.seq as number, hash: head.hash as string } : null;
          const data = JSON.stringify(input.data);
          // Hash what will be read back, so the caller's object can't differ from the stored one.
          const event = chainAuditEvent({ ...input, data: JSON.parse(data) as Record<string, unknown> }, randomUUID(), previous);
          run(
            `INSERT INTO audit_events (id, firm_id, resource_type, resource_id, seq, type, at, actor, ip, user_agent, verified, data, prev_hash, hash)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            event.id, ...key, event.seq, event.type, event.at, event.actor, event.ip, event.userAgent,
            event.verified ? 1 : 0, data, event.prevHash, event.hash,
          );
          run(
            `INSERT INTO audit_heads (firm_id, resource_type, resource_id, seq, hash) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (firm_id, resource_type, resource_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
            ...key, event.seq, event.hash,
          );
          return event;
        });
      },
      async listForResource(firmId, resourceType, resourceId) {
        return all('SELECT * FROM audit_events WHERE firm_id = ? AND resource_type = ? AND resource_id = ? ORDER BY seq', firmId, resourceType, resourceId).map(toAuditEvent);
      },
      async head(firmId, resourceType, resourceId) {
        const row = one('SELECT seq, hash FROM audit_heads WHERE firm_id = ? AND resource_type = ? AND resource_id = ?', firmId, resourceType, resourceId);
        return row ? { seq: row.seq as number, hash: row.hash as string } : null;
      },
      async list(firmId, options = {}) {
        const byType = options.type ? ' AND type = ?' : '';
        const params = options.type ? [firmId, options.type] : [firmId];
        const sql = `SELECT * FROM audit_events WHERE firm_id = ?${byType} ORDER BY julianday(at) DESC, n DESC LIMIT ?`;
        return all(sql, ...params, options.limit ?? -1).map(toAuditEvent);
      },
    },

    rateLimits: {
      async hit(key, windowMs, now, limit) {
        return write(() => {
          if (++hitsSincePrune >= RATE_LIMIT_PRUNE_EVERY) {
            hitsSincePrune = 0;
            run('DELETE FROM rate_limits WHERE expires_at <= ?', now);
          }
          const row = one('SELECT hits FROM rate_limits WHERE key = ?', key);
          const { earlier, kept } = slideWindow(row ? (JSON.parse(row.hits as string) as number[]) : [], windowMs, now, limit);
          run(
            'INSERT INTO rate_limits (key, hits, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET hits = excluded.hits, expires_at = excluded.expires_at',
            key, JSON.stringify(kept), (kept.at(-1) ?? now) + windowMs,
          );
          return earlier;
        });
      },
      async prune(before) {
        // The expression of the index `rate_limits_last_hit` (sqlite-schema.ts), word for word, so it serves.
        return run("DELETE FROM rate_limits WHERE ifnull(json_extract(hits, '$[#-1]'), 0) <= ?", before).changes;
      },
    },

    idempotency: {
      async claim(scope, key, fingerprint, at, staleBefore) {
        return write((): IdempotencyClaim => {
          const row = one('SELECT fingerprint, status, body, created_at FROM idempotency_keys WHERE scope = ? AND key = ?', scope, key);
          if (!row) {
            run('INSERT INTO idempotency_keys (scope, key, fingerprint, created_at) VALUES (?, ?, ?, ?)', scope, key, fingerprint, at);
            return { state: 'claimed' };
          }
          if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
          if (row.status === null && staleBefore !== undefined && Date.parse(row.created_at as string) < Date.parse(staleBefore)) {
            run('UPDATE idempotency_keys SET created_at = ? WHERE scope = ? AND key = ? AND status IS NULL', at, scope, key);
            return { state: 'claimed' };
          }
          if (row.status === null) return { state: 'in_flight' };
          return { state: 'done', status: row.status as number, body: row.body as string };
        });
      },
      async complete(scope, key, status, body, claimedAt) {
        run('UPDATE idempotency_keys SET status = ?, body = ? WHERE scope = ? AND key = ? AND status IS NULL AND created_at = ?', status, body, scope, key, claimedAt);
      },
      async release(scope, key, claimedAt) {
        // A completed response stays: releasing it would let a retry run the action twice.
        run('DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND status IS NULL AND created_at = ?', scope, key, claimedAt);
      },
      async renew(scope, key, claimedAt, at) {
        return run('UPDATE idempotency_keys SET created_at = ? WHERE scope = ? AND key = ? AND status IS NULL AND created_at = ?', at, scope, key, claimedAt).changes === 1;
      },
      async prune(before) {
        // Times are `toISOString()`s, which sort as text: the index on created_at serves this.
        run('DELETE FROM idempotency_keys WHERE created_at < ?', before);
      },
    },
  };
}
