/**
 * Range streaming of a large PDF (32 pages, ≈ 6 MiB, each page carrying 192 KiB of raw noise):
 * `<doc-viewer>` draws page 1 from a few ranges of the file (several 206 answers, well under half
 * its bytes), fetches nothing more while the visitor stays on page 1, and fetches the last page's
 * bytes only when the visitor goes there.
 */
import { expect } from '@open-wc/testing';
import { viewerDe } from '../../../src/components/doc-viewer/lang/de.js';
import { part, until } from '../helpers/widgets.js';
import { contentFetches, hasInk, openDocument, openShare, recipient, untilPage } from './helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The body bytes of `fetches` (what came over the network for them). */
const bytesOf = (fetches: PerformanceResourceTiming[]): number => fetches.reduce((sum, entry) => sum + entry.encodedBodySize, 0);

describe('doc-viewer streams a large PDF by range', () => {
  it('draws page 1 from a few 206 ranges (well under half the file), and page 32 from ranges fetched when it is reached', async function () {
    this.timeout(60_000);
    const { widget, seeded } = await openShare('de', {
      documents: [{ kind: 'pdfLarge' }],
      recipients: [{ email: recipient(), expiresInSeconds: 3600 }],
    });
    const [document] = seeded.documents;
    const size = document!.size;
    expect(size, 'the seeded PDF').to.be.at.least(4 * 1024 * 1024);
    expect(contentFetches(document!.id), 'bytes fetched before the PDF was opened').to.deep.equal([]);

    await openDocument(widget, 0);
    const canvas = await untilPage(widget, 1, 30_000);
    expect(hasInk(canvas), 'page 1 is not blank').to.equal(true);
    const textLayer = part(widget, 'text-layer');
    await until(() => textLayer.textContent?.includes('Seite 1 von 32'), 'page 1 text');
    // Resource Timing lags a response by a tick; then nothing more may come while page 1 stays.
    await sleep(1000);

    const forPage1 = contentFetches(document!.id);
    const statuses = forPage1.map((entry) => entry.responseStatus);
    expect(statuses.every((status) => status === 206), `statuses ${statuses.join(', ')}`).to.equal(true);
    expect(forPage1.length, 'range requests for page 1').to.be.greaterThan(1);
    for (const entry of forPage1) expect(entry.encodedBodySize, `${entry.name} body`).to.be.greaterThan(0);
    const page1Bytes = bytesOf(forPage1);
    expect(page1Bytes, `${page1Bytes} of ${size} bytes for page 1`).to.be.below(size * 0.5);
    // Page 1's picture alone is 192 KiB, so page 1 really came in these ranges.
    expect(page1Bytes).to.be.at.least(192 * 1024);

    // The last page: new ranges, fetched now, and the page is drawn from them.
    const input = part<HTMLInputElement>(widget, 'page-input');
    input.value = '32';
    input.dispatchEvent(new Event('change'));
    const last = await untilPage(widget, 32, 30_000);
    expect(hasInk(last), 'page 32 is not blank').to.equal(true);
    await until(() => textLayer.textContent?.includes('Seite 32 von 32'), 'page 32 text');
    expect(last.getAttribute('aria-label')).to.equal(viewerDe['viewer.pageStatus']({ page: 32, total: 32 }));
    await sleep(200);

    const all = contentFetches(document!.id);
    const forPage32 = all.slice(forPage1.length);
    expect(forPage32.length, 'range requests for page 32').to.be.at.least(1);
    expect(forPage32.every((entry) => entry.responseStatus === 206)).to.equal(true);
    expect(bytesOf(forPage32), "page 32's picture").to.be.at.least(192 * 1024);
    expect(bytesOf(all), 'pages 1 and 32 together').to.be.below(size * 0.5);
  });
});
