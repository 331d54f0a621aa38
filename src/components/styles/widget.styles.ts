/** Styles every link widget's ready state shares, on top of the tokens, host and link-state styles. */
import { css } from 'lit';

/**
 * The header (`.header`, `.title`, `.message`) and the underlined text button (`.link-button`)
 * that `<doc-viewer>` and `<guest-upload>` both draw.
 */
export const widgetStyles = css`
  .header {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_gk-spacing) * 0.75);
  }

  .header > * {
    margin: 0;
  }

  .title {
    font-size: 1.375rem;
    line-height: 1.3;
  }

  .message {
    white-space: pre-line;
  }

  .link-button {
    min-height: 2.75rem;
    padding: 0 0.25rem;
    font: inherit;
    font-weight: 600;
    color: var(--_gk-accent);
    background: none;
    border: none;
    border-radius: calc(var(--_gk-radius) * 0.5);
    text-decoration: underline;
    text-underline-offset: 0.2em;
    cursor: pointer;
  }
`;
