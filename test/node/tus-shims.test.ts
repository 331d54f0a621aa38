/**
 * The stand-ins Guestkit's browser bundles use for tus-js-client's `js-base64` and `url-parse`
 * (src/components/upload/tus-shims/, wired in by `tusShims()` in rollup.config.mjs), compared
 * with the real packages (installed as tus-js-client's dependencies) on what tus gives them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import { transform } from 'esbuild';
import { Base64 as RealBase64 } from 'js-base64';
import { rollup, type Plugin } from 'rollup';
import { Base64 } from '../../src/components/upload/tus-shims/js-base64.js';
import UrlParse from '../../src/components/upload/tus-shims/url-parse.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// url-parse ships no types (and @types/url-parse is not a dependency): typed here as tus uses it.
const RealUrl = createRequire(import.meta.url)('url-parse') as new (address: string, location?: string) => { toString(): string };

describe('tus shim: js-base64', () => {
  const long = 'Jahresabschluss 2025 – Kanzlei Müller & Söhne (Entwurf) 📄 '.repeat(2000); // ≈ 120 000 UTF-16 units
  const INPUTS: [string, string][] = [
    ['empty', ''],
    ['one byte (two = of padding)', 'a'],
    ['two bytes (one =)', 'ab'],
    ['three bytes (no padding)', 'abc'],
    ['ASCII file name', 'Jahresabschluss_2025.pdf'],
    ['MIME type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['bytes that give + and / in base64', '\u00fb\u00ff\u00bf>?'],
    ['ASCII control characters and NUL', 'a\u0000b\u0001\t\n\r\u007f'],
    ['German umlauts and ß', 'Grüße aus Köln, Übersicht für Ärzte, Straße.pdf'],
    ['NFD umlaut (u + combining diaeresis)', 'Gru\u0308ße.pdf'],
    ['Latin-1 supplement and euro sign', '€ 12,50 — Quittung «Büro»'],
    ['CJK', '請求書_2025年.pdf'],
    ['emoji (surrogate pairs)', '📄 Beleg 🧾✅.pdf'],
    ['emoji ZWJ sequence and flag', '👩‍💼 🇩🇪'],
    ['lone high surrogate', 'a\ud800b'],
    ['lone low surrogate', 'a\udc00b'],
    ['surrogates in the wrong order', '\udc00\ud800'],
    ['lone surrogate at the end', 'Beleg\ud83d'],
    ['long text (several btoa chunks)', long],
    ['long ASCII, exactly 3 × 0x8000 bytes', 'x'.repeat(3 * 0x8000)],
  ];

  for (const [name, input] of INPUTS) {
    it(`${name}: same as js-base64`, () => {
      assert.equal(Base64.encode(input), RealBase64.encode(input));
    });
  }

  it('is standard, padded base64 of the UTF-8 bytes (not the URL-safe alphabet)', () => {
    assert.equal(Base64.encode('Grüße 📄.pdf'), 'R3LDvMOfZSDwn5OELnBkZg==');
    assert.equal(Base64.encode('\u00fb\u00ff\u00bf>?'), 'w7vDv8K/Pj8=');
    assert.equal(Base64.encode('a\ud800b'), 'Ye+/vWI='); // U+FFFD for the lone surrogate
    assert.equal(Base64.encode(long), Buffer.from(long, 'utf8').toString('base64'));
  });

  it('encodes what tus passes it: String(value) of metadata values', () => {
    for (const value of [42, true, null, undefined, 'x']) assert.equal(Base64.encode(String(value)), RealBase64.encode(String(value)));
  });
});

describe('tus shim: url-parse', () => {
  const resolveReal = (link: string, base: string): string => new RealUrl(link, base).toString();
  const resolveShim = (link: string, base: string): string => new UrlParse(link, base).toString();

  /** Absolute upload endpoints tus can be given. */
  const ENDPOINTS = [
    'https://files.example/v1/tus',
    'https://files.example/v1/tus/',
    'http://files.example/files',
    'http://localhost:8765/guestkit/v1/upload/tus',
    'https://files.example:8443/guestkit/v1/upload/tus',
    'http://files.example:80/a/b/c',
    'https://files.example:443/tus',
    'HTTPS://Files.Example/Tus',
    'https://files.example/tus?api_key=abc&x=1',
    'https://files.example/tus#section',
    'http://127.0.0.1:1080/files/',
    'http://[::1]:1080/files',
    'https://user:secret@files.example/tus',
  ];
  /** `Location` headers a tus server can send. */
  const LINKS = [
    // absolute
    'https://files.example/v1/tus/24e533e02ec3bc40c387f1a0e460e216',
    'http://other.example/files/abc',
    'https://other.example:8443/files/abc?x=1#frag',
    'http://other.example:80/files/abc',
    'https://other.example:443/files/abc',
    'HTTP://UPPER.Example/Files/ABC',
    'http://127.0.0.1:1080/files/abc',
    'http://[::1]:1080/files/abc',
    // path-absolute (what Guestkit's adapter sends: relativeLocation)
    '/v1/tus/abc',
    '/guestkit/v1/upload/tus/Jk3xQ9vR2mN8pL4s',
    '/v1/tus/abc?token=a%20b&x=1',
    '/v1/tus/abc#frag',
    '/v1/tus/abc?x=1#frag',
    '/',
    // path-relative
    'abc',
    'abc/',
    'abc?x=1',
    './abc#frag',
    '../abc',
    '../../abc?x=y',
    // protocol-relative
    '//host.example/x',
    '//host.example:8080/x?y=1',
    '//HOST.example/X',
    // query or fragment only
    '?q=1',
    '#h',
    // url-parse trims leading whitespace and drops tabs and newlines, like URL
    '  /v1/tus/abc',
    '/v1/tus/\tab\nc',
    // not parseable by URL: returned as it is (url-parse returns it as it is, too)
    'http://exa mple.com/files/abc',
  ];

  for (const base of ENDPOINTS) {
    it(`resolves like url-parse against ${base}`, () => {
      const wrong = LINKS.map((link) => ({ link, real: resolveReal(link, base), shim: resolveShim(link, base) })).filter((r) => r.real !== r.shim);
      assert.deepEqual(wrong, []);
    });
  }

  it('Guestkit adapter: a relative endpoint and a path-absolute Location stay a path, as with url-parse', () => {
    for (const [link, base] of [
      ['/guestkit/v1/upload/tus/Jk3xQ9vR2mN8pL4s', '/guestkit/v1/upload/tus'],
      ['/guestkit/v1/upload/tus/abc?x=1#f', '/guestkit/v1/upload/tus?y=2'],
      ['/files/abc', 'files'],
      ['//host.example/x', '/guestkit/v1/upload/tus'],
      ['https://files.example/v1/tus/abc', '/guestkit/v1/upload/tus'],
    ] as const) {
      assert.equal(resolveShim(link, base), resolveReal(link, base), `${link} against ${base}`);
    }
    assert.equal(resolveShim('/guestkit/v1/upload/tus/abc', '/guestkit/v1/upload/tus'), '/guestkit/v1/upload/tus/abc');
  });

  it('relative endpoint, relative link: resolved against the endpoint (RFC 3986), where url-parse leaves it to the page', () => {
    assert.equal(resolveReal('abc', '/guestkit/v1/upload/tus'), 'abc');
    assert.equal(resolveShim('abc', '/guestkit/v1/upload/tus'), '/guestkit/v1/upload/abc');
    assert.equal(resolveShim('abc?x=1', '/guestkit/v1/upload/tus/'), '/guestkit/v1/upload/tus/abc?x=1');
    assert.equal(resolveShim('../abc', '/guestkit/v1/upload/tus'), '/guestkit/v1/abc');
    assert.equal(resolveShim('?q=1', '/guestkit/v1/upload/tus'), '/guestkit/v1/upload/tus?q=1');
  });

  it('protocol-relative endpoint: keeps its host, where url-parse drops it', () => {
    assert.equal(resolveReal('/files/abc', '//cdn.example/files'), '/files/abc');
    assert.equal(resolveShim('/files/abc', '//cdn.example/files'), '//cdn.example/files/abc');
    assert.equal(resolveShim('abc', '//cdn.example/files/'), '//cdn.example/files/abc');
  });

  it('normalises like the browser does when it sends the request (percent-encoding, dot segments)', () => {
    const base = 'https://files.example/v1/tus';
    assert.equal(resolveShim('/Grüße/a b', base), 'https://files.example/Gr%C3%BC%C3%9Fe/a%20b');
    assert.equal(resolveShim('/v1/tus/../x/./abc', base), 'https://files.example/v1/x/abc');
    // url-parse keeps these as written; the browser applies the same normalisation to them on send.
    assert.equal(new URL(resolveReal('/Grüße/a b', base)).href, resolveShim('/Grüße/a b', base));
    assert.equal(new URL(resolveReal('/v1/tus/../x/./abc', base)).href, resolveShim('/v1/tus/../x/./abc', base));
  });

  it('returns what URL cannot parse unchanged instead of throwing', () => {
    assert.equal(resolveShim('http://[::1', 'https://files.example/tus'), 'http://[::1');
    assert.equal(resolveShim('/files/abc', 'http://[::1'), '/files/abc');
    assert.equal(resolveShim('http://exa mple.com/x', '/tus'), 'http://exa mple.com/x');
  });

  it('in a page: a relative endpoint resolves against the document base URL, and the result stays relative to it', () => {
    const g = globalThis as { document?: unknown };
    const before = Object.getOwnPropertyDescriptor(g, 'document');
    g.document = { baseURI: 'https://kanzlei.example/portal/upload.html' };
    try {
      // what url-parse returns, and what the browser then requests from the page
      assert.equal(resolveShim('/guestkit/v1/upload/tus/abc', '/guestkit/v1/upload/tus'), '/guestkit/v1/upload/tus/abc');
      assert.equal(resolveShim('//files.example/x', '/guestkit/v1/upload/tus'), '//files.example/x');
      assert.equal(resolveShim('https://files.example/x', 'guestkit/tus'), 'https://files.example/x');
      // an endpoint relative to the page's directory (url-parse would leave `abc` to the page)
      assert.equal(resolveShim('abc', 'guestkit/tus/'), '/portal/guestkit/tus/abc');
    } finally {
      if (before) Object.defineProperty(g, 'document', before);
      else delete g.document;
    }
  });

  it('is what tus calls: new URL(link, origin).toString(), with href the same', () => {
    const url = new UrlParse('abc', 'https://files.example/v1/tus/');
    assert.equal(url.toString(), 'https://files.example/v1/tus/abc');
    assert.equal(url.href, url.toString());
    assert.equal(`${url}`, 'https://files.example/v1/tus/abc');
  });
});

