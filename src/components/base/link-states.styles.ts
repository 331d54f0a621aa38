/** Styles every link widget needs from its first render: panels, buttons and the spinner. */
import { css } from 'lit';

/**
 * The shared panel (`.state`), buttons (`.button`, `.button--secondary`) and the loading spinner.
 * Also the form fields (`.field__*`), which widgets use in their ready states too. The headings,
 * notices and code form of the other link states are in `linkStateFormStyles`, which loads with
 * those states.
 */
export const linkStatesStyles = css`
  .state {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: calc(var(--_gk-spacing) * 0.75);
    padding: calc(var(--_gk-spacing) * 1.5);
    background: var(--_gk-surface);
    color: var(--_gk-text);
    border: 1px solid var(--_gk-border);
    border-radius: var(--_gk-radius);
  }

  .state--loading {
    flex-direction: row;
    align-items: center;
  }

  .state__message {
    margin: 0;
    color: var(--_gk-muted);
  }

  .state--loading .state__message {
    color: var(--_gk-text);
  }

  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-height: 2.75rem;
    padding: 0.5rem 1.25rem;
    font: inherit;
    font-weight: 600;
    color: var(--_gk-accent-text);
    background: var(--_gk-accent);
    border: 1px solid var(--_gk-accent);
    border-radius: var(--_gk-radius);
    cursor: pointer;
    transition: filter var(--_gk-transition);
  }

  .button:hover {
    filter: brightness(1.08);
  }

  .button[aria-disabled='true'] {
    cursor: default;
    opacity: 0.75;
  }

  .button--secondary {
    color: var(--_gk-accent);
    background: transparent;
  }

  .spinner {
    flex: none;
    width: 1.25rem;
    height: 1.25rem;
    border: 3px solid var(--_gk-border);
    border-top-color: var(--_gk-accent);
    border-radius: 50%;
    animation: gk-spin 0.8s linear infinite;
  }

  @keyframes gk-spin {
    to {
      transform: rotate(360deg);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
      border-top-color: var(--_gk-border);
      border-right-color: var(--_gk-accent);
    }
  }

  .state__notice--danger,
  .field__error {
    color: var(--_gk-danger);
  }

  .field__label {
    font-weight: 600;
  }

  .field__input {
    width: 100%;
    max-width: 20rem;
    padding: 0.625rem 0.75rem;
    font: inherit;
    font-size: 1.125rem;
    letter-spacing: 0.05em;
    color: var(--_gk-text);
    background: var(--_gk-surface);
    border: 1px solid var(--_gk-border);
    border-radius: calc(var(--_gk-radius) * 0.75);
  }

  .field__input[aria-invalid='true'] {
    border-color: var(--_gk-danger);
    border-width: 2px;
  }

  .field__error {
    margin: 0;
    font-size: 0.9375rem;
  }

  .field__error:empty {
    display: none;
  }
`;
