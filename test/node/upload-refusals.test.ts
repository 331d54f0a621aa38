import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DetailedError } from 'tus-js-client';
import { EICAR, signatureScanner, type Scanner, type ScanVerdict } from '../../src/server-adapter/index.js';
import { MAX_JSON_BYTES } from '../../src/server-adapter/http/body.js';
import { closeTusUpload } from '../../src/server-adapter/uploads/tus.js';
import { isGuestkitApiError } from '../../src/client/errors.js';
import { createHttpFixture, type HttpFixture } from './helpers/fixture.js';
import { answerBeforeBody, beginTusUpload, finish, openUploadLink, pdfBytes, sha256, tusHeaders, tusOffset, tusUpload } from './helpers/uploads.js';
import { signal } from './helpers/signal.js';

const uploader = { email: 'bookkeeper@client.example' };

/** The problem code of a refused tus request. */
function tusCode(error: unknown): { status: number; code: string } {
  const response = (error as DetailedError).originalResponse;
  const body = JSON.parse(response?.getBody() ?? '{}') as { code?: string };
  return { status: response?.getStatus() ?? 0, code: body.code ?? '' };
}

async function apiCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  assert.ok(isGuestkitApiError(error), `expected an API error, got ${String(error)}`);
  return error.code;
}

describe('upload refusals, each with its code', () => {
  let f: HttpFixture;
  before(async () => {
    f = await createHttpFixture({ scanner: signatureScanner({ 'EICAR-Test-File': EICAR }) });
  });
  after(() => f.close());

  const request = async (input: Record<string, unknown> = {}) => {
    const created = await f.gk.uploads.createRequest(f.firmId, { title: 'Unterlagen', uploader, ...input });
    return { ...created, session: await openUploadLink(f.endpoint, created.link.token) };
  };
  const blobCount = () => readdirSync(join(f.dir, 'blobs'), { recursive: true }).filter((n) => String(n).includes('file-')).length;

  it('wrong scope: a view link cannot upload, and one upload link cannot touch another link’s upload', async () => {
    const view = await f.gk.links.create(f.firmId, { kind: 'view', resource: { type: 'share', id: 's' }, recipient: uploader });
    const viewSession = await openUploadLink(f.endpoint, view.token);
    assert.deepEqual(tusCode(await tusUpload(f.endpoint, viewSession, pdfBytes(1000)).catch((e) => e)), { status: 403, code: 'scope_forbidden' });

    const a = await request();
    const b = await request();
    const { url, id } = await tusUpload(f.endpoint, a.session, pdfBytes(2000));
    const head = await fetch(url, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: await b.session.authorization() } });
    assert.equal(head.status, 404, 'another request’s session sees no such upload');
    assert.equal(await apiCode(finish(b.session, { uploadId: id, sha256: '0'.repeat(64) })), 'not_found');
    const noAuth = await fetch(url, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
    assert.equal(noAuth.status, 401, 'an upload URL alone authorises nothing');
  });

  it('every tus request acts on the upload it was authorised for: another link, no session, or another upload named in the query string changes nothing', async () => {
    const MiB = 1024 * 1024;
    const a = await request();
    const b = await request();
    const mine = await tusUpload(f.endpoint, a.session, pdfBytes(3 * MiB), { chunkSize: MiB, stopAfter: MiB });
    const theirs = await tusUpload(f.endpoint, b.session, pdfBytes(2 * MiB), { chunkSize: MiB, stopAfter: MiB });
    const tus = async (method: string, url: string, session: typeof a.session | null, extra: Record<string, string> = {}, body?: Uint8Array<ArrayBuffer>) =>
      fetch(url, { method, headers: { 'tus-resumable': '1.0.0', ...(session ? { authorization: await session.authorization() } : {}), ...extra }, ...(body ? { body } : {}) });
    const offsetOf = async (url: string, session: typeof a.session) => {
      const head = await tus('HEAD', url, session);
      return head.status === 200 ? { offset: Number(head.headers.get('upload-offset')), length: Number(head.headers.get('upload-length')) } : head.status;
    };
    const patch = (url: string, session: typeof a.session | null) =>
      tus('PATCH', url, session, { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(MiB) }, new Uint8Array(1000));

    // Another link's session, or none at all: refused for every method.
    for (const method of ['HEAD', 'PATCH', 'DELETE']) {
      const send = method === 'PATCH' ? (s: typeof a.session | null) => patch(mine.url, s) : (s: typeof a.session | null) => tus(method, mine.url, s);
      assert.equal((await send(b.session)).status, 404, `${method} with another request’s session`);
      assert.equal((await send(null)).status, 401, `${method} without a session`);
    }

    // The session's own upload in the path, another upload in the query string: tus must not act on the other.
    const aimed = `${mine.url}?/${theirs.id}`;
    const head = await tus('HEAD', aimed, a.session);
    assert.equal(head.status, 200);
    assert.equal(Number(head.headers.get('upload-length')), 3 * MiB, 'HEAD answers for the upload in the path');
    assert.equal((await patch(aimed, a.session)).status, 204);
    assert.deepEqual(await offsetOf(theirs.url, b.session), { offset: MiB, length: 2 * MiB }, 'the other upload got no bytes');
    assert.deepEqual(await offsetOf(mine.url, a.session), { offset: MiB + 1000, length: 3 * MiB }, 'the bytes went to the upload in the path');
    assert.equal((await tus('DELETE', aimed, a.session)).status, 204);
    assert.deepEqual(await offsetOf(theirs.url, b.session), { offset: MiB, length: 2 * MiB }, 'the other upload still exists');
    assert.notEqual(await offsetOf(mine.url, a.session), 200, 'the upload in the path is gone');
  });

  it('tus core (SECURITY.md R26): HEAD gives the offset uncached; a PATCH at the wrong offset is 409 and changes nothing; no Tus-Resumable is 412; a PATCH of another type is 415', async () => {
    const { session } = await request();
    const begun = await beginTusUpload(f.endpoint, session, 3000, { filename: 'Bescheid.pdf' });
    const url = new URL(begun.headers.get('location')!, f.endpoint).href;
    const patch = async (offset: number, bytes: number, headers: Record<string, string> = {}) =>
      fetch(url, {
        method: 'PATCH',
        headers: { ...(await tusHeaders(session, { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' })), ...headers },
        body: new Uint8Array(bytes),
      });
    assert.equal((await patch(0, 1000)).status, 204);
    const head = await fetch(url, { method: 'HEAD', headers: await tusHeaders(session) });
    assert.equal(head.headers.get('upload-offset'), '1000');
    assert.equal(head.headers.get('upload-length'), '3000');
    assert.match(head.headers.get('cache-control') ?? '', /no-store/);

    assert.equal((await patch(500, 100)).status, 409, 'not at the current offset');
    assert.equal(await tusOffset(url, session), 1000, 'unchanged');
    const oldClient = await fetch(url, { method: 'PATCH', headers: { authorization: await session.authorization(), 'upload-offset': '1000', 'content-type': 'application/offset+octet-stream' }, body: new Uint8Array(10) });
    assert.equal(oldClient.status, 412, 'no Tus-Resumable');
    const wrongType = await patch(1000, 100, { 'content-type': 'application/octet-stream' });
    assert.equal(wrongType.status, 415);
    assert.equal(((await wrongType.json()) as { code: string }).code, 'unsupported_media_type');
    assert.equal(await tusOffset(url, session), 1000, 'still unchanged');
  });

  it('tus core (SECURITY.md U9): a Tus-Resumable other than 1.0.0 (0.2.0, or none) on POST, HEAD, PATCH or DELETE is 412 with Tus-Version: 1.0.0, and the request is not processed: no upload made, no byte taken, none removed', async () => {
    const { session, request: created } = await request();
    const begun = await beginTusUpload(f.endpoint, session, 3000, { filename: 'Bescheid.pdf' });
    const url = new URL(begun.headers.get('location')!, f.endpoint).href;
    const first = await fetch(url, { method: 'PATCH', headers: await tusHeaders(session, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }), body: new Uint8Array(1000) });
    assert.equal(first.status, 204);
    const tusFiles = () => readdirSync(join(f.dir, 'tus')).sort();
    const uploads = async () => (await f.gk.runtime.store.resources.list(f.firmId, 'tus-upload', { parent: created.id })).map((u) => u.id);
    const filesBefore = tusFiles();
    const uploadsBefore = await uploads();
    assert.equal(uploadsBefore.length, 1);

    for (const version of ['0.2.0', null]) {
      const headers = async (extra: Record<string, string> = {}) => {
        const all = await tusHeaders(session, extra);
        if (version === null) delete all['tus-resumable'];
        else all['tus-resumable'] = version;
        return all;
      };
      const metadata = `filename ${Buffer.from('Anlage.pdf').toString('base64')}`;
      const answers = {
        POST: await fetch(`${f.endpoint}/v1/upload/tus`, { method: 'POST', headers: await headers({ 'upload-length': '2000', 'upload-metadata': metadata }) }),
        HEAD: await fetch(url, { method: 'HEAD', headers: await headers() }),
        PATCH: await fetch(url, { method: 'PATCH', headers: await headers({ 'upload-offset': '1000', 'content-type': 'application/offset+octet-stream' }), body: new Uint8Array(500) }),
        DELETE: await fetch(url, { method: 'DELETE', headers: await headers() }),
      };
      for (const [method, answer] of Object.entries(answers)) {
        const what = `${method} with Tus-Resumable ${version ?? '(none)'}`;
        assert.equal(answer.status, 412, what);
        assert.equal(answer.headers.get('tus-version'), '1.0.0', `${what}: says the version it speaks`);
        assert.equal(answer.headers.get('location'), null, `${what}: no upload URL`);
      }
      assert.equal(await tusOffset(url, session), 1000, `Tus-Resumable ${version ?? '(none)'}: no byte taken, the upload not removed`);
      assert.deepEqual(await uploads(), uploadsBefore, `Tus-Resumable ${version ?? '(none)'}: no upload recorded`);
      assert.deepEqual(tusFiles(), filesBefore, `Tus-Resumable ${version ?? '(none)'}: no upload made on disk`);
    }

    // In the version it speaks, the same upload goes on from where it was.
    const rest = await fetch(url, { method: 'PATCH', headers: await tusHeaders(session, { 'upload-offset': '1000', 'content-type': 'application/offset+octet-stream' }), body: new Uint8Array(2000) });
    assert.equal(rest.status, 204);
    assert.equal(await tusOffset(url, session), 3000);
  });

  it('too big: 413 on create, before any byte is sent', async () => {
    const { session } = await request({ limits: { maxFileSize: 10_000 } });
    assert.deepEqual(tusCode(await tusUpload(f.endpoint, session, pdfBytes(10_001)).catch((e) => e)), { status: 413, code: 'file_too_large' });
  });


  it('each refusal says why in the uploader’s language: German or English, by Accept-Language, with the same code', async () => {
    const view = await f.gk.links.create(f.firmId, { kind: 'view', resource: { type: 'share', id: 's' }, recipient: uploader });
    const viewSession = await openUploadLink(f.endpoint, view.token);
    const { session } = await request({ limits: { maxFileSize: 10_000 } });
    const withLanguage = (language: string, headers: Record<string, string> = {}) => ({ ...headers, 'accept-language': language });
    const refusals: Array<{ what: string; send: (language: string) => Promise<Response>; status: number; code: string; de: string; en: string }> = [
      {
        what: 'a view link on the tus endpoint',
        send: async (language) => beginTusUpload(f.endpoint, viewSession, 1000, { filename: 'Bescheid.pdf' }, withLanguage(language)),
        status: 403,
        code: 'scope_forbidden',
        de: 'Dieser Link erlaubt das nicht.',
        en: 'This link does not allow that.',
      },
      {
        what: 'an upload link on a share route',
        send: async (language) => fetch(`${f.endpoint}/v1/share`, { headers: withLanguage(language, { authorization: await session.authorization() }) }),
        status: 403,
        code: 'scope_forbidden',
        de: 'Dieser Link erlaubt das nicht.',
        en: 'This link does not allow that.',
      },
      {
        what: 'a name that climbs out of the folder',
        send: async (language) => beginTusUpload(f.endpoint, session, 1000, { filename: '../../etc/passwd' }, withLanguage(language)),
        status: 400,
        code: 'invalid_file_name',
        de: 'Dieser Dateiname kann nicht verwendet werden. Bitte benennen Sie die Datei um und versuchen Sie es erneut.',
        en: 'This file name cannot be used. Please rename the file and try again.',
      },
      {
        what: 'a file larger than the request allows',
        send: async (language) => beginTusUpload(f.endpoint, session, 10_001, { filename: 'Bilanz.pdf' }, withLanguage(language)),
        status: 413,
        code: 'file_too_large',
        de: 'Diese Datei ist größer als erlaubt.',
        en: 'This file is larger than allowed.',
      },
      {
        what: 'a file whose SHA-256 is not the one the uploader computed',
        send: async (language) => {
          // A refused file is not kept: each language gets an upload of its own.
          const bytes = pdfBytes(2000);
          const { id } = await tusUpload(f.endpoint, session, bytes);
          return fetch(`${f.endpoint}/v1/upload/files`, {
            method: 'POST',
            headers: withLanguage(language, { authorization: await session.authorization(), 'content-type': 'application/json', 'idempotency-key': `k-mismatch-${id}` }),
            body: JSON.stringify({ uploadId: id, sha256: sha256(Buffer.concat([bytes, Buffer.from('x')])) }),
          });
        },
        status: 422,
        code: 'checksum_mismatch',
        de: 'Die Datei ist beschädigt angekommen. Bitte laden Sie sie erneut hoch.',
        en: 'The file arrived damaged. Please upload it again.',
      },
    ];
    for (const { what, send, status, code, de, en } of refusals) {
      for (const [language, title, locale] of [['de-DE,de;q=0.9,en;q=0.5', de, 'de'], ['en-GB,en;q=0.9', en, 'en']] as const) {
        const response = await send(language);
        const body = (await response.json()) as { code: string; title: string; status: number };
        assert.deepEqual({ status: response.status, code: body.code, title: body.title }, { status, code, title }, `${what} (${locale})`);
        assert.equal(response.headers.get('content-language'), locale, `${what} (${locale})`);
      }
    }
  });
  it('a JSON body over the limit is refused by its Content-Length, 413, while the client is still sending it', async () => {
    const { session } = await request();
    const routes: Array<{ path: string; headers: Record<string, string> }> = [
      { path: '/v1/session', headers: {} },
      { path: '/v1/upload/files', headers: { authorization: await session.authorization(), 'idempotency-key': 'k-too-large-body-1' } },
    ];
    for (const { path, headers } of routes) {
      for (const declaredLength of [MAX_JSON_BYTES + 1, 50 * 1024 * 1024]) {
        const answer = await answerBeforeBody(`${f.endpoint}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          declaredLength,
          first: '{"token":"gk',
        });
        assert.equal(answer.status, 413, `${path} declaring ${declaredLength} bytes`);
        assert.match(answer.contentType, /^application\/problem\+json/);
        assert.equal((JSON.parse(answer.body) as { code: string }).code, 'payload_too_large');
      }
    }
  });

  it('a creation that defers its length (Upload-Defer-Length) is refused: every upload says its size first, so the limits hold before a byte comes (SECURITY.md U10)', async () => {
    const { session, request: made } = await request();
    const encoded = `filename ${Buffer.from('Bilanz.pdf').toString('base64')}`;
    const response = await fetch(`${f.endpoint}/v1/upload/tus`, { method: 'POST', headers: await tusHeaders(session, { 'upload-defer-length': '1', 'upload-metadata': encoded }) });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { code: string }).code, 'validation_failed');
    assert.deepEqual(await f.gk.runtime.store.resources.list(f.firmId, 'tus-upload', { parent: made.id }), [], 'no upload begun');
  });

  it('a PATCH carrying more than the upload’s declared length: 413 before its bytes are read, and the offset stays', async () => {
    const { session } = await request();
    const bytes = pdfBytes(3000);
    const begun = await beginTusUpload(f.endpoint, session, bytes.length, { filename: 'Bilanz.pdf' });
    const url = new URL(begun.headers.get('location')!, f.endpoint).href;
    const patch = async (offset: number, body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>) =>
      fetch(url, { method: 'PATCH', headers: await tusHeaders(session, { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) }), body, duplex: 'half' } as RequestInit);
    assert.equal((await patch(0, new Uint8Array(bytes.subarray(0, 1000)))).status, 204);
    assert.equal(await tusOffset(url, session), 1000);

    // Declared one byte past the end, a few bytes sent, the rest never: answered at once.
    const answer = await answerBeforeBody(url, {
      method: 'PATCH',
      headers: await tusHeaders(session, { 'content-type': 'application/offset+octet-stream', 'upload-offset': '1000' }),
      declaredLength: bytes.length - 1000 + 1,
      first: bytes.subarray(1000, 1010),
    });
    assert.equal(answer.status, 413);
    assert.equal(await tusOffset(url, session), 1000, 'not one byte of it was kept');

    // Without a Content-Length (chunked) the extra bytes show only as they stream: refused all the same.
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(1000, 2000));
        controller.enqueue(bytes.subarray(2000));
        controller.enqueue(new Uint8Array(1));
        controller.close();
      },
    });
    assert.equal((await patch(1000, chunked)).status, 413);
    assert.equal(await tusOffset(url, session), 1000, 'and none of the chunked one either');

    // The upload is intact: the right bytes finish it.
    assert.equal((await patch(1000, new Uint8Array(bytes.subarray(1000)))).status, 204);
    const id = url.split('/').pop()!;
    assert.equal((await finish(session, { uploadId: id, sha256: sha256(bytes) })).size, bytes.length);
  });

  it('too many: the request stops at maxFiles', async () => {
    const { session } = await request({ limits: { maxFiles: 1 } });
    const bytes = pdfBytes(3000);
    const { id } = await tusUpload(f.endpoint, session, bytes);
    await finish(session, { uploadId: id, sha256: sha256(bytes) });
    assert.deepEqual(tusCode(await tusUpload(f.endpoint, session, pdfBytes(3000)).catch((e) => e)), { status: 409, code: 'too_many_files' });
  });

  it('a creation whose answer was lost: the same file key again replaces that upload and gives its slot back; a malformed key is refused', async () => {
    const { session } = await request({ limits: { maxFiles: 1 } });
    const key = 'b1946ac9-2c1d-4b8e-9f0a-5d3c2e1f0a9b';
    // The POST reached the server, its answer did not reach the client: the upload exists and holds the only slot.
    const lost = await beginTusUpload(f.endpoint, session, 3000, { filename: 'Lohnabrechnung.pdf', gkFileKey: key });
    assert.equal(lost.status, 201);
    const lostUrl = new URL(lost.headers.get('location')!, f.endpoint).href;
    assert.equal(await tusOffset(lostUrl, session), 0);
    const other = await beginTusUpload(f.endpoint, session, 3000, { filename: 'Lohnabrechnung.pdf', gkFileKey: 'another-file-key-0000' });
    assert.equal(other.status, 409, 'another file finds no slot: the lost upload holds it');
    // The client tries again with the same key: a new upload, and the lost one is gone.
    const bytes = pdfBytes(3000);
    const { id, url } = await tusUpload(f.endpoint, session, bytes, { name: 'Lohnabrechnung.pdf', metadata: { gkFileKey: key } });
    assert.notEqual(url, lostUrl);
    assert.deepEqual(await tusOffset(lostUrl, session), { status: 404 }, 'the replaced upload and its file are forgotten');
    assert.equal((await finish(session, { uploadId: id, sha256: sha256(bytes) })).size, 3000);

    assert.equal(await apiCode(finish(session, { uploadId: lostUrl.split('/').pop()!, sha256: sha256(bytes) })), 'not_found', 'the replaced upload cannot be finished');

    for (const metadata of [{ gkFileKey: '../x' }, { gkFileKey: key, gkAttempt: '-1' }] as Record<string, string>[]) {
      const malformed = await beginTusUpload(f.endpoint, session, 3000, { filename: 'a.pdf', ...metadata });
      assert.equal(malformed.status, 400);
      assert.equal(((await malformed.json()) as { code: string }).code, 'validation_failed');
    }
  });

  it('an upload closed on record takes no more requests, even where its file could not be removed', async () => {
    const { session } = await request();
    const begun = await beginTusUpload(f.endpoint, session, 3000, { filename: 'Bescheid.pdf' });
    const url = new URL(begun.headers.get('location')!, f.endpoint).href;
    assert.equal(await tusOffset(url, session), 0);
    // Closed as a replacement or a refusal closes it, with its file still on disk (a failed removal).
    await closeTusUpload(f.gk.runtime, f.firmId, url.split('/').pop()!);
    assert.deepEqual(await tusOffset(url, session), { status: 404 });
    const patch = await fetch(url, {
      method: 'PATCH',
      headers: await tusHeaders(session, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }),
      body: new Uint8Array(3000),
    });
    assert.equal(patch.status, 404);
  });

  it('an older attempt of a file that arrives after a newer one (held up on the way) is refused, and the newer upload stays', async () => {
    const { session } = await request({ limits: { maxFiles: 1 } });
    const key = 'a7e1c0de-2c1d-4b8e-9f0a-5d3c2e1f0a9b';
    const newer = await beginTusUpload(f.endpoint, session, 3000, { filename: 'Bescheid.pdf', gkFileKey: key, gkAttempt: '1764280000200' });
    assert.equal(newer.status, 201);
    const newerUrl = new URL(newer.headers.get('location')!, f.endpoint).href;
    const older = await beginTusUpload(f.endpoint, session, 3000, { filename: 'Bescheid.pdf', gkFileKey: key, gkAttempt: '1764280000100' });
    assert.equal(older.status, 409);
    assert.equal(((await older.json()) as { code: string }).code, 'idempotency_in_flight');
    assert.equal(await tusOffset(newerUrl, session), 0, 'the newer upload is still there');
    // The same attempt again (tus-js-client retrying its own request) replaces it, as does a later one.
    const again = await beginTusUpload(f.endpoint, session, 3000, { filename: 'Bescheid.pdf', gkFileKey: key, gkAttempt: '1764280000200' });
    assert.equal(again.status, 201);
    assert.deepEqual(await tusOffset(newerUrl, session), { status: 404 });
    // A client that counts no attempts has no order to go by: its creation replaces, never waits for a 409 loop.
    const uncounted = await beginTusUpload(f.endpoint, session, 3000, { filename: 'Bescheid.pdf', gkFileKey: key });
    assert.equal(uncounted.status, 201);
  });

  it('a tus creation carrying bytes (creation-with-upload, not offered) is refused at once, before it could hold its file key’s turn', async () => {
    const { session } = await request();
    const key = 'b0d1e5c0-2c1d-4b8e-9f0a-5d3c2e1f0a9b';
    const encoded = `filename ${Buffer.from('a.pdf').toString('base64')},gkFileKey ${Buffer.from(key).toString('base64')}`;
    const withBody = await fetch(`${f.endpoint}/v1/upload/tus`, {
      method: 'POST',
      headers: await tusHeaders(session, { 'upload-length': '3000', 'upload-metadata': encoded, 'content-type': 'application/offset+octet-stream' }),
      body: new Uint8Array(100),
    });
    assert.equal(withBody.status, 400);
    assert.equal(((await withBody.json()) as { code: string }).code, 'validation_failed');
    assert.equal((await beginTusUpload(f.endpoint, session, 3000, { filename: 'a.pdf', gkFileKey: key })).status, 201);
  });

  it('regression: a tus creation whose bytes come with neither Content-Length nor Transfer-Encoding (HTTP/2, a fetch-style runtime) is refused at once too; one without the type that announces bytes has its body ignored', async () => {
    const { session } = await request();
    const trickling = (sent = { chunks: 0 }) =>
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent.chunks >= 5) return controller.close();
          sent.chunks++;
          await new Promise((resolve) => setTimeout(resolve, 200));
          controller.enqueue(new Uint8Array(100).fill(0x41));
        },
      });
    const create = async (type?: string) => {
      const sent = { chunks: 0 };
      const headers: Record<string, string> = await tusHeaders(session, { 'upload-length': '1000', 'upload-metadata': `filename ${Buffer.from('a.pdf').toString('base64')}` });
      if (type) headers['content-type'] = type;
      const response = await f.gk.handle(new Request(`${f.endpoint}/v1/upload/tus`, { method: 'POST', headers, body: trickling(sent), duplex: 'half' } as RequestInit), { ip: '203.0.113.7' });
      return { response, chunks: sent.chunks };
    };
    for (const type of ['application/offset+octet-stream', 'Application/Offset+Octet-Stream; charset=binary']) {
      const { response, chunks } = await create(type);
      assert.equal(response.status, 400, type);
      assert.equal(((await response.json()) as { code: string }).code, 'validation_failed');
      assert.ok(chunks <= 1, `answered before the body came in (${chunks} chunks read)`);
    }
    const { response } = await create();
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('upload-offset'), null, 'no bytes taken with the creation');
    const url = new URL(response.headers.get('location')!, f.endpoint).href;
    assert.equal(await tusOffset(url, session), 0);
  });

  it('replacing an upload first stops a PATCH still writing to it (answered, not 500), then removes its bytes', async () => {
    const { session } = await request({ limits: { maxFiles: 1 } });
    const key = 'feedbead-2c1d-4b8e-9f0a-5d3c2e1f0a9b';
    const size = 4 * 1024 * 1024;
    const first = await beginTusUpload(f.endpoint, session, size, { filename: 'Jahresabschluss.pdf', gkFileKey: key, gkAttempt: '1' });
    assert.equal(first.status, 201);
    const firstUrl = new URL(first.headers.get('location')!, f.endpoint).href;
    const firstId = firstUrl.split('/').pop()!;
    // A PATCH that sends 64 KiB and then waits: an abandoned client's request, still open.
    const { reached: started, reach: sent } = signal();
    let stop!: () => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(64 * 1024));
        sent();
        stop = () => controller.close();
      },
    });
    const patching = fetch(firstUrl, {
      method: 'PATCH',
      headers: await tusHeaders(session, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }),
      body,
      duplex: 'half',
    } as RequestInit);
    await started;
    // Wait for the first bytes on disk (not by HEAD: tus would stop the PATCH for it).
    const onDisk = () => statSync(join(f.dir, 'tus', firstId), { throwIfNoEntry: false })?.size ?? 0;
    const deadline = Date.now() + 10_000;
    while (onDisk() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(onDisk() > 0, 'the PATCH is writing');
    const second = await beginTusUpload(f.endpoint, session, size, { filename: 'Jahresabschluss.pdf', gkFileKey: key, gkAttempt: '2' });
    assert.equal(second.status, 201, 'the new attempt replaces the upload being written');
    // Stopped by the server while its body is still open, not left writing into a removed file.
    const patched = await Promise.race([patching, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
    stop();
    assert.ok(patched, 'the PATCH was answered while the client was still sending');
    assert.ok(patched.status < 500, `the PATCH was stopped, not broken: ${patched.status} ${await patched.text()}`);
    assert.deepEqual(readdirSync(join(f.dir, 'tus')).filter((name) => name.startsWith(firstId)), [], 'its bytes and metadata are gone');
  });

  it('two creations with the same file key at once (a retry while the first is still being made): one upload is left, and the slot is free for another file', async () => {
    const { session } = await request({ limits: { maxFiles: 2 } });
    const key = 'd00dfeed-2c1d-4b8e-9f0a-5d3c2e1f0a9b';
    const both = await Promise.all([0, 1].map(() => beginTusUpload(f.endpoint, session, 3000, { filename: 'Kontoauszug.pdf', gkFileKey: key })));
    assert.deepEqual(both.map((r) => r.status), [201, 201]);
    const alive = await Promise.all(both.map((r) => tusOffset(new URL(r.headers.get('location')!, f.endpoint).href, session)));
    assert.deepEqual(alive.filter((a) => a === 0).length, 1, `one upload left: ${JSON.stringify(alive)}`);
    const another = await beginTusUpload(f.endpoint, session, 3000, { filename: 'Lohnzettel.pdf', gkFileKey: 'another-file-key-0001' });
    assert.equal(another.status, 201, 'the second slot is free');
  });

  it('a file key replaces only an upload of the same link: the same key under another link of the request leaves it alone', async () => {
    const created = await request({ limits: { maxFiles: 2 } });
    const key = 'c0ffee00-2c1d-4b8e-9f0a-5d3c2e1f0a9b';
    const first = await beginTusUpload(f.endpoint, created.session, 3000, { filename: 'a.pdf', gkFileKey: key });
    assert.equal(first.status, 201);
    const firstUrl = new URL(first.headers.get('location')!, f.endpoint).href;
    // A second link to the same request (a fresh link, say).
    const second = await f.gk.links.create(f.firmId, { kind: 'upload', resource: { type: 'upload-request', id: created.request.id }, recipient: uploader });
    const secondSession = await openUploadLink(f.endpoint, second.token);
    const theirs = await beginTusUpload(f.endpoint, secondSession, 3000, { filename: 'a.pdf', gkFileKey: key });
    assert.equal(theirs.status, 201);
    assert.equal(await tusOffset(firstUrl, created.session), 0, 'the first link’s upload is still there');
  });

  it('regression: a cancelled or refused upload no longer holds one of the maxFiles slots', async () => {
    const { session } = await request({ limits: { maxFiles: 2 } });
    const paused = await tusUpload(f.endpoint, session, pdfBytes(3 * 1024 * 1024), { chunkSize: 1024 * 1024, stopAfter: 1024 * 1024 });
    const cancel = await fetch(paused.url, { method: 'DELETE', headers: { 'tus-resumable': '1.0.0', authorization: await session.authorization() } });
    assert.equal(cancel.status, 204);
    const bad = pdfBytes(2000);
    const refused = await tusUpload(f.endpoint, session, bad);
    assert.equal(await apiCode(finish(session, { uploadId: refused.id, sha256: '0'.repeat(64) })), 'checksum_mismatch');
    for (let i = 0; i < 2; i++) {
      const bytes = pdfBytes(1000 + i);
      const { id } = await tusUpload(f.endpoint, session, bytes);
      await finish(session, { uploadId: id, sha256: sha256(bytes) });
    }
  });

  it('regression: an upload that can no longer go on (its link revoked, or expired past the grace window) gives its maxFiles slot back at once, and GET /v1/upload says the same as a creation', async () => {
    const MiB = 1024 * 1024;
    const remaining = async (session: Awaited<ReturnType<typeof openUploadLink>>) =>
      ((await (await fetch(`${f.endpoint}/v1/upload`, { headers: { authorization: await session.authorization() } })).json()) as { filesRemaining: number }).filesRemaining;
    for (const end of ['expired', 'revoked'] as const) {
      const first = await request({ limits: { maxFiles: 1 }, linkTtlSeconds: 3600, graceSeconds: 600 });
      const bytes = pdfBytes(3 * MiB);
      const begun = await tusUpload(f.endpoint, first.session, bytes, { chunkSize: MiB, stopAfter: MiB });
      // Another link to the request (a fresh one, say), for longer.
      const other = await f.gk.links.create(f.firmId, { kind: 'upload', resource: { type: 'upload-request', id: first.request.id }, recipient: uploader, ttlSeconds: 30 * 86_400 });
      assert.equal(await remaining(await openUploadLink(f.endpoint, other.token)), 0, `${end}: the first link's upload may still go on, so it holds the slot`);
      assert.deepEqual(tusCode(await tusUpload(f.endpoint, await openUploadLink(f.endpoint, other.token), bytes).catch((e) => e)), { status: 409, code: 'too_many_files' });
      assert.equal(await remaining(first.session), 1, `${end}: its own visitor may resume it`);

      if (end === 'expired') f.advance(3600_000 + 601_000);
      else await f.gk.links.revoke(f.firmId, first.link.link.id);
      const fresh = await openUploadLink(f.endpoint, other.token);
      assert.equal(await remaining(fresh), 1, `${end}: the slot is free`);
      assert.deepEqual(await tusOffset(begun.url, fresh), { status: 404 }, 'the old upload is not the fresh link’s to resume');
      const { id } = await tusUpload(f.endpoint, fresh, bytes, { chunkSize: MiB });
      assert.equal((await finish(fresh, { uploadId: id, sha256: sha256(bytes) })).sha256, sha256(bytes), `${end}: the fresh link uploads the one file`);
    }
  });

  it('regression: a CSV saved by German Excel (Windows-1252) is text, not refused', async () => {
    const { session } = await request({ limits: { allowedTypes: ['text/csv'] } });
    const bytes = Buffer.from('Datum;Betrag;Verwendungszweck\r\n01.12.2025;12,50;Büromaterial für März\r\n', 'latin1');
    const { id } = await tusUpload(f.endpoint, session, bytes, { name: 'Umsätze.csv' });
    assert.equal((await finish(session, { uploadId: id, sha256: sha256(bytes) })).type, 'text/csv');
  });

  it('wrong type: a .pdf that is really an executable is refused on its bytes and not kept', async () => {
    const { session, request: req } = await request();
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), pdfBytes(5000).subarray(16)]);
    const before = blobCount();
    const { id } = await tusUpload(f.endpoint, session, elf, { name: 'Rechnung.pdf' });
    assert.equal(await apiCode(finish(session, { uploadId: id, sha256: sha256(elf) })), 'file_type_not_allowed');
    assert.equal(blobCount(), before);
    assert.equal((await f.gk.uploads.listFiles(f.firmId, req.id)).length, 0);
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
    const second = await tusUpload(f.endpoint, session, exe, { name: 'scan.pdf' });
    assert.equal(await apiCode(finish(session, { uploadId: second.id, sha256: sha256(exe) })), 'file_type_not_allowed');
    assert.deepEqual(tusCode(await tusUpload(f.endpoint, session, pdfBytes(100), { name: 'tool.exe' }).catch((e) => e)), { status: 415, code: 'file_type_not_allowed' });
  });

  it('path traversal and hostile names are refused with invalid_file_name', async () => {
    const { session } = await request();
    for (const name of ['../../etc/passwd', '..\\x.pdf', '%2e%2e%2fx.pdf', 'a\u0000.pdf', 'invoice\u202Efdp.pdf', 'x.pdf\r\nContent-Type: text/html', '']) {
      const error = await tusUpload(f.endpoint, session, pdfBytes(100), { name }).catch((e) => e);
      assert.deepEqual(tusCode(error), { status: 400, code: 'invalid_file_name' }, JSON.stringify(name));
    }
  });

  it('checksum mismatch: 422, nothing stored', async () => {
    const { session, request: req } = await request();
    const bytes = pdfBytes(20_000);
    const before = blobCount();
    const { id } = await tusUpload(f.endpoint, session, bytes);
    const wrong = sha256(Buffer.concat([bytes, Buffer.from('x')]));
    assert.equal(await apiCode(finish(session, { uploadId: id, sha256: wrong })), 'checksum_mismatch');
    assert.equal(blobCount(), before);
    assert.equal((await f.gk.uploads.listFiles(f.firmId, req.id)).length, 0);
    const events = await f.gk.audit.list(f.firmId, { resource: { type: 'upload-request', id: req.id } });
    assert.ok(events.some((e) => e.type === 'upload.rejected' && e.data.reason === 'checksum_mismatch'));
  });

  it('incomplete upload cannot be finished', async () => {
    const { session } = await request();
    const response = await fetch(`${f.endpoint}/v1/upload/tus`, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-length': '5000', 'upload-metadata': `filename ${Buffer.from('a.pdf').toString('base64')}`, authorization: await session.authorization() },
    });
    assert.equal(response.status, 201);
    const id = response.headers.get('location')!.split('/').pop()!;
    assert.equal(await apiCode(finish(session, { uploadId: id, sha256: '0'.repeat(64) })), 'upload_incomplete');
  });

  it('expired link: no new uploads; an upload begun before expiry finishes within the grace window, not after', async () => {
    const { session, link } = await request({ linkTtlSeconds: 3600, graceSeconds: 600 });
    const bytes = pdfBytes(6 * 1024 * 1024);
    const started = await tusUpload(f.endpoint, session, bytes, { chunkSize: 1024 * 1024, stopAfter: 2 * 1024 * 1024 });
    assert.equal(started.stopped, true, 'paused half-way');
    // The widget renews its session while it works; the last one lives until the link's end.
    f.advance(50 * 60_000);
    const working = await openUploadLink(f.endpoint, link.token);
    f.advance(11 * 60_000); // the link expired a minute ago
    assert.deepEqual(tusCode(await tusUpload(f.endpoint, working, pdfBytes(100)).catch((e) => e)), { status: 410, code: 'link_expired' }, 'no new upload, and the link says why');
    const reopen = await fetch(`${f.endpoint}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: link.token }) });
    assert.equal(((await reopen.json()) as { code: string }).code, 'link_expired', 'and the link says why');
    // A session that ran out before the link's end (at minute 15) is no way back in.
    const stale = await fetch(started.url, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: await session.authorization() } });
    assert.equal(stale.status, 410, 'an older session stays dead in the grace window: the link has ended');
    const resumed = await tusUpload(f.endpoint, working, bytes, { uploadUrl: started.url, chunkSize: 1024 * 1024 });
    const file = await finish(working, { uploadId: resumed.id, sha256: sha256(bytes) });
    assert.equal(file.sha256, sha256(bytes));

    const { session: later } = await request({ linkTtlSeconds: 3600, graceSeconds: 600 });
    const begun = await fetch(`${f.endpoint}/v1/upload/tus`, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-length': '5000', 'upload-metadata': `filename ${Buffer.from('b.pdf').toString('base64')}`, authorization: await later.authorization() },
    });
    const laterId = begun.headers.get('location')!.split('/').pop()!;
    f.advance(3600_000 + 601_000); // past expiry and grace
    const head = await fetch(`${f.endpoint}/v1/upload/tus/${laterId}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: await later.authorization() } });
    assert.equal(head.status, 410);
  });

  it('an expired session goes on with nothing while its link is live (the client renews it): only the grace after the link’s end stretches it', async () => {
    const MiB = 1024 * 1024;
    const { session, link } = await request({ linkTtlSeconds: 3600, graceSeconds: 600 });
    const bytes = pdfBytes(3 * MiB);
    const started = await tusUpload(f.endpoint, session, bytes, { chunkSize: MiB, stopAfter: MiB });
    const stale = await session.authorization();
    f.advance(20 * 60_000); // the 15-minute session ran out; the link has 40 minutes left
    const headers = { 'tus-resumable': '1.0.0', authorization: stale };
    const head = await fetch(started.url, { method: 'HEAD', headers });
    assert.equal(head.status, 401, 'HEAD (no body to say why)');
    const patch = await fetch(started.url, { method: 'PATCH', headers: { ...headers, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(MiB) }, body: new Uint8Array(10) });
    assert.equal(patch.status, 401, 'no bytes with an expired session');
    assert.equal(((await patch.json()) as { code: string }).code, 'session_invalid');
    const finishing = await fetch(`${f.endpoint}/v1/upload/files`, { method: 'POST', headers: { authorization: stale, 'content-type': 'application/json', 'idempotency-key': 'k-stale-session-1' }, body: JSON.stringify({ uploadId: started.id, sha256: sha256(bytes) }) });
    assert.equal(finishing.status, 401, 'no finish with an expired session');
    // The client renews (exchanges the link again, which is live) and the same upload goes on.
    const renewed = await openUploadLink(f.endpoint, link.token);
    const resumed = await tusUpload(f.endpoint, renewed, bytes, { uploadUrl: started.url, chunkSize: MiB });
    assert.equal(resumed.id, started.id);
    assert.equal((await finish(renewed, { uploadId: resumed.id, sha256: sha256(bytes) })).sha256, sha256(bytes));
  });

  it('deadline: an upload before it is on time, one after it is late when allowed, refused when not', async () => {
    // The fixture's clock runs ahead of the wall clock (earlier tests moved it): read the server's now.
    const serverNow = Date.parse((await request()).request.createdAt);
    const deadline = new Date(serverNow + 60_000).toISOString();
    const allowed = await request({ deadline, lateUploads: 'allow' });
    const refused = await request({ deadline, lateUploads: 'refuse' });
    const onTime = pdfBytes(1000);
    const first = await tusUpload(f.endpoint, allowed.session, onTime);
    assert.equal((await finish(allowed.session, { uploadId: first.id, sha256: sha256(onTime) })).late, false, 'before the deadline');
    f.advance(120_000);
    const bytes = pdfBytes(1001);
    const { id } = await tusUpload(f.endpoint, allowed.session, bytes);
    assert.equal((await finish(allowed.session, { uploadId: id, sha256: sha256(bytes) })).late, true, 'after the deadline');
    assert.deepEqual(
      (await f.gk.uploads.listFiles(f.firmId, allowed.request.id)).map((file) => file.late),
      [false, true],
      'the firm sees the same',
    );
    assert.deepEqual(tusCode(await tusUpload(f.endpoint, refused.session, bytes).catch((e) => e)), { status: 410, code: 'upload_closed' });
  });

  it('regression: the deadline counts when a file arrives, not when its upload began; refused late files may go on for the grace window after it, not a day', async () => {
    const MiB = 1024 * 1024;
    const serverNow = Date.parse((await request()).request.createdAt);
    const deadline = new Date(serverNow + 60_000).toISOString();
    const refused = await request({ deadline, lateUploads: 'refuse', graceSeconds: 600, linkTtlSeconds: 30 * 86_400 });
    const allowed = await request({ deadline, lateUploads: 'allow', linkTtlSeconds: 30 * 86_400 });
    const files = { sentInGrace: pdfBytes(3 * MiB), pausedTooLong: pdfBytes(3 * MiB), unfinished: pdfBytes(2000), allowed: pdfBytes(3 * MiB) };
    // Before the deadline: three uploads begun (one of them whole) on the request that refuses late files, one on the other.
    const sentInGrace = await tusUpload(f.endpoint, refused.session, files.sentInGrace, { chunkSize: MiB, stopAfter: MiB });
    const pausedTooLong = await tusUpload(f.endpoint, refused.session, files.pausedTooLong, { chunkSize: MiB, stopAfter: MiB });
    const unfinished = await tusUpload(f.endpoint, refused.session, files.unfinished);
    const lateAllowed = await tusUpload(f.endpoint, allowed.session, files.allowed, { chunkSize: MiB, stopAfter: MiB });

    f.advance(60_000 + 5 * 60_000); // five minutes past the deadline: within the grace window
    const inGrace = await openUploadLink(f.endpoint, refused.link.token);
    assert.deepEqual(tusCode(await tusUpload(f.endpoint, inGrace, pdfBytes(1000)).catch((e) => e)), { status: 410, code: 'upload_closed' }, 'nothing new after the deadline');
    await tusUpload(f.endpoint, inGrace, files.sentInGrace, { uploadUrl: sentInGrace.url, chunkSize: MiB });
    const received = await finish(inGrace, { uploadId: sentInGrace.id, sha256: sha256(files.sentInGrace) });
    assert.equal(received.late, true, 'begun in time, received after the deadline: late');

    f.advance(6 * 60_000); // past the deadline and its grace window
    const closed = await openUploadLink(f.endpoint, refused.link.token);
    assert.deepEqual(tusCode(await tusUpload(f.endpoint, closed, files.pausedTooLong, { uploadUrl: pausedTooLong.url, chunkSize: MiB }).catch((e) => e)), { status: 410, code: 'upload_closed' }, 'no more bytes');
    assert.equal(await tusOffset(pausedTooLong.url, closed), MiB, 'what arrived is kept as it was');
    assert.equal(await apiCode(finish(closed, { uploadId: unfinished.id, sha256: sha256(files.unfinished) })), 'upload_closed', 'no finish');
    assert.deepEqual((await f.gk.uploads.listFiles(f.firmId, refused.request.id)).map((file) => [file.id, file.late]), [[received.id, true]]);
    assert.equal((await f.gk.uploads.getRequest(f.firmId, refused.request.id)).fileCount, 1, 'nothing counted after the window');
    assert.deepEqual(await finish(closed, { uploadId: sentInGrace.id, sha256: sha256(files.sentInGrace) }), received, 'a file received in time is still answered');

    f.advance(20 * 3600_000); // late files are taken: any time the upload may be resumed (a day)
    const later = await openUploadLink(f.endpoint, allowed.link.token);
    await tusUpload(f.endpoint, later, files.allowed, { uploadUrl: lateAllowed.url, chunkSize: MiB });
    assert.equal((await finish(later, { uploadId: lateAllowed.id, sha256: sha256(files.allowed) })).late, true, 'begun in time, sent a day after: late');
  });

  it('regression: past the deadline and its grace window a finish is refused (upload_closed) before the file’s bytes are read', async () => {
    const serverNow = Date.parse((await request()).request.createdAt);
    const deadline = new Date(serverNow + 60_000).toISOString();
    const { session, request: req } = await request({ deadline, lateUploads: 'refuse', graceSeconds: 60 });
    // Bytes that are refused on their type once they are read: an executable named .pdf.
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), pdfBytes(5000).subarray(16)]);
    const { id, url } = await tusUpload(f.endpoint, session, elf, { name: 'Rechnung.pdf' });
    f.advance(60_000 + 61_000); // past the deadline and its grace window
    assert.equal(await apiCode(finish(session, { uploadId: id, sha256: sha256(elf) })), 'upload_closed', 'refused on the time, not on the bytes');
    assert.equal(await tusOffset(url, session), elf.length, 'the upload is left as it was');
    const events = await f.gk.audit.list(f.firmId, { resource: { type: 'upload-request', id: req.id } });
    assert.deepEqual(events.filter((event) => event.type === 'upload.rejected'), [], 'no refusal of its bytes');
  });

  it('deactivated: closed, and its links are revoked', async () => {
    const { session, request: req, link } = await request();
    await f.gk.uploads.deactivate(f.firmId, req.id);
    assert.deepEqual(tusCode(await tusUpload(f.endpoint, session, pdfBytes(100)).catch((e) => e)), { status: 410, code: 'link_revoked' });
    const again = await fetch(`${f.endpoint}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: link.token }) });
    assert.equal(again.status, 410);
  });

  it('uploader details, when the firm asks for them', async () => {
    const { session } = await request({ requireUploaderName: true, requireUploaderEmail: true });
    const bytes = pdfBytes(1000);
    const { id } = await tusUpload(f.endpoint, session, bytes);
    assert.equal(await apiCode(finish(session, { uploadId: id, sha256: sha256(bytes) })), 'uploader_details_required');
    // A name that would write lines of its own into the firm's notification.
    for (const name of ['Bernd\r\n\r\nThe virus scan cleared this file.', 'Bernd\u2028Bitte zahlen Sie', 'Bernd\u0007']) {
      assert.equal(await apiCode(finish(session, { uploadId: id, sha256: sha256(bytes), uploader: { name, email: 'bo@client.example' } })), 'validation_failed', JSON.stringify(name));
    }
    // An address that is there but no address is the body's fault, refused by its schema before the request's rules.
    const invalid = await finish(session, { uploadId: id, sha256: sha256(bytes), uploader: { name: 'Bo', email: 'bo at client' } }).catch((e: unknown) => e);
    assert.ok(isGuestkitApiError(invalid));
    assert.equal(invalid.code, 'validation_failed');
    assert.deepEqual(invalid.problem.issues?.map((issue) => issue.path), ['uploader.email']);
    const ok = await finish(session, { uploadId: id, sha256: sha256(bytes), uploader: { name: 'Bo', email: 'bo@client.example' } });
    assert.equal(ok.status, 'clean');
  });

  // Regression: the widget took these, the adapter refused them (its rule was zod's default), and
  // refused bo@bücher.de too. Now one rule (src/protocol/email.ts) for both.
  it('uploader details: the e-mail address by the one rule — an internationalised domain is taken, ü before the @ is refused as such', async () => {
    const { session, request: req } = await request({ requireUploaderEmail: true });
    const bytes = pdfBytes(1000);
    const { id } = await tusUpload(f.endpoint, session, bytes);
    for (const [email, message] of [['müller@firma.de', /ASCII before the @.*SMTPUTF8/], ['a..b@x.de', /^Invalid input$/], ['bo@x.c', /^Invalid input$/], ['.bo@x.de', /^Invalid input$/]] as const) {
      const refused = await finish(session, { uploadId: id, sha256: sha256(bytes), uploader: { email } }).catch((e: unknown) => e);
      assert.ok(isGuestkitApiError(refused), email);
      assert.deepEqual([refused.code, refused.problem.issues?.map((issue) => issue.path)], ['validation_failed', ['uploader.email']], email);
      assert.match(refused.problem.issues![0]!.message, message, email);
    }
    // As Chromium's e-mail field hands it over (punycode), kept as the firm would write it (core/email.ts).
    const ok = await finish(session, { uploadId: id, sha256: sha256(bytes), uploader: { email: 'Bo@XN--BCHER-KVA.de' } });
    const [stored] = await f.gk.uploads.listFiles(f.firmId, req.id);
    assert.deepEqual([ok.status, stored?.uploaderEmail], ['clean', 'bo@bücher.de']);
  });

  // Regression: the refusal said "name and e-mail address" whatever was missing, and not which field.
  const askBoth = { requireUploaderName: true, requireUploaderEmail: true };
  const missingDetails: Array<{ what: string; asks: Record<string, boolean>; uploader?: { name?: string; email?: string }; paths: string[]; de: string; en: string }> = [
    { what: 'only the name missing', asks: askBoth, uploader: { email: 'bo@client.example' }, paths: ['uploader.name'], de: 'Bitte geben Sie Ihren Namen an.', en: 'Please enter your name.' },
    { what: 'a name of blanks', asks: askBoth, uploader: { name: '   ', email: 'bo@client.example' }, paths: ['uploader.name'], de: 'Bitte geben Sie Ihren Namen an.', en: 'Please enter your name.' },
    { what: 'only the e-mail address missing', asks: askBoth, uploader: { name: 'Bo' }, paths: ['uploader.email'], de: 'Bitte geben Sie Ihre E-Mail-Adresse an.', en: 'Please enter your e-mail address.' },
    {
      what: 'both missing',
      asks: askBoth,
      paths: ['uploader.name', 'uploader.email'],
      de: 'Bitte geben Sie Ihren Namen und Ihre E-Mail-Adresse an.',
      en: 'Please enter your name and e-mail address.',
    },
    { what: 'the name missing, the only detail asked', asks: { requireUploaderName: true }, uploader: {}, paths: ['uploader.name'], de: 'Bitte geben Sie Ihren Namen an.', en: 'Please enter your name.' },
    { what: 'the e-mail address missing, the only detail asked', asks: { requireUploaderEmail: true }, uploader: { name: 'Bo' }, paths: ['uploader.email'], de: 'Bitte geben Sie Ihre E-Mail-Adresse an.', en: 'Please enter your e-mail address.' },
  ];
  for (const { what, asks, uploader: given, paths, de, en } of missingDetails) {
    it(`uploader details, ${what}: the refusal names it, in \`issues\` (${paths.join(', ')}) and in the uploader’s language`, async () => {
      const { session } = await request(asks);
      const bytes = pdfBytes(1000);
      const { id } = await tusUpload(f.endpoint, session, bytes);
      const body = { uploadId: id, sha256: sha256(bytes), ...(given ? { uploader: given } : {}) };
      for (const [language, title, locale] of [['de-DE,de;q=0.9,en;q=0.5', de, 'de'], ['en-GB,en;q=0.9', en, 'en']] as const) {
        const response = await fetch(`${f.endpoint}/v1/upload/files`, {
          method: 'POST',
          headers: { authorization: await session.authorization(), 'content-type': 'application/json', 'idempotency-key': `k-details-${locale}-${id}`, 'accept-language': language },
          body: JSON.stringify(body),
        });
        const problem = (await response.json()) as { code: string; title: string; detail?: string; issues?: { path: string; message: string }[] };
        assert.deepEqual(
          { status: response.status, code: problem.code, title: problem.title, paths: problem.issues?.map((issue) => issue.path) },
          { status: 400, code: 'uploader_details_required', title, paths },
          locale,
        );
        assert.equal(problem.detail, undefined, `${locale}: a detail, never translated, would stand in for the title`);
      }
      // Through the typed client (no language asked: English), the error's message is that title.
      const refused = await finish(session, body).catch((e: unknown) => e);
      assert.ok(isGuestkitApiError(refused));
      assert.deepEqual({ code: refused.code, message: refused.message, paths: refused.problem.issues?.map((issue) => issue.path) }, { code: 'uploader_details_required', message: en, paths });
    });
  }

  it('infected files are quarantined: recorded, never served', async () => {
    const { session, request: req } = await request({ limits: { allowedTypes: ['text/plain'] } });
    const bytes = Buffer.from(EICAR);
    const { id } = await tusUpload(f.endpoint, session, bytes, { name: 'eicar.txt' });
    const file = await finish(session, { uploadId: id, sha256: sha256(bytes) });
    assert.equal(file.status, 'infected');
    await assert.rejects(f.gk.uploads.readFile(f.firmId, file.id), (e: Error & { code?: string }) => e.code === 'file_quarantined');
    const response = await f.call('GET', `/v1/admin/files/${file.id}/content`, { headers: { authorization: `Bearer ${f.apiKey}` }, origin: null });
    assert.equal(response.status, 403);
    await assert.rejects(f.gk.documents.fromUpload(f.firmId, file.id), (e: Error & { code?: string }) => e.code === 'file_quarantined', 'not shareable');
    const shared = await fetch(`${f.endpoint}/v1/admin/documents/from-upload/${file.id}`, { method: 'POST', headers: { authorization: `Bearer ${f.apiKey}` } });
    assert.deepEqual([shared.status, ((await shared.json()) as { code: string }).code], [403, 'file_quarantined']);
    assert.equal((await f.gk.documents.list(f.firmId)).length, 0, 'no document was made of it');
    const types = (await f.gk.audit.list(f.firmId, { resource: { type: 'upload-request', id: req.id } })).map((e) => e.type);
    assert.ok(types.includes('upload.quarantined'));
  });
});

