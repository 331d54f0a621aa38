/**
 * tus 1.0 on the adapter (@tus/server + FileStore). Every tus request is authorised by the
 * session's scope before tus sees it; upload ids are random and tied to the link that began them.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir } from 'node:fs/promises';
import { FileStore } from '@tus/file-store';
import { MemoryLocker, Server as TusServer, type Upload } from '@tus/server';
import { UPLOAD_ROUTES } from '../../protocol/uploads.js';
import { changeResource, insertResource } from '../core/resources.js';
import { GuestkitServerError, STORE_RETRY_AFTER_SECONDS, storeTrouble } from '../core/errors.js';
import { isoNow, type Runtime } from '../core/options.js';
import { enforceRateLimit, HOUR } from '../core/rate-limit.js';
import type { RouteContext, Router } from '../http/router.js';
import { extensionOf, extensionsFor } from './content-types.js';
import { cleanFileName } from './file-names.js';
import { fileIdFor, UPLOAD_TYPES, type TusUploadData, type UploadRequestData } from './records.js';
import { parseUploadMetadata } from './tus-metadata.js';
import { closedByDeadline, graceMs, inGrace, linkGoesOn, uploadSession, type UploadSession } from './upload-session.js';

/** The tus side of uploads. */
export interface TusEndpoint {
  /** Where incomplete uploads live (`<dir>/<id>`). */
  directory: string;
  /** The tus data store, created on first use (no work happens at construction). */
  datastore(): Promise<FileStore>;
  /**
   * Removes uploads left past `incompleteUploadTtlSeconds` — incomplete ones, complete ones never
   * finished, and zero-length ones (test/node/upload-sweep.test.ts shows each). Returns how many.
   */
  sweep(): Promise<number>;
  /** Forgets an upload: its bytes (if still there) and its tus metadata. */
  forget(id: string): Promise<void>;
  /**
   * Runs `work` once every earlier call for the upload `id` has finished (in this process):
   * finishing one upload twice at once takes turns.
   */
  inTurn<T>(id: string, work: () => Promise<T>): Promise<T>;
}

/**
 * The uploads of the session's request that still hold a `maxFiles` slot: neither finished (nor
 * recorded and counted), closed nor expired, and begun through a link that may still go on. One
 * whose link was revoked, or ended longer than the grace window ago, can never be finished: it
 * gives its slot back then, not a day later. One lookup per link, however many uploads it began.
 */
async function openUploads(runtime: Runtime, { session, record, request }: UploadSession): Promise<{ id: string; data: TusUploadData }[]> {
  const cutoff = runtime.now() - runtime.incompleteUploadTtlMs;
  const firmId = session.firm.id;
  const uploads = (await runtime.store.resources.list(firmId, UPLOAD_TYPES.tusUpload, { parent: record.id }))
    .map((u) => ({ id: u.id, data: u.data as unknown as TusUploadData }))
    // requestId again: a store written before `parent` existed may ignore the filter. A file
    // recorded and counted holds no second slot, even where pointing its upload at it failed.
    .filter(({ id, data: d }) => d.requestId === record.id && !d.finishedFileId && !d.closedAt && Date.parse(d.createdAt) > cutoff && !request.countedFiles?.includes(fileIdFor(id)));
  const linkIds = [...new Set(uploads.map((u) => u.data.linkId))];
  const links = await Promise.all(linkIds.map((id) => runtime.store.links.get(firmId, id)));
  const going = new Set(linkIds.filter((_, i) => links[i] && linkGoesOn(runtime, request, links[i])));
  return uploads.filter((u) => going.has(u.data.linkId));
}

/**
 * How many more files the session's request takes, for `GET /v1/upload`: `maxFiles` less the
 * files received and the uploads under way through other links, as a creation counts them. The
 * session's own link's uploads are left out: its visitor may resume them (adding the file again
 * after a reload), which takes no new slot.
 */
