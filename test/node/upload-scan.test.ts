/**
 * The scan of a received file, on the embedded store (SQLite, files on disk): a file is recorded
 * `pending` before its scan and served only once `clean`; a scan cut off by the adapter stopping
 * is done when the upload is finished again after the restart; a scanner that throws fails closed
 * (`unscannable`) and loses nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGuestkitApiError } from '../../src/client/errors.js';
import { createEmbeddedGuestkit, ensureFirm } from '../../src/server-adapter/embedded.js';
import { EICAR, signatureScanner, type Guestkit, type Scanner } from '../../src/server-adapter/index.js';
import { serve } from '../../src/server-adapter/node.js';
import { UPLOAD_ROUTES } from '../../src/protocol/uploads.js';
import { finish, openUploadLink, pdfBytes, readAll, sha256, tusUpload } from './helpers/uploads.js';
import { signal } from './helpers/signal.js';

const FIRM = { name: 'Kanzlei', mailFrom: 'k@kanzlei.example', linkBaseUrl: 'https://kanzlei.example/{kind}' };

/** The request's first file once its scan has settled it (polled for up to 10 s: settling writes the store and the audit log). */
async function firstFileSettled(gk: Guestkit, firmId: string, requestId: string) {
  const deadline = Date.now() + 10_000;
  let [file] = await gk.uploads.listFiles(firmId, requestId);
  while (file!.status === 'pending' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    [file] = await gk.uploads.listFiles(firmId, requestId);
  }
  return file!;
}

