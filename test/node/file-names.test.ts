import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanFileName, contentDisposition } from '../../src/server-adapter/uploads/file-names.js';

describe('display names of uploaded files (SECURITY.md U17)', () => {
  it('refuses path parts, traversal (also encoded), control and direction characters', () => {
    for (const name of ['../../etc/passwd', '..\\\\win.ini', 'a/b.pdf', 'a\\\\b.pdf', '%2e%2e%2fx.pdf', '%2E%2E%5Cx', 'x%00.pdf', 'a\u0000.pdf', 'x.pdf\r\nContent-Type: text/html', 'invoice\u202Efdp.exe', 'a\u2066b.pdf', 'x\u200f.pdf', '..', '   ']) {
      assert.throws(() => cleanFileName(name), (e: Error & { code?: string }) => e.code === 'invalid_file_name', JSON.stringify(name));
    }
  });

  it('cleans what is merely odd', () => {
    assert.equal(cleanFileName('CON.pdf'), '_CON.pdf', 'Windows device name');
    for (const reserved of ['COM\u00b9.pdf', 'LPT\u00b3.txt', '\uff43\uff4f\uff4e.pdf', 'CONIN$.txt', 'conout$']) {
      assert.equal(cleanFileName(reserved), `_${reserved}`, `Windows device name, folded: ${reserved}`);
    }
    assert.equal(cleanFileName('lpt1'), '_lpt1');
    assert.equal(cleanFileName('.hidden.pdf'), 'hidden.pdf', 'no leading dot');
    assert.equal(cleanFileName('-rf.pdf'), 'rf.pdf', 'no leading hyphen');
    assert.equal(cleanFileName('  Beleg   März.pdf  '), 'Beleg März.pdf');
    assert.equal(cleanFileName('Cafe\u0301.pdf'), 'Café.pdf', 'NFC');
    const long = cleanFileName(`${'a'.repeat(5000)}.pdf`);
    assert.equal(long.length, 200);
    assert.ok(long.endsWith('.pdf'), 'keeps the extension');
  });

  it('refuses half an emoji (a lone surrogate), which no file system and no header can carry', () => {
    for (const name of ['x\ud83d.pdf', '\ude00x.pdf', 'a\ud83d\ud83d.pdf']) {
      assert.throws(() => cleanFileName(name), (e: Error & { code?: string }) => e.code === 'invalid_file_name', JSON.stringify(name));
    }
    assert.equal(cleanFileName('Urlaub 😀.jpg'), 'Urlaub 😀.jpg');
  });

  it('cuts a long name between characters, with no space or dot left at the cut', () => {
    const emoji = cleanFileName(`${'a'.repeat(199)}😀${'b'.repeat(20)}`);
    assert.equal(emoji, 'a'.repeat(199), 'never half an emoji');
    assert.doesNotThrow(() => contentDisposition('attachment', emoji));
    assert.equal(cleanFileName(`${'a'.repeat(199)} ${'b'.repeat(20)}`), 'a'.repeat(199), 'no space at the end');
    assert.equal(cleanFileName(`${'a'.repeat(195)}.${'b'.repeat(20)}.pdf`), `${'a'.repeat(195)}.pdf`, 'no "..": the cut stem loses its dot');
  });

  it('is idempotent', () => {
    for (const name of ['CON.pdf', '.x.pdf', 'Beleg  März.pdf', `${'b'.repeat(300)}.xlsx`, `${'a'.repeat(199)} ${'b'.repeat(20)}`, `con.${'x'.repeat(196)}`, `${'a'.repeat(195)}.${'b'.repeat(20)}.pdf`]) {
      const once = cleanFileName(name);
      assert.equal(cleanFileName(once), once);
    }
  });

  it('builds a well-formed Content-Disposition with an ASCII fallback and the UTF-8 name', () => {
    assert.equal(contentDisposition('attachment', 'Umsätze März "2025".csv'), `attachment; filename="Umsatze Marz _2025_.csv"; filename*=UTF-8''Ums%C3%A4tze%20M%C3%A4rz%20%222025%22.csv`);
    assert.equal(contentDisposition('inline', '報告.pdf'), `inline; filename="download.pdf"; filename*=UTF-8''%E5%A0%B1%E5%91%8A.pdf`);
    // Letters whose compatibility form is a path (U+2025 → "..", U+FF0F → "/") give none in the fallback.
    assert.equal(contentDisposition('attachment', 'Bericht \u2025\uff0f\u2025\uff0fetc\uff0fpasswd'), `attachment; filename="Bericht ____etc_passwd"; filename*=UTF-8''Bericht%20%E2%80%A5%EF%BC%8F%E2%80%A5%EF%BC%8Fetc%EF%BC%8Fpasswd`);
    for (const name of ['a;b.pdf', "it's (1).pdf", 'x\\y.pdf']) {
      const header = contentDisposition('attachment', name);
      assert.doesNotMatch(header, /[\r\n]/);
      assert.match(header, /^attachment; filename="[^"\\;]*"; filename\*=UTF-8''[A-Za-z0-9%._~!$&+=:@-]*$/);
    }
  });
});
