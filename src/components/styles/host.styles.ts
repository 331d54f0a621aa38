/** Shared `:host` resets every Guestkit element starts from. */
import { css } from 'lit';

/** `:host` display and box model, `[hidden]`, the focus-visible ring, and a `.visually-hidden` class. */
export const hostStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--_gk-font);
    color: var(--_gk-text);
    line-height: 1.5;
  }

  :host([hidden]),
  [hidden] {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  :focus-visible {
    outline: var(--_gk-focus-width) solid var(--_gk-focus-color);
    outline-offset: 2px;
  }

  /* Headings get focus when a state appears; they are not controls, so no ring for a mouse user. */
  [tabindex='-1']:focus:not(:focus-visible) {
    outline: none;
  }

  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
