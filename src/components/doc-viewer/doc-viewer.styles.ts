/** Styles of `<doc-viewer>` (on top of the shared tokens, host, link-state and widget styles). */
import { css } from 'lit';

/**
 * The share header, document list, locked state, the open document's head, the image and the page
 * area. The PDF views' controls, thumbnails and page have styles of their own, which come with those
 * views when the first PDF opens (`pdf-views.styles.ts`), and so has the text layer over the page,
 * which comes with pdf.js (`pdf/text-layer.styles.ts`). The notes are here rather than in the CSS,
 * which ships as written (comments included):
 *
 * - `.toolbar`: the PDF toolbar, and the image's and the password form's row of buttons.
 * - `.page-area`: scrolls a zoomed page inside the widget's width; `contain: inline-size` keeps the
 *   page's width out of the widget's minimum width, as for the thumbnails.
 * - `.print-frame`: the frame a document is printed from: loaded, never seen (see print.ts).
 * - `@media (max-width: 30rem)`: a phone with a document open. The chrome above the page shrinks
 *   so that the page starts in the upper half of a 375 × 740 screen: the share's title alone (its
 *   message and "available until" come back with the list), "back" as an arrow beside the
 *   document's name, the toolbar's controls in one row that wraps tightly (two lines in German),
 *   and the words "Page" and the zoom level for screen readers only (still in the accessible
 *   names; those rules are with the PDF views' styles). The viewport's width rather than the
 *   widget's: what runs short is the screen's height. `:has()` is in every browser pdf.js 5 runs in.
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
  .document__note {
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

    .toolbar .button {
      padding-inline: 0.5rem;
      font-size: 0.875rem;
    }

    .back__text {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  }
`;
