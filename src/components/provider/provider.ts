/** Registers `<gk-provider>`. Import this module (or `guestkit/define`) for its side effect. */
import { GuestkitProvider } from './provider.component.js';

export * from './provider.component.js';

GuestkitProvider.define('gk-provider');

declare global {
  interface HTMLElementTagNameMap {
    'gk-provider': GuestkitProvider;
  }
}
