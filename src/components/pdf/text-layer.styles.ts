/** Styles of pdf.js's text layer, which load with pdf.js (see `pdf-engine.ts`). */
import { css } from 'lit';

/**
 * pdf.js's text layer (from pdfjs-dist/web/pdf_viewer.css): transparent text over the canvas,
 * placed exactly where the glyphs are drawn, so it can be selected and read aloud. Only a page
 * pdf.js has drawn has one, so these styles come with the pdf.js chunk rather than with the
 * widget; the widget adds them to its shadow root before it draws the first page.
 *
 * Search marks its matches with `<mark class="match">` inside the text (`text-search.ts`): a
 * translucent background over the drawn glyphs, the text itself staying transparent;
 * `--gk-search-highlight` and `--gk-search-highlight-current` (the match gone to, which also has
 * an outline in the accent colour, so it differs by more than a shade) theme them.
 */
export const textLayerStyles = css`
  .textLayer {
    position: absolute;
    inset: 0;
    overflow: clip;
    opacity: 1;
    line-height: 1;
    text-align: initial;
    text-size-adjust: none;
    forced-color-adjust: none;
    transform-origin: 0 0;
    caret-color: CanvasText;
    z-index: 0;
    --min-font-size: 1;
    --text-scale-factor: calc(var(--total-scale-factor) * var(--min-font-size));
    --min-font-size-inv: calc(1 / var(--min-font-size));
  }

  .textLayer :is(span, br) {
    position: absolute;
    color: transparent;
    white-space: pre;
    cursor: text;
    transform-origin: 0% 0%;
  }

  .textLayer > :not(.markedContent),
  .textLayer .markedContent span:not(.markedContent) {
    z-index: 1;
    --font-height: 0;
    font-size: calc(var(--text-scale-factor) * var(--font-height));
    --scale-x: 1;
    --rotate: 0deg;
    transform: rotate(var(--rotate)) scaleX(var(--scale-x)) scale(var(--min-font-size-inv));
  }

  .textLayer .markedContent {
    display: contents;
  }

  .textLayer ::selection {
    background: rgb(0 0 255 / 0.25);
  }

  .textLayer br::selection {
    background: transparent;
  }

  .textLayer mark {
    color: transparent;
    background: var(--gk-search-highlight, rgb(255 200 0 / 0.4));
    border-radius: 2px;
  }

  .textLayer mark.match--current {
    background: var(--gk-search-highlight-current, rgb(255 110 0 / 0.5));
    outline: 2px solid var(--_gk-accent);
  }

  .textLayer .endOfContent {
    position: absolute;
    inset: 100% 0 0;
    display: block;
    z-index: 0;
    cursor: default;
    user-select: none;
  }
`;
