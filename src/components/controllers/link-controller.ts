/** Owns one widget's link: finds the token, opens it, and tracks every state up to `ready`. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { GuestkitClient } from '../../client/client.js';
import { isGuestkitApiError, type ClientErrorCode, type LinkEndCode } from '../../client/errors.js';

export { isLinkEnd, type LinkEndCode } from '../../client/errors.js';
import type { LinkSession, StepUpAnswer } from '../../client/link-session.js';
import { errorCodeOf, GuestkitErrorEvent } from '../events/error.js';
import { GuestkitReadyEvent } from '../events/ready.js';
import { GuestkitStateChangeEvent } from '../events/state-change.js';
import type { LinkState } from './link-state.js';

export type { LinkState } from './link-state.js';

/** The element a `LinkController` serves. */
export type LinkControllerHost = ReactiveControllerHost & HTMLElement;

/** How a `LinkController` reaches its host's settings. Getters, so it always sees current values. */
export interface LinkControllerOptions {
  /** The client to use (from `.client`, the provider, or the `endpoint` attribute). */
  client(): GuestkitClient | undefined;
  /** The `token` property, if the host page set one. */
  token(): string | undefined;
  /** A message for people, in the widget's language, for an error code (used in `gk-error`). */
  describe?(code: ClientErrorCode): string;
  /**
   * Settles when the host can show `next` (its strings have loaded, say). The controller waits for
   * it before it enters any state after `loading`, so a state, its `gk-state-change` and its
   * `gk-error` message never arrive before the words for them. The host starts loading its words
   * when it connects, so they arrive alongside the request; a state's view (say, the expired one) is
   * fetched once the answer calls for it.
   */
  prepare?(next: LinkState): Promise<unknown>;
}

/** The last error a widget met, for the state it shows. */
export interface LinkProblem {
  code: ClientErrorCode;
  /** When the server said to retry (rate limits). */
  retryAt?: Date;
}

/** What the visitor did last that may have failed, to show the answer next to it. */
export type VisitorAction = 'open' | 'access-code' | 'otp-request' | 'otp' | 'fresh-link';


/** The name of the URL fragment parameter that carries a link token: `#gk=<token>`. */
export const FRAGMENT_PARAM = 'gk';

const STATE_BY_CODE: Partial<Record<ClientErrorCode, LinkState>> = {
  link_expired: 'expired',
  link_revoked: 'revoked',
  invalid_token: 'invalid',
  link_not_found: 'invalid',
  not_found: 'invalid',
  access_code_required: 'access-code',
  access_code_invalid: 'access-code',
  otp_required: 'otp',
  otp_invalid: 'otp',
  rate_limited: 'rate-limited',
};

// Asking for a step-up is how a protected link answers: a state, not an error worth reporting.
const NOT_AN_ERROR = new Set<ClientErrorCode>(['access_code_required', 'otp_required']);

/**
 * Takes the link token from `#gk=<token>` in the page URL (and removes it from the address bar)
 * and strips the fragment parameter, keeping path, query and any other fragment content.
 * Returns `undefined` when the page URL carries no token.
 */