describe('tus shims in the browser build', () => {
  it("tusShims() (rollup.config.mjs) puts the shims in place of tus-js-client's js-base64 and url-parse", async () => {
    const config = (await import(pathToFileURL(path.join(ROOT, 'rollup.config.mjs')).href)) as { tusShims(): Plugin };
    const typescript: Plugin = {
      name: 'test-typescript',
      async transform(code, id) {
        return id.endsWith('.ts') ? { code: (await transform(code, { loader: 'ts', format: 'esm' })).code } : null;
      },
    };
    const entry: Plugin = {
      name: 'test-entry',
      resolveId: (id) => (id === 'entry' ? id : null),
      load: (id) => (id === 'entry' ? "export { Upload } from 'tus-js-client';" : null),
    };
    const cwd = process.cwd();
    process.chdir(ROOT); // the plugin's paths are relative to the project root, as in `npm run build`
    const modules: string[] = [];
    try {
      const bundle = await rollup({
        input: 'entry',
        onwarn: () => {},
        plugins: [entry, config.tusShims(), nodeResolve({ browser: true, preferBuiltins: false }), commonjs(), typescript],
      });
      try {
        const { output } = await bundle.generate({ format: 'es' });
        for (const chunk of output) if (chunk.type === 'chunk') modules.push(...Object.keys(chunk.modules));
      } finally {
        await bundle.close();
      }
    } finally {
      process.chdir(cwd);
    }
    const ids = modules.map((id) => id.split(path.sep).join('/'));
    const has = (file: string): boolean => ids.includes(path.join(ROOT, file).split(path.sep).join('/'));
    assert.ok(ids.some((id) => id.endsWith('/node_modules/tus-js-client/lib.esm/upload.js')), 'the bundle has tus-js-client');
    assert.ok(has('src/components/upload/tus-shims/js-base64.ts'), 'the js-base64 shim is bundled');
    assert.ok(has('src/components/upload/tus-shims/url-parse.ts'), 'the url-parse shim is bundled');
    assert.deepEqual(ids.filter((id) => /\/node_modules\/(js-base64|url-parse|querystringify|requires-port)\//.test(id)), []);
  });
});