export async function filesRemaining(runtime: Runtime, upload: UploadSession): Promise<number> {
  const others = (await openUploads(runtime, upload)).filter((u) => u.data.linkId !== upload.session.link.id);
  return Math.max(0, upload.request.limits.maxFiles - upload.request.fileCount - others.length);
}

/**
 * The `Upload-Metadata` names of a file key: `gkFileKey`, one per file the client uploads (what
 * `<guest-upload>` sends is a UUID; src/components/upload/tus-transfer.ts), and `gkAttempt`, which
 * creation attempt of that file this is (a count kept with the key), so a late-arriving older
 * attempt never replaces a newer one.
 */
const FILE_KEY = 'gkFileKey';
const FILE_ATTEMPT = 'gkAttempt';
/** A file key: what `<guest-upload>` sends (a UUID) or any other short opaque token. */
const CLIENT_KEY = /^[A-Za-z0-9_-]{16,64}$/;
/** `Upload-Length` and the attempt count. */
const WHOLE_NUMBER = /^\d{1,15}$/;

interface Creation {
  name: string;
  size: number;
  clientKey: string | undefined;
  attempt: number | undefined;
  /** Open uploads of this link with the same file key from no later attempt: the client lost their creation answer. */
  replaces: string[];
}

// Cheap refusals before a byte of content is read: closed, too big (413), bad name, a type the
// name already rules out, and no room left. The bytes are judged again when the upload finishes.
async function checkCreation(runtime: Runtime, request: Request, upload: UploadSession, metadata: Record<string, string>): Promise<Creation> {
  const { request: data, session } = upload;
  if (closedByDeadline(runtime, data)) throw new GuestkitServerError('upload_closed');
  const length = request.headers.get('upload-length');
  if (length === null || !WHOLE_NUMBER.test(length)) throw new GuestkitServerError('validation_failed', 'Upload-Length is required (deferred length is not supported)');
  const size = Number(length);
  if (size > data.limits.maxFileSize) throw new GuestkitServerError('file_too_large');
  const name = cleanFileName(metadata.filename ?? '');
  if (!extensionsFor(data.limits.allowedTypes).includes(extensionOf(name))) throw new GuestkitServerError('file_type_not_allowed');
  const clientKey = metadata[FILE_KEY];
  if (clientKey !== undefined && !CLIENT_KEY.test(clientKey)) throw new GuestkitServerError('validation_failed', `${FILE_KEY} in Upload-Metadata must be 16–64 letters, digits, "-" or "_"`);
  const attemptText = metadata[FILE_ATTEMPT];
  if (attemptText !== undefined && !WHOLE_NUMBER.test(attemptText)) throw new GuestkitServerError('validation_failed', `${FILE_ATTEMPT} in Upload-Metadata must be a whole number`);
  const attempt = attemptText === undefined ? undefined : Number(attemptText);
  const open = await openUploads(runtime, upload);
  const same = clientKey ? open.filter((u) => u.data.clientKey === clientKey && u.data.linkId === session.link.id) : [];
  // An older attempt that arrives after a newer one (held up on the way): the newer one is live.
  // Without a count on either side there is no order to go by: the later arrival replaces.
  if (attempt !== undefined && same.some((u) => u.data.attempt !== undefined && u.data.attempt > attempt)) throw new GuestkitServerError('idempotency_in_flight', 'a later attempt with this file key is under way');
  const replaces = same.map((u) => u.id);
  if (data.fileCount + open.length - replaces.length >= data.limits.maxFiles) throw new GuestkitServerError('too_many_files');
  return { name, size, clientKey, attempt, replaces };
}

/** Runs `work` once every earlier call with the same `key` in `turns` has finished (in this process). */
async function inTurn<T>(turns: Map<string, Promise<void>>, key: string, work: () => Promise<T>): Promise<T> {
  const before = turns.get(key);
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  turns.set(key, mine);
  try {
    await before;
    return await work();
  } finally {
    done();
    if (turns.get(key) === mine) turns.delete(key);
  }
}

