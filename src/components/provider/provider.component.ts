/** `<gk-provider>`: gives one Guestkit client to every widget inside it. */
import { ContextProvider } from '@lit/context';
import { css, html, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
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

  // Declared here rather than with decorators: the lowered decorators cost ≈ 1 KiB gzip.
  static override properties: PropertyDeclarations = {
    endpoint: {},
    locale: {},
    client: { attribute: false },
  };

  /** URL of the Guestkit adapter, e.g. `https://api.kanzlei.example/guestkit`. */
  endpoint = '';

  /**
   * Language for server messages (`de` or `en`); defaults to the closest `lang`, read with every
   * request, so a page that switches language is answered in the new one.
   */
  locale = '';

  /** The client the widgets use. Set it to hand in a client you built; otherwise built from `endpoint`. */
  declare client: GuestkitClient | undefined;

  // Answers the widgets' requests for a client, and tells subscribed widgets when it changes.
  readonly #provider = new ContextProvider(this, { context: clientContext });

  #built: GuestkitClient | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const ownClient = this.client === undefined || this.client === this.#built;
    // One client per endpoint: it asks for the language with every request, so a language change
    // keeps it — a new client would be a new link to every widget, which ends their sessions.
    if (ownClient && changed.has('endpoint')) {
      this.#built = this.endpoint ? createClient({ endpoint: this.endpoint, locale: () => this.#locale() }) : undefined;
      this.client = this.#built;
    }
    this.#provider.setValue(this.client);
  }

  #locale(): string {
    const declared = this.locale || this.closest('[lang]')?.getAttribute('lang') || navigator.language;
    return toTranslationLocale(declared) ?? 'en';
  }

  override render(): TemplateResult {
    return html`<slot></slot>`;
  }
}
