/**
 * SECURITY.md W3: every string that comes from the server (titles, messages, the firm's name, file
 * and document names) is rendered as inert text — never as markup — in both widgets.
 *
 * Strings the real adapter takes as they are (titles, messages, received file names) are seeded on
 * it. Strings it refuses or that only the firm's settings hold (a document name with a direction
 * override — `cleanFileName` refuses those —, the firm's name) reach the widget through a client
 * whose `fetch` rewrites the adapter's JSON answer: what a different or compromised server could send.
 */
import { expect } from '@open-wc/testing';
import { createClient, type GuestkitClient } from '../../../src/client/client.js';
import { openDocument, openShare } from '../doc-viewer/helpers.js';
import { openUpload } from '../guest-upload/helpers.js';
import { ENDPOINT } from '../helpers/adapter.js';
import { dropFiles, pdfFile } from '../helpers/files.js';
import { part, parts, text, until } from '../helpers/widgets.js';

const PAYLOADS = ['<img src=x onerror="window.__gkXss=1">', '"><svg onload="window.__gkXss=1">', '{{7*7}} ${7*7}'];
/** RIGHT-TO-LEFT OVERRIDE: what follows it shows reversed (`Rechnung‮fdp.exe` looks like `Rechnungexe.pdf`). */
const RLO = '\u202E';
/** Characters that reorder text (and whitespace): left out when text is compared in screen order. */
const UNSEEN = /[\s\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/;

const xss = window as { __gkXss?: number };

/**
 * Asserts that `payload` is on screen as text in `root`, that no element was made from it, and —
 * after long enough for an `<img src=x>` to fail to load — that none of its handlers ran.
 */
async function assertInert(root: ShadowRoot, payload: string): Promise<void> {
  expect(root.textContent).to.include(payload);
  // (Compared as markup: chai describing a live element in a failure message can hang the page.)
  expect(root.querySelector('img[src="x"], svg[onload], [onerror], [onload]')?.outerHTML ?? null, 'no element made from a server string').to.equal(null);
  // An injected <img src=x> reports its error once the request for `x` has failed.
  await fetch(new URL('x', location.href)).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(xss.__gkXss, 'no script ran').to.equal(undefined);
}

/**
 * The seen characters of `node` in the order they appear on screen (line by line, left to right),
 * without whitespace and direction controls. For left-to-right text that is its characters in
 * their order; text a direction override reversed comes out reversed.
 */
function onScreen(node: Text): string {
  const seen: { char: string; x: number; line: number }[] = [];
  const value = node.data;
  for (let i = 0; i < value.length; i++) {
    if (UNSEEN.test(value[i]!)) continue;
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    const box = range.getBoundingClientRect();
    if (box.width === 0) continue;
    seen.push({ char: value[i]!, x: box.left + box.width / 2, line: Math.round((box.top + box.height / 2) / 4) });
  }
  seen.sort((a, b) => a.line - b.line || a.x - b.x);
  return seen.map((each) => each.char).join('');
}

/** `text` as it reads in memory, without whitespace and direction controls (what `onScreen` gives for unreordered text). */
const logical = (value: string): string => [...value].filter((char) => !UNSEEN.test(char)).join('');

/** The text nodes under `root` (a shadow root or an element) that show on screen in another order than they read, with what shows. */
function reordered(root: Node, skip: (node: Text) => boolean = () => false): string[] {
  const found: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    if (skip(node) || !logical(node.data)) continue;
    const shown = onScreen(node);
    if (shown && shown !== logical(node.data)) found.push(`${JSON.stringify(node.data)} shows as ${JSON.stringify(shown)}`);
  }
  return found;
}

/**
 * A real client for the adapter whose `fetch` hands each successful JSON answer to `rewrite` (with
 * the route's path, `/v1/…`) before the client reads it: the answer a different server could give.
 */
function rewritingClient(lang: 'de' | 'en', rewrite: (path: string, body: Record<string, unknown>) => void): GuestkitClient {
  return createClient({
    endpoint: ENDPOINT,
    locale: lang,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return response;
      const body = (await response.json()) as Record<string, unknown>;
      rewrite(new URL(input instanceof Request ? input.url : String(input)).pathname.replace(/^\/guestkit/, ''), body);
      const headers = new Headers(response.headers);
      headers.delete('content-length');
      return new Response(JSON.stringify(body), { status: response.status, statusText: response.statusText, headers });
    },
  });
}

/** A client that tells the widget the firm is called `name` (in every session the adapter answers). */
function firmNamed(lang: 'de' | 'en', name: string): GuestkitClient {
  return rewritingClient(lang, (_path, body) => {
    const firm = body['firm'] as { name?: string } | undefined;
    if (firm && typeof firm.name === 'string') firm.name = name;
  });
}

/** Uploads one small PDF with `widget` and waits for the completion panel. */
async function uploadOne(widget: Element, name = 'Beleg.pdf'): Promise<void> {
  dropFiles(part(widget, 'dropzone'), [pdfFile(name)]);
  await until(() => parts(widget, 'file').length === 1, 'the file');
  part<HTMLButtonElement>(widget, 'upload-button').click();
  await until(() => widget.shadowRoot!.querySelector('[part~="complete"]'), 'the completion panel', 15_000);
}

