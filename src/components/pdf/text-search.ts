/**
 * Find in document, the pdf.js chunk's half: a page's text folded the way search compares it,
 * the matches of a query in it, and the marks that show them in a drawn page's text layer.
 *
 * Only `pdf-engine.ts` imports this (the widgets import its types at most), so it stays in the
 * lazily loaded pdf.js chunk.
 */
import type { PDFPageProxy } from 'pdfjs-dist';

type TextContent = Awaited<ReturnType<PDFPageProxy['getTextContent']>>;

/** Part of one match inside one text item of a page: `str.slice(start, end)` of the item. */
export interface PdfTextRange {
  /** The text item, counted as pdf.js's text layer counts its elements (items with text, in order). */
  readonly item: number;
  readonly start: number;
  readonly end: number;
}

/** One match of a search: its page, and the text it covers there (one range per text item it spans). */
export interface PdfMatch {
  readonly pageNumber: number;
  readonly ranges: readonly PdfTextRange[];
}

/**
 * A page's text as search sees it: its items joined (an item ending a line adds a space), folded
 * (see `Folded`), and for every folded character the item and the range of its `str` it came from.
 */
export interface PageText {
  readonly folded: string;
  readonly item: readonly number[];
  readonly start: readonly number[];
  readonly end: readonly number[];
  /** Each item's `str` length (a match covers the items between its first and last in full). */
  readonly lengths: readonly number[];
}

// A character with the combining marks after it: NFKC composes those, so they fold together.
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gu;

/**
 * Text folded for comparison: NFKC (ligatures, full-width forms and no-break spaces become what
 * they stand for), lower case, and every run of white space one space. Remembers where each
 * folded character came from, so a match can be marked in the text it was found in.
 */
class Folded implements PageText {
  folded = '';
  readonly item: number[] = [];
  readonly start: number[] = [];
  readonly end: number[] = [];
  readonly lengths: number[] = [];

  /** Adds `text`, the `str` of item `item`. */
  add(text: string, item: number): void {
    for (const { 0: cluster, index } of text.matchAll(CLUSTER)) {
      for (const char of cluster.normalize('NFKC').toLowerCase()) this.#push(char, item, index, index + cluster.length);
    }
  }

  /** A line ends after item `item`: a space, placed (empty) at the item's end. */
  endLine(item: number, length: number): void {
    this.#push(' ', item, length, length);
  }

  #push(char: string, item: number, start: number, end: number): void {
    const folded = /\s/u.test(char) ? ' ' : char;
    if (folded === ' ' && this.folded.endsWith(' ')) return;
    // One entry per UTF-16 unit: `indexOf` counts those.
    for (let unit = 0; unit < folded.length; unit++) {
      this.item.push(item);
      this.start.push(start);
      this.end.push(end);
    }
    this.folded += folded;
  }
}

/** A page's text (pdf.js `getTextContent()`, default options: the text layer's items) for search. */
export function pageText(content: TextContent): PageText {
  const text = new Folded();
  let item = 0;
  for (const each of content.items) {
    // Marked-content boundaries have no `str`, and no element in the text layer.
    if (!('str' in each)) continue;
    const { str, hasEOL } = each;
    text.add(str, item);
    if (hasEOL) text.endLine(item, str.length);
    text.lengths.push(str.length);
    item++;
  }
  return text;
}

/** `query` folded as page text is (see `Folded`), without white space at its ends; empty finds nothing. */
export function foldQuery(query: string): string {
  const folded = new Folded();
  folded.add(query, 0);
  return folded.folded.trim();
}

/** The matches of `query` (folded, see `foldQuery`) on a page, in reading order, none overlapping. */
export function findIn(text: PageText, query: string, pageNumber: number): PdfMatch[] {
  const matches: PdfMatch[] = [];
  if (!query) return matches;
  for (let at = text.folded.indexOf(query); at >= 0; at = text.folded.indexOf(query, at + query.length)) {
    const ranges = rangesOf(text, at, at + query.length - 1);
    // A character that folds to several (… to ...) is one in the text: a match starting inside
    // the one before it is the same text again, not a match of its own.
    const before = matches.at(-1)?.ranges.at(-1);
    if (before && ranges[0] && ranges[0].item === before.item && ranges[0].start < before.end) continue;
    if (ranges.length) matches.push({ pageNumber, ranges });
  }
  return matches;
}

/** The item ranges folded characters `first`..`last` came from (a match may span items). */
function rangesOf(text: PageText, first: number, last: number): PdfTextRange[] {
  const ranges: PdfTextRange[] = [];
  const from = text.item[first]!;
  const to = text.item[last]!;
  for (let item = from; item <= to; item++) {
    const start = item === from ? text.start[first]! : 0;
    const end = item === to ? text.end[last]! : text.lengths[item]!;
    if (end > start) ranges.push({ item, start, end });
  }
  return ranges;
}

/** The class of a match's marks, and the one added to the current match's. */
export const MATCH_CLASS = 'match';
export const CURRENT_MATCH_CLASS = 'match--current';

/**
 * Marks `matches` in a drawn text layer (`divs`: pdf.js's element per text item, in item order),
 * each range a `<mark>` inside its item's element, after removing the marks made before. Inline
 * marks keep the item's font and scaling, so they sit exactly on the glyphs and text selection
 * works as before. Returns the current match's first mark, if it is on this page.
 */
export function markMatches(layer: HTMLElement, divs: readonly HTMLElement[], matches: readonly PdfMatch[], current: PdfMatch | undefined): HTMLElement | undefined {
  // An item's element holds its text alone again (its text is the marks' and the text between).
  for (const div of new Set([...layer.querySelectorAll('mark')].map((mark) => mark.parentElement!))) div.replaceChildren(div.textContent ?? '');
  const byItem = new Map<number, { range: PdfTextRange; current: boolean }[]>();
  for (const match of matches) {
    for (const range of match.ranges) byItem.set(range.item, [...(byItem.get(range.item) ?? []), { range, current: match === current }]);
  }
  let first: HTMLElement | undefined;
  for (const [item, marks] of byItem) {
    const div = divs[item];
    if (!div) continue;
    const text = div.textContent ?? '';
    const nodes: (Node | string)[] = [];
    let at = 0;
    for (const { range, current: isCurrent } of marks.sort((a, b) => a.range.start - b.range.start)) {
      // Marks never overlap, nor reach past the text: the item's text stays exactly what it was.
      const start = Math.max(range.start, at);
      const end = Math.min(range.end, text.length);
      if (end <= start) continue;
      const mark = document.createElement('mark');
      mark.className = isCurrent ? `${MATCH_CLASS} ${CURRENT_MATCH_CLASS}` : MATCH_CLASS;
      mark.textContent = text.slice(start, end);
      nodes.push(text.slice(at, start), mark);
      at = end;
      if (isCurrent && item === current?.ranges[0]?.item) first = mark;
    }
    nodes.push(text.slice(at));
    div.replaceChildren(...nodes.filter((node) => node !== ''));
  }
  return first;
}