describe('files the scanner cannot clear', () => {
  let f: HttpFixture;
  // The verdict is chosen by the file's name, so each case is one upload.
  const scanner: Scanner = {
    async scan(file) {
      if (file.name.startsWith('throws')) throw new Error('scan engine unreachable');
      if (file.name.startsWith('unknown')) return { verdict: 'suspicious' as ScanVerdict };
      if (file.name.startsWith('error')) return { verdict: 'error' };
      if (file.name.startsWith('unscannable')) return { verdict: 'unscannable' };
      return { verdict: 'clean' };
    },
  };
  before(async () => {
    f = await createHttpFixture({ scanner });
  });
  after(() => f.close());

  it('a scanner that throws, errs or answers an unknown verdict leaves the file unscannable: recorded, never served, never shareable', async () => {
    const { request, link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Prüfung', uploader });
    const session = await openUploadLink(f.endpoint, link.token);
    const admin = { authorization: `Bearer ${f.apiKey}` };
    const received = new Map<string, string>();
    for (const name of ['clean.pdf', 'throws.pdf', 'unknown.pdf', 'error.pdf', 'unscannable.pdf']) {
      const bytes = pdfBytes(2000);
      const { id } = await tusUpload(f.endpoint, session, bytes, { name });
      const file = await finish(session, { uploadId: id, sha256: sha256(bytes) });
      assert.equal(file.status, name === 'clean.pdf' ? 'clean' : 'unscannable', name);
      received.set(name, file.id);
    }
    const listed = await f.gk.uploads.listFiles(f.firmId, request.id);
    assert.deepEqual(Object.fromEntries(listed.map((file) => [file.name, file.status])), {
      'clean.pdf': 'clean',
      'throws.pdf': 'unscannable',
      'unknown.pdf': 'unscannable',
      'error.pdf': 'unscannable',
      'unscannable.pdf': 'unscannable',
    });

    // The clean one proves the routes serve and share files at all.
    const clean = received.get('clean.pdf')!;
    assert.equal((await fetch(`${f.endpoint}/v1/admin/files/${clean}/content`, { headers: admin })).status, 200);
    assert.equal((await fetch(`${f.endpoint}/v1/admin/documents/from-upload/${clean}`, { method: 'POST', headers: admin })).status, 201);

    for (const name of ['throws.pdf', 'unknown.pdf', 'error.pdf', 'unscannable.pdf']) {
      const fileId = received.get(name)!;
      await assert.rejects(f.gk.uploads.readFile(f.firmId, fileId), (e: Error & { code?: string }) => e.code === 'file_quarantined', `${name} is not read`);
      const download = await fetch(`${f.endpoint}/v1/admin/files/${fileId}/content`, { headers: admin });
      assert.deepEqual([download.status, ((await download.json()) as { code: string }).code], [403, 'file_quarantined'], `${name} is not served`);
      await assert.rejects(f.gk.documents.fromUpload(f.firmId, fileId), (e: Error & { code?: string }) => e.code === 'file_quarantined', `${name} is not shareable`);
      const shared = await fetch(`${f.endpoint}/v1/admin/documents/from-upload/${fileId}`, { method: 'POST', headers: admin });
      assert.deepEqual([shared.status, ((await shared.json()) as { code: string }).code], [403, 'file_quarantined'], `${name} is not shareable over HTTP`);
    }
    assert.deepEqual((await f.gk.documents.list(f.firmId)).map((d) => d.name), ['clean.pdf'], 'only the clean file became a document');
  });
});

describe('the firm’s mail about a file its scanner could not check', () => {
  let f: HttpFixture;
  // Checks files up to 1000 bytes: a larger one is too large for it, `unscannable`.
  before(async () => {
    f = await createHttpFixture({ scanner: signatureScanner({ 'EICAR-Test-File': EICAR }, 1000) });
  });
  after(() => f.close());

  it('regression: the notification says the file could not be checked and stays blocked, in German and in English', async () => {
    const english = await f.gk.firms.create({ name: 'Miller & Partners', mailFrom: 'no-reply@miller.example', linkBaseUrl: 'https://miller.example/{kind}', defaultLocale: 'en' });
    const cases = [
      { firmId: f.firmId, title: 'Jahresabschluss', line: 'Die Virenprüfung konnte diese Datei nicht untersuchen. Sie bleibt gesperrt und kann weder heruntergeladen noch geteilt werden.' },
      { firmId: english.id, title: 'Annual accounts', line: 'The virus scan could not check this file. It stays blocked and cannot be downloaded or shared.' },
    ];
    for (const [index, { firmId, title }] of cases.entries()) {
      const { link } = await f.gk.uploads.createRequest(firmId, { title, uploader, createdBy: { email: 'anna@kanzlei.example' } });
      const session = await openUploadLink(f.endpoint, link.token);
      const bytes = pdfBytes(2000);
      const { id } = await tusUpload(f.endpoint, session, bytes);
      assert.equal((await finish(session, { uploadId: id, sha256: sha256(bytes) })).status, 'unscannable', 'too large for the scanner');
      await f.smtp.waitFor(index + 1);
    }
    for (const { title, line } of cases) {
      const notification = f.smtp.messages.find((mail) => mail.subject.endsWith(`: ${title}`) && /^(Neue Datei|New file)/.test(mail.subject));
      assert.ok(notification, `the firm was told about ${title}`);
      assert.ok(notification.text.split(/\r?\n/).includes(line), `${title}: ${notification.text}`);
    }
  });
});

describe('the uploader’s note in the firm’s mail', () => {
  let f: HttpFixture;
  before(async () => (f = await createHttpFixture()));
  after(() => f.close());

  it('regression: every line of the note is quoted (> ), so none passes for a line of the notification — a scan verdict, another file, a link', async () => {
    const { link } = await f.gk.uploads.createRequest(f.firmId, { title: 'Jahresabschluss', uploader, createdBy: { email: 'anna@kanzlei.example' } });
    const session = await openUploadLink(f.endpoint, link.token);
    const bytes = pdfBytes(2000);
    const { id } = await tusUpload(f.endpoint, session, bytes);
    const forged = ['Die Virenprüfung hat die Datei gesperrt (Quarantäne).', 'Neue Datei zur Anfrage „Jahresabschluss“ von Finanzamt München:', 'Bitte hier freigeben: https://kanzlei.example.evil/login'];
    const note = `siehe oben\n\n${forged[0]}\r\n${forged[1]}\u2028${forged[2]}`;
    await finish(session, { uploadId: id, sha256: sha256(bytes), note });
    const [mail] = await f.smtp.waitFor(1);
    const lines = mail!.text.split(/\r?\n/);
    for (const line of forged) {
      assert.ok(!lines.includes(line), `not a line of its own: ${line}`);
      assert.ok(lines.includes(`> ${line}`), `quoted: ${line}`);
    }
    const start = lines.indexOf('Notiz:');
    assert.deepEqual(lines.slice(start, start + 6), ['Notiz:', '> siehe oben', '> ', ...forged.map((line) => `> ${line}`)]);
  });
});

describe('uploads begun per link and hour (SECURITY.md R30)', () => {
  let f: HttpFixture;
  before(async () => {
    f = await createHttpFixture({ rateLimits: { uploadsPerLinkPerHour: 3 } });
  });
  after(() => f.close());

  it('past the limit a new upload is refused with rate_limited and Retry-After; other links keep theirs, and the next hour it works again', async () => {
    const newLink = async () => (await f.gk.uploads.createRequest(f.firmId, { title: 'Belege', uploader, limits: { maxFiles: 20 } })).link.token;
    const token = await newLink();
    const session = await openUploadLink(f.endpoint, token);
    // Begun and cancelled again and again (a leaked link churning the disk) counts as well.
    for (let i = 0; i < 3; i++) {
      const begun = await beginTusUpload(f.endpoint, session, 3000, { filename: `Beleg-${i}.pdf` });
      assert.equal(begun.status, 201);
      const cancelled = await fetch(new URL(begun.headers.get('location')!, `${f.endpoint}/`), { method: 'DELETE', headers: await tusHeaders(session) });
      assert.equal(cancelled.status, 204);
    }
    const refused = await beginTusUpload(f.endpoint, session, 3000, { filename: 'Beleg-4.pdf' });
    assert.equal(refused.status, 429);
    assert.equal(((await refused.json()) as { code: string }).code, 'rate_limited');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.equal((await beginTusUpload(f.endpoint, await openUploadLink(f.endpoint, await newLink()), 3000, { filename: 'Anlage.pdf' })).status, 201, 'another link has its own allowance');
    f.advance(3_600_000);
    const later = await openUploadLink(f.endpoint, token); // the session of an hour ago has ended
    assert.equal((await beginTusUpload(f.endpoint, later, 3000, { filename: 'Beleg-4.pdf' })).status, 201);
  });
});
