/**
 * Templates for the states every link widget shares: loading, expired, revoked, invalid, access
 * code, one-time code, rate-limited and error. Widgets render only their `ready` state.
 * `GuestkitLinkElement` loads this module (and `linkStateFormStyles`) on demand, the first time
 * a link is in one of these states, so a visit that goes straight from loading to ready never
 * downloads it.
 * Their words come with them (`link-state-strings.ts`, both languages): a visit that never sees
 * these states never downloads them either. Only the words any visit may need (network, "Try
 * again", the error codes) come from the shared table, through `localize.t()`.
 * Every string is bound as text (never as HTML), and there are no inline styles, so the templates
 * run under a strict CSP with Trusted Types.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { LinkController, LinkState } from '../controllers/link-controller.js';
import { isolated, type LocalizeController } from '../controllers/localize.js';
import type { LinkStateArgs, LinkStateKey } from '../translations/types.js';
import { FOCUS_ATTRIBUTE, focusTarget } from './focus.js';
import { linkStateStrings } from './link-state-strings.js';
import { renderLoading } from './loading.js';

export { FOCUS_ATTRIBUTE, focusTarget };
export { linkStateFormStyles } from './link-state-forms.styles.js';

/** What the state templates need: the link (state, problem, actions) and the strings. */
export interface LinkStateView {
  readonly link: LinkController;
  readonly localize: LocalizeController;
}

/**
 * A link state's own string in the widget's language (`localize.lang`, so a language switch
 * re-renders it in the new one), `''` until the widget's strings have loaded — as `localize.t()`.
 * Like `t()`, a param that could turn the sentence around (right-to-left letters, a direction
 * override) goes in as an isolate (U+2068 … U+2069); others stay as they are.
 */
function say<K extends LinkStateKey>(localize: LocalizeController, key: K, ...args: LinkStateArgs<K>): string {
  if (!localize.loaded) return '';
  const entry = linkStateStrings[localize.lang][key] as string | ((params: Record<string, unknown>) => string);
  if (typeof entry === 'string') return entry;
  return entry(isolated(args[0] ?? {}) as Record<string, unknown>);
}

const TITLE_ID = 'gk-state-title';

function title(text: string): TemplateResult {
  return html`<h2 id=${TITLE_ID} part="state-title" class="state__title" tabindex="-1" data-gk-focus>${text}</h2>`;
}

function message(text: string): TemplateResult {
  return html`<p part="state-message" class="state__message">${text}</p>`;
}

function panel(state: LinkState, content: TemplateResult): TemplateResult {
  return html`<div part="state state-${state}" class="state state--${state}" role="group" aria-labelledby=${TITLE_ID}>
    ${content}
  </div>`;
}

function retryButton({ link, localize }: LinkStateView): TemplateResult {
  return html`<button part="state-action" class="button" type="button" @click=${() => link.retry()}>
    ${localize.t('retry')}
  </button>`;
}

/** A polite live region that exists before its text does, so screen readers announce the change. */
function notice(text: string | undefined, tone: 'success' | 'danger' = 'success'): TemplateResult {
  return html`<p part="state-notice" class="state__notice state__notice--${tone}" role="status" aria-live="polite">
    ${text ?? ''}
  </p>`;
}

function renderExpired({ link, localize }: LinkStateView): TemplateResult {
  const failed = link.lastAction?.action === 'fresh-link' && link.lastAction.failed;
  const status = link.freshLinkSent
    ? say(localize, 'expired.sent')
    : failed && link.problem
      ? problemText({ link, localize })
      : link.busy && link.lastAction?.action === 'fresh-link'
        ? say(localize, 'expired.sending')
        : undefined;
  // Once asked (or while asking), pressing again sends nothing: the button stays, with its focus, unavailable.
  const asked = link.freshLinkSent || (link.busy && link.lastAction?.action === 'fresh-link');
  return panel(
    'expired',
    html`${title(say(localize, 'expired.title'))} ${message(say(localize, 'expired.message'))}
      <button part="state-action" class="button" type="button" aria-disabled=${asked} @click=${() => asked || link.requestFreshLink()}>
        ${say(localize, 'expired.action')}
      </button>
      ${notice(status, failed ? 'danger' : 'success')}`,
  );
}

/**
 * Per link, how many codes in a row the visitor sent with focus in the code field (Enter). Focus
 * cannot move there to read the field's error, so a live region says it; sent from the button,
 * focus moving to the field reads it, and the region stays empty (said once, not twice).
 */
const sentFromField = new WeakMap<LinkController, number>();

