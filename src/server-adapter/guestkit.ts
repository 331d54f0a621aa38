/** `createGuestkit`: the server SDK and the HTTP handler over one store, blob store and mailer. */
import type { ResourceRef } from '../protocol/common.js';
import type { CreatedLink, CreateLinkRequest, Link } from '../protocol/links.js';
import { listAuditEvents, onAudit, recordAudit, verifyResourceAudit, SYSTEM_ACTOR, type Actor, type AuditInput } from './core/audit.js';
import { createApiKey, createFirm, requireFirm, updateFirm, type CreateFirmInput } from './core/firms.js';
import { createLink, listLinks, revokeLink } from './core/links.js';
import { BACKGROUND_CLOSE_WAIT_MS, resolveRuntime, type AuditListener, type GuestkitOptions, type Runtime } from './core/options.js';
import { pruneExpired } from './core/retention.js';
import { registerAdminRoutes } from './http/admin-routes.js';
import { createOriginIndex } from './http/cors.js';
import { createHandler, type GuestkitHandler } from './http/handler.js';
import { registerPublicRoutes } from './http/public-routes.js';
import { Router } from './http/router.js';
import type { AuditChainVerification } from './store/audit-chain.js';
import type { CreateUploadRequest } from '../protocol/upload-requests.js';
import type { UploadedFile, UploadRequest } from './uploads/records.js';
import { registerUploadAdminRoutes, registerUploadRoutes } from './uploads/routes.js';
import { sweepCopies } from './uploads/copies.js';
import { registerTus } from './uploads/tus.js';
import type { CreateShare } from '../protocol/share-requests.js';
import { addDocument, documentFromUpload, listDocuments } from './shares/documents.js';
import type { FirmDocument, Share } from './shares/records.js';
import { registerShareAdminRoutes, registerShareRoutes } from './shares/routes.js';
import { createShare, extendRecipient, getShare, listShares, revokeRecipient, revokeShare, shareActivity, unlockShare } from './shares/shares.js';
import {
  createUploadRequest,
  deactivateUploadRequest,
  getUploadRequest,
  listUploadedFiles,
  listUploadRequests,
  readUploadedFile,
} from './uploads/upload-requests.js';
import type { ApiKeyRecord, AuditEventRecord, FirmRecord } from './store/types.js';

