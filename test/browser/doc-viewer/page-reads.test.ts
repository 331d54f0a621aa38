/**
 * Which pages a recipient read, for the firm's activity report: a page on screen for 1.5 s counts,
 * one passed quickly does not, and closing the document reports what was read at once — recorded
 * by the real adapter (`gk.shares.activity`).
 */
import { expect } from '@open-wc/testing';
import { PAGE_DWELL_MS } from '../../../src/components/doc-viewer/page-reads.js';
import { shareActivity } from '../helpers/adapter.js';
import { part } from '../helpers/widgets.js';
import { openDocument, openShare, untilPage } from './helpers.js';

const stay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('doc-viewer: pages read', () => {
  it('counts pages left on screen for a while (not those passed quickly) and reports them when the document closes', async function () {
    this.timeout(30_000);
    const { widget, seeded } = await openShare('en', { documents: [{ kind: 'pdf30' }] });
    await openDocument(widget, 0);
    await untilPage(widget, 1, 20_000);
    await stay(PAGE_DWELL_MS + 300);

    const next = part<HTMLButtonElement>(widget, 'next');
    next.click(); // page 2, passed quickly
    await untilPage(widget, 2);
    next.click();
    await untilPage(widget, 3);
    await stay(PAGE_DWELL_MS + 300);

    part<HTMLButtonElement>(widget, 'back').click(); // closes the document: reported now
    let read = (await shareActivity(seeded.shareId))[0]!.pages;
    for (let i = 0; i < 50 && read.length === 0; i++) {
      await stay(100);
      read = (await shareActivity(seeded.shareId))[0]!.pages;
    }
    expect(read.map((entry) => [entry.documentId, entry.pages])).to.deep.equal([[seeded.documents[0]!.id, [1, 3]]]);
  });
});
