/** `<gk-provider>`: gives one Guestkit client to every widget inside it. */
import { provide } from '@lit/context';
import { css, html, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { createClient, type GuestkitClient } from '../../client/client.js';
import { GuestkitElement } from '../base/guestkit-element.js';
import { clientContext } from '../context/client-context.js';
import { toTranslationLocale } from '../controllers/localize.js';

/**
 * Gives one Guestkit client to every widget inside it, through @lit/context. It renders only its
 * children and takes no space of its own (`display: contents`).
 *
 * Set `endpoint` and the provider builds the client, or hand one in with the `.client` property
 * (which wins). A widget's own `.client` property overrides the provider's.
 *
 * @summary Provides a Guestkit client to the widgets inside it.
 * @slot - The widgets (at any depth, also inside other shadow roots).
 *
 * @example
 * ```html
 * <gk-provider endpoint="https://api.kanzlei.example/guestkit">
 *   <sign-pad></sign-pad>
 * </gk-provider>
 * ```
 */
export class GuestkitProvider extends GuestkitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** URL of the Guestkit adapter, e.g. `https://api.kanzlei.example/guestkit`. */
  @property() accessor endpoint = '';

  /** Language for server messages (`de` or `en`); defaults to the closest `lang`. */
  @property() accessor locale = '';

  /** The client the widgets use. Set it to hand in a client you built; otherwise built from `endpoint`. */
  @provide({ context: clientContext })
  @property({ attribute: false })
  accessor client: GuestkitClient | undefined;

  #built: GuestkitClient | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const ownClient = this.client === undefined || this.client === this.#built;
    if (ownClient && (changed.has('endpoint') || changed.has('locale'))) {
      this.#built = this.endpoint ? createClient({ endpoint: this.endpoint, locale: this.#locale() }) : undefined;
      this.client = this.#built;
    }
  }

  #locale(): string {
    const declared = this.locale || this.closest('[lang]')?.getAttribute('lang') || navigator.language;
    return toTranslationLocale(declared) ?? 'en';
  }

  override render(): TemplateResult {
    return html`<slot></slot>`;
  }
}
