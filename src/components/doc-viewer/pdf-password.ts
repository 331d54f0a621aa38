/**
 * The password form of a protected PDF, in a chunk of its own: most PDFs never ask for one, and
 * the form is only wanted once pdf.js (itself loaded on demand) has said so.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ViewerLocalize } from './translations.js';

/**
 * A protected PDF's password form. `error` is the message under the field (a wrong or missing
 * password), `handOver` the Download / Print buttons (the original, still protected, bytes).
 */
export function renderPdfPassword(
  localize: ViewerLocalize,
  error: string,
  busy: boolean,
  handOver: TemplateResult | typeof nothing,
  submit: (password: string) => void,
): TemplateResult {
  const onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    submit(((event.currentTarget as HTMLFormElement).elements.namedItem('password') as HTMLInputElement).value);
  };
  return html`<form part="password-form" class="pdf-password" novalidate @submit=${onSubmit}>
    <p class="pdf-password__message">${localize.t('viewer.password.message')}</p>
    <label part="password-label" class="field__label" for="gk-viewer-password">${localize.t('viewer.password.label')}</label>
    <input
      id="gk-viewer-password"
      part="password-input"
      class="field__input"
      name="password"
      type="password"
      autocomplete="off"
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby="gk-viewer-password-error"
    />
    <p id="gk-viewer-password-error" part="password-error" class="field__error">${error}</p>
    <div class="toolbar">
      <button part="password-submit" class="button" type="submit" aria-disabled=${busy ? 'true' : 'false'}>${localize.t('viewer.password.submit')}</button>
      ${handOver}
    </div>
  </form>`;
}
