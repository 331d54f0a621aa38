/**
 * The rules `<guest-upload>` gives tus-js-client for its requests (`tusRequestOptions`), run by
 * tus-js-client's own engine from Node against the real adapter, behind a forwarder that drops
 * connections on demand (the network, an adapter restarting). A session the adapter refuses is
 * renewed — after failed connections too, also on the last retry — once until an answer is
 * accepted; a renewal that failed for a moment does not use that up; a new start of the file may
 * renew again. A gateway's 503 or 429 to the HEAD that asks for the offset is retried, never taken
 * for an upload that is gone (which would start the file anew); requests and deletions are tried
 * once per delay and no more. The retry delays are those of the widget, each made 0 so the test
 * does not wait.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UploadOptions } from 'tus-js-client';
import { createClient } from '../../src/client/client.js';
import type { LinkSession } from '../../src/client/link-session.js';
import { hashToken } from '../../src/server-adapter/core/crypto.js';
import { ensureFirm } from '../../src/server-adapter/embedded.js';
import { UPLOAD_ROUTES } from '../../src/protocol/uploads.js';
import { createHttpFixture, type HttpFixture } from './helpers/fixture.js';
import { pdfBytes } from './helpers/uploads.js';

// What the widget's browser has and Node 20 lacks: tus-requests.ts asks whether the page is online,
// and reads upload URLs against the page's address.
const globals = globalThis as unknown as { navigator?: { onLine: boolean }; location?: { href: string } };
globals.navigator ??= { onLine: true };

const { tusRequestOptions, RETRY_DELAYS } = await import('../../src/components/upload/tus-requests.js');
const { tusErrorCode } = await import('../../src/components/upload/upload-errors.js');
const { default: BaseUpload } = await import('tus-js-client/lib.esm/upload.js');
const { default: NodeHttpStack } = await import('tus-js-client/lib.esm/node/httpStack.js');
const { default: NodeFileReader } = await import('tus-js-client/lib.esm/node/fileReader.js');

const CHUNK = 64 * 1024;

describe('tus requests of <guest-upload>: renewing a refused session (tus-js-client against the real adapter)', () => {
  let f: HttpFixture;
  let forwarder: http.Server;
  let endpoint: string;
  /**
   * Requests the forwarder drops (the connection closes with no answer), one each, and what went
   * through: `HEAD 401` for a tus request, `POST /v1/session/refresh 200` for the client's own.
   */
  const faults = {
    drop: 0,
    log: [] as string[],
    answer: [] as { method: string; status: number }[],
    /** The next request of `method` waits at the forwarder (on its way) until `release`; `held` says it is there. */
    hold: undefined as { method: string; release: Promise<void>; held?: true } | undefined,
  };
  let firmId: string;

  before(async () => {
    f = await createHttpFixture();
    const adapter = new URL(f.endpoint);
    forwarder = http.createServer((req, res) => {
      const what = req.url!.includes(UPLOAD_ROUTES.tus) ? req.method : `${req.method} ${req.url!.slice(adapter.pathname.length)}`;
      if (faults.drop > 0) {
        faults.drop--;
        faults.log.push(`${what} dropped`);
        req.socket.destroy();
        return;
      }
      // A proxy's own answer (a gateway while the adapter restarts): once for its method.
      const answer = faults.answer.findIndex((fault) => fault.method === req.method);
      if (answer >= 0) {
        const [{ status }] = faults.answer.splice(answer, 1);
        faults.log.push(`${what} ${status} (proxy)`);
        req.resume();
        res.writeHead(status, { 'content-type': 'text/plain' }).end('try again later\n');
        return;
      }
      const forward = () => {
        const upstream = http.request({ host: adapter.hostname, port: adapter.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
          faults.log.push(`${what} ${answer.statusCode}`);
          res.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => req.socket.destroy());
        req.pipe(upstream);
      };
      const { hold } = faults;
      if (hold && !hold.held && hold.method === req.method) {
        hold.held = true;
        req.pause();
        void hold.release.then(forward);
        return;
      }
      forward();
    });
    await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(forwarder.address() as AddressInfo).port}${adapter.pathname}`;
    globals.location = { href: `${new URL(endpoint).origin}/portal/upload` };
    firmId = (await ensureFirm(f.gk, { name: 'Kanzlei', mailFrom: 'k@kanzlei.example', linkBaseUrl: 'https://kanzlei.example/{kind}' })).id;
  });
  after(async () => {
    forwarder.closeAllConnections();
    await new Promise((resolve) => forwarder.close(resolve));
    await f.close();
  });
  beforeEach(() => {
    faults.drop = 0;
    faults.log = [];
    faults.answer = [];
    faults.hold = undefined;
  });

  /** Opens a fresh upload request's link through the real client. */
  async function openLink(): Promise<LinkSession> {
    const { link } = await f.gk.uploads.createRequest(firmId, { title: 'Belege', uploader: { email: 'c@client.example' } });
    return createClient({ endpoint }).openLink(link.token);
  }

  /** Ends the link's current session on the server: from now on it is refused (`401 session_invalid`). */
  async function forgetSession(link: LinkSession): Promise<void> {
    const stored = await f.gk.runtime.store.sessions.getByHash(hashToken(link.session.session));
    await f.gk.runtime.store.sessions.end(firmId, stored!.id, new Date().toISOString());
  }

  /** The widget's request options for `work`, with its retry delays made 0. */
  function widgetOptions(link: LinkSession, work: object): UploadOptions {
    const options = tusRequestOptions(link, work, endpoint);
    return { ...options, retryDelays: options.retryDelays!.map(() => 0) };
  }

  /**
   * Uploads three chunks with the widget's request rules (or the rest of the upload at
   * `uploadUrl`); `afterFirstChunk` runs once the first is on the server. Resolves `received` or the
   * code the upload failed with, and the upload's URL.
   */
  function upload(link: LinkSession, work: object, afterFirstChunk: () => Promise<void> | void = () => undefined, uploadUrl?: string): Promise<{ result: string; url: string }> {
    return new Promise((resolve) => {
      let first = true;
      const tus = new BaseUpload(pdfBytes(3 * CHUNK), {
        ...(BaseUpload as unknown as { defaultOptions: UploadOptions }).defaultOptions,
        ...widgetOptions(link, work),
        httpStack: new NodeHttpStack(),
        fileReader: new NodeFileReader(),
        endpoint: `${endpoint}${UPLOAD_ROUTES.tus}`,
        ...(uploadUrl ? { uploadUrl } : {}),
        chunkSize: CHUNK,
        metadata: { filename: 'Belege.pdf', filetype: 'application/pdf' },
        fingerprint: () => Promise.resolve('tus-retries'),
        storeFingerprintForResuming: false,
        onChunkComplete: () => {
          if (!first) return;
          first = false;
          void afterFirstChunk();
        },
        onSuccess: () => resolve({ result: 'received', url: tus.url! }),
        onError: (error) => resolve({ result: tusErrorCode(error), url: tus.url! }),
      });
      tus.start();
    });
  }

  it('renews a session refused after as many failed connections as the back-off has retries', async () => {
    const link = await openLink();
    const { result } = await upload(link, {}, () => {
      faults.drop = RETRY_DELAYS.length;
      return forgetSession(link);
    });
    assert.equal(result, 'received', faults.log.join(', '));
    const afterDrops = faults.log.slice(faults.log.lastIndexOf('HEAD dropped') + 1);
    assert.equal(faults.log.filter((line) => line.endsWith('dropped')).length, RETRY_DELAYS.length);
    assert.equal(afterDrops[0], 'HEAD 401', 'refused on the last retry');
    assert.ok(afterDrops.indexOf('HEAD 200') > 1, `renewed, then the offset asked: ${afterDrops.join(', ')}`);
    assert.equal(faults.log.filter((line) => line === 'POST 201').length, 1, 'created once');
  });

  it('sends a request refused for a session renewed while it was on its way again with the new session, without renewing again (another file\'s requests use it)', async () => {
    const link = await openLink();
    let renewed = '';
    const { result } = await upload(link, {}, async () => {
      // The next PATCH leaves with this session and arrives after the page renewed it.
      let release!: () => void;
      faults.hold = { method: 'PATCH', release: new Promise<void>((r) => (release = r)) };
      while (!faults.hold.held) await new Promise((r) => setTimeout(r, 5));
      renewed = (await link.refresh()).session;
      release();
    });
    assert.equal(result, 'received', faults.log.join(', '));
    assert.ok(faults.log.includes('PATCH 401'), `refused for the old session: ${faults.log.join(', ')}`);
    assert.equal(faults.log.filter((line) => line.startsWith('POST /v1/session/refresh')).length, 1, `renewed once, by the page: ${faults.log.join(', ')}`);
    assert.equal(link.session.session, renewed, 'the renewed session is still the one in use');
  });

  it('fails a session refused again right after renewing it, without asking a third time', async () => {
    const link = await openLink();
    // Every session is ended as soon as it is handed out: the renewed one is refused too.
    const { result } = await upload(link, {}, async () => {
      await forgetSession(link);
      const renewing = link.reopen.bind(link);
      link.reopen = async () => {
        const session = await renewing();
        await forgetSession(link);
        return session;
      };
    });
    assert.equal(result, 'session_invalid');
    assert.equal(faults.log.filter((line) => line === 'HEAD 401' || line === 'PATCH 401').length, 2, `refused, renewed, refused: ${faults.log.join(', ')}`);
  });

  it('renews again after a renewal that failed for a moment, and on a new start of a file whose last try ended after a renewal', async () => {
    const link = await openLink();
    // The refresh after the refusal is dropped once (the network): that renewal does not count.
    const { result: first } = await upload(link, {}, async () => {
      await forgetSession(link);
      faults.drop = 0;
      const renewing = link.reopen.bind(link);
      let once = true;
      link.reopen = () => {
        if (!once) return renewing();
        once = false;
        faults.drop = 1;
        return renewing();
      };
    });
    assert.equal(first, 'received', faults.log.join(', '));
    assert.ok(faults.log.includes('POST /v1/session/refresh dropped'), `the first renewal failed: ${faults.log.join(', ')}`);

    // The file's last try ends right after a renewal (every connection drops after it): then the
    // adapter forgets the session again, and the file is started anew with the same work.
    const second = await openLink();
    const again: { renewed?: boolean } = {};
    const renewSecond = second.reopen.bind(second);
    const { result: failed, url } = await upload(second, again, async () => {
      await forgetSession(second);
      second.reopen = async () => {
        const session = await renewSecond();
        faults.drop = 100;
        return session;
      };
    });
    assert.equal(failed, 'network_error');
    assert.equal(again.renewed, true, 'the try ended with the session renewed and no answer accepted since');
    second.reopen = renewSecond;
    faults.drop = 0;
    await forgetSession(second);
    faults.log = [];
    assert.equal((await upload(second, again, () => undefined, url)).result, 'received', faults.log.join(', '));
    assert.equal(faults.log[0], 'HEAD 401');
    assert.ok(faults.log.indexOf('HEAD 200') > 1, `renewed, then the offset asked: ${faults.log.join(', ')}`);
  });

  it('stops at the link\'s end without taking it for an upload that is gone: no new upload is made', async () => {
    const { link: issued } = await f.gk.uploads.createRequest(firmId, { title: 'Belege', uploader: { email: 'c@client.example' } });
    const link = await createClient({ endpoint }).openLink(issued.token);
    const { result } = await upload(link, {}, async () => {
      // The connection drops (the offset is asked next) and the firm revokes the link meanwhile.
      faults.drop = 1;
      await f.gk.links.revoke(firmId, issued.link.id);
    });
    assert.equal(result, 'link_revoked', faults.log.join(', '));
    assert.equal(faults.log.filter((line) => line === 'POST 201').length, 1, `no second upload: ${faults.log.join(', ')}`);
    assert.equal(faults.log.filter((line) => line.startsWith('POST 4')).length, 0, `no creation tried: ${faults.log.join(', ')}`);
  });

  it('asks for the offset again after a 503 or 429 to its HEAD, instead of taking the upload for gone and making a new one', async () => {
    for (const status of [503, 429]) {
      faults.log = [];
      const link = await openLink();
      const { result } = await upload(link, {}, () => {
        // The connection drops mid-file (the offset is asked next), and a gateway answers that first HEAD.
        faults.drop = 1;
        faults.answer = [{ method: 'HEAD', status }];
      });
      assert.equal(result, 'received', faults.log.join(', '));
      assert.ok(faults.log.includes(`HEAD ${status} (proxy)`), faults.log.join(', '));
      assert.ok(faults.log.indexOf('HEAD 200') > faults.log.indexOf(`HEAD ${status} (proxy)`), `the offset asked again: ${faults.log.join(', ')}`);
      assert.equal(faults.log.filter((line) => /^POST \d/.test(line)).length, 1, `created once: ${faults.log.join(', ')}`);
    }
  });

  it('gives up a HEAD refused for a reason another try cannot change, without making a new upload', async () => {
    const link = await openLink();
    const { result } = await upload(link, {}, () => {
      faults.drop = 1;
      faults.answer = [{ method: 'HEAD', status: 403 }];
    });
    assert.equal(result, 'internal', faults.log.join(', '));
    assert.equal(faults.log.filter((line) => /^POST \d/.test(line)).length, 1, `no new upload: ${faults.log.join(', ')}`);
    assert.equal(faults.log.filter((line) => line.startsWith('HEAD')).length, 1, `not asked again: ${faults.log.join(', ')}`);
  });

  it('tries a request as often as the back-off has delays, and once more: the extra slot is the renewal\'s only', async () => {
    const link = await openLink();
    const { result } = await upload(link, {}, () => {
      faults.drop = RETRY_DELAYS.length + 1;
    });
    assert.equal(result, 'network_error', faults.log.join(', '));
    assert.equal(faults.log.filter((line) => line.endsWith('dropped')).length, RETRY_DELAYS.length + 1, `the first try and one per delay: ${faults.log.join(', ')}`);
  });

  it('tries deleting an upload as often as uploading it, no more', async () => {
    const link = await openLink();
    const { url } = await upload(link, {}, () => {
      faults.drop = 100;
    });
    faults.log = [];
    faults.drop = 100;
    const options = { ...widgetOptions(link, {}), httpStack: new NodeHttpStack() };
    const failed = await BaseUpload.terminate(url, options).then(() => 'deleted', tusErrorCode);
    assert.equal(failed, 'network_error');
    assert.equal(faults.log.length, RETRY_DELAYS.length + 1, `the first try and one per delay: ${faults.log.join(', ')}`);
    faults.drop = 0;
    faults.log = [];
    assert.equal(await BaseUpload.terminate(url, options).then(() => 'deleted', tusErrorCode), 'deleted');
    assert.deepEqual(faults.log, ['DELETE 204']);
  });
});
