/**
 * Templates for what a link widget shows inside its `ready` state before the link's resource (a
 * share, an upload request) has arrived. Every string is bound as text; no inline styles.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ClientErrorCode } from '../../client/errors.js';
import type { LocalizeController } from '../controllers/localize.js';
import { renderLoading } from './loading.js';

/**
 * Loading the link's resource, or why it could not be loaded — with "try again" unless trying
 * again cannot help (a link that does not allow this, something that is not there).
 *
 * @example
 * if (!share) return renderResourcePending(this.localize, this.#shareError, () => void this.#loadShare(session));
 */
export function renderResourcePending(localize: LocalizeController, code: ClientErrorCode | undefined, retry: () => void): TemplateResult {
  return code
    ? html`<div part="state state-error" class="state" role="group" aria-label=${localize.t('error.title')}>
        <p part="state-message" class="state__message">${localize.t(`code.${code}`)}</p>
        ${/forbidden|not_found/.test(code) ? nothing : html`<button part="state-action" class="button" type="button" @click=${retry}>${localize.t('retry')}</button>`}
      </div>`
    : renderLoading(localize);
}