/**
 * Marks a tus upload as cancelled or refused, so it stops counting against `maxFiles`. Best
 * effort: an upload that stays counted expires (`incompleteUploadTtlSeconds`). Resolves whether it
 * is closed now.
 */
export async function closeTusUpload(runtime: Runtime, firmId: string, id: string): Promise<boolean> {
  let closed = false;
  await changeResource<TusUploadData>(runtime, firmId, UPLOAD_TYPES.tusUpload, id, (data) => {
    closed = !data.finishedFileId;
    return data.closedAt || data.finishedFileId ? null : { ...data, closedAt: isoNow(runtime) };
  }).catch(() => (closed = false));
  return closed;
}

/**
 * What the adapter authorised for one tus request: the session, the upload's name and size, and
 * its id — the one checked for HEAD/PATCH/DELETE, the one tus made for a POST.
 */
interface Authorised {
  upload: UploadSession;
  name: string;
  size: number;
  clientKey?: string | undefined;
  attempt?: number | undefined;
  id?: string;
}

/**
 * tus's FileStore, except that a folder removed while the adapter runs (a clean-up job, an
 * operator) comes back as the adapter user's alone (R35): FileStore would make it again with the
 * process's default mode, and the files in it readable by every local user.
 */
class PrivateFileStore extends FileStore {
  override async create(upload: Upload): Promise<Upload> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    return super.create(upload);
  }

  /**
   * Removes every upload begun longer than the expiry period ago, whatever its length. FileStore's
   * own expiry skips an upload whose noted offset is its length, and the offset it notes is the
   * one at creation (0): it skipped exactly the zero-length uploads, which then stayed for good.
   */
  override async deleteExpired(): Promise<number> {
    const expiry = this.getExpiration();
    if (expiry <= 0 || !this.configstore.list) return super.deleteExpired();
    const expired: string[] = [];
    for (const id of await this.configstore.list()) {
      const createdAt = (await this.configstore.get(id))?.creation_date;
      if (createdAt && Date.parse(createdAt) + expiry < Date.now()) expired.push(id);
    }
    await Promise.all(expired.map((id) => this.remove(id)));
    return expired.length;
  }
}
// FileStore's constructor also makes the folder, in the background, and throws from the callback
// when that fails (the folder removed meanwhile): an uncaught exception that would end the process.
// The folder is made, awaited, before the store is constructed (`startTus`) and before each upload.
Object.defineProperty(PrivateFileStore.prototype, 'checkOrCreateDirectory', { value: () => undefined });

/** The one version of tus the adapter speaks. */
const TUS_VERSION = '1.0.0';

/**
 * The answer to a tus request without `Tus-Resumable: 1.0.0` (another version, or none): tus 1.0
 * says `412 Precondition Failed`, with the versions the server speaks (`Tus-Version`), and the
 * request is not processed — it is answered before its session is even checked, so nothing is
 * counted, created, written or removed. `OPTIONS` (discovery) needs no version.
 */