function renderCodeForm(
  view: LinkStateView,
  kind: 'accessCode' | 'otp',
  onSubmit: (code: string) => void,
): TemplateResult {
  const { link, localize } = view;
  const action = kind === 'otp' ? 'otp' : 'access-code';
  const wrong = link.lastAction?.action === action && link.lastAction.failed;
  const code = link.problem?.code;
  const errorText = !wrong
    ? ''
    : code === 'validation_failed'
      ? say(localize, `${kind}.empty`)
      : code === 'access_code_invalid' || code === 'otp_invalid'
        ? say(localize, `${kind}.invalid`)
        : problemText(view);
  const fromField = sentFromField.get(link) ?? 0;
  // Every other one ends in a no-break space: the same sentence again would not be read.
  const spoken = fromField && errorText ? errorText + (fromField % 2 ? '' : '\u00a0') : '';
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('code') as HTMLInputElement;
    sentFromField.set(link, (input.getRootNode() as ShadowRoot).activeElement === input ? fromField + 1 : 0);
    onSubmit((link.typedCode = input.value));
  };
  return html`<form part="form" class="form" novalidate @submit=${submit}>
    <label part="code-label" class="field__label" for="gk-code">${say(localize, `${kind}.label`)}</label>
    <input
      id="gk-code"
      part="code-input"
      class="field__input"
      name="code"
      type="text"
      inputmode=${kind === 'otp' ? 'numeric' : 'text'}
      autocomplete=${kind === 'otp' ? 'one-time-code' : 'off'}
      autocapitalize="none"
      spellcheck="false"
      required
      .value=${link.typedCode ?? ''}
      @input=${(event: InputEvent) => (link.typedCode = (event.target as HTMLInputElement).value)}
      aria-invalid=${errorText ? 'true' : 'false'}
      aria-describedby="gk-code-error"
      data-gk-focus
    />
    <p id="gk-code-error" part="code-error" class="field__error">${errorText}</p>
    <p class="visually-hidden" role="alert">${spoken}</p>
    <button part="state-action" class="button" type="submit" aria-disabled=${link.busy ? 'true' : 'false'}>
      ${say(localize, `${kind}.submit`)}
    </button>
  </form>`;
}

function renderAccessCode(view: LinkStateView): TemplateResult {
  const { link, localize } = view;
  return panel(
    'access-code',
    html`${title(say(localize, 'accessCode.title'))} ${message(say(localize, 'accessCode.message'))}
    ${renderCodeForm(view, 'accessCode', (code) => void link.submitAccessCode(code))}`,
  );
}

function renderOtp(view: LinkStateView): TemplateResult {
  const { link, localize } = view;
  const requestFailed = link.lastAction?.action === 'otp-request' && link.lastAction.failed;
  const status = requestFailed ? problemText(view) : link.otpSent ? say(localize, 'otp.sent') : undefined;
  const sendLabel = link.otpSent ? say(localize, 'otp.resend') : say(localize, 'otp.send');
  const send = html`<button
    part="state-action ${link.otpSent ? 'resend' : 'send-code'}"
    class="button ${link.otpSent ? 'button--secondary' : ''}"
    type="button"
    @click=${() => void link.requestOtp()}
  >
    ${sendLabel}
  </button>`;
  return panel(
    'otp',
    html`${title(say(localize, 'otp.title'))} ${message(say(localize, 'otp.message'))}
    ${notice(status, requestFailed ? 'danger' : 'success')}
    ${link.otpSent ? renderCodeForm(view, 'otp', (code) => void link.submitOtp(code)) : nothing} ${send}`,
  );
}

/**
 * "Try again from 11:31": the minute the server's `Retry-After` ends in, rounded up, never cut
 * off — a wait that ends at 11:30:20 shows 11:31, as a request at 11:30 would be refused again.
 */
function retryAtText({ localize }: LinkStateView, retryAt: Date): string {
  return say(localize, 'rateLimited.retryAt', { time: localize.formatTime(Math.ceil(retryAt.getTime() / 60_000) * 60_000) });
}

function renderRateLimited(view: LinkStateView): TemplateResult {
  const { link, localize } = view;
  const retryAt = link.problem?.retryAt;
  const text = retryAt ? retryAtText(view, retryAt) : say(localize, 'rateLimited.message');
  return panel('rate-limited', html`${title(say(localize, 'rateLimited.title'))} ${message(text)} ${retryButton(view)}`);
}

function renderError(view: LinkStateView): TemplateResult {
  const { link, localize } = view;
  const network = link.problem?.code === 'network_error';
  return panel(
    'error',
    html`${title(network ? say(localize, 'network.title') : localize.t('error.title'))}
    ${message(network ? localize.t('network.message') : problemText(view))} ${retryButton(view)}`,
  );
}

/** The message for the link's last error, in the widget's language. */
export function problemText({ link, localize }: LinkStateView): string {
  const code = link.problem?.code;
  if (!code) return say(localize, 'error.message');
  if (code === 'rate_limited' && link.problem?.retryAt) return retryAtText({ link, localize }, link.problem.retryAt);
  return localize.t(`code.${code}`);
}

/**
 * Renders the shared template for the link's current state, or `nothing` in `idle` and `ready`
 * (the widget renders those itself).
 */
export function renderLinkState(view: LinkStateView): TemplateResult | typeof nothing {
  const { localize } = view;
  switch (view.link.state) {
    case 'idle':
    case 'ready':
      return nothing;
    case 'loading':
      return renderLoading(localize);
    case 'expired':
      return renderExpired(view);
    case 'revoked':
      return panel('revoked', html`${title(say(localize, 'revoked.title'))} ${message(say(localize, 'revoked.message'))}`);
    case 'invalid':
      return view.link.tokenMissing
        ? panel('invalid', html`${title(say(localize, 'invalid.missingTitle'))} ${message(say(localize, 'invalid.missing'))}`)
        : panel('invalid', html`${title(say(localize, 'invalid.title'))} ${message(say(localize, 'invalid.message'))}`);
    case 'access-code':
      return renderAccessCode(view);
    case 'otp':
      return renderOtp(view);
    case 'rate-limited':
      return renderRateLimited(view);
    case 'error':
      return renderError(view);
  }
}