/** One Guestkit server instance. */
export interface Guestkit {
  /** The Web-standard handler; mount it at `basePath` (default `/guestkit`). */
  readonly handle: GuestkitHandler;
  /** Prepares the store (migrations) and starts the sweep of incomplete uploads and dead rows (`sweepIntervalSeconds`). Call once before serving. */
  init(): Promise<void>;
  /** Stops the sweep and closes the store, blob store and mailer. */
  close(): Promise<void>;
  firms: {
    create(input: CreateFirmInput): Promise<FirmRecord>;
    /** Changes a firm's settings (name, sender, origins, link page, branding, defaults). */
    update(id: string, input: Partial<Omit<CreateFirmInput, 'id'>>): Promise<FirmRecord>;
    get(id: string): Promise<FirmRecord | null>;
    list(): Promise<FirmRecord[]>;
  };
  apiKeys: {
    /** Creates an API key; the key is returned once, only its hash is kept. */
    create(firmId: string, label: string): Promise<{ key: string; record: ApiKeyRecord }>;
    list(firmId: string): Promise<ApiKeyRecord[]>;
    revoke(firmId: string, id: string): Promise<boolean>;
  };
  links: {
    /** Issues a link (and mails it when `send` is true). The token is returned once. */
    create(firmId: string, input: CreateLinkRequest, by?: Actor): Promise<CreatedLink>;
    list(firmId: string, filter?: { resource?: ResourceRef; active?: boolean; limit?: number }): Promise<Link[]>;
    /** Revokes at once; sessions made from the link end too. */
    revoke(firmId: string, linkId: string, by?: Actor): Promise<Link>;
  };
  audit: {
    record(input: AuditInput, by?: Actor): Promise<AuditEventRecord>;
    list(firmId: string, filter?: { resource?: ResourceRef; limit?: number }): Promise<AuditEventRecord[]>;
    verify(firmId: string, resource: ResourceRef): Promise<AuditChainVerification>;
  };
  uploads: {
    /** Creates an upload request with its uploader's folder and an `upload` link (mailed when `send`). */
    createRequest(firmId: string, input: CreateUploadRequest, by?: Actor): Promise<{ request: UploadRequest; link: CreatedLink }>;
    listRequests(firmId: string, filter?: { open?: boolean }): Promise<UploadRequest[]>;
    getRequest(firmId: string, id: string): Promise<UploadRequest>;
    /** Stops uploads and revokes every link to the request. */
    deactivate(firmId: string, id: string, by?: Actor): Promise<UploadRequest>;
    /** Files received for a request (who, when, size, SHA-256, type, scan status). */
    listFiles(firmId: string, requestId: string): Promise<UploadedFile[]>;
    /** The bytes of a received file; quarantined files are refused. */
    readFile(firmId: string, fileId: string): Promise<{ file: UploadedFile; body: ReadableStream<Uint8Array> }>;
    /**
     * Removes incomplete uploads older than `incompleteUploadTtlSeconds` (a day), and copies that
     * finishing attempts cut off before recording their file left (once no attempt can be copying);
     * returns how many uploads went. It also forgets, where the store can (`prune`), rate-limit keys
     * with no hit for 2 days, sessions whose chain ended 8 days ago and codes expired a day ago
     * (`core/retention.ts`), and logs how many. `init()` runs it hourly by default.
     */
    sweep(): Promise<number>;
  };
  documents: {
    /** Adds a document the firm can share (type sniffed from its bytes). */
    add(firmId: string, input: { name: string; body: Uint8Array | ReadableStream<Uint8Array> }, by?: Actor): Promise<FirmDocument>;
    /** Makes a received upload shareable without copying it. */
    fromUpload(firmId: string, fileId: string, by?: Actor): Promise<FirmDocument>;
    list(firmId: string): Promise<FirmDocument[]>;
  };
  shares: {
    /** Shares documents with recipients: one `view` link each, with its own expiry, mailed separately when `send`. */
    create(firmId: string, input: CreateShare, by?: Actor): Promise<{ share: Share; links: (CreatedLink & { email: string; expiresAt: string })[] }>;
    list(firmId: string): Promise<Share[]>;
    get(firmId: string, id: string): Promise<Share>;
    /** Ends one recipient's access at once. */
    revokeRecipient(firmId: string, id: string, email: string, by?: Actor): Promise<Share>;
    /** Ends every recipient's access at once. */
    revoke(firmId: string, id: string, by?: Actor): Promise<Share>;
    /** Moves one recipient's expiry; their link keeps working until then. */
    extend(firmId: string, id: string, email: string, expiresAt: string, by?: Actor): Promise<Share>;
    /** Lifts "locked pending payment". */
    unlock(firmId: string, id: string, by?: Actor): Promise<Share>;
    /** Per recipient: when the link was opened, which documents were viewed and downloaded. */
    activity(firmId: string, id: string): ReturnType<typeof shareActivity>;
  };
  events: {
    /** Calls `listener` for every audit event of `type` (or `'*'`) written from now on. Returns an unsubscribe function. */
    on(type: string, listener: AuditListener): () => void;
  };
  /** Internals for the widget modules that extend the adapter. */
  readonly runtime: Runtime;
  readonly router: Router;
}

/**
 * Creates a Guestkit server.
 *
 * @example
 * ```ts
 * import { createGuestkit, sqliteStore, fsBlobStore, outboxMailer } from 'guestkit/server';
 * import { serve } from 'guestkit/server/node';
 *
 * const gk = createGuestkit({ store: sqliteStore({ file: 'data/guestkit.db' }), blobs: fsBlobStore({ dir: 'data/blobs' }),
 *   mailer: outboxMailer({ dir: 'data/outbox' }) });
 * await gk.init();
 * serve(gk.handle, { port: 4780 });
 * ```
 */
