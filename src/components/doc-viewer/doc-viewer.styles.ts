/** Styles of `<doc-viewer>` (on top of the shared tokens, host, link-state and widget styles). */
import { css } from 'lit';

/**
 * The share header, document list, locked state, toolbar, page thumbnails and page (the text layer
 * over the page has styles of its own, which come with pdf.js: `pdf/text-layer.styles.ts`). The
 * notes are here rather than in the CSS, which ships as written (comments included):
 *
 * - `.page-list__pages`: the thumbnails, one row that scrolls sideways inside the widget's width
 *   (a phone's too), with room for the focus ring; `contain: inline-size` keeps the row's length
 *   out of the widget's own minimum width (a grid or flex item on the host page would grow to it).
 * - `.page-area`: scrolls a zoomed page inside the widget's width; `contain: inline-size` keeps the
 *   page's width out of the widget's minimum width, as for the thumbnails.
 * - `.thumbnail`: white like the page, A4-shaped until drawn (pdf-engine.ts sets its pixels, not
 *   its box).
 * - `.page`: the page sits on white whatever the theme: documents are printed matter.
 * - `.search`: the search row wraps (on a 320 px phone the field gets a line of its own); the
 *   marks of its matches are styled with the text layer (`pdf/text-layer.styles.ts`).
 * - `.print-frame`: the frame a document is printed from: loaded, never seen (see print.ts).
 * - `.page-list summary`: `box-sizing` by name: a summary is slotted into its `<details>`' own
 *   shadow root and inherits from there, so its padding would add to the 44 px.
 * - `@media (max-width: 30rem)`: a phone with a document open. The chrome above the page shrinks
 *   so that the page starts in the upper half of a 375 × 740 screen: the share's title alone (its
 *   message and "available until" come back with the list), "back" as an arrow beside the
 *   document's name, the toolbar's controls in one row that wraps tightly (two lines in German),
 *   and the words "Page" and the zoom level for screen readers only (still in the accessible
 *   names). The viewport's width rather than the widget's: what runs short is the screen's
 *   height. `:has()` is in every browser pdf.js 5 runs in.
 */
export const docViewerStyles = css`
  .viewer,
  .documents,
  .locked,
  .document-view {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_gk-spacing) * 0.75);
  }

  .viewer {
    gap: var(--_gk-spacing);
  }

  .locked > *,
  .documents > *,
  .document-view__head > * {
    margin: 0;
  }

  .available-until {
    font-weight: 600;
  }

  .view-only,
  .document__meta,
  .document__note,
  .page-number__total,
  .zoom-level,
  .search__status {
    color: var(--_gk-muted);
  }

  .documents__title,
  .locked__title {
    font-size: 1.0625rem;
  }

  .document-list {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_gk-spacing) * 0.5);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .document {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_gk-spacing) * 0.5);
    padding: calc(var(--_gk-spacing) * 0.75);
    background: var(--_gk-surface);
    border: 1px solid var(--_gk-border);
    border-radius: var(--_gk-radius);
  }

  .document__text {
    display: flex;
    flex: 1 1 12rem;
    flex-direction: column;
    min-width: 0;
  }

  .document__name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .document__actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_gk-spacing) * 0.5);
  }

  .locked {
    padding: var(--_gk-spacing);
    border: 2px solid var(--_gk-border);
    border-radius: var(--_gk-radius);
  }

  .document-view__title {
    font-size: 1.125rem;
    overflow-wrap: anywhere;
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_gk-spacing) * 0.5) var(--_gk-spacing);
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

  .page-area {
    max-height: min(80vh, 60rem);
    padding: 0.5rem;
    overflow: auto;
    contain: inline-size;
    background: color-mix(in srgb, var(--_gk-border) 25%, var(--_gk-surface));
    border: 1px solid var(--_gk-border);
    border-radius: var(--_gk-radius);
  }

  .page-area--image {
    text-align: center;
  }

  .image {
    max-width: 100%;
    height: auto;
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

  .document-loading,
  .document-error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem;
    padding: var(--_gk-spacing) 0;
  }

  .document-error {
    color: var(--_gk-danger);
  }

  .pdf-password {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: calc(var(--_gk-spacing) * 0.5);
    padding: var(--_gk-spacing) 0;
  }

  .pdf-password__message {
    margin: 0;
  }

  .print-frame {
    position: fixed;
    top: 0;
    left: -100vw;
    width: 0;
    height: 0;
    border: 0;
    visibility: hidden;
  }

  @media (max-width: 30rem) {
    .viewer:has(> .document-view),
    .document-view {
      gap: 0.5rem;
    }

    .viewer:has(> .document-view) .title {
      font-size: 1.125rem;
      line-height: 1.25;
    }

    .viewer:has(> .document-view) :is(.message, .available-until) {
      display: none;
    }

    .document-view__head {
      display: grid;
      grid-template-columns: auto 1fr;
      align-items: center;
      column-gap: 0.5rem;
    }

    .document-view__title {
      line-height: 1.3;
    }

    .document-view__head .document__meta {
      font-size: 0.875rem;
    }

    .document-view__head .link-button {
      grid-row: span 2;
      min-width: 2.75rem;
      font-size: 1.25rem;
      text-decoration: none;
      border: 1px solid var(--_gk-border);
    }

    .toolbar {
      gap: 0.25rem;
    }

    .toolbar__group {
      display: contents;
    }

    .toolbar .button {
      padding-inline: 0.5rem;
      font-size: 0.875rem;
    }

    .page-number__input {
      width: 3.5rem;
    }

    .back__text,
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