function unsupportedVersion(): Response {
  return new Response('Tus-Resumable 1.0.0 is required\n', {
    status: 412,
    headers: { 'tus-resumable': TUS_VERSION, 'tus-version': TUS_VERSION, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/** Mounts the tus endpoint on `router`. */
export function registerTus(router: Router, runtime: Runtime): TusEndpoint {
  const directory = runtime.uploadDirectory;
  // What the adapter authorised for each request, read back by the tus server's hooks: the session,
  // and for HEAD/PATCH/DELETE the one upload id it checked.
  const pending = new WeakMap<Request, Authorised>();
  // tus takes this lock for every request on an upload; forgetting one takes it too, so a PATCH
  // still writing is stopped first.
  const locker = new MemoryLocker();
  let started: Promise<{ datastore: PrivateFileStore; tus: TusServer }> | null = null;

  // The folder and the tus server are made on first use, so creating Guestkit does no I/O.
  const start = (): Promise<{ datastore: PrivateFileStore; tus: TusServer }> =>
    (started ??= startTus().catch((error: unknown) => {
      started = null; // a start that failed (the folder could not be made) is tried again by the next request
      throw error;
    }));

  async function startTus(): Promise<{ datastore: PrivateFileStore; tus: TusServer }> {
    // The folder is the adapter user's alone (SECURITY.md R35), also one that existed before: tus
    // writes its files with the process's default mode. One this process does not own (a mounted
    // volume) keeps its mode: said, not fatal.
    await mkdir(directory, { recursive: true, mode: 0o700 });
    await chmod(directory, 0o700).catch((error: unknown) => runtime.logger?.warn('upload folder mode not changed', { directory, error: String(error) }));
    const datastore = new PrivateFileStore({ directory, expirationPeriodInMilliseconds: runtime.incompleteUploadTtlMs });
    const tus = new TusServer({
      path: `${runtime.basePath}${UPLOAD_ROUTES.tus}`,
      datastore,
      locker,
      relativeLocation: true, // never build URLs from the Host header
      allowedOrigins: () => false, // CORS is the adapter's job, per firm
      respectForwardedHeaders: false,
      // Ids are 144 random bits, never derived from anything the visitor sent.
      namingFunction: () => randomBytes(18).toString('base64url'),
      // tus would take the id from the last segment of the whole URL, query string included
      // (`…/tus/<mine>?/<other>`): it acts on the id the adapter authorised, and nothing else.
      getFileIdFromRequest: (req) => pending.get(req)?.id,
      // tus answers an unexpected failure (the store, the disk) with its message in the body:
      // the visitor gets a plain 500, the log gets the message.
      onResponseError(_req, error) {
        if ((error as { status_code?: number }).status_code) return undefined;
        // A store busy for a moment, or out of room (the disk of the database or of the upload
        // folder full): a 503, which tus clients send again (`tusAnswer` adds its Retry-After). A
        // full store is logged as such: it stays full until an operator frees space.
        const trouble = storeTrouble(error);
        if (trouble) {
          if (trouble === 'full') runtime.logger?.error('store full', { error: String(error) });
          else runtime.logger?.warn('store busy', { error: String(error) });
          return { status_code: 503, body: 'Service unavailable, try again\n' };
        }
        runtime.logger?.error('tus request failed', { error: String(error) });
        return { status_code: 500, body: 'Internal error\n' };
      },
      maxSize: (req) => pending.get(req)?.upload.request.limits.maxFileSize ?? 0,
      async onUploadCreate(req, upload) {
        const context = pending.get(req);
        if (!context) throw { status_code: 403, body: 'not authorised' };
        const data: TusUploadData = {
          requestId: context.upload.record.id,
          linkId: context.upload.session.link.id,
          name: context.name,
          size: context.size,
          createdAt: isoNow(runtime),
          finishedFileId: null,
          ...(context.clientKey ? { clientKey: context.clientKey } : {}),
          ...(context.attempt !== undefined ? { attempt: context.attempt } : {}),
        };
        await insertResource(runtime, context.upload.session.firm.id, UPLOAD_TYPES.tusUpload, upload.id, data, data.requestId);
        context.id = upload.id;
        return {};
      },
    });
    return { datastore, tus };
  }

  // Creations with the same file key, one after the other in the order they arrived (in this
  // process), queued before the session is checked: a retry that arrives while the first is still
  // being made must find it in order to replace it, and a slow check must not reorder them.
  const creating = new Map<string, Promise<void>>();
  const counting = new Map<string, Promise<void>>();
  const finishing = new Map<string, Promise<void>>();

  /** tus's answer to `request`; a 503 (the store busy or full) says when to try again, as the adapter's own do. */
  async function tusAnswer(request: Request): Promise<Response> {
    const response = await (await start()).tus.handleWeb(request);
    if (response.status === 503 && !response.headers.has('retry-after')) response.headers.set('retry-after', String(STORE_RETRY_AFTER_SECONDS));
    return response;
  }

  async function handle(ctx: RouteContext): Promise<Response> {
    // Another version of the protocol, or none: refused before anything else is done (tus 1.0).
    if (ctx.request.headers.get('tus-resumable') !== TUS_VERSION) return unsupportedVersion();
    const id = ctx.params.id;
    if (id !== undefined) {
      const upload = await uploadSession(runtime, ctx, true);
      // A cancel waits for a finish of the same upload under way (`inTurn`), then answers what
      // came of it: 404 for a file received meanwhile, never a 204 for a file that is kept.
      return ctx.request.method === 'DELETE' ? inTurn(finishing, id, () => continueUpload(ctx, upload, id)) : continueUpload(ctx, upload, id);
    }
    // No bytes with the creation (tus's creation-with-upload, not offered): a POST whose body
    // trickles in would hold its file key's turn for as long as it takes. Over HTTP/2, or in a
    // runtime that hands over fetch-style requests, a body may come with neither length header:
    // the type that announces bytes (which is all tus reads a creation's body for) is refused too.
    const { headers } = ctx.request;
    const announcesBytes = headers.get('content-type')?.split(';')[0]!.trim().toLowerCase() === 'application/offset+octet-stream';
    if (Number(headers.get('content-length') ?? 0) > 0 || headers.has('transfer-encoding') || announcesBytes) {
      throw new GuestkitServerError('validation_failed', 'a tus creation carries no bytes (creation-with-upload is not supported)');
    }
    // Read before the session is checked (the file key picks the queue), refused only after it.
    let metadata: Record<string, string> | undefined;
    let malformed: unknown;
    try {
      metadata = parseUploadMetadata(headers.get('upload-metadata'));
    } catch (error) {
      malformed = error;
    }
    const create = async (): Promise<Response> => {
      const upload = await uploadSession(runtime, ctx, false);
      if (!metadata) throw malformed;
      return createUpload(ctx, upload, metadata);
    };
    const key = metadata?.[FILE_KEY];
    return key ? inTurn(creating, key, create) : create();
  }

  /** `POST`: a new upload, checked before tus sees it (replacing one whose creation answer was lost). */
  async function createUpload(ctx: RouteContext, upload: UploadSession, metadata: Record<string, string>): Promise<Response> {
    if (inGrace(runtime, upload)) throw new GuestkitServerError('link_expired');
    // Uploads begun per link and hour (R30): a leaked link cannot churn creations and cancels.
    await enforceRateLimit(runtime, `tus-create:${upload.session.link.id}`, runtime.limits.uploadsPerLinkPerHour, HOUR);
    // One creation per request at a time, from counting its open uploads to recording the new one:
    // creations racing for the last slot would otherwise all find it free.
    return inTurn(counting, upload.record.id, () => createCounted(ctx, upload, metadata));
  }

  async function createCounted(ctx: RouteContext, session: UploadSession, metadata: Record<string, string>): Promise<Response> {
    // The request as it is now, in this turn: files finished while this creation waited count.
    const record = await runtime.store.resources.get(session.session.firm.id, UPLOAD_TYPES.request, session.record.id);
    if (!record) throw new GuestkitServerError('link_not_found');
    const upload: UploadSession = { ...session, record, request: record.data as unknown as UploadRequestData };
    if (upload.request.status !== 'open') throw new GuestkitServerError('upload_closed');
    const { replaces, ...checked } = await checkCreation(runtime, ctx.request, upload, metadata);
    // The same file again after its creation answer was lost (a dropped connection, a stalled
    // request): the upload the client never heard of gives its slot and its bytes back. The bytes
    // go only once it no longer counts, and a failure there leaves them to the sweep.
    for (const stale of replaces) {
      if (await closeTusUpload(runtime, upload.session.firm.id, stale)) await forget(stale).catch(() => undefined);
    }
    const context: Authorised = { upload, ...checked };
    pending.set(ctx.request, context);
    const response = await tusAnswer(ctx.request);
    // Recorded, but tus could not make the upload itself (the disk): the record holds no slot.
    if (response.status !== 201 && context.id) await closeTusUpload(runtime, upload.session.firm.id, context.id);
    return response;
  }

  /** `HEAD`/`PATCH`/`DELETE` of an upload this link began. */
  async function continueUpload(ctx: RouteContext, upload: UploadSession, id: string): Promise<Response> {
    const record = await runtime.store.resources.get(upload.session.firm.id, UPLOAD_TYPES.tusUpload, id);
    const data = record?.data as unknown as TusUploadData | undefined;
    // Someone else's upload looks exactly like no upload at all.
    if (!data || data.requestId !== upload.record.id || data.linkId !== upload.session.link.id) throw new GuestkitServerError('not_found');
    // Finished: where it stands is every byte. A page reloaded while the upload was being finished
    // still holds its URL: tus then takes it for complete, and the widget finishes it again — which
    // answers the file received — instead of sending every byte anew as another file.
    if (ctx.request.method === 'HEAD' && data.finishedFileId && !data.closedAt) {
      const size = String(data.size);
      return new Response(null, { headers: { 'tus-resumable': '1.0.0', 'upload-offset': size, 'upload-length': size, 'cache-control': 'no-store' } });
    }
    // Cancelled, refused, replaced or finished: no more bytes, even where removing its file failed.
    if (data.closedAt || data.finishedFileId) throw new GuestkitServerError('not_found');
    // tus says 415 for bytes of another type (@tus/server answers 400).
    if (ctx.request.method === 'PATCH' && ctx.request.headers.get('content-type') !== 'application/offset+octet-stream') throw new GuestkitServerError('unsupported_media_type');
    if (inGrace(runtime, upload) && Date.parse(data.createdAt) >= Date.parse(upload.session.link.expiresAt)) throw new GuestkitServerError('link_expired');
    // Begun before the deadline, an upload takes bytes within the grace window after it. HEAD
    // (where it stands) and DELETE (a cancel) stay open.
    if (ctx.request.method === 'PATCH' && closedByDeadline(runtime, upload.request, graceMs(upload.request))) throw new GuestkitServerError('upload_closed');
    pending.set(ctx.request, { upload, name: data.name, size: data.size, id });
    const response = await tusAnswer(ctx.request);
    if (ctx.request.method === 'DELETE' && response.status === 204) await closeTusUpload(runtime, upload.session.firm.id, id);
    return response;
  }

  async function forget(id: string): Promise<void> {
    const { datastore } = await start();
    const lock = locker.newLock(id);
    // Asking for the lock makes a request holding it (a PATCH still writing) stop and let go.
    await lock.lock(new AbortController().signal, () => undefined);
    try {
      // remove() gives up before the metadata when the bytes are already gone (adopted by the blob store).
      await datastore.remove(id).catch(() => datastore.configstore.delete(id));
    } finally {
      await lock.unlock();
    }
  }

  router.on('POST', UPLOAD_ROUTES.tus, handle);
  // tus discovery asked with the uploader's session: the largest file its request takes (R30).
  // The handler adds this to the discovery headers every `OPTIONS` gets.
  router.on('OPTIONS', UPLOAD_ROUTES.tus, async (ctx) => {
    const { request } = await uploadSession(runtime, ctx, false);
    return new Response(null, { status: 204, headers: { 'tus-max-size': String(request.limits.maxFileSize) } });
  });
  for (const method of ['HEAD', 'PATCH', 'DELETE']) router.on(method, `${UPLOAD_ROUTES.tus}/:id`, handle);
  return {
    directory,
    datastore: async () => (await start()).datastore,
    sweep: async () => (await start()).tus.cleanUpExpiredUploads(),
    forget,
    inTurn: (id, work) => inTurn(finishing, id, work),
  };
}
