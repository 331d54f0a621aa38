/** HTTP routes for uploads: the uploader's (session) and the firm's (API key). */
import { createUploadRequestSchema, finishUploadSchema, uploadReceiptSchema } from '../../protocol/upload-requests.js';
import { UPLOAD_ROUTES } from '../../protocol/uploads.js';
import type { Runtime } from '../core/options.js';
import { parseInput } from '../core/validate.js';
import { authenticateAdmin } from '../http/admin-auth.js';
import { readJson } from '../http/body.js';
import { withIdempotency } from '../http/idempotency.js';
import { json } from '../http/responses.js';
import type { Router } from '../http/router.js';
import { contentDisposition } from './file-names.js';
import { finishUpload } from './finish.js';
import { filesRemaining, type TusEndpoint } from './tus.js';
import {
  createUploadRequest,
  deactivateUploadRequest,
  getUploadRequest,
  listUploadedFiles,
  listUploadRequests,
  readUploadedFile,
  uploaderView,
} from './upload-requests.js';
import { sendUploadReceipt } from './receipt.js';
import { uploadSession } from './upload-session.js';

/** Registers the uploader's routes (tus is registered by `registerTus`). */
export function registerUploadRoutes(router: Router, runtime: Runtime, tus: TusEndpoint): void {
  router.on('GET', UPLOAD_ROUTES.request, async (ctx) => {
    const upload = await uploadSession(runtime, ctx, false);
    return json(uploaderView(runtime, upload.request, await filesRemaining(runtime, upload)));
  });

  router.on('POST', UPLOAD_ROUTES.files, async (ctx) => {
    const upload = await uploadSession(runtime, ctx, true);
    const body = await readJson(ctx.request);
    return withIdempotency(runtime, ctx.request, `link:${upload.session.link.id}:files`, body, async () => ({
      status: 201,
      body: await finishUpload(runtime, tus, upload, parseInput(finishUploadSchema, body)),
    }));
  });

  router.on('POST', UPLOAD_ROUTES.receipt, async (ctx) => {
    const upload = await uploadSession(runtime, ctx, true);
    const body = await readJson(ctx.request);
    return withIdempotency(runtime, ctx.request, `link:${upload.session.link.id}:receipt`, body, async () => ({
      status: 200,
      body: await sendUploadReceipt(runtime, upload, parseInput(uploadReceiptSchema, body)),
    }));
  });
}

/** Registers the firm's upload routes. */
export function registerUploadAdminRoutes(router: Router, runtime: Runtime): void {
  router.on('POST', '/v1/admin/upload-requests', async (ctx) => {
    const { firm, by } = await authenticateAdmin(runtime, ctx);
    const body = await readJson(ctx.request);
    return withIdempotency(runtime, ctx.request, `firm:${firm.id}:upload-requests`, body, async () => ({
      status: 201,
      body: await createUploadRequest(runtime, firm.id, parseInput(createUploadRequestSchema, body), by),
    }));
  });

  router.on('GET', '/v1/admin/upload-requests', async (ctx) => {
    const { firm } = await authenticateAdmin(runtime, ctx);
    return json({ requests: await listUploadRequests(runtime, firm.id, { open: ctx.url.searchParams.get('open') === 'true' }) });
  });

  router.on('GET', '/v1/admin/upload-requests/:id', async (ctx) => {
    const { firm } = await authenticateAdmin(runtime, ctx);
    return json(await getUploadRequest(runtime, firm.id, ctx.params.id!));
  });

  router.on('POST', '/v1/admin/upload-requests/:id/deactivate', async (ctx) => {
    const { firm, by } = await authenticateAdmin(runtime, ctx);
    return json(await deactivateUploadRequest(runtime, firm.id, ctx.params.id!, by));
  });

  router.on('GET', '/v1/admin/upload-requests/:id/files', async (ctx) => {
    const { firm } = await authenticateAdmin(runtime, ctx);
    return json({ files: await listUploadedFiles(runtime, firm.id, ctx.params.id!) });
  });

  router.on('GET', '/v1/admin/files/:id/content', async (ctx) => {
    const { firm } = await authenticateAdmin(runtime, ctx);
    const { file, body } = await readUploadedFile(runtime, firm.id, ctx.params.id!);
    if (ctx.request.method === 'HEAD') await body.cancel();
    return new Response(ctx.request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        'content-type': file.type,
        'content-length': String(file.size),
        'content-disposition': contentDisposition('attachment', file.name),
        'content-security-policy': "sandbox; default-src 'none'",
        'cache-control': 'private, no-store',
        'x-content-sha256': file.sha256,
      },
    });
  });
}
