/**
 * A real 30-page PDF (made with pdf-lib on the server) rendered by `<doc-viewer>` in Chromium:
 * pdf.js is fetched only when the PDF opens, the bytes come by range (206), page 1 is drawn, page
 * 30 is reachable, and the text layer holds the page's text for selection and screen readers.
 */
import { expect } from '@open-wc/testing';
import { viewerDe } from '../../../src/components/doc-viewer/lang/de.js';
import { hasInk, openDocument, openShare, untilPage } from './helpers.js';
import { part, parts, text, until } from '../helpers/widgets.js';

const pdfjsRequests = (): string[] =>
  performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((url) => /pdfjs-dist|pdf-engine|pdf\.worker/.test(url));

describe('doc-viewer renders a real 30-page PDF', () => {
  it('loads pdf.js only when the PDF opens, draws page 1, reaches page 30, and has selectable text', async function () {
    this.timeout(30_000);
    const { widget, seeded } = await openShare('de');
    expect(parts(widget, 'document')).to.have.length(3);
    expect(pdfjsRequests(), 'pdf.js before a PDF was opened').to.deep.equal([]);

    await openDocument(widget, 0);
    const canvas = await untilPage(widget, 1, 20_000);
    expect(canvas.width).to.be.greaterThan(100);
    expect(hasInk(canvas), 'page 1 is not blank').to.equal(true);
    expect(canvas.getAttribute('role')).to.equal('img');
    expect(canvas.getAttribute('aria-label')).to.equal(viewerDe['viewer.pageStatus']({ page: 1, total: 30 }));
    const loaded = pdfjsRequests();
    expect(loaded.some((url) => /pdf\.worker/.test(url)), `worker in ${loaded.join(', ')}`).to.equal(true);
    expect(loaded.some((url) => /pdfjs-dist\/build\/pdf\.mjs|pdf-engine/.test(url)), `pdf.js in ${loaded.join(', ')}`).to.equal(true);

    const textLayer = part(widget, 'text-layer');
    await until(() => textLayer.textContent?.includes('Seite 1'), 'the text layer');
    expect(textLayer.textContent).to.contain('Seite 1 von 30');

    const input = part<HTMLInputElement>(widget, 'page-input');
    input.value = '30';
    input.dispatchEvent(new Event('change'));
    const last = await untilPage(widget, 30);
    expect(hasInk(last)).to.equal(true);
    await until(() => textLayer.textContent?.includes('Seite 30'), 'page 30 text');
    expect(text(widget, 'announcer')).to.equal(viewerDe['viewer.pageStatus']({ page: 30, total: 30 }));

    const contentUrl = `/guestkit/v1/share/documents/${seeded.documents[0]!.id}/content`;
    const ranges = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.name.includes(contentUrl)) as PerformanceResourceTiming[];
    expect(ranges.length).to.be.greaterThan(0);
    expect(ranges.some((entry) => entry.responseStatus === 206), 'a 206 among the content fetches').to.equal(true);
  });
});
