/**
 * Property tests (SECURITY.md D7) for what the adapter reads from a visitor's request or a file's
 * name: the `Range` header a viewer sends, the tus `Upload-Metadata` an uploader sends, the file
 * name an uploader or the firm gives, the `Content-Disposition` the adapter answers with, and the
 * directory of an uploaded Office file in a compound file.
 * A small seeded generator keeps every run the same: a failure names its seed and input.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GuestkitServerError } from '../../src/server-adapter/core/errors.js';
import { CREDENTIAL_KINDS, formatToken, LINK_KINDS, parseToken, TOKEN_BYTES } from '../../src/protocol/token-format.js';
import { parseRange } from '../../src/server-adapter/shares/range.js';
import { COMPOUND_FILE, compoundFileType } from '../../src/server-adapter/uploads/compound-file.js';
import { cleanFileName, contentDisposition } from '../../src/server-adapter/uploads/file-names.js';
import { parseUploadMetadata } from '../../src/server-adapter/uploads/tus-metadata.js';

const CASES = 4000;

/** mulberry32: a tiny deterministic PRNG, enough to spread the cases. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number): number => Math.floor(next() * (max + 1));
  const pick = <T>(items: readonly T[]): T => items[int(items.length - 1)]!;
  const string = (pieces: readonly string[], maxPieces: number): string => Array.from({ length: int(maxPieces) }, () => pick(pieces)).join('');
  return { next, int, pick, string };
}

/** Runs `property` on `CASES` inputs made by `make`, naming the input that breaks it. */
function forAll<T>(seed: number, make: (g: ReturnType<typeof generator>) => T, property: (input: T) => void): void {
  const g = generator(seed);
  for (let i = 0; i < CASES; i++) {
    const input = make(g);
    try {
      property(input);
    } catch (error) {
      const shown = JSON.stringify(input, (_key, value: unknown) => (typeof value === 'string' && value.length > 300 ? `${value.slice(0, 300)}…` : value));
      throw new assert.AssertionError({ message: `seed ${seed}, case ${i}, input ${shown}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
}

/** Only the adapter's own validation error may come out of a parser; anything else is a crash. */
function typedRefusal(error: unknown, code: string): void {
  assert.ok(error instanceof GuestkitServerError, `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  assert.equal(error.code, code);
}

// Characters that break parsers: separators, signs, whitespace of every kind, controls, non-ASCII,
// both halves of an emoji, direction marks.
const AWKWARD = [' ', '\t', '\r', '\n', '\0', ',', ';', '=', '-', '+', '.', '..', '/', '\\', '%', '%2e', '%2F', '"', "'", '*', '(', ')', 'e', 'E', 'x', 'Infinity', 'NaN', '\u00a0', '\u3000', '\u200f', '\u202e', '\u2066', '\u0301', 'ä', 'ß', 'Å', '€', '😀', '\ud83d', '\ude00', '\u0085', '\u007f'];
const DIGITS = '0123456789'.split('');

describe('tokens (what a link, a session or an API key carries)', () => {
  const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.split('');
  const KINDS = [...LINK_KINDS, ...CREDENTIAL_KINDS];

  it('every token made parses back to its kind and body; any one character changed, added or dropped makes it no token', () => {
    forAll(
      0x70c,
      (g) => {
        const kind = g.pick(KINDS);
        const token = formatToken(kind, Uint8Array.from({ length: TOKEN_BYTES }, () => g.int(255)));
        const at = g.int(token.length - 1);
        const other = g.pick([...BASE62, ...AWKWARD].filter((c) => c !== token[at]));
        const edit = g.pick(['change', 'add', 'drop'] as const);
        const edited = edit === 'change' ? token.slice(0, at) + other + token.slice(at + 1) : edit === 'add' ? token.slice(0, at) + other + token.slice(at) : token.slice(0, at) + token.slice(at + 1);
        return { kind, token, edited };
      },
      ({ kind, token, edited }) => {
        assert.deepEqual(parseToken(token), { kind, body: token.slice(`gk_${kind}_`.length, -6) });
        // The checksum catches every single-character change (CRC-32 over the prefix and body).
        assert.equal(parseToken(edited), null);
      },
    );
  });

  it('anything else — strings of awkward characters, wrong types, a right shape with a wrong checksum — is no token and never throws', () => {
    forAll(
      0x70d,
      (g) => g.pick<unknown>([g.string([...AWKWARD, ...BASE62, 'gk_', '_', ...KINDS], 60), `gk_${g.pick(KINDS)}_${g.string(BASE62, 49)}`, g.int(1e9), null, undefined, {}, ['gk_view_'], `gk_view_${'A'.repeat(49)}`, 'x'.repeat(10_000)]),
      (input) => {
        const parsed = parseToken(input);
        // A random right-shaped string passes the checksum about once in 2^32: then it parses as what it says.
        if (parsed) assert.ok(typeof input === 'string' && input.startsWith(`gk_${parsed.kind}_${parsed.body}`));
      },
    );
  });
});

describe('Range header (what the viewer and pdf.js send for document bytes)', () => {
  const sizes = [0, 1, 2, 1023, 1024, 4096, 65_537, 2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER];
  const number = (g: ReturnType<typeof generator>): string =>
    g.pick([() => '', () => String(g.int(5000)), () => g.string(DIGITS, 25), () => `0000${g.int(99)}`, () => '9'.repeat(g.int(400)), () => String(g.pick(sizes))])();

  it('never throws, and every range it answers lies inside the file; anything else is the whole file or 416', () => {
    forAll(
      0x5eed_0001,
      (g) => {
        const size = g.next() < 0.7 ? g.pick(sizes) : g.int(10_000);
        const unit = g.pick(['bytes=', 'bytes=', 'bytes=', 'Bytes=', ' bytes=', 'bytes =', 'items=', '', 'bytes']);
        const spec = g.next() < 0.8 ? `${number(g)}${g.pick(['-', '-', '--', ''])}${number(g)}` : g.string([...AWKWARD, ...DIGITS], 12);
        const more = g.next() < 0.1 ? `,${number(g)}-${number(g)}` : '';
        const header = g.next() < 0.03 ? g.pick([null, '']) : `${unit}${spec}${more}${g.pick(['', '', ' ', '\t'])}`;
        return { header, size };
      },
      ({ header, size }) => {
        const range = parseRange(header, size);
        if (range === null || range === 'unsatisfiable') return;
        assert.ok(Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end), `integers: ${JSON.stringify(range)}`);
        assert.ok(range.start >= 0 && range.start <= range.end && range.end <= size - 1, `inside a file of ${size} bytes: ${JSON.stringify(range)}`);
      },
    );
  });

  it('answers exactly the bytes asked for: first-last (the last one capped at the file’s end) and the last n bytes', () => {
    forAll(
      0x5eed_0002,
      (g) => {
        const size = g.pick([0, 1, g.int(100), g.int(1_000_000)]);
        const first = g.int(Math.max(size + 2, 2));
        const last = g.next() < 0.3 ? null : first + g.int(size + 2);
        const suffix = g.next() < 0.3 ? g.int(size + 2) : null;
        return { size, first, last, suffix };
      },
      ({ size, first, last, suffix }) => {
        if (suffix !== null) {
          const expected = suffix === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
          assert.deepEqual(parseRange(`bytes=-${suffix}`, size), expected);
          return;
        }
        const expected = first >= size ? 'unsatisfiable' : { start: first, end: Math.min(last ?? size - 1, size - 1) };
        assert.deepEqual(parseRange(`bytes=${first}-${last ?? ''}`, size), expected);
      },
    );
  });

  it('ignores a range whose last byte comes before its first (the whole file, not 416), and reads the unit in any case (RFC 9110 §14.1)', () => {
    assert.equal(parseRange('bytes=5-3', 100), null);
    assert.equal(parseRange('bytes=500-3', 100), null);
    assert.deepEqual(parseRange('Bytes=0-9', 100), { start: 0, end: 9 });
    assert.deepEqual(parseRange('BYTES=-10', 100), { start: 90, end: 99 });
    assert.equal(parseRange('bytes=100-', 100), 'unsatisfiable');
  });
});

describe('tus Upload-Metadata (what an uploader’s browser sends with a file)', () => {
  const KEY_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-'.split('');
  const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='.split('');

  it('a malformed header is refused with validation_failed, never a crash; what it accepts is plain strings', () => {
    forAll(
      0x5eed_0003,
      (g) => g.string([...KEY_CHARS, ...BASE64, ...AWKWARD, ' ', ' ', ',', ',', 'filename ', 'ZmlsZS5wZGY=', '__proto__', 'constructor'], 40),
      (header) => {
        let parsed: Record<string, string>;
        try {
          parsed = parseUploadMetadata(header);
        } catch (error) {
          typedRefusal(error, 'validation_failed');
          return;
        }
        assert.equal(Object.getPrototypeOf(parsed), Object.prototype, 'the prototype is untouched');
        for (const [key, value] of Object.entries(parsed)) {
          assert.match(key, /^[A-Za-z0-9_.-]{1,64}$/);
          assert.equal(typeof value, 'string');
        }
      },
    );
  });

  it('gives back every key and value a tus client encodes (file names in any script, empty values)', () => {
    forAll(
      0x5eed_0004,
      (g) => {
        const entries = new Map<string, string>();
        for (let n = g.int(5); n > 0; n--) {
          const key = Array.from({ length: 1 + g.int(63) }, () => g.pick(KEY_CHARS)).join('');
          const value = g.string(['a', 'Z', '9', ' ', '.', ',', '=', 'ä', 'ß', '€', '😀', '\u0301', '漢', 'Jahresabschluss 2025.pdf', 'application/pdf', '\n'], 30);
          entries.set(key, value);
        }
        return Object.fromEntries(entries);
      },
      (metadata) => {
        const header = Object.entries(metadata)
          .map(([key, value]) => (value === '' ? key : `${key} ${Buffer.from(value, 'utf8').toString('base64')}`))
          .join(',');
        assert.deepEqual(parseUploadMetadata(header), metadata);
      },
    );
  });
});

// A name's characters: ordinary ones, and the ones the sanitiser refuses, folds or strips.
const NAME_PIECES = [
  ...'abcXYZ019'.split(''), ' ', '  ', '\t', '.', '.', '-', '_', '(', ')', '&', '#', '%', '+', "'", '"', ';', '\\', '/', '..', '%2e', '%5C', '%00',
  '\0', '\n', '\r', '\u001f', '\u007f', '\u0085', '\u00a0', '\u2003', '\u3000', '\u200e', '\u202e', '\u2068', '\u061c',
  'ä', 'Ö', 'ß', 'é', 'e\u0301', 'A\u030a', 'ﬁ', '²', '€', '漢字', 'Ελλάδα', '😀', '👩‍💼', '\ud83d', '\ude00', 'a'.repeat(60),
  'con', 'CON', 'nul.txt', 'com1', 'lpt9', '.pdf', '.tar.gz', ' .xlsx', 'Rechnung', 'Jahresabschluss 2025',
];

/** A name of up to 40 pieces: often past the 200 characters the sanitiser cuts to, at any piece. */
function fileName(g: ReturnType<typeof generator>): string {
  let name = '';
  for (let n = g.int(40); n > 0; n--) name += g.pick(NAME_PIECES);
  return name;
}

describe('file names (what an uploader or the firm calls a file)', () => {
  it('a name is refused only with invalid_file_name, and a cleaned name is clean: cleaning it again changes nothing', () => {
    forAll(0x5eed_0005, fileName, (raw) => {
      let cleaned: string;
      try {
        cleaned = cleanFileName(raw);
      } catch (error) {
        typedRefusal(error, 'invalid_file_name');
        return;
      }
      assert.equal(cleanFileName(cleaned), cleaned, 'idempotent');
      assert.ok(cleaned.length >= 1 && cleaned.length <= 200);
      assert.equal(cleaned, cleaned.normalize('NFC'));
      assert.equal(cleaned, cleaned.trim());
      assert.doesNotMatch(cleaned, /^[.-]|[\/\\\u0000-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]|\.\.|\s\s/);
      assert.doesNotMatch(cleaned, /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i, 'no Windows device name');
    });
  });
});

describe('Content-Disposition (what a download or the viewer’s bytes are called)', () => {
  // RFC 9110 quoted-string and RFC 8187 ext-value, as a browser reads them.
  const QUOTED = /^"(?:[\t \x21\x23-\x5b\x5d-\x7e]|\\[\t \x21-\x7e])*"$/;
  const HEADER = /^(inline|attachment); filename=("(?:[^"\\]|\\.)*"); filename\*=UTF-8''((?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})*)$/;
  const unquote = (quoted: string): string => quoted.slice(1, -1).replace(/\\(.)/g, '$1');

  it('is always one valid header line: ASCII only, no CR or LF, the quoted name escaped, and the UTF-8 name decodes to the name given', () => {
    // Half an emoji (never in a cleaned name, but the builder takes any string) goes out as U+FFFD.
    forAll(0x5eed_0006, (g) => ({ kind: g.pick(['inline', 'attachment'] as const), name: fileName(g) }), ({ kind, name }) => {
      const value = contentDisposition(kind, name);
      assert.match(value, /^[\x20-\x7e]*$/, 'printable ASCII, no CR/LF');
      const parts = HEADER.exec(value);
      assert.ok(parts, `the shape: ${value}`);
      assert.equal(parts[1], kind);
      assert.match(parts[2]!, QUOTED);
      assert.ok(unquote(parts[2]!).length > 0, 'a fallback name is never empty');
      assert.equal(decodeURIComponent(parts[3]!), name.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
      // What a browser builds from it (Headers refuses what is not a header value).
      assert.equal(new Headers({ 'content-disposition': value }).get('content-disposition'), value);
    });
  });

  it('for any name the sanitiser keeps, the fallback is that name’s ASCII letters, never an instruction to the header parser', () => {
    forAll(0x5eed_0007, fileName, (raw) => {
      let cleaned: string;
      try {
        cleaned = cleanFileName(raw);
      } catch {
        return;
      }
      const fallback = unquote(HEADER.exec(contentDisposition('attachment', cleaned))![2]!);
      assert.doesNotMatch(fallback, /["\\;]/);
      if (/^[\x20-\x7e]+$/.test(cleaned) && !/["\\;]/.test(cleaned)) assert.equal(fallback, cleaned, 'a plain ASCII name stays as it is');
    });
  });
});

describe('compound files (the directory of an uploaded Office file)', () => {
  const office = (name: string): Buffer => readFileSync(new URL(`../fixtures/office/${name}`, import.meta.url));
  const originals = ['legacy.doc', 'legacy.xls', 'ledger.xls', 'protected.xls', 'protected.xlsx', 'protected.docx', 'macro.xls'].map(office);
  const TYPES = [
    COMPOUND_FILE,
    'application/msword',
    'application/vnd.ms-excel',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ];

  it('a mangled one (sector ids, sizes, names, chains that loop or point away) never throws, reads only inside its bytes, and reads no sector twice', async () => {
    const g = generator(0xcfb);
    for (let i = 0; i < 1500; i++) {
      const bytes = Buffer.from(g.pick(originals).subarray(0, g.next() < 0.2 ? g.int(12_000) : undefined));
      // Words overwritten mostly in the header and the first sectors, where the directory and the table are.
      for (let n = g.int(8); n >= 0 && bytes.length >= 4; n--) {
        const at = Math.min(bytes.length - 4, g.next() < 0.5 ? g.int(127) * 4 : g.int(Math.floor(bytes.length / 4) - 1) * 4);
        bytes.writeUInt32LE(g.pick([0, 1, 2, 3, 9, 12, 0xfffffffa, 0xfffffffe, 0xffffffff, g.int(64), g.int(0xffffffff)]), at);
      }
      const seen = new Set<number>();
      const read = async (offset: number, length: number): Promise<Uint8Array> => {
        assert.ok(!seen.has(offset), `case ${i}: read ${offset} twice`);
        seen.add(offset);
        assert.ok(Number.isInteger(offset) && offset >= 0 && offset < Math.max(bytes.length, 1) && length > 0 && length <= 4096, `read ${length} at ${offset} of ${bytes.length}`);
        return bytes.subarray(offset, offset + length);
      };
      const name = g.pick(['Kasse.xls', 'Vertrag.doc', 'Lohnliste.xlsx', 'Vollmacht.docx', 'Scan.pdf']);
      let type: string;
      try {
        type = await compoundFileType(read, bytes.length, name);
      } catch (error) {
        throw new assert.AssertionError({ message: `case ${i} (${name}, ${bytes.length} bytes): threw ${String(error)}` });
      }
      assert.ok(TYPES.includes(type), `case ${i}: ${type}`);
      // Each sector once at most (the workbook's records are read in order, the tables kept): the
      // header and the file's sectors bound the reads, whatever the chains say.
      assert.ok(seen.size <= 1 + Math.ceil(bytes.length / 512), `case ${i}: ${seen.size} reads`);
    }
  });
});
