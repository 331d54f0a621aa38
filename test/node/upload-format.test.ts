/** Sizes, "time left" and limits in the widget's words (src/components/upload/format.ts, guest-upload/lang), at the boundaries. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { uploadDe } from '../../src/components/guest-upload/lang/de.js';
import { uploadEn } from '../../src/components/guest-upload/lang/en.js';
import { formatBytes, formatDuration } from '../../src/components/upload/format.js';

/** `formatted` with any kind of space as a plain one: `Intl` puts a no-break space before the unit. */
const plain = (formatted: string): string => formatted.replace(/\s/g, ' ');

describe('formatBytes', () => {
  it('regression: bytes were singular in English ("500 byte"), which German writes as "Byte" either way', () => {
    assert.deepEqual([1, 500, 1023].map((n) => plain(formatBytes(n, 'en'))), ['1 byte', '500 bytes', '1,023 bytes']);
    assert.deepEqual([1, 500, 1023].map((n) => plain(formatBytes(n, 'de'))), ['1 Byte', '500 Byte', '1.023 Byte']);
  });

  it('regression: a size just under a unit showed as "1,024 kB": what rounds to 1024 is one of the next unit', () => {
    for (const [bytes, en, de] of [
      [1024, '1 kB', '1 kB'],
      [2 ** 20 - 1, '1 MB', '1 MB'],
      [2 ** 30 - 2 ** 10, '1 GB', '1 GB'],
      [1023.4 * 2 ** 10, '1,023 kB', '1.023 kB'],
      [1.55 * 2 ** 20, '1.6 MB', '1,6 MB'],
    ] as const) {
      assert.equal(plain(formatBytes(bytes, 'en')), en, `${bytes} in English`);
      assert.equal(plain(formatBytes(bytes, 'de')), de, `${bytes} in German`);
    }
  });
});

describe('formatDuration', () => {
  it('regression: 59.5 s read "60 s" and 3599 s "60 min": the unit is chosen after rounding', () => {
    const cases = [0.2, 59, 59.5, 61, 3540, 3599, 3600, 5400];
    assert.deepEqual(cases.map((s) => plain(formatDuration(s, 'en'))), ['1 sec', '59 sec', '1 min', '2 min', '59 min', '1 hr', '1 hr', '1.5 hr']);
    assert.deepEqual(cases.map((s) => plain(formatDuration(s, 'de'))), ['1 Sek.', '59 Sek.', '1 Min.', '2 Min.', '59 Min.', '1 Std.', '1 Std.', '1,5 Std.']);
  });
});

describe('the limits line', () => {
  /** Each line in English and German, for `files` more files (`more`: some are in already). */
  const says = (files: number, more: boolean): [string, string] => {
    const params = { files, more, size: '25 MB', types: 'PDF' };
    return [uploadEn['upload.limits'](params), uploadDe['upload.limits'](params)];
  };

  it('regression: one file read "One file, each at most …" / "Eine Datei mit je höchstens …"', () => {
    assert.deepEqual(says(1, false), ['One file of at most 25 MB. Accepted: PDF.', 'Eine Datei mit höchstens 25 MB. Erlaubt: PDF.']);
    assert.deepEqual(says(20, false), ['Up to 20 files, each at most 25 MB. Accepted: PDF.', 'Bis zu 20 Dateien mit je höchstens 25 MB. Erlaubt: PDF.']);
  });

  it('regression: a request with files in already still read "Up to 3 files"; it says how many more', () => {
    assert.deepEqual(says(1, true), ['One more file of at most 25 MB. Accepted: PDF.', 'Noch eine Datei mit höchstens 25 MB. Erlaubt: PDF.']);
    assert.deepEqual(says(2, true), ['Up to 2 more files, each at most 25 MB. Accepted: PDF.', 'Noch bis zu 2 Dateien mit je höchstens 25 MB. Erlaubt: PDF.']);
  });
});
