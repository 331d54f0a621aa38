/** The loading panel: the one state every visit shows, so it ships with the widget itself. */
import { html, type TemplateResult } from 'lit';
import type { LocalizeController } from '../controllers/localize.js';

/** A spinner and "Opening your link …" (or nothing but the spinner while the strings load). */
export function renderLoading(localize: LocalizeController): TemplateResult {
  return html`<div part="state state-loading" class="state state--loading" role="status">
    <span part="spinner" class="spinner" aria-hidden="true"></span>
    <span part="state-message" class="state__message">${localize.t('loading')}</span>
  </div>`;
}