export function takeTokenFromFragment(win: Window = window): string | undefined {
  const hash = win.location.hash.replace(/^#/, '');
  if (!hash) return undefined;
  const params = new URLSearchParams(hash);
  const token = params.get(FRAGMENT_PARAM);
  if (!token) return undefined;
  params.delete(FRAGMENT_PARAM);
  const rest = params.toString();
  const { pathname, search } = win.location;
  win.history.replaceState(win.history.state, '', `${pathname}${search}${rest ? `#${rest}` : ''}`);
  return token;
}

/**
 * A ReactiveController that owns a widget's link lifecycle: it finds the token (the `token`
 * property, else `#gk=` in the page URL, which it then removes from the address bar), keeps it in
 * memory only, exchanges it for a session, and maps every outcome to a {@link LinkState}.
 * It never throws into the host page: failures become states and `gk-error` events.
 *
 * @example
 * ```ts
 * private readonly link = new LinkController(this, { client: () => this.client, token: () => this.token });
 * ```
 */
export class LinkController implements ReactiveController {
  /** The current state. */
  state: LinkState = 'idle';
  /** The opened link, once `state` is `ready`. */
  session: LinkSession | undefined;
  /** The last error, for the state that shows it. */
  problem: LinkProblem | undefined;
  /** The visitor's last action, and whether it failed: drives inline messages and focus. */
  lastAction: { action: VisitorAction; failed: boolean } | undefined;
  /** A one-time code has been sent (OTP state). */
  otpSent = false;
  /** "Send me a fresh link" went through (expired state). */
  freshLinkSent = false;
  /**
   * The page carried no token at all: typically reloaded after the widget took the token out of
   * the address bar (it is kept nowhere, by design). The `invalid` state then asks the visitor to
   * open the link from their e-mail again.
   */
  tokenMissing = false;
  /**
   * What the visitor has typed into the code form, so it is still there when the form comes back
   * (after a rate limit or a network error, "Try again" shows the form anew). Forgotten once the
   * link opens, and when another link is held.
   */
  declare typedCode: string | undefined;
  /** A request is in flight. */
  busy = false;
  /**
   * Set when a visitor's action has finished and its answer should get focus (the new state's
   * heading, or the code input). The host focuses and clears it; opening on load never sets it,
   * so a widget never steals focus from the page it is embedded in.
   */
  wantsFocus = false;

  readonly #host: LinkControllerHost;
  readonly #options: LinkControllerOptions;
  #token: string | undefined;
  #fragmentToken: string | undefined;
  #client: GuestkitClient | undefined;
  #stepUp: StepUpAnswer = {};
  #generation = 0;
  #linkNumber = 0;
  #lastLink: string | undefined;
  #retrying = false;

  /**
   * The token of the link held now (the `token` property's, or the one taken from the address
   * bar). For keys of the widget's own — `<guest-upload>` keys its resume entries by it — never to
   * be shown or sent anywhere but the adapter.
   */
  get token(): string | undefined {
    return this.#token;
  }

  constructor(host: LinkControllerHost, options: LinkControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    // Take the token out of the address bar as early as possible, unless the page handed one in.
    if (!this.#options.token() && this.#fragmentToken === undefined) {
      this.#fragmentToken = takeTokenFromFragment();
    }
    // A link opened again in the same tab (from the e-mail, after "open your link again") only
    // changes the fragment: the page does not load again, so the new token is taken from there.
    addEventListener('hashchange', this.#onHashChange);
    if (this.#token === undefined && this.#client === undefined) this.#host.requestUpdate();
  }

  // An open link keeps its visit (uploads may be under way): another one pasted meanwhile stays in
  // the address bar, for a reload to open.
  #onHashChange = (): void => {
    const token = this.state !== 'ready' && !this.#options.token() && takeTokenFromFragment();
    if (token) {
      this.#fragmentToken = token;
      this.#host.requestUpdate();
    }
  };

  hostDisconnected(): void {
    removeEventListener('hashchange', this.#onHashChange);
    // A result that arrives after removal must not touch the element.
    this.#generation++;
    if (this.busy) {
      // Interrupted mid-request: forget what was opened so reconnecting opens it again.
      this.busy = false;
      this.#token = undefined;
      this.#client = undefined;
    }
  }

  /**
   * Counts the links this controller has held: it changes with the token (or the adapter's
   * endpoint), not when the same link is opened again (a new one-time code after the link asked
   * for one, the element moved mid-request, a new client for another language). A widget keeps
   * its visit while this stays the same.
   */
  get linkNumber(): number {
    return this.#linkNumber;
  }

  hostUpdate(): void {
    const token = this.#options.token() || this.#fragmentToken;
    const client = this.#options.client();
    if (token === this.#token && client === this.#client) return;
    this.#token = token;
    this.#client = client;
    // The same link again — reconnected after a move mid-request, a new client for another
    // language — is no new link: only another token or adapter counts.
    const link = `${token ?? ''} ${client?.endpoint ?? ''}`;
    if (link !== this.#lastLink) this.#linkNumber++;
    this.#lastLink = link;
    // The old link's session is of no use any more; end it on the server rather than let it idle.
    void this.session?.close().catch(() => undefined);
    this.session = undefined;
    this.#stepUp = {};
    this.typedCode = undefined;
    this.otpSent = false;
    this.freshLinkSent = false;
    this.lastAction = undefined;
    void this.#open('open');
  }

  /** Answers an access-code challenge. */
  submitAccessCode(code: string): Promise<void> {
    const accessCode = code.trim();
    if (!accessCode) return this.#rejectEmpty('access-code');
    this.#stepUp = { accessCode };
    return this.#open('access-code');
  }

  /** Asks the server to mail a one-time code to the link's recipient. */
  requestOtp(): Promise<void> {
    return this.#run('otp-request', async (client, token, isCurrent) => {
      await client.requestOtp(token);
      if (isCurrent()) this.otpSent = true;
    });
  }

  /** Answers a one-time-code challenge. */
  submitOtp(code: string): Promise<void> {
    const otp = code.replace(/\s+/g, '');
    if (!otp) return this.#rejectEmpty('otp');
    this.#stepUp = { otp };
    return this.#open('otp');
  }

  /** "Send me a fresh link": the server mails a new link to the recipient's own address. */
  requestFreshLink(): Promise<void> {
    return this.#run('fresh-link', async (client, token, isCurrent) => {
      await client.requestFreshLink(token);
      if (isCurrent()) this.freshLinkSent = true;
    });
  }

  /**
   * The open link ended while the visitor worked: a call answered `link_expired` (its time ran
   * out with the page open) or `link_revoked` — or, once the session chain's 8 hours are up, the
   * link asks for its step-up again (`otp_required`: a new one-time code; `access_code_required`
   * or `access_code_invalid`: the firm changed the code). Shows that state — with "send me a fresh
   * link" when it expired, the code form when it asks for a code — and emits `gk-error` for the
   * link's end (a code asked for is no error), as if the link had been opened now. Only from `ready`.
   */
  async ended(code: LinkEndCode): Promise<void> {
    if (this.state !== 'ready') return;
    this.#stepUp = {};
    this.otpSent = false;
    const generation = ++this.#generation;
    await this.#fail('open', code, undefined, () => generation === this.#generation);
    if (generation !== this.#generation) return;
    this.wantsFocus = true;
    this.#host.requestUpdate();
  }

  /** Tries to open the link again (after a network error or a rate limit). */
  retry(): Promise<void> {
    this.#stepUp = {};
    this.#retrying = true;
    try {
      return this.#open('open');
    } finally {
      this.#retrying = false;
    }
  }

  /** An empty code never reaches the server: it is a form error (`validation_failed`), not a `gk-error`. */
  #rejectEmpty(action: 'access-code' | 'otp'): Promise<void> {
    if (this.busy) return Promise.resolve();
    this.problem = { code: 'validation_failed' };
    this.lastAction = { action, failed: true };
    this.wantsFocus = true;
    this.#host.requestUpdate();
    return Promise.resolve();
  }

  #open(action: VisitorAction): Promise<void> {
    const stepUp = this.#stepUp;
    return this.#run(action, async (client, token, isCurrent) => {
      // Step-up answers keep their form on screen (and focus in it) while the server checks them.
      if (action === 'open') this.#setState('loading');
      const session = await client.openLink(token, stepUp);
      await this.#options.prepare?.('ready');
      // A newer token or client took over while this one was on its way.
      if (!isCurrent()) return;
      this.session = session;
      this.problem = this.typedCode = undefined;
      this.#setState('ready');
      const { scope, firm, linkExpiresAt } = session.session;
      this.#host.dispatchEvent(new GuestkitReadyEvent({ scope, firm, linkExpiresAt }));
    });
  }

  /** Runs one visitor action; any failure becomes a state and a `gk-error`, never a rejection. */
  async #run(
    action: VisitorAction,
    work: (client: GuestkitClient, token: string, isCurrent: () => boolean) => Promise<void>,
    byVisitor = action !== 'open' || this.#retrying,
  ): Promise<void> {
    if (this.busy && byVisitor) return;
    const fromState = this.state;
    const client = this.#client;
    const token = this.#token;
    const generation = ++this.#generation;
    if (!client) {
      this.#setState('idle');
      return;
    }
    this.tokenMissing = !token;
    if (!token) {
      // Busy while the state's words load, so a widget moved in the DOM meanwhile starts over.
      this.busy = true;
      try {
        await this.#fail(action, 'invalid_token', undefined, () => generation === this.#generation);
      } finally {
        if (generation === this.#generation) this.busy = false;
      }
      return;
    }
    this.busy = true;
    this.lastAction = { action, failed: false };
    this.#host.requestUpdate();
    try {
      await work(client, token, () => generation === this.#generation);
    } catch (error) {
      if (generation !== this.#generation) return;
      const code = errorCodeOf(error);
      const retryAfter = isGuestkitApiError(error) ? error.retryAfter : undefined;
      await this.#fail(action, code, retryAfter, () => generation === this.#generation);
    } finally {
      if (generation === this.#generation) {
        this.busy = false;
        if (byVisitor) this.wantsFocus = this.#answerNeedsFocus(action, fromState);
        this.#host.requestUpdate();
      }
    }
  }

  /** A new state gets focus; so does the code input after a wrong code or a sent one-time code. */
  #answerNeedsFocus(action: VisitorAction, fromState: LinkState): boolean {
    // Retrying re-renders the panel through `loading`, so its button is gone: focus the answer.
    if (action === 'open' || this.state !== fromState) return true;
    const failed = this.lastAction?.failed ?? false;
    return action === 'access-code' || action === 'otp' || (action === 'otp-request' && !failed);
  }

  async #fail(action: VisitorAction, code: ClientErrorCode, retryAfter: number | undefined, isCurrent: () => boolean): Promise<void> {
    // A failed side request (sending a code, a fresh link) keeps the visitor where they are, with
    // the reason shown inline; only a link that is gone (revoked meanwhile, unknown) changes state.
    const sideRequest = action === 'otp-request' || action === 'fresh-link';
    const next = STATE_BY_CODE[code] ?? 'error';
    const keep = sideRequest && next !== 'revoked' && next !== 'invalid';
    await this.#options.prepare?.(keep ? this.state : next);
    if (!isCurrent()) return;
    this.problem = { code, ...(retryAfter !== undefined ? { retryAt: new Date(Date.now() + retryAfter * 1000) } : {}) };
    this.lastAction = { action, failed: true };
    this.session = undefined;
    this.#setState(keep ? this.state : next);
    if (!NOT_AN_ERROR.has(code)) {
      const message = this.#options.describe?.(code) ?? code;
      this.#host.dispatchEvent(new GuestkitErrorEvent({ code, message }));
    }
  }

  #setState(next: LinkState): void {
    const previous = this.state;
    if (previous === next) return;
    this.state = next;
    this.#host.requestUpdate();
    this.#host.dispatchEvent(new GuestkitStateChangeEvent(next, previous));
  }
}
