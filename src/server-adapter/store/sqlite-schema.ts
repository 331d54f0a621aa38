/** Opening the embedded SQLite database and migrating its schema. */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';

// Loaded on first open, so importing the adapter doesn't load a native addon nobody uses.
const require = createRequire(import.meta.url);

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
 * Never edit a shipped entry: append a new one.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE firms (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    accent_color TEXT,
    logo_url TEXT,
    mail_from TEXT NOT NULL,
    allowed_origins TEXT NOT NULL,
    link_base_url TEXT NOT NULL,
    default_ttl_seconds TEXT NOT NULL,
    default_locale TEXT NOT NULL,
    created_at TEXT NOT NULL
  );

  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    firm_id TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE INDEX api_keys_firm ON api_keys (firm_id);

  CREATE TABLE links (
    id TEXT PRIMARY KEY,
    firm_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    action TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    recipient_email TEXT NOT NULL,
    recipient_name TEXT,
    recipient_locale TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    step_up TEXT,
    access_code_hash TEXT,
    created_by_email TEXT,
    created_by_name TEXT,
    replaces TEXT
  );
  CREATE INDEX links_firm ON links (firm_id, created_at);
  CREATE INDEX links_resource ON links (firm_id, resource_type, resource_id);

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    firm_id TEXT NOT NULL,
    link_id TEXT NOT NULL REFERENCES links (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ended_at TEXT,
    ip TEXT,
    user_agent TEXT
  );
  CREATE INDEX sessions_link ON sessions (link_id);

  CREATE TABLE otps (
    link_id TEXT PRIMARY KEY REFERENCES links (id),
    firm_id TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );

  CREATE TABLE resources (
    firm_id TEXT NOT NULL,
    type TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (firm_id, type, id)
  );

  CREATE TABLE audit_events (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    firm_id TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    ip TEXT,
    user_agent TEXT,
    verified INTEGER NOT NULL,
    data TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (firm_id, resource_type, resource_id, seq)
  );
  CREATE INDEX audit_events_firm ON audit_events (firm_id, at);

  -- Append-only: a tamperer must drop these first, and the hash chain still shows the edit.
  CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
  CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

  -- Kept apart from the events so that cutting events off the end of a chain shows.
  CREATE TABLE audit_heads (
    firm_id TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (firm_id, resource_type, resource_id)
  );

  CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    window_ms INTEGER NOT NULL,
    count INTEGER NOT NULL
  );

  CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER,
    body TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (scope, key)
  );
  `,
  // 2: a resource's parent (an upload request for its files and tus uploads), indexed, so those
  // are found without reading the firm's others. Rows written before carry it in their data.
  `
  ALTER TABLE resources ADD COLUMN parent TEXT;
  UPDATE resources SET parent = json_extract(data, '$.requestId') WHERE type IN ('upload-file', 'tus-upload');
  CREATE INDEX resources_parent ON resources (firm_id, type, parent) WHERE parent IS NOT NULL;
  `,
  // 3: the end of a session's chain (refreshes hand it on). Sessions made before read their own
  // expiry as that end: refreshing them once more ends with them.
  `
  ALTER TABLE sessions ADD COLUMN absolute_expires_at TEXT;
  `,
  // 4: idempotency keys are kept as their hashes and answers sealed with a key only the caller
  // holds (http/idempotency.ts), pruned by age. Rows written before hold the key and the answer
  // (a created link's token) in clear: they go, overwritten on disk — a retry would not find them
  // by hash anyway.
  `
  PRAGMA secure_delete = ON;
  DELETE FROM idempotency_keys;
  PRAGMA secure_delete = OFF;
  CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
  `,
  // 5: rate limits slide (core/rate-limit.ts): a key keeps the times of its last hits (JSON, oldest
  // first) instead of a count per fixed window, and `expires_at` is when the newest leaves its
  // window. The counts of the window running at the upgrade are not carried over.
  `
  DROP TABLE rate_limits;
  CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    hits TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  `,
  // 6: what the sweep prunes (core/retention.ts), found by index instead of reading every row:
  // rate-limit keys by their newest hit (the last of `hits`; an empty log reads as 0), sessions by
  // the end of their chain, codes by expiry. Sessions made before migration 3 get their own expiry
  // as that end, as they were read already.
  `
  CREATE INDEX rate_limits_last_hit ON rate_limits (ifnull(json_extract(hits, '$[#-1]'), 0));
  UPDATE sessions SET absolute_expires_at = expires_at WHERE absolute_expires_at IS NULL;
  CREATE INDEX sessions_absolute_expires ON sessions (absolute_expires_at);
  CREATE INDEX otps_expires ON otps (expires_at);
  `,
];

/**
 * Opens `file` with the settings the audit log needs (WAL, `synchronous=FULL`, foreign keys, a
 * busy timeout) and runs pending migrations.
 */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const DatabaseClass = require('better-sqlite3') as typeof Database;
  const db = new DatabaseClass(file);
  try {
    db.pragma('journal_mode = WAL');
    // WAL + NORMAL may lose the last commits on power loss; audit, signatures and payments may not.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function migrate(db: Database.Database): void {
  // IMMEDIATE takes the write lock first, so two processes starting at once can't both migrate.
  db.transaction(() => {
    const applied = db.pragma('user_version', { simple: true }) as number;
    if (applied > SQLITE_MIGRATIONS.length) {
      throw new Error(`database schema version ${applied} is newer than this Guestkit (${SQLITE_MIGRATIONS.length})`);
    }
    for (let version = applied; version < SQLITE_MIGRATIONS.length; version++) db.exec(SQLITE_MIGRATIONS[version]!);
    db.pragma(`user_version = ${SQLITE_MIGRATIONS.length}`);
  }).immediate();
}
