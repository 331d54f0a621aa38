/**
 * Guestkit's design tokens. Host pages theme every widget by setting `--gk-*` custom properties;
 * components read the private `--_gk-*` copies, which fall back to these defaults.
 * Light by default, dark with `prefers-color-scheme: dark` (unless `theme="light"`) or `theme="dark"`.
 */
import { css } from 'lit';

// Dark values are written once and used twice: for `theme="dark"` and for the system preference.
const dark = css`
  --_gk-accent: var(--gk-accent, #8ab4f8);
  --_gk-accent-text: var(--gk-accent-text, #0b1d3a);
  --_gk-text: var(--gk-text, #e8eaed);
  --_gk-muted: var(--gk-muted, #aeb6c0);
  --_gk-surface: var(--gk-surface, #1b1e23);
  --_gk-border: var(--gk-border, #7f8994);
  --_gk-danger: var(--gk-danger, #f4a8a3);
  --_gk-success: var(--gk-success, #86d39b);
  --_gk-focus-color: var(--gk-focus-color, #aecbfa);
  color-scheme: dark;
`;

/**
 * The shared token sheet: accent, text, muted, surface, border, danger, success, radius, font,
 * spacing and focus ring, light and dark, and reduced motion.
 *
 * @cssproperty --gk-accent - Buttons, links and the spinner.
 * @cssproperty --gk-accent-text - Text on the accent colour.
 * @cssproperty --gk-text - Body text.
 * @cssproperty --gk-muted - Secondary text.
 * @cssproperty --gk-surface - Background of a widget's panels.
 * @cssproperty --gk-border - Borders of panels and inputs (at least 3:1 against the surface).
 * @cssproperty --gk-danger - Error messages and invalid inputs.
 * @cssproperty --gk-success - Confirmations.
 * @cssproperty --gk-radius - Corner radius.
 * @cssproperty --gk-font - Font family.
 * @cssproperty --gk-spacing - The base spacing unit.
 * @cssproperty --gk-focus-color - Colour of the focus ring.
 * @cssproperty --gk-focus-width - Width of the focus ring.
 */
export const tokensStyles = css`
  :host {
    --_gk-accent: var(--gk-accent, #1d5bbf);
    --_gk-accent-text: var(--gk-accent-text, #ffffff);
    --_gk-text: var(--gk-text, #1b1f24);
    --_gk-muted: var(--gk-muted, #545d68);
    --_gk-surface: var(--gk-surface, #ffffff);
    --_gk-border: var(--gk-border, #7a8491);
    --_gk-danger: var(--gk-danger, #b3261e);
    --_gk-success: var(--gk-success, #1b7233);
    --_gk-focus-color: var(--gk-focus-color, #1d5bbf);
    --_gk-radius: var(--gk-radius, 0.5rem);
    --_gk-font: var(--gk-font, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif);
    --_gk-spacing: var(--gk-spacing, 1rem);
    --_gk-focus-width: var(--gk-focus-width, 3px);
    --_gk-transition: 150ms ease-out;
    color-scheme: light;
  }

  :host([theme='dark']) {
    ${dark}
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }

  @media (prefers-reduced-motion: reduce) {
    :host {
      --_gk-transition: 0s;
    }
    *,
    *::before,
    *::after {
      animation-duration: 0s !important;
      animation-iteration-count: 1 !important;
      transition-duration: 0s !important;
      scroll-behavior: auto !important;
    }
  }
`;
