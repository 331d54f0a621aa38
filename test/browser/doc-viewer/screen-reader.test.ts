/**
 * What a screen reader finds in `<doc-viewer>`, beyond axe (regressions from a review with
 * accessibility-tree dumps, in German): a search's result does not stay in the live region once
 * the search is closed or another document is open; zooming says the new zoom level (politely,
 * also on a phone, where the level is not shown), and the first page drawn says none; every
 * control has its name once — the page field is "Seite" described by "von 30" (not "Seite von
 * 30" described by "von 30"), a toolbar button is not described by its own name (a `title` equal
 * to its `aria-label`), and "back" is named exactly "Zurück zu den Dokumenten", no leading space.
 */
import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { DocViewer } from '../../../src/components/doc-viewer/doc-viewer.component.js';
import { viewerDe } from '../../../src/components/doc-viewer/lang/de.js';
import { viewerEn } from '../../../src/components/doc-viewer/lang/en.js';
import type { ViewerTranslation } from '../../../src/components/doc-viewer/translations.js';
import { announced, part, parts, text, until } from '../helpers/widgets.js';
import { accessible } from './accname.js';
import { openDocument, openShare, untilPage } from './helpers.js';

/** Searches `query` in the open PDF's search row (opened by its button) until the row counts `status`. */
async function search(widget: DocViewer, query: string, status: string): Promise<void> {
  part<HTMLButtonElement>(widget, 'search').click();
  await widget.updateComplete;
  await sendKeys({ type: query });
  await until(() => text(widget, 'search-status') === status, `the search status "${status}"`, 20_000);
}

/** The zoom the open PDF is drawn at (1 = 100 %). */
const scale = (widget: DocViewer): number => (widget as unknown as { pdf: { scale: number } }).pdf.scale;

/** The toolbar's zoom level, as it is written (its no-break space kept). */
const shown = (widget: DocViewer): string => part(widget, 'zoom-level').textContent!.trim();

/** A zoom level's percentage as the widget writes it ("150 %" in German, "150%" in English). */
function percent(lang: 'de' | 'en', scale: number): string {
  return new Intl.NumberFormat(lang, { style: 'percent' }).format(scale);
}

