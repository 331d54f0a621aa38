/** The component layer's public surface (re-exports only; registers nothing). */
export { GuestkitElement } from './base/guestkit-element.js';
export { GuestkitLinkElement } from './base/guestkit-link-element.js';
export { FOCUS_ATTRIBUTE, focusTarget, problemText, renderLinkState, type LinkStateView } from './base/link-states.js';
export { linkStatesStyles } from './base/link-states.styles.js';
export { clientContext } from './context/client-context.js';
export {
  FRAGMENT_PARAM,
  LinkController,
  takeTokenFromFragment,
  type VisitorAction,
  type LinkControllerHost,
  type LinkControllerOptions,
  type LinkProblem,
} from './controllers/link-controller.js';
export { LINK_STATES, type LinkState } from './controllers/link-state.js';
export { LocalizeController, TRANSLATIONS, toTranslationLocale, type LocalizeHost } from './controllers/localize.js';
export { GuestkitErrorEvent, type GuestkitErrorDetail } from './events/error.js';
export { GuestkitReadyEvent, type GuestkitReadyDetail } from './events/ready.js';
export { GuestkitStateChangeEvent } from './events/state-change.js';
export { GuestkitProvider } from './provider/provider.component.js';
export { hostStyles } from './styles/host.styles.js';
export { tokensStyles } from './styles/tokens.styles.js';
export { de } from './translations/de.js';
export { en } from './translations/en.js';
export type { ErrorCodeMessages, Translation, TranslationArgs, TranslationKey, TranslationLocale } from './translations/types.js';
