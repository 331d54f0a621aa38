/**
 * Find in document's text half on text a PDF really holds, without drawing a page: characters
 * that fold to several (an ellipsis to three dots, a ligature to two letters) are one character
 * of the page, so a query inside one finds it once, and its marks cover it once — the text layer
 * keeps exactly the page's text, marked and unmarked.
 */
import { expect } from '@open-wc/testing';
import { findIn, foldQuery, markMatches, pageText } from '../../../src/components/pdf/text-search.js';

type Content = Parameters<typeof pageText>[0];
const content = (...items: { str: string; hasEOL?: boolean }[]) => ({ items: items.map(({ str, hasEOL = false }) => ({ str, hasEOL })), styles: {}, lang: null }) as unknown as Content;

/** A text layer as pdf.js draws it: one span per item. */
function layerOf(...strings: string[]): { layer: HTMLElement; divs: HTMLElement[] } {
  const layer = document.createElement('div');
  const divs = strings.map((str) => Object.assign(document.createElement('span'), { textContent: str }));
  layer.replaceChildren(...divs);
  return { layer, divs };
}

describe('find in document: text folding', () => {
  it('finds a dot once per ellipsis it is part of, and marks each ellipsis once without changing the text', () => {
    const text = pageText(content({ str: 'Name: ……… Datum' }));
    const matches = findIn(text, foldQuery('.'), 1);
    expect(matches.map((match) => match.ranges)).to.deep.equal([[{ item: 0, start: 6, end: 7 }], [{ item: 0, start: 7, end: 8 }], [{ item: 0, start: 8, end: 9 }]]);
    const { layer, divs } = layerOf('Name: ……… Datum');
    const first = markMatches(layer, divs, matches, matches[1]);
    expect(divs[0]!.textContent).to.equal('Name: ……… Datum');
    expect([...layer.querySelectorAll('mark')].map((mark) => mark.textContent)).to.deep.equal(['…', '…', '…']);
    expect(first?.textContent).to.equal('…');
    markMatches(layer, divs, [], undefined);
    expect(layer.querySelectorAll('mark')).to.have.length(0);
    expect(divs[0]!.textContent).to.equal('Name: ……… Datum');
  });

  it('finds a letter of a ligature once, and two dots spanning ellipses as one match per pair of source characters', () => {
    expect(findIn(pageText(content({ str: 'ﬁnal ﬁle' })), foldQuery('i'), 1).map((match) => match.ranges)).to.deep.equal([[{ item: 0, start: 0, end: 1 }], [{ item: 0, start: 5, end: 6 }]]);
    // "..": the first two dots of the first ellipsis; the next two would begin inside it again.
    const matches = findIn(pageText(content({ str: '……' })), foldQuery('..'), 1);
    expect(matches.map((match) => match.ranges)).to.deep.equal([[{ item: 0, start: 0, end: 1 }], [{ item: 0, start: 1, end: 2 }]]);
    const { layer, divs } = layerOf('……');
    markMatches(layer, divs, matches, matches[0]);
    expect(divs[0]!.textContent).to.equal('……');
  });

  it('marks ranges that overlap or reach past the drawn text without duplicating or losing any of it', () => {
    const { layer, divs } = layerOf('abcdef');
    const overlapping = [
      { pageNumber: 1, ranges: [{ item: 0, start: 1, end: 4 }] },
      { pageNumber: 1, ranges: [{ item: 0, start: 2, end: 5 }] },
      { pageNumber: 1, ranges: [{ item: 0, start: 5, end: 40 }] },
    ];
    markMatches(layer, divs, overlapping, undefined);
    expect(divs[0]!.textContent).to.equal('abcdef');
    expect([...layer.querySelectorAll('mark')].map((mark) => mark.textContent)).to.deep.equal(['bcd', 'e', 'f']);
  });
});
