/**
 * Which pages a recipient read, for the firm's activity report: a page on screen for 1.5 s counts,
 * one passed quickly does not, and closing the document (or hiding the tab) reports what was read
 * at once, before the usual two-second gathering — recorded by the real adapter (`gk.shares.activity`).
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { PAGE_DWELL_MS, PAGE_REPORT_DELAY_MS } from '../../../src/components/doc-viewer/page-reads.js';
import { shareActivity } from '../helpers/adapter.js';
import { part } from '../helpers/widgets.js';
import { openDocument, openShare, untilPage } from './helpers.js';

const stay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The pages read as the adapter has them, polled until they are `expected` or for less than the
 * gathering delay: only a report sent at once arrives in time. (Waiting for the expected pages,
 * not the first non-empty answer: an earlier timed report may have brought some of them already.)
 */
async function pagesReadSoon(shareId: string, expected: number[]) {
  const end = performance.now() + PAGE_REPORT_DELAY_MS - 600;
  const pagesNow = async () => (await shareActivity(shareId))[0]!.pages.map((entry) => [entry.documentId, entry.pages] as const);
  let read = await pagesNow();
  while (JSON.stringify(read.map(([, pages]) => pages)) !== JSON.stringify([expected]) && performance.now() < end) {
    await stay(100);
    read = await pagesNow();
  }
  return read;
}

/** A share of the 30-page PDF, opened, with page 1 on screen long enough to count as read. */
async function readFirstPage() {
  const opened = await openShare('en', { documents: [{ kind: 'pdf30' }] });
  await openDocument(opened.widget, 0);
  await untilPage(opened.widget, 1, 20_000);
  await stay(PAGE_DWELL_MS + 300);
  return opened;
}

describe('doc-viewer: pages read', () => {
  it('counts pages left on screen for a while (not those passed quickly) and reports them when the document closes', async function () {
    this.timeout(30_000);
    const { widget, seeded } = await readFirstPage();

    const next = part<HTMLButtonElement>(widget, 'next');
    next.click(); // page 2, passed quickly
    await untilPage(widget, 2);
    next.click();
    await untilPage(widget, 3);
    await stay(PAGE_DWELL_MS + 300);

    part<HTMLButtonElement>(widget, 'back').click(); // closes the document: reported now
    expect(await pagesReadSoon(seeded.shareId, [1, 3])).to.deep.equal([[seeded.documents[0]!.id, [1, 3]]]);
  });

  it('reports what was read when the tab is hidden', async function () {
    this.timeout(30_000);
    const { widget, seeded } = await readFirstPage();
    // Another tab comes to the front: the browser hides this page and sends its own visibilitychange.
    const hidden = new Promise((resolve) => document.addEventListener('visibilitychange', resolve, { once: true }));
    await executeServerCommand('page-visibility', { hidden: true });
    try {
      await hidden;
      expect(document.visibilityState).to.equal('hidden');
      expect(await pagesReadSoon(seeded.shareId, [1])).to.deep.equal([[seeded.documents[0]!.id, [1]]]);
    } finally {
      await executeServerCommand('page-visibility', { hidden: false });
    }
  });
});
