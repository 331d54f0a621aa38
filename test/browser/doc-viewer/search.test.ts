/**
 * Find in document in `<doc-viewer>` on the real 30-page PDF (each page "Seite N von 30" and twelve
 * lines "Zeile L: Kaufvertrag, Anlage N."), through the real adapter: only page 1 is drawn when
 * the search starts, so every match on a later page proves the whole document's text was read.
 * Typing a query goes to the first match, shows the page, marks the matched words in the text
 * layer and counts them; Enter / Shift+Enter and the buttons step through the matches and wrap
 * around; a query without matches says so and marks nothing; a match may span two lines; marks
 * come back after zooming and turning pages, and leave text selection working; Escape closes the
 * row and gives focus back; Ctrl+F opens it only inside the viewer; German and English, axe-clean,
 * 320 px wide, with downloads off; images have no search.
 */
import { expect } from '@open-wc/testing';
import { sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import type { DocViewer } from '../../../src/components/doc-viewer/doc-viewer.component.js';
import { viewerDe } from '../../../src/components/doc-viewer/lang/de.js';
import { viewerEn } from '../../../src/components/doc-viewer/lang/en.js';
import type { SeedShareRequest } from '../helpers/adapter.js';
import { announced, focused, part, parts, text, until } from '../helpers/widgets.js';
import { accessible } from './accname.js';
import { openDocument, openShare, untilPage } from './helpers.js';

/** Opens the share's 30-page PDF and waits for page 1. */
async function openPdf(lang: 'de' | 'en', request: Partial<SeedShareRequest> = {}): Promise<DocViewer> {
  const { widget } = await openShare(lang, { documents: [{ kind: 'pdf30' }], ...request });
  await openDocument(widget, 0);
  await untilPage(widget, 1, 20_000);
  return widget;
}

/** Opens the search row with its toolbar button, as a visitor does, and checks focus went to the field. */
async function openSearch(widget: DocViewer): Promise<HTMLInputElement> {
  part<HTMLButtonElement>(widget, 'search').click();
  await widget.updateComplete;
  const input = part<HTMLInputElement>(widget, 'search-input');
  expect(focused(widget), 'focus in the search field').to.equal(input);
  expect(part(widget, 'search').getAttribute('aria-expanded')).to.equal('true');
  return input;
}

/** Types `query` into the focused search field, key by key. */
async function type(query: string): Promise<void> {
  await sendKeys({ type: query });
}

/** Presses `key` with `modifier` held, as a person does. */
async function pressWith(modifier: 'Shift' | 'Control', key: string): Promise<void> {
  await sendKeys({ down: modifier });
  await sendKeys({ press: key });
  await sendKeys({ up: modifier });
}

/** Waits until the search row's status reads `status` (after a search: "1 of 2", "No matches"). */
async function untilStatus(widget: DocViewer, status: string, timeoutMs = 20_000): Promise<void> {
  try {
    await until(() => text(widget, 'search-status') === status, `the search status "${status}"`, timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}; it reads "${text(widget, 'search-status')}"`);
  }
}

/** The marks in the drawn page's text layer. */
const marks = (widget: DocViewer): HTMLElement[] => [...part(widget, 'text-layer').querySelectorAll<HTMLElement>('mark')];

/** The current match's marks (one per line it spans). */
const currentMarks = (widget: DocViewer): HTMLElement[] => marks(widget).filter((mark) => mark.classList.contains('match--current'));

/** Waits until page `page` is drawn with its marks, `current` of them the current match's, and returns their texts. */
async function untilMarked(widget: DocViewer, page: number, count: number): Promise<string[]> {
  await untilPage(widget, page);
  await until(() => marks(widget).length === count && currentMarks(widget).length > 0, `${count} marks on page ${page}`);
  return currentMarks(widget).map((mark) => mark.textContent ?? '');
}

/** Whether `inner` lies wholly inside `outer` on screen. */
function within(inner: Element, outer: Element): boolean {
  const a = inner.getBoundingClientRect();
  const b = outer.getBoundingClientRect();
  return a.top >= b.top - 1 && a.bottom <= b.bottom + 1 && a.left >= b.left - 1 && a.right <= b.right + 1;
}

describe('doc-viewer find in document', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('finds text only page 27 has: shows page 27, marks the words over the drawn page, counts and announces the match, saying how far it has read meanwhile', async function () {
    this.timeout(40_000);
    const widget = await openPdf('en');
    await openSearch(widget);
    await expect(widget).to.be.accessible();
    // Every status the row shows, to see the search's progress.
    const statuses = new Set<string>();
    const watch = new MutationObserver(() => statuses.add(text(widget, 'search-status')));
    watch.observe(part(widget, 'search-row'), { subtree: true, childList: true, characterData: true });

    await type('seite 27');
    await untilStatus(widget, '1 of 1');
    watch.disconnect();
    expect([...statuses].some((status) => /^Searching… page \d+ of 30$/.test(status)), `progress among ${[...statuses].join(' | ')}`).to.equal(true);
    expect(await untilMarked(widget, 27, 1)).to.deep.equal(['Seite 27']);
    expect(part<HTMLInputElement>(widget, 'page-input').value).to.equal('27');
    expect(part(widget, 'canvas').getAttribute('aria-label')).to.equal('Page 27 of 30');
    expect(announced(widget)).to.equal('Match 1 of 1, page 27');

    // The mark covers the heading's first two words, on the drawn page, and is seen (a background).
    const [mark] = currentMarks(widget);
    const heading = mark!.parentElement!;
    expect(heading.textContent, 'the text item keeps its text').to.equal('Seite 27 von 30');
    expect(mark!.getBoundingClientRect().width).to.be.within(heading.getBoundingClientRect().width * 0.4, heading.getBoundingClientRect().width * 0.75);
    expect(within(mark!, part(widget, 'canvas')), 'over the page').to.equal(true);
    expect(within(mark!, part(widget, 'page-area')), 'in view in the page area').to.equal(true);
    expect(getComputedStyle(mark!).backgroundColor).to.not.equal('rgba(0, 0, 0, 0)');
    expect(getComputedStyle(mark!).color, 'the text itself stays transparent').to.equal('rgba(0, 0, 0, 0)');
    await expect(widget).to.be.accessible();

    // Every page's text is read now, so a search ends at once: what the live region says still
    // comes once typing pauses, not once per key ("s", "se", … would each be a result).
    const said: string[] = [];
    const listen = new MutationObserver(() => said.push(announced(widget)));
    listen.observe(part(widget, 'announcer'), { subtree: true, childList: true, characterData: true });
    part<HTMLInputElement>(widget, 'search-input').select();
    await type('seite 28');
    await untilStatus(widget, '1 of 1');
    await untilPage(widget, 28);
    listen.disconnect();
    expect(said.filter((line) => /^(Match|No matches)/.test(line)), 'one result said for the query typed').to.deep.equal(['Match 1 of 1, page 28']);
  });

  it('steps through the matches with Enter, Shift+Enter and the buttons, wrapping around, and scrolls the one shown into the page area', async function () {
    this.timeout(60_000);
    const widget = await openPdf('en');
    const input = await openSearch(widget);
    // "Seite 3" is on page 3 and page 30 ("Seite 30 von 30").
    await type('Seite 3');
    await untilStatus(widget, '1 of 2');
    await untilMarked(widget, 3, 1);
    await sendKeys({ press: 'Enter' });
    await untilStatus(widget, '2 of 2');
    expect(await untilMarked(widget, 30, 1)).to.deep.equal(['Seite 3']);
    expect(announced(widget)).to.equal('Match 2 of 2, page 30');
    await sendKeys({ press: 'Enter' });
    await untilStatus(widget, '1 of 2');
    await untilMarked(widget, 3, 1);
    await pressWith('Shift', 'Enter');
    await untilStatus(widget, '2 of 2');
    await untilMarked(widget, 30, 1);
    expect(focused(widget), 'focus stays in the field').to.equal(input);
    part<HTMLButtonElement>(widget, 'search-next').click();
    await untilStatus(widget, '1 of 2');
    await untilMarked(widget, 3, 1);
    part<HTMLButtonElement>(widget, 'search-previous').click();
    await untilStatus(widget, '2 of 2');
    await untilMarked(widget, 30, 1);
    // As in the browser's own find: F3 and Ctrl+G onwards, with Shift back — from the page as well.
    part<HTMLButtonElement>(widget, 'next').focus();
    await sendKeys({ press: 'F3' });
    await untilStatus(widget, '1 of 2');
    await pressWith('Control', 'g');
    await untilStatus(widget, '2 of 2');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'F3' });
    await sendKeys({ up: 'Shift' });
    await untilStatus(widget, '1 of 2');
    input.focus();

    // Twelve matches on one page, all marked; stepping moves the current one down the page and into view.
    part<HTMLButtonElement>(widget, 'zoom-in').click();
    part<HTMLButtonElement>(widget, 'zoom-in').click();
    input.focus();
    input.select();
    await type('Anlage 27.');
    await untilStatus(widget, '1 of 12');
    await untilMarked(widget, 27, 12);
    for (let step = 2; step <= 12; step++) {
      await sendKeys({ press: 'Enter' });
      await untilStatus(widget, `${step} of 12`);
      const [current] = currentMarks(widget);
      expect(current!.parentElement!.textContent).to.equal(`Zeile ${step}: Kaufvertrag, Anlage 27.`);
      await until(() => within(current!, part(widget, 'page-area')), `match ${step} scrolled into the page area`);
    }
    await sendKeys({ press: 'Enter' });
    await untilStatus(widget, '1 of 12');
    expect(currentMarks(widget)[0]!.parentElement!.textContent).to.equal('Zeile 1: Kaufvertrag, Anlage 27.');
  });

  it('says "No matches" for a query the document does not have, marks nothing and offers no stepping', async function () {
    this.timeout(40_000);
    const widget = await openPdf('en');
    await openSearch(widget);
    await type('Seite 2');
    await untilStatus(widget, '1 of 11');
    await untilMarked(widget, 2, 1);
    await type('x');
    await untilStatus(widget, 'No matches');
    expect(marks(widget), 'the earlier marks are gone').to.have.length(0);
    expect(announced(widget)).to.equal('No matches for “Seite 2x”');
    expect(part(widget, 'search-next').getAttribute('aria-disabled')).to.equal('true');
    expect(part(widget, 'search-previous').getAttribute('aria-disabled')).to.equal('true');
    await sendKeys({ press: 'Enter' });
    await widget.updateComplete;
    expect(part<HTMLInputElement>(widget, 'page-input').value, 'still on the page shown').to.equal('2');
    expect(marks(widget)).to.have.length(0);
  });

  it('finds a match that spans two lines (two text items), white space and case aside, and marks it on both', async function () {
    this.timeout(40_000);
    const widget = await openPdf('en');
    await openSearch(widget);
    await type('ANLAGE 27.   zeile 2');
    await untilStatus(widget, '1 of 1');
    expect(await untilMarked(widget, 27, 2)).to.deep.equal(['Anlage 27.', 'Zeile 2']);
    const [end, start] = currentMarks(widget);
    expect(end!.parentElement).to.not.equal(start!.parentElement);
    expect(end!.parentElement!.textContent).to.equal('Zeile 1: Kaufvertrag, Anlage 27.');
    expect(start!.parentElement!.textContent).to.equal('Zeile 2: Kaufvertrag, Anlage 27.');
  });

  it('marks the match again after zooming and after turning away from its page and back; text stays selectable over a mark', async function () {
    this.timeout(40_000);
    const widget = await openPdf('de');
    await openSearch(widget);
    await type('Seite 27');
    await untilStatus(widget, '1 von 1');
    await untilMarked(widget, 27, 1);
    const before = part(widget, 'canvas').getBoundingClientRect().width;
    part<HTMLButtonElement>(widget, 'zoom-in').click();
    await until(() => part(widget, 'canvas').getBoundingClientRect().width > before + 20, 'the page zoomed in', 10_000);
    expect(await untilMarked(widget, 27, 1)).to.deep.equal(['Seite 27']);
    part<HTMLButtonElement>(widget, 'previous').click();
    await untilPage(widget, 26);
    await until(() => marks(widget).length === 0, 'page 26 without marks');
    part<HTMLButtonElement>(widget, 'next').click();
    expect(await untilMarked(widget, 27, 1)).to.deep.equal(['Seite 27']);

    // A mouse drag over the marked heading selects its words, as without the mark.
    const heading = currentMarks(widget)[0]!.parentElement!;
    heading.scrollIntoView({ block: 'center' });
    const { left, right, top, height } = heading.getBoundingClientRect();
    const y = Math.round(top + height / 2);
    getSelection()?.removeAllRanges();
    await sendMouse({ type: 'move', position: [Math.round(left) + 1, y] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round(right) - 1, y] });
    await sendMouse({ type: 'up' });
    const selected = (widget.shadowRoot as ShadowRoot & { getSelection?(): Selection | null }).getSelection?.()?.toString() ?? '';
    expect(selected.replace(/\s+/g, ' ')).to.contain('Seite 27 von 3');
  });

  it('closes with Escape: the marks go, focus returns to the Search button, and it opens again empty', async function () {
    this.timeout(40_000);
    const widget = await openPdf('en');
    await openSearch(widget);
    await type('Seite 27');
    await untilStatus(widget, '1 of 1');
    await untilMarked(widget, 27, 1);
    await sendKeys({ press: 'Escape' });
    await widget.updateComplete;
    expect(parts(widget, 'search-row'), 'the row is closed').to.have.length(0);
    expect(marks(widget)).to.have.length(0);
    expect(focused(widget)).to.equal(part(widget, 'search'));
    expect(part(widget, 'search').getAttribute('aria-expanded')).to.equal('false');
    expect(part<HTMLInputElement>(widget, 'page-input').value, 'the page found stays').to.equal('27');
    await sendKeys({ press: 'Enter' });
    await widget.updateComplete;
    expect(part<HTMLInputElement>(widget, 'search-input').value).to.equal('');
    expect(text(widget, 'search-status')).to.equal('');
  });

  it('opens with Ctrl+F while focus is in the viewer (the browser keeps Ctrl+F elsewhere), and Ctrl+F again selects the query', async function () {
    this.timeout(40_000);
    const widget = await openPdf('en');
    // Outside the widget, Ctrl+F is the browser's.
    const outside = document.createElement('button');
    outside.textContent = 'Host page';
    widget.before(outside);
    outside.focus();
    const elsewhere = new KeyboardEvent('keydown', { key: 'f', ctrlKey: true, bubbles: true, composed: true, cancelable: true });
    outside.dispatchEvent(elsewhere);
    expect(elsewhere.defaultPrevented).to.equal(false);
    await widget.updateComplete;
    expect(parts(widget, 'search-row')).to.have.length(0);

    part(widget, 'page-area').focus();
    await pressWith('Control', 'f');
    await widget.updateComplete;
    const input = part<HTMLInputElement>(widget, 'search-input');
    expect(focused(widget)).to.equal(input);
    await type('Seite 27');
    await untilStatus(widget, '1 of 1');
    part(widget, 'page-area').focus();
    const inside = new KeyboardEvent('keydown', { key: 'f', metaKey: true, bubbles: true, composed: true, cancelable: true });
    part(widget, 'page-area').dispatchEvent(inside);
    expect(inside.defaultPrevented, '⌕F inside the viewer is the viewer’s').to.equal(true);
    await widget.updateComplete;
    expect(focused(widget)).to.equal(input);
    expect([input.selectionStart, input.selectionEnd]).to.deep.equal([0, 'Seite 27'.length]);
    outside.remove();
  });

  it('speaks German in a German widget, and is axe-clean with the row open', async function () {
    this.timeout(40_000);
    const widget = await openPdf('de');
    expect(accessible(part(widget, 'search')).name).to.equal(viewerDe['viewer.search']);
    const input = await openSearch(widget);
    expect(input.labels?.[0]?.textContent?.trim()).to.equal('Im Dokument suchen');
    expect(accessible(part(widget, 'search-next')).name).to.equal('Nächster Treffer');
    expect(accessible(part(widget, 'search-previous')).name).to.equal('Vorheriger Treffer');
    expect(accessible(part(widget, 'search-close')).name).to.equal('Suche schließen');
    await type('Seite 3');
    await untilStatus(widget, '1 von 2');
    expect(announced(widget)).to.equal(viewerDe['viewer.search.match']({ current: 1, total: 2, page: 3 }));
    expect(announced(widget)).to.equal('Treffer 1 von 2, Seite 3');
    await expect(widget).to.be.accessible();
    input.select();
    await type('Grundbuch');
    await untilStatus(widget, 'Keine Treffer');
    expect(announced(widget)).to.equal('Keine Treffer für „Grundbuch“');
    await expect(widget).to.be.accessible();
    // Both tables have every search string.
    expect(Object.keys(viewerDe).filter((key) => key.startsWith('viewer.search')).sort()).to.deep.equal(
      Object.keys(viewerEn).filter((key) => key.startsWith('viewer.search')).sort(),
    );
  });

  it('fits a 320 px phone with the row open: the row wraps, nothing overflows, controls at least 44 px', async function () {
    this.timeout(40_000);
    await setViewport({ width: 320, height: 640 });
    const widget = await openPdf('de');
    await openSearch(widget);
    await type('Seite 27');
    await untilStatus(widget, '1 von 1');
    await untilMarked(widget, 27, 1);
    expect(document.documentElement.scrollWidth, 'the page').to.be.at.most(320);
    expect(widget.scrollWidth, 'the widget').to.be.at.most(widget.clientWidth);
    const row = part(widget, 'search-row');
    for (const child of row.children) expect(within(child, row), `${child.getAttribute('part') ?? child.localName} inside the row`).to.equal(true);
    expect(row.getBoundingClientRect().right).to.be.at.most(widget.getBoundingClientRect().right);
    for (const button of row.querySelectorAll('button')) expect(button.getBoundingClientRect().height).to.be.at.least(44);
    expect(part(widget, 'search-input').getBoundingClientRect().width, 'room to type').to.be.at.least(150);
    await expect(widget).to.be.accessible();
  });

  it('is offered with downloads off (it finds only what the viewer shows), and not for an image', async function () {
    this.timeout(40_000);
    const widget = await openPdf('en', { allowDownload: false });
    expect(parts(widget, 'download')).to.have.length(0);
    await openSearch(widget);
    await type('Seite 27');
    await untilStatus(widget, '1 of 1');

    const { widget: images } = await openShare('en', { documents: [{ kind: 'image' }] });
    await openDocument(images, 0);
    await until(() => images.shadowRoot!.querySelector<HTMLImageElement>('[part~="image"]')?.complete, 'the image');
    expect(parts(images, 'search')).to.have.length(0);
  });
});
