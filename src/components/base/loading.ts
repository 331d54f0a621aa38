/** The loading panel (the one state every visit shows) and what shows when a part of the widget could not load: both ship with the widget itself. */
import { html, type TemplateResult } from 'lit';
import type { LocalizeController } from '../controllers/localize.js';

/** A spinner and "Opening your link …" (or nothing but the spinner while the strings load). */
export function renderLoading(localize: LocalizeController): TemplateResult {
  return html`<div part="state state-loading" class="state state--loading" role="status">
    <span part="spinner" class="spinner" aria-hidden="true"></span>
    <span part="state-message" class="state__message">${localize.t('loading')}</span>
  </div>`;
}

/**
 * A part of the widget (its words, or the view of a link state) could not be fetched: say so and
 * offer "Try again". Without words it says it in both languages.
 */
export function renderUnavailable(localize: LocalizeController, retry: () => void): TemplateResult {
  const [message, action] = localize.loaded
    ? [localize.t('network.message'), localize.t('retry')]
    : ['Dieser Teil der Seite konnte nicht geladen werden. / This part of the page could not be loaded.', 'Erneut versuchen / Try again'];
  return html`<div part="state state-error" class="state" role="alert">
    <p part="state-message" class="state__message">${message}</p>
    <button part="state-action" class="button" type="button" @click=${retry}>${action}</button>
  </div>`;
}
