/** A Guestkit instance on the real in-memory store, a controllable clock and a real SMTP peer. */
import { createGuestkit, memoryStore, smtpMailer, type Guestkit, type GuestkitOptions, type Store } from '../../../src/server-adapter/index.js';
import { startSmtpPeer, type SmtpPeer } from './smtp-peer.js';

/** What tests get. */
export interface Fixture {
  gk: Guestkit;
  smtp: SmtpPeer;
  firmId: string;
  apiKey: string;
  /** Moves the server clock forward. */
  advance(ms: number): void;
  /** Log lines the adapter wrote (to prove no token ever reaches them). */
  logs: string[];
  /** Calls the handler like a browser on an allowed origin would (JSON body, origin, IP). */
  call(method: string, path: string, init?: { body?: unknown; headers?: Record<string, string>; ip?: string; origin?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

/** The firm's allowed origin in fixtures. */
export const ORIGIN = 'https://kanzlei.example';

/** Builds a fixture. */
export async function createFixture(overrides: Partial<GuestkitOptions> & { store?: Store } = {}): Promise<Fixture> {
  const smtp = await startSmtpPeer();
  let offset = 0;
  const logs: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  const gk = createGuestkit({
    store: memoryStore(),
    mailer: smtpMailer({ host: '127.0.0.1', port: smtp.port }),
    now: () => Date.now() + offset,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    ...overrides,
  });
  await gk.init();
  const firm = await gk.firms.create({
    name: 'Kanzlei Muster & Partner',
    mailFrom: 'no-reply@kanzlei.example',
    linkBaseUrl: 'https://kanzlei.example/{kind}',
    allowedOrigins: [ORIGIN],
  });
  const { key } = await gk.apiKeys.create(firm.id, 'tests');
  return {
    gk,
    smtp,
    firmId: firm.id,
    apiKey: key,
    logs,
    advance: (ms) => void (offset += ms),
    call(method, path, init = {}) {
      const headers: Record<string, string> = { 'user-agent': 'guestkit-tests', ...init.headers };
      if (init.origin !== null) headers.origin = init.origin ?? ORIGIN;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      return gk.handle(
        new Request(`http://adapter.test/guestkit${path}`, { method, headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) }),
        { ip: init.ip ?? '203.0.113.7' },
      );
    },
    async close() {
      await gk.close();
      await smtp.close();
    },
  };
}

/** A new folder in the system's temp dir, and `remove` to delete it with all it holds. */
async function tempFolder(prefix: string): Promise<{ dir: string; remove: () => void }> {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fixture on the embedded SQLite store. */
export interface SqliteFixture extends Fixture {
  /** The database file, to read what the store keeps as it lies on disk. */
  file: string;
}

/** Builds a fixture on `sqliteStore` in a temp dir, which `close()` removes. */
export async function createSqliteFixture(overrides: Partial<GuestkitOptions> = {}): Promise<SqliteFixture> {
  const { join } = await import('node:path');
  const { sqliteStore } = await import('../../../src/server-adapter/store/sqlite-store.js');
  const { dir, remove } = await tempFolder('guestkit-sqlite-');
  const file = join(dir, 'guestkit.db');
  const fixture = await createFixture({ store: sqliteStore({ file }), ...overrides });
  return {
    ...fixture,
    file,
    async close() {
      await fixture.close();
      remove();
    },
  };
}

/** A fixture with files on the real file system and the adapter listening on loopback. */
export interface HttpFixture extends Fixture {
  /** The adapter's base URL, e.g. `http://127.0.0.1:41234/guestkit`. */
  endpoint: string;
  /** The temporary folder holding blobs (`blobs/`) and incomplete uploads (`tus/`). */
  dir: string;
}

/** Builds a fixture with an fs blob store and tus folder in a temp dir, served over HTTP. */
export async function createHttpFixture(overrides: Partial<GuestkitOptions> = {}): Promise<HttpFixture> {
  const { join } = await import('node:path');
  const { fsBlobStore } = await import('../../../src/server-adapter/blob/fs-blob-store.js');
  const { serve } = await import('../../../src/server-adapter/node.js');
  const { dir, remove } = await tempFolder('guestkit-http-');
  const fixture = await createFixture({ blobs: fsBlobStore({ dir: join(dir, 'blobs') }), uploadDirectory: join(dir, 'tus'), ...overrides });
  const server = await serve(fixture.gk.handle, { port: 0 });
  const { port } = server.address() as { port: number };
  return {
    ...fixture,
    dir,
    endpoint: `http://127.0.0.1:${port}/guestkit`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await fixture.close();
      remove();
    },
  };
}
