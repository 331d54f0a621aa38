/**
 * SECURITY.md W3: every string that comes from the server (titles, messages, file names) is
 * rendered as inert text — never as markup — in both widgets.
 */
import { expect } from '@open-wc/testing';
import { openShare } from '../doc-viewer/helpers.js';
import { openUpload } from '../guest-upload/helpers.js';

const PAYLOADS = ['<img src=x onerror="window.__gkXss=1">', '"><svg onload="window.__gkXss=1">', '{{7*7}} ${7*7}'];

function assertInert(root: ShadowRoot, payload: string): void {
  expect(root.textContent).to.include(payload);
  expect(root.querySelector('img[src="x"], svg[onload], [onerror]'), 'no element made from a server string').to.equal(null);
  expect((window as { __gkXss?: number }).__gkXss, 'no script ran').to.equal(undefined);
}

describe('server strings are text, not markup (W3)', () => {
  for (const payload of PAYLOADS) {
    it(`guest-upload shows the title and message ${JSON.stringify(payload)} as text`, async () => {
      const { widget } = await openUpload('de', { title: `Belege ${payload}`, message: `Nachricht ${payload}` });
      await widget.updateComplete;
      assertInert(widget.shadowRoot!, payload);
    });

    it(`doc-viewer shows the title, message and a document name ${JSON.stringify(payload)} as text`, async () => {
      const { widget } = await openShare('en', { title: `Unterlagen ${payload}`, message: `Hinweis ${payload}`, documents: [{ kind: 'text', name: `${payload}.txt` }] });
      await widget.updateComplete;
      assertInert(widget.shadowRoot!, payload);
    });
  }
});
