/**
 * The Node bridge (`writeWebResponse`): a response body is let go as soon as the client is gone —
 * also when it left before the answer began (pdf.js drops range requests while the adapter is
 * still opening the file) — and a HEAD never reads its body.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeWebResponse } from '../../src/server-adapter/node.js';

/** A body that counts what was read of it and whether it was cancelled. */
function trackedBody() {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled++;
      controller.enqueue(new Uint8Array(64 * 1024));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body, state };
}

/** Serves one request with `answer`, sends it with `method`, and lets `client` decide when to leave. */
async function once(method: string, answer: (req: IncomingMessage, res: ServerResponse) => Promise<void>, leave: (req: ReturnType<typeof request>) => void) {
  let done!: (outcome: string) => void;
  const settled = new Promise<string>((resolve) => (done = resolve));
  const server = createServer((req, res) => void answer(req, res).then(() => done('resolved'), () => done('rejected')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const req = request({ host: '127.0.0.1', port, method, path: '/' });
  req.on('error', () => undefined);
  req.on('response', (res) => res.resume());
  leave(req);
  req.end();
  try {
    return await Promise.race([settled, new Promise<string>((resolve) => setTimeout(resolve, 3000, 'still waiting'))]);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe('the Node bridge', () => {
  it('lets a body go when the client left before the answer began (and settles)', async () => {
    const { body, state } = trackedBody();
    const outcome = await once(
      'GET',
      async (req, res) => {
        // The adapter is still opening the file when the client gives up.
        await new Promise<void>((resolve) => req.socket.once('close', () => resolve()));
        await writeWebResponse(new Response(body), res);
      },
      (req) => req.on('socket', (socket) => socket.once('connect', () => setTimeout(() => req.destroy(), 50))),
    );
    assert.notEqual(outcome, 'still waiting', 'the answer settles');
    assert.equal(state.cancelled, true, 'the body was cancelled');
  });

  it('lets a body go when the client leaves half-way', async () => {
    const { body, state } = trackedBody();
    const outcome = await once(
      'GET',
      (_req, res) => writeWebResponse(new Response(body), res),
      (req) => req.on('response', (res) => res.once('data', () => req.destroy())),
    );
    assert.notEqual(outcome, 'still waiting');
    assert.equal(state.cancelled, true);
  });

  it('does not read the body of a HEAD', async () => {
    const { body, state } = trackedBody();
    await once('HEAD', (_req, res) => writeWebResponse(new Response(body, { headers: { 'content-length': '1000000' } }), res), () => undefined);
    assert.equal(state.cancelled, true);
    assert.ok(state.pulled <= 1, `pulled ${state.pulled}`);
  });
});