describe('server strings are text, not markup (W3)', () => {
  // A test that failed early may leave an injected element whose handler runs later: let it run, then start clean.
  afterEach(async () => {
    await new Promise((resolve) => setTimeout(resolve, 150));
    delete xss.__gkXss;
  });

  for (const payload of PAYLOADS) {
    it(`guest-upload shows the title and message ${JSON.stringify(payload)} as text`, async () => {
      const { widget } = await openUpload('de', { title: `Belege ${payload}`, message: `Nachricht ${payload}` });
      await widget.updateComplete;
      await assertInert(widget.shadowRoot!, payload);
    });

    it(`doc-viewer shows the title, message and a document name ${JSON.stringify(payload)} as text`, async () => {
      const { widget } = await openShare('en', { title: `Unterlagen ${payload}`, message: `Hinweis ${payload}`, documents: [{ kind: 'text', name: `${payload}.txt` }] });
      await widget.updateComplete;
      await assertInert(widget.shadowRoot!, payload);
    });

    it(`guest-upload names the firm ${JSON.stringify(payload)} on its completion panel as text`, async () => {
      const firm = `Kanzlei ${payload}`;
      const { widget } = await openUpload('en', {}, { client: firmNamed('en', firm) });
      await uploadOne(widget);
      await widget.updateComplete;
      expect(text(widget, 'complete-message')).to.include(firm);
      await assertInert(widget.shadowRoot!, payload);
    });
  }

  it('guest-upload shows file names with markup as text: chosen, refused, received', async () => {
    const { widget } = await openUpload('en');
    const names = PAYLOADS.map((payload) => `${payload}.pdf`);
    // Three PDFs it takes, and an empty file it refuses (the refusal names it).
    const refused = `${PAYLOADS[1]} leer.pdf`;
    dropFiles(part(widget, 'dropzone'), [...names.map((name) => pdfFile(name)), new File([], refused, { type: 'application/pdf' })]);
    await until(() => parts(widget, 'file').length === names.length, 'the files');
    await until(() => widget.shadowRoot!.querySelector('[part~="refusals"]'), 'the refusal');
    await widget.updateComplete;
    expect(parts(widget, 'file-name').map((el) => el.textContent)).to.deep.equal(names);
    expect(text(widget, 'refusals')).to.include(refused);
    for (const payload of PAYLOADS) await assertInert(widget.shadowRoot!, payload);

    // The names as the adapter received them (it takes these as they are) and the widget lists them.
    part<HTMLButtonElement>(widget, 'upload-button').click();
    await until(() => widget.shadowRoot!.querySelector('[part~="complete"]'), 'the completion panel', 15_000);
    await widget.updateComplete;
    const received = parts(widget, 'received-file').map((el) => el.querySelector('.file__name')!.textContent);
    expect([...received].sort()).to.deep.equal([...names].sort());
    for (const payload of PAYLOADS) await assertInert(widget.shadowRoot!, payload);
  });

  it('doc-viewer shows document names with markup as text in the list and as the open document’s title', async () => {
    const names = ['<img src=x onerror="window.__gkXss=1">.pdf', '"><svg onload="window.__gkXss=1">.txt'];
    const client = rewritingClient('en', (path, body) => {
      if (path !== '/v1/share') return;
      (body['documents'] as { name: string }[]).forEach((document, i) => (document.name = names[i] ?? document.name));
    });
    const { widget } = await openShare('en', { documents: [{ kind: 'pdf30' }, { kind: 'text' }] }, client);
    expect(parts(widget, 'document-name').map((el) => el.textContent)).to.deep.equal(names);
    for (const name of names) await assertInert(widget.shadowRoot!, name);
    await openDocument(widget, 0);
    await until(() => widget.shadowRoot!.querySelector('[part~="document-title"]'), 'the open document');
    expect(text(widget, 'document-title')).to.equal(names[0]);
    await assertInert(widget.shadowRoot!, names[0]!);
  });

  it('doc-viewer shows a document name with a right-to-left override as text, and the override reorders nothing outside that name', async () => {
    // What the widget does with it: it shows the name as it came, override included, so the name's
    // own characters after U+202E appear reversed ("Rechnungexe.pdf"; reported, not asserted). The
    // adapter refuses such names (`cleanFileName`); this is what a server that did not would get shown.
    const name = `Rechnung${RLO}fdp.exe <img src=x onerror="window.__gkXss=1">`;
    const client = rewritingClient('en', (path, body) => {
      if (path === '/v1/share') (body['documents'] as { name: string }[])[0]!.name = name;
    });
    const { widget } = await openShare('en', { documents: [{ kind: 'text' }, { kind: 'pdf30' }] }, client);
    await assertInert(widget.shadowRoot!, name);
    const shown = part(widget, 'document-name');
    expect(shown.textContent).to.equal(name);
    // Its type and size, its buttons, the other document, the title: all read as they should.
    expect(reordered(widget.shadowRoot!, (node) => node.data === name)).to.deep.equal([]);
  });

  // Regression: the name went into the sentence as it was, and everything after it showed reversed
  // ("… .selif ruoy deviecer sah retsuM"). Now it goes in as an isolate, without its override.
  it('guest-upload names a firm whose name holds a right-to-left override as text, isolated: nothing on the panel is reversed', async () => {
    const firm = `Kanzlei ${RLO}Muster <img src=x onerror="window.__gkXss=1">`;
    const { widget } = await openUpload('en', {}, { client: firmNamed('en', firm) });
    await uploadOne(widget);
    await widget.updateComplete;
    const message = part(widget, 'complete-message');
    expect(message.textContent).to.include(`\u2068${firm.replace(RLO, '')}\u2069`);
    await assertInert(widget.shadowRoot!, firm.replace(RLO, ''));
    expect(reordered(widget.shadowRoot!)).to.deep.equal([]);
  });
});