describe('the scan of a received file', () => {
  let dir: string;
  // Every adapter started, stopped at the end even when a test fails half-way (a running one keeps the process alive).
  const running = new Set<() => Promise<void>>();
  before(() => (dir = mkdtempSync(join(tmpdir(), 'guestkit-scan-'))));
  after(async () => {
    for (const stop of running) await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(scanner?: Scanner, clockOffsetMs = () => 0, options: { idempotencyLeaseSeconds?: number; scanWaitSeconds?: number } = {}) {
    const gk = createEmbeddedGuestkit({ dir, now: () => Date.now() + clockOffsetMs(), ...(scanner ? { scanner } : {}), ...options });
    await gk.init();
    const server = await serve((request, context) => gk.handle(request, context), { port: 0 });
    const firm = await ensureFirm(gk, FIRM);
    const stop = async () => {
      if (!running.delete(stop)) return;
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await gk.close();
    };
    running.add(stop);
    return { gk, firm, stop, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/guestkit` };
  }

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'served',
      (error: unknown) => (error as { code?: string }).code ?? String(error),
    );

  /** An upload request on `node`, its link opened, and a file of `size` bytes uploaded with tus (not yet finished). */
  async function uploadedOn(node: Awaited<ReturnType<typeof start>>, size: number) {
    const { request, link } = await node.gk.uploads.createRequest(node.firm.id, { title: 'Belege', uploader: { email: 'c@client.example' } });
    const bytes = pdfBytes(size);
    const session = await openUploadLink(node.endpoint, link.token);
    const { id: uploadId } = await tusUpload(node.endpoint, session, bytes);
    return { request, link, bytes, session, uploadId };
  }

  /**
   * An adapter whose scan never comes back (it stops while the scan runs), an upload request and
   * one file of `size` bytes uploaded with tus and not yet finished; `started` settles once a scan began.
   */
  async function uploadedUnderHangingScan(size: number) {
    const { reached: started, reach: scanning } = signal();
    const first = await start({ scan: () => (scanning(), new Promise(() => {})) });
    return { first, ...(await uploadedOn(first, size)), started };
  }

  it('a file is pending until its scan ends, never served meanwhile; cut off by a restart, finishing again scans it, once', async () => {
    const { first, request, link, bytes, session, uploadId, started } = await uploadedUnderHangingScan(300_000);
    // The widget sends every attempt to finish a file with the same Idempotency-Key.
    const key = 'finish-IMG-0001-abcdef';
    const finishing = finish(session, { uploadId, sha256: sha256(bytes) }, key).catch((error: unknown) => error);
    await started;

    const [pending] = await first.gk.uploads.listFiles(first.firm.id, request.id);
    assert.equal(pending!.status, 'pending');
    assert.equal(pending!.sha256, sha256(bytes), 'the bytes are kept while the scan runs');
    assert.equal(await refusal(first.gk.uploads.readFile(first.firm.id, pending!.id)), 'file_quarantined', 'not served while pending');
    await first.stop();
    assert.ok(isGuestkitApiError(await finishing) || (await finishing) instanceof Error, 'the first finish never got an answer');

    let later = 0;
    const second = await start(undefined, () => later); // the default scanner: clean
    const again = await openUploadLink(second.endpoint, link.token);
    // Right after the restart the key still looks taken (the first attempt could be running)…
    const early = await finish(again, { uploadId, sha256: sha256(bytes) }, key).catch((error: unknown) => error);
    assert.ok(isGuestkitApiError(early) && early.code === 'idempotency_in_flight', `in flight: ${String(early)}`);
    // …until its lease runs out: then the same retry runs, and the scan with it.
    later = 6 * 60_000;
    const received = await finish(again, { uploadId, sha256: sha256(bytes) }, key);
    assert.equal(received.id, pending!.id, 'the same file, not a second one');
    assert.equal(received.status, 'clean');
    const { file, body } = await second.gk.uploads.readFile(second.firm.id, received.id);
    assert.equal(file.status, 'clean');
    assert.equal(sha256(await readAll(body)), sha256(bytes));
    assert.deepEqual((await second.gk.uploads.listFiles(second.firm.id, request.id)).map((f) => f.id), [received.id]);
    const completions = async () =>
      (await second.gk.audit.list(second.firm.id, { resource: { type: 'upload-request', id: request.id } })).filter((e) => e.type === 'upload.completed' && e.data.fileId === received.id);
    assert.equal((await completions()).length, 1, 'upload.completed once, after the scan');
    const replayed = await finish(again, { uploadId, sha256: sha256(bytes) }, key);
    assert.deepEqual(replayed, received, 'the same key now replays the answer');
    assert.equal((await finish(again, { uploadId, sha256: sha256(bytes) })).status, 'clean', 'finishing once more (another key) changes nothing');
    assert.equal((await completions()).length, 1);
    await second.stop();
  });

  it('a file left pending with nobody finishing it again is scanned (once) when the firm lists its request, once its scan counts as cut off', async () => {
    const { first, request, bytes, session, uploadId, started } = await uploadedUnderHangingScan(80_000);
    void finish(session, { uploadId, sha256: sha256(bytes) }).catch(() => undefined);
    await started;
    await first.stop(); // the visitor never comes back

    let later = 0;
    const second = await start(undefined, () => later);
    const [young] = await second.gk.uploads.listFiles(second.firm.id, request.id);
    assert.equal(young!.status, 'pending', 'a scan this young may still be running: left alone');
    later = 6 * 60_000;
    // The list answers at once; the scan it started settles the file for the next look.
    const [looked] = await second.gk.uploads.listFiles(second.firm.id, request.id);
    assert.equal(looked!.status, 'pending');
    const settled = await firstFileSettled(second.gk, second.firm.id, request.id);
    assert.deepEqual([settled!.id, settled!.status], [young!.id, 'clean'], 'scanned after the firm looked');
    const { body } = await second.gk.uploads.readFile(second.firm.id, settled!.id);
    assert.equal(sha256(await readAll(body)), sha256(bytes));
    const completed = (await second.gk.audit.list(second.firm.id, { resource: { type: 'upload-request', id: request.id } })).filter((e) => e.type === 'upload.completed');
    assert.deepEqual(completed.map((e) => [e.data.fileId, e.actor]), [[settled!.id, 'system']]);
    await second.stop();
  });

  it('a request still running keeps its Idempotency-Key however long it takes (heartbeat): a retry meanwhile is told in flight — the client waits that out — then replays the answer', async () => {
    // A one-second lease, and a scan that takes longer: without the heartbeat the retry would take the key over.
    const { reached: slow, reach: release } = signal();
    const node = await start({ scan: () => slow.then(() => ({ verdict: 'clean' as const })) }, () => 0, { idempotencyLeaseSeconds: 1 });
    const { bytes, session, uploadId } = await uploadedOn(node, 40_000);
    const key = 'finish-heartbeat-0001';
    const body = { uploadId, sha256: sha256(bytes) };
    const first = finish(session, body, key);
    await new Promise((resolve) => setTimeout(resolve, 1_600)); // past the lease
    // What the adapter answers a retry meanwhile (a plain request: the client would wait it out).
    const retry = await fetch(`${node.endpoint}${UPLOAD_ROUTES.files}`, {
      method: 'POST',
      headers: { authorization: await session.authorization(), 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    assert.equal(retry.status, 409);
    assert.equal(((await retry.json()) as { code: string }).code, 'idempotency_in_flight', 'still the first request’s');
    // The client's retry waits for the first request's answer.
    const waiting = finish(session, body, key);
    setTimeout(release, 1_000);
    const answer = await first;
    assert.equal(answer.status, 'clean');
    assert.deepEqual(await waiting, answer, 'the retry gets the first answer');
    assert.deepEqual(await finish(session, body, key), answer, 'and replays it later too');
    await node.stop();
  });

  it('a scanner slower than scanWaitSeconds: finishing answers pending, the scan goes on once (not again per retry) and settles the file', async () => {
    let scans = 0;
    const { reached: slow, reach: release } = signal();
    const node = await start({ scan: () => (scans++, slow.then(() => ({ verdict: 'clean' as const }))) }, () => 0, { scanWaitSeconds: 0.2 });
    const { request, bytes, session, uploadId } = await uploadedOn(node, 60_000);

    const received = await finish(session, { uploadId, sha256: sha256(bytes) });
    assert.equal(received.status, 'pending', 'answered before the scanner did');
    assert.equal(received.sha256, sha256(bytes));
    const again = await finish(session, { uploadId, sha256: sha256(bytes) });
    assert.deepEqual([again.id, again.status], [received.id, 'pending'], 'a retry meanwhile answers the same file, still pending');
    assert.equal(scans, 1, 'the retry did not start a second scan');
    assert.equal(await refusal(node.gk.uploads.readFile(node.firm.id, received.id)), 'file_quarantined', 'not served while pending');
    const completions = async () =>
      (await node.gk.audit.list(node.firm.id, { resource: { type: 'upload-request', id: request.id } })).filter((e) => e.type === 'upload.completed');
    assert.equal((await completions()).length, 0, 'upload.completed waits for the scan');

    release();
    const file = await firstFileSettled(node.gk, node.firm.id, request.id);
    assert.deepEqual([file!.id, file!.status], [received.id, 'clean'], 'the scan settled the file after the answer');
    const { body } = await node.gk.uploads.readFile(node.firm.id, received.id);
    assert.equal(sha256(await readAll(body)), sha256(bytes));
    assert.deepEqual((await completions()).map((e) => [e.data.fileId, e.actor.startsWith('link:')]), [[received.id, true]], 'upload.completed once, by the visitor');
    assert.equal((await finish(session, { uploadId, sha256: sha256(bytes) })).status, 'clean');
    assert.equal(scans, 1);
    await node.stop();
  });

  it('a scan answered pending still settles the file when the adapter shuts down meanwhile: close() waits for it', async () => {
    const { reached: slow, reach: release } = signal();
    const node = await start({ scan: () => slow.then(() => ({ verdict: 'clean' as const })) }, () => 0, { scanWaitSeconds: 0.1 });
    const { request, bytes, session, uploadId } = await uploadedOn(node, 30_000);
    const received = await finish(session, { uploadId, sha256: sha256(bytes) });
    assert.equal(received.status, 'pending');
    setTimeout(release, 300); // the scanner answers while the adapter is closing
    await node.stop();

    const again = await start();
    const [file] = await again.gk.uploads.listFiles(again.firm.id, request.id);
    assert.deepEqual([file!.id, file!.status], [received.id, 'clean'], 'settled before the store closed');
    const completed = (await again.gk.audit.list(again.firm.id, { resource: { type: 'upload-request', id: request.id } })).filter((e) => e.type === 'upload.completed');
    assert.deepEqual(completed.map((e) => e.data.fileId), [received.id]);
    await again.stop();
  });

  it('close() also waits for a scan still inside its finish request', async () => {
    const { reached: started, reach: scanning } = signal();
    const slow = (): Promise<{ verdict: 'clean' }> => (scanning(), new Promise((resolve) => setTimeout(() => resolve({ verdict: 'clean' }), 1_000)));
    const node = await start({ scan: slow }, () => 0, { scanWaitSeconds: 5 });
    const { request, bytes, session, uploadId } = await uploadedOn(node, 25_000);
    const finishing = finish(session, { uploadId, sha256: sha256(bytes) }).catch((error: unknown) => error);
    await started;
    await node.stop(); // while the request still waits for the scan
    await finishing;

    const again = await start();
    const [file] = await again.gk.uploads.listFiles(again.firm.id, request.id);
    assert.equal(file!.status, 'clean', 'settled before the store closed');
    await again.stop();
  });

  it('the default scanner, which calls every file clean, is said once when the adapter is made; a scanner given is not', async () => {
    const warnings = (options: { scanner?: Scanner }) => {
      const said: string[] = [];
      const logger = { info: () => {}, warn: (message: string) => said.push(message), error: () => {} };
      const gk = createEmbeddedGuestkit({ dir: mkdtempSync(join(dir, 'warn-')), logger, ...options });
      return { gk, said };
    };
    const bare = warnings({});
    assert.deepEqual(bare.said, ['no scanner configured: received files count as clean without a scan (pass options.scanner)']);
    const scanned = warnings({ scanner: signatureScanner({ 'EICAR-Test-File': EICAR }) });
    assert.deepEqual(scanned.said, []);
    await Promise.all([bare.gk.close(), scanned.gk.close()]);
  });

  it('scanWaitSeconds must be a number of seconds', () => {
    for (const scanWaitSeconds of [-1, Number.NaN, Infinity]) {
      assert.throws(() => createEmbeddedGuestkit({ dir, scanWaitSeconds }), /scanWaitSeconds must be a number of seconds/);
    }
  });

  it('a scanner that throws fails closed: the file is kept, unscannable, never served', async () => {
    const node = await start({ scan: () => Promise.reject(new Error('clamd: connection refused')) });
    const { request, bytes, session, uploadId } = await uploadedOn(node, 50_000);
    const received = await finish(session, { uploadId, sha256: sha256(bytes) });
    assert.equal(received.status, 'unscannable');
    const [file] = await node.gk.uploads.listFiles(node.firm.id, request.id);
    assert.deepEqual([file!.id, file!.status, file!.sha256], [received.id, 'unscannable', sha256(bytes)]);
    assert.equal(await refusal(node.gk.uploads.readFile(node.firm.id, received.id)), 'file_quarantined');
    await node.stop();
  });

  it('SECURITY.md U21: a file larger than the scanner reads is unscannable, not clean, and never served; one within its limit is scanned', async () => {
    const node = await start(signatureScanner({ 'EICAR-Test-File': EICAR }, 40_000));
    const big = await uploadedOn(node, 50_000);
    assert.equal((await finish(big.session, { uploadId: big.uploadId, sha256: sha256(big.bytes) })).status, 'unscannable');
    const [file] = await node.gk.uploads.listFiles(node.firm.id, big.request.id);
    assert.equal(await refusal(node.gk.uploads.readFile(node.firm.id, file!.id)), 'file_quarantined');
    const small = await uploadedOn(node, 30_000);
    assert.equal((await finish(small.session, { uploadId: small.uploadId, sha256: sha256(small.bytes) })).status, 'clean');
    await node.stop();
  });
});
