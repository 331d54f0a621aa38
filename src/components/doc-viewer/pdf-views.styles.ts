/**
 * Styles of `<doc-viewer>`'s PDF views (`pdf-views.ts`): the toolbar's controls, the search row,
 * the page thumbnails and the page. They come with the views' chunk, when the first PDF opens, and
 * are added after the widget's own styles (`adoptLateStyles`), so they also come after its phone
 * layout: the phone's rules for these controls are here, after the rules they override. The notes
 * are here rather than in the CSS, which ships as written (comments included):
 *
 * - `.page-list__pages`: the thumbnails, one row that scrolls sideways inside the widget's width
 *   (a phone's too), with room for the focus ring; `contain: inline-size` keeps the row's length
 *   out of the widget's own minimum width (a grid or flex item on the host page would grow to it).
 * - `.thumbnail`: white like the page, A4-shaped until drawn (pdf-engine.ts sets its pixels, not
 *   its box).
 * - `.page`: the page sits on white whatever the theme: documents are printed matter.
 * - `.search`: the search row wraps (on a 320 px phone the field gets a line of its own); the
 *   marks of its matches are styled with the text layer (`pdf/text-layer.styles.ts`).
 * - `.page-list summary`: `box-sizing` by name: a summary is slotted into its `<details>`' own
 *   shadow root and inherits from there, so its padding would add to the 44 px.
 * - `@media (max-width: 30rem)`: a phone with a document open (see `doc-viewer.styles.ts`): the
 *   toolbar's groups give way to one row that wraps tightly, a narrower page field, and the words
 *   "Page" and the zoom level for screen readers only (still in the accessible names).
 */
import { css } from 'lit';

/** The PDF views' styles: adopt them with `docViewerStyles` in a viewer of your own that reuses their look. */
export const pdfViewStyles = css`
  .page-number__total,
  .zoom-level,
  .search__status {
    color: var(--_gk-muted);
  }

  .toolbar__group {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem;
  }

  .toolbar__group--end {
    margin-inline-start: auto;
  }

  .tool {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: 2.75rem;
    min-height: 2.75rem;
    font: inherit;
    font-size: 1.25rem;
    line-height: 1;
    color: var(--_gk-text);
    background: var(--_gk-surface);
    border: 1px solid var(--_gk-border);
    border-radius: var(--_gk-radius);
    cursor: pointer;
  }

  .tool__icon {
    width: 1em;
    height: 1em;
    fill: none;
    stroke: currentColor;
    stroke-width: 2.5;
    stroke-linecap: round;
  }

  .tool[aria-pressed='true'],
  .tool[aria-expanded='true'] {
    color: var(--_gk-accent-text);
    background: var(--_gk-accent);
    border-color: var(--_gk-accent);
  }

  .tool[aria-disabled='true'] {
    cursor: default;
    opacity: 0.45;
  }

  .page-number {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    padding: 0 0.25rem;
  }

  .page-number__input,
  .search__input {
    width: 4.5rem;
    min-height: 2.75rem;
    padding: 0.25rem 0.5rem;
    font: inherit;
    color: var(--_gk-text);
    background: var(--_gk-surface);
    border: 1px solid var(--_gk-border);
    border-radius: calc(var(--_gk-radius) * 0.75);
  }

  .search {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
  }

  .search__input {
    flex: 1 1 10rem;
  }

  .zoom-level {
    min-width: 5.5rem;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }

  .page-list summary {
    box-sizing: border-box;
    min-height: 2.75rem;
    padding: 0.5rem 0;
    font-weight: 600;
    cursor: pointer;
  }

  .page-list__pages {
    display: flex;
    gap: 0.5rem;
    margin: 0;
    padding: 0.375rem;
    overflow-x: auto;
    contain: inline-size;
    list-style: none;
  }

  .page-link {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    padding: 0.375rem;
    font: inherit;
    color: var(--_gk-accent);
    background: var(--_gk-surface);
    border: 1px solid var(--_gk-border);
    border-radius: calc(var(--_gk-radius) * 0.75);
    cursor: pointer;
  }

  .thumbnail {
    width: 7.5rem;
    aspect-ratio: auto 210 / 297;
    background: #fff;
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.3);
  }

  .page-link[aria-current='page'] {
    font-weight: 700;
    color: var(--_gk-accent-text);
    background: var(--_gk-accent);
  }

  .page {
    position: relative;
    width: max-content;
    margin: 0 auto;
    background: #fff;
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.3);
    --scale-round-x: 1px;
    --scale-round-y: 1px;
  }

  .page__canvas {
    display: block;
  }

  @media (max-width: 30rem) {
    .toolbar__group {
      display: contents;
    }

    .page-number__input {
      width: 3.5rem;
    }

    .page-number__label,
    .zoom-level {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  }
`;