describe('doc-viewer for a screen reader: the live region, zoom, names', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('a search result leaves the live region when the search closes, and when another document (an image) is opened', async function () {
    this.timeout(60_000);
    const { widget } = await openShare('de', { documents: [{ kind: 'pdf30' }, { kind: 'image' }] });
    await openDocument(widget, 0);
    await untilPage(widget, 1, 20_000);
    const match = viewerDe['viewer.search.match']({ current: 1, total: 11, page: 2 });

    await search(widget, 'Seite 2', '1 von 11');
    expect(announced(widget)).to.equal(match);
    await sendKeys({ press: 'Escape' });
    await widget.updateComplete;
    expect(announced(widget), 'after Escape closed the search').to.equal('');

    await search(widget, 'Seite 2', '1 von 11');
    expect(announced(widget)).to.equal(match);
    part<HTMLButtonElement>(widget, 'back').click();
    await widget.updateComplete;
    await openDocument(widget, 1);
    await until(() => widget.shadowRoot!.querySelector<HTMLImageElement>('[part~="image"]')?.complete, 'the image');
    await widget.updateComplete;
    expect(announced(widget), 'with the image open').to.not.contain('Treffer');
    expect(announced(widget), 'with the image open').to.equal('');
    await expect(widget).to.be.accessible();
  });

  for (const [lang, t] of [['de', viewerDe], ['en', viewerEn]] as ['de' | 'en', ViewerTranslation][]) {
    it(`zooming announces the new zoom level politely; opening the PDF announces none (${lang})`, async function () {
      this.timeout(40_000);
      const { widget } = await openShare(lang, { documents: [{ kind: 'pdf30' }] });
      const said: string[] = [];
      const listen = new MutationObserver(() => said.push(announced(widget)));
      listen.observe(part(widget, 'announcer'), { subtree: true, childList: true, characterData: true });
      await openDocument(widget, 0);
      await untilPage(widget, 1, 20_000);
      await widget.updateComplete;
      expect(said.filter((line) => line.startsWith('Zoom')), 'nothing said of the zoom when the PDF opens').to.deep.equal([]);
      const announcer = part(widget, 'announcer');
      expect([announcer.getAttribute('role'), announcer.getAttribute('aria-live')]).to.deep.equal(['status', 'polite']);

      // Three times "Zoom in", by keyboard: each press says where it got to, as the toolbar shows it.
      part<HTMLButtonElement>(widget, 'zoom-in').focus();
      for (let press = 1; press <= 3; press++) {
        await sendKeys({ press: 'Enter' });
        await widget.updateComplete;
        const level = t['viewer.zoomLevel']({ percent: percent(lang, scale(widget)) });
        expect(announced(widget), `after press ${press}`).to.equal(level);
        expect(shown(widget), 'as the toolbar shows it').to.equal(level);
      }
      part<HTMLButtonElement>(widget, 'zoom-out').click();
      await widget.updateComplete;
      expect(announced(widget), 'after "Zoom out"').to.equal(shown(widget));
      expect(said.filter((line) => line.startsWith('Zoom')), 'one announcement a press').to.have.length(4);
      listen.disconnect();
    });
  }

  it('on a 375 px phone, where the zoom level is not shown, "Vergrößern" says it (de)', async function () {
    this.timeout(40_000);
    await setViewport({ width: 375, height: 740 });
    const { widget } = await openShare('de', { documents: [{ kind: 'pdf30' }] });
    await openDocument(widget, 0);
    await untilPage(widget, 1, 20_000);
    part<HTMLButtonElement>(widget, 'zoom-in').click();
    await widget.updateComplete;
    expect(getComputedStyle(part(widget, 'zoom-level')).clipPath, 'the level is visually hidden').to.not.equal('none');
    expect(announced(widget)).to.equal(viewerDe['viewer.zoomLevel']({ percent: percent('de', scale(widget)) }));
    expect(announced(widget)).to.equal(shown(widget));
  });

  for (const [lang, t] of [['de', viewerDe], ['en', viewerEn]] as ['de' | 'en', ViewerTranslation][]) {
    it(`names each control once: the page field, the toolbar buttons (no description repeating the name), "back" exactly (${lang})`, async function () {
      this.timeout(40_000);
      const { widget } = await openShare(lang, { documents: [{ kind: 'pdf30' }] });
      await openDocument(widget, 0);
      await untilPage(widget, 1, 20_000);
      await widget.updateComplete;

      const page = accessible(part(widget, 'page-input'));
      expect(page.name, 'the page field’s name').to.equal(t['viewer.pageLabel']);
      expect(page.description, 'the page field’s description').to.equal(t['viewer.pageOf']({ total: 30 }));
      expect(page.name, '"of 30" is said once').to.not.contain(page.description);

      expect(accessible(part(widget, 'back')).name, '"back": exactly its words').to.equal(t['viewer.back']);

      part<HTMLButtonElement>(widget, 'search').click();
      await widget.updateComplete;
      const expected: Record<string, string> = {
        previous: t['viewer.previous'],
        next: t['viewer.next'],
        'zoom-out': t['viewer.zoomOut'],
        'zoom-in': t['viewer.zoomIn'],
        'fit-width': t['viewer.fitWidth'],
        search: t['viewer.search'],
        'search-previous': t['viewer.search.previous'],
        'search-next': t['viewer.search.next'],
        'search-close': t['viewer.search.close'],
      };
      const buttons = parts(widget, 'toolbar-button');
      expect(buttons.map((button) => button.getAttribute('part')!.split(' ')[1]).sort()).to.deep.equal(Object.keys(expected).sort());
      for (const button of buttons) {
        const which = button.getAttribute('part')!.split(' ')[1]!;
        const { name, description } = accessible(button);
        expect(name, `${which}: its name`).to.equal(expected[which]);
        expect(description, `${which}: no description repeating its name`).to.not.equal(name);
      }
      await expect(widget).to.be.accessible();

      // On a phone "back" is an arrow: its name is still the words alone.
      await setViewport({ width: 375, height: 740 });
      await widget.updateComplete;
      expect(accessible(part(widget, 'back')).name, '"back" on a phone').to.equal(t['viewer.back']);
    });
  }
});