export function createGuestkit(options: GuestkitOptions): Guestkit {
  const runtime = resolveRuntime(options);
  const router = new Router();
  const origins = createOriginIndex(runtime.store);
  registerPublicRoutes(router, runtime);
  registerAdminRoutes(router, runtime);
  const tus = registerTus(router, runtime);
  registerUploadRoutes(router, runtime, tus);
  registerUploadAdminRoutes(router, runtime);
  registerShareRoutes(router, runtime);
  registerShareAdminRoutes(router, runtime);
  const handle = createHandler(runtime, router, origins);
  let sweeper: ReturnType<typeof setInterval> | undefined;
  // Incomplete uploads past their time, then the copies of attempts cut off before recording a
  // file, then the rows no answer depends on any more.
  const sweep = async (): Promise<number> => {
    const uploads = await tus.sweep();
    const copies = await sweepCopies(runtime, tus);
    if (copies) runtime.logger?.info('swept copies no file is recorded with', { copies });
    const pruned = await pruneExpired(runtime);
    if (Object.values(pruned).some(Boolean)) runtime.logger?.info('pruned expired rows', { ...pruned });
    return uploads;
  };

  return {
    handle,
    runtime,
    router,
    async init() {
      await runtime.store.init();
      if (runtime.sweepIntervalMs > 0 && !sweeper) {
        const log = (error: unknown): void => runtime.logger?.error('sweeping incomplete uploads failed', { error: String(error) });
        let sweeping = false; // one sweep at a time: a slow one is not joined by the next
        sweeper = setInterval(() => {
          if (sweeping) return;
          sweeping = true;
          void sweep().catch(log).finally(() => (sweeping = false));
        }, runtime.sweepIntervalMs);
        sweeper.unref();
      }
    },
    async close() {
      clearInterval(sweeper);
      sweeper = undefined;
      // Running scans still settle their files and tell the firm, unless they hang: waited for,
      // including any begun meanwhile (stop taking requests before calling close()).
      let timer: ReturnType<typeof setTimeout> | undefined;
      let waited = false;
      const limit = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          waited = true;
          resolve();
        }, BACKGROUND_CLOSE_WAIT_MS);
      });
      while (runtime.background.size > 0 && !waited) await Promise.race([Promise.allSettled([...runtime.background]), limit]);
      clearTimeout(timer);
      await runtime.store.close();
      await runtime.blobs?.close?.();
      await runtime.mailer.close?.();
    },
    firms: {
      async create(input) {
        const firm = await createFirm(runtime, input);
        origins.invalidate();
        return firm;
      },
      async update(id, input) {
        const firm = await updateFirm(runtime, id, input);
        origins.invalidate();
        return firm;
      },
      get: (id) => runtime.store.firms.get(id),
      list: () => runtime.store.firms.list(),
    },
    apiKeys: {
      create: (firmId, label) => createApiKey(runtime, firmId, label),
      list: (firmId) => runtime.store.apiKeys.list(firmId),
      revoke: async (firmId, id) => runtime.store.apiKeys.revoke(firmId, id, new Date(runtime.now()).toISOString()),
    },
    links: {
      create: (firmId, input, by) => createLink(runtime, firmId, input, by ? { by } : {}),
      list: (firmId, filter) => listLinks(runtime, firmId, filter),
      revoke: (firmId, linkId, by) => revokeLink(runtime, firmId, linkId, by),
    },
    audit: {
      record: (input, by = SYSTEM_ACTOR) => recordAudit(runtime, input, by),
      async list(firmId, filter = {}) {
        await requireFirm(runtime, firmId);
        return listAuditEvents(runtime, firmId, filter);
      },
      verify: (firmId, resource) => verifyResourceAudit(runtime, firmId, resource),
    },
    uploads: {
      createRequest: (firmId, input, by) => createUploadRequest(runtime, firmId, input, by),
      listRequests: (firmId, filter) => listUploadRequests(runtime, firmId, filter),
      getRequest: (firmId, id) => getUploadRequest(runtime, firmId, id),
      deactivate: (firmId, id, by) => deactivateUploadRequest(runtime, firmId, id, by),
      listFiles: (firmId, requestId) => listUploadedFiles(runtime, firmId, requestId),
      readFile: (firmId, fileId) => readUploadedFile(runtime, firmId, fileId),
      sweep,
    },
    documents: {
      add: (firmId, input, by) => addDocument(runtime, firmId, input, by),
      fromUpload: (firmId, fileId, by) => documentFromUpload(runtime, firmId, fileId, by),
      list: (firmId) => listDocuments(runtime, firmId),
    },
    shares: {
      create: (firmId, input, by) => createShare(runtime, firmId, input, by),
      list: (firmId) => listShares(runtime, firmId),
      get: (firmId, id) => getShare(runtime, firmId, id),
      revokeRecipient: (firmId, id, email, by) => revokeRecipient(runtime, firmId, id, email, by),
      revoke: (firmId, id, by) => revokeShare(runtime, firmId, id, by),
      extend: (firmId, id, email, expiresAt, by) => extendRecipient(runtime, firmId, id, email, expiresAt, by),
      unlock: (firmId, id, by) => unlockShare(runtime, firmId, id, by),
      activity: (firmId, id) => shareActivity(runtime, firmId, id),
    },
    events: { on: (type, listener) => onAudit(runtime, type, listener) },
  };
}
