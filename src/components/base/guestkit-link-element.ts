/** The base of every widget that opens a link: client, token, language and the shared states. */
import { ContextConsumer, ContextEvent } from '@lit/context';
import { adoptStyles, html, nothing, type CSSResultGroup, type CSSResultOrNative, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { createClient, type GuestkitClient } from '../../client/client.js';
import type { LinkSession } from '../../client/link-session.js';
import { clientContext } from '../context/client-context.js';
import { isLinkEnd, LinkController, type LinkState } from '../controllers/link-controller.js';
import { LocalizeController, type StringLoaders } from '../controllers/localize.js';
import { hostStyles } from '../styles/host.styles.js';
import { tokensStyles } from '../styles/tokens.styles.js';
import { GuestkitElement } from './guestkit-element.js';
import { focusTarget } from './focus.js';
import { renderLoading, renderUnavailable } from './loading.js';
import { linkStatesStyles } from './link-states.styles.js';

type StateViews = typeof import('./link-states.js');

// The other shared states (expired, code forms, errors…) load the first time a link needs one.
let stateViews: StateViews | undefined;
let stateViewsLoading: Promise<StateViews> | undefined;

function loadStateViews(): Promise<StateViews> {
  stateViewsLoading ??= import('./link-states.js').then(
    (views) => (stateViews = views),
    (error: unknown) => {
      stateViewsLoading = undefined; // offline for a moment: the next state change tries again
      throw error;
    },
  );
  return stateViewsLoading;
}

function translationsOf(element: GuestkitLinkElement): StringLoaders<object> {
  const loaders = (element.constructor as typeof GuestkitLinkElement).translations;
  if (!loaders) {
    throw new TypeError(`<${element.localName}>: a GuestkitLinkElement subclass sets \`static translations\` (sharedStrings, or its own loaders).`);
  }
  return loaders;
}

/**
 * The base class of every link widget (`doc-viewer`, `guest-upload`, `sign-pad`, `pay-invoice`,
 * `request-form`). It finds a client (the `.client` property, else the nearest `<gk-provider>`,
 * else one built from its own `endpoint` attribute), opens the link (the `token` attribute, else
 * `#gk=` in the page URL), and renders every state up to `ready` itself, in German or English.
 * Subclasses override `renderReady()`.
 *
 * @summary Base class for link widgets: token, client, language, and the shared link states.
 *
 * @event gk-ready - The link is open; carries the session scope. {@link GuestkitReadyEvent}
 * @event gk-error - Something failed; the widget shows it. Carries `code` and `message`. {@link GuestkitErrorEvent}
 * @event gk-state-change - The link state changed; carries `state`. {@link GuestkitStateChangeEvent}
 *
 * @csspart base - The wrapper around everything the widget renders.
 * @csspart state - Each shared state's panel (also `state-loading`, `state-expired`, `state-access-code`, …).
 * @csspart state-title - A state's heading.
 * @csspart state-message - A state's explanation.
 * @csspart state-action - A state's button (fresh link, submit, send code, retry).
 * @csspart state-notice - The live region for confirmations and inline errors.
 * @csspart spinner - The loading indicator.
 * @csspart form - The code form.
 * @csspart code-label - The code input's label.
 * @csspart code-input - The access-code or one-time-code input.
 * @csspart code-error - The message under a wrong code.
 *
 * @cssproperty --gk-accent - See `tokensStyles` for every `--gk-*` property.
 */
export class GuestkitLinkElement extends GuestkitElement {
  static override styles: CSSResultGroup = [tokensStyles, hostStyles, linkStatesStyles];

  /**
   * Where the widget's strings load from: the shared ones plus its own, one chunk per language
   * (see {@link StringLoaders}). Every subclass sets it (`sharedStrings` when it has no strings of
   * its own) and narrows `localize` with `declare protected readonly localize: LocalizeController<ItsTable>`.
   */
  declare static readonly translations: StringLoaders<object> | undefined;

  /** Language, strings and dates. */
  protected readonly localize: LocalizeController = new LocalizeController(this, translationsOf(this));

  /** The link lifecycle. */
  protected readonly link = new LinkController(this, {
    client: () => this.activeClient,
    token: () => this.token || undefined,
    describe: (code) => this.localize.t(`code.${code}`),
    // No state before its words and its template: both load while the link opens.
    prepare: (next) =>
      (this.#preparing = Promise.all([this.localize.ready, next === 'ready' || next === 'loading' || next === 'idle' ? undefined : this.#loadStateViews()])),
  });

  // Declared here rather than with decorators: the lowered decorators cost ≈ 1 KiB gzip per widget.
  static override properties: PropertyDeclarations = {
    token: {},
    lang: {},
    endpoint: {},
    theme: { reflect: true },
    client: { attribute: false },
    contextClient: { state: true },
  };

  /** The link token. Leave empty to read it from `#gk=<token>` in the page URL (the usual way). */
  token = '';

  /**
   * The widget's language (`de` or `en`). Defaults to the page's language, then the browser's.
   * Changing it (or the page's) re-renders the words; an open link stays open.
   */
  override lang = '';

  /** URL of the Guestkit adapter, for pages without a `<gk-provider>` (ignored when a client is available). */
  endpoint = '';

  /** `light` or `dark`; without it the widget follows the visitor's system setting. */
  declare theme: 'light' | 'dark' | undefined;

  /** A client handed in directly. Overrides the one from `<gk-provider>`. */
  declare client: GuestkitClient | undefined;

  /** The client the nearest `<gk-provider>` gives. */
  declare contextClient: GuestkitClient | undefined;

  // Asks the nearest `<gk-provider>` for its client when connected, and follows it when it changes.
  readonly #provided = new ContextConsumer(this, {
    context: clientContext,
    subscribe: true,
    callback: (value) => (this.contextClient = value),
  });

  #endpointClient: { endpoint: string; client: GuestkitClient } | undefined;
  /** Styles that came with a chunk loaded later, in the order they came (see `adoptLateStyles`). */
  readonly #lateStyles: CSSResultOrNative[] = [];
  #preparing: Promise<unknown> = Promise.resolve();
  #lateProviderUnsubscribe: (() => void) | undefined;

  /** The link state this widget shows. */
  get state(): LinkState {
    return this.link.state;
  }

  /** True while a request for this link is in flight. */
  get busy(): boolean {
    return this.link.busy;
  }

  /** The client in use: `.client`, else the provider's, else one built from `endpoint`. */
  get activeClient(): GuestkitClient | undefined {
    return this.client ?? this.contextClient ?? this.#clientFromEndpoint();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('context-provider', this.#onLateProvider);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('context-provider', this.#onLateProvider);
    this.#lateProviderUnsubscribe?.();
    this.#lateProviderUnsubscribe = undefined;
  }

  /**
   * Also waits for the strings of the widget's language and for a state template being loaded, so
   * `await el.updateComplete` shows words and the state the link is entering (not for the server).
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    await this.localize.ready;
    await this.#preparing;
    return super.getUpdateComplete();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const { link } = this;
    if (!link.wantsFocus || link.busy) return;
    const target = focusTarget(this.renderRoot);
    // An open link's heading comes with what it opens (the share, the upload request), which loads
    // after the link: focus waits for it rather than stay on the page, where the code form left it.
    if (!target && link.state === 'ready') return;
    link.wantsFocus = false;
    // Unless the visitor went on elsewhere in the page meanwhile: focus is taken back only from the
    // page itself (where the control that had it left it) or from inside the widget.
    const active = document.activeElement;
    if (active && active !== document.body && !this.matches(':focus-within')) return;
    target?.focus();
    // After a wrong code, typing replaces it.
    if (target instanceof HTMLInputElement) target.select();
  }

  /**
   * A `<gk-provider>` upgraded after this widget asked for a client (the provider's module loaded
   * later): ask again. @lit/context only re-asks by itself when a `ContextRoot` is installed.
   */
  #onLateProvider = (event: Event): void => {
    const { context } = event as Event & { context?: unknown };
    if (context !== clientContext || this.contextClient || this.#lateProviderUnsubscribe) return;
    this.dispatchEvent(
      new ContextEvent(
        clientContext,
        this,
        (value, unsubscribe) => {
          this.#lateProviderUnsubscribe = unsubscribe;
          this.contextClient = value;
        },
        true,
      ),
    );
  };

  #retryUnavailable = (): void => {
    this.localize.retry();
    // An open link keeps its session; any other state is asked again (which loads its view).
    if (this.link.state !== 'ready') void this.link.retry();
  };

  /** Loads the shared state templates once, and adds their styles to this widget's shadow root. */
  async #loadStateViews(): Promise<void> {
    const views = await loadStateViews().catch(() => undefined);
    if (views) this.adoptLateStyles(views.linkStateFormStyles);
  }

  /**
   * Adds styles that load with a chunk of their own (the shared link states' forms, pdf.js's text
   * layer) to this widget's shadow root, after its own styles. Styles added already are skipped.
   */
  protected adoptLateStyles(styles: CSSResultOrNative): void {
    const root = this.renderRoot;
    if (this.#lateStyles.includes(styles) || !(root instanceof ShadowRoot)) return;
    this.#lateStyles.push(styles);
    adoptStyles(root, [...(this.constructor as typeof GuestkitLinkElement).elementStyles, ...this.#lateStyles]);
  }

  /**
   * The client for `endpoint`, one per endpoint. It asks for the language on screen with every
   * request, so a language change keeps it: a new client would be a new link to `LinkController`,
   * which ends the session (and asks for an access code or a one-time code again).
   */
  #clientFromEndpoint(): GuestkitClient | undefined {
    if (!this.endpoint) return undefined;
    const cached = this.#endpointClient;
    if (cached?.endpoint === this.endpoint) return cached.client;
    const client = createClient({ endpoint: this.endpoint, locale: () => this.localize.lang });
    this.#endpointClient = { endpoint: this.endpoint, client };
    return client;
  }

  /**
   * For a subclass whose call failed with `code`: when the link itself has ended (expired with the
   * page open, or revoked) or asks for its code again (the session's 8 hours are up), shows that
   * state with its way on (see `LinkController.ended`) and answers true; the `gk-error`, if any,
   * is then already sent.
   */
  protected linkEnded(code: string): boolean {
    if (!isLinkEnd(code) || this.link.state !== 'ready') return false;
    void this.link.ended(code);
    return true;
  }

  /** Renders the widget's own content once the link is open. Subclasses override this. */
  protected renderReady(_session: LinkSession): TemplateResult | typeof nothing {
    return nothing;
  }

  override render(): TemplateResult {
    const { link, localize } = this;
    const { state } = link;
    // A chunk that could not be fetched (offline, or removed by a deployment) gets "Try again", never an endless spinner.
    const wordsMissing = localize.failed && !localize.loaded;
    const viewMissing = state !== 'ready' && !stateViews;
    const unavailable = state !== 'idle' && state !== 'loading' && (wordsMissing || viewMissing);
    const content = unavailable
      ? renderUnavailable(localize, this.#retryUnavailable)
      : state === 'ready' && link.session
        ? this.renderReady(link.session)
        : state === 'idle' || state === 'ready'
          ? nothing
          : state === 'loading'
            ? renderLoading(localize)
            : stateViews!.renderLinkState({ link, localize });
    // `lang` on the wrapper: screen readers pronounce the text in the language it is written in.
    return html`<div part="base" class="base" lang=${localize.lang} aria-busy=${state === 'loading' ? 'true' : 'false'}>
      ${content}
    </div>`;
  }
}
