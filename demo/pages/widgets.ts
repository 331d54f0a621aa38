/** What the demo's widget pages load: the provider, and a host for each kind of link. */
import '../../src/define.js';
import './link-demo.js';
import type { GuestkitReadyEvent } from '../../src/components/events/ready.js';

// The language switch on the page: widgets follow the page's `lang`.
const buttons = document.querySelectorAll<HTMLButtonElement>('button[data-lang]');
const showLanguage = (lang: string): void => {
  document.documentElement.lang = lang;
  for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
};
let chosen = false;
// Until the link says whose it is, the visitor's browser language (German or English).
showLanguage(navigator.language.toLowerCase().startsWith('de') ? 'de' : 'en');
for (const button of buttons) {
  button.addEventListener('click', () => {
    chosen = true;
    showLanguage(button.dataset.lang!);
  });
}
// Until the visitor picks one, the page speaks the language the firm chose for this recipient.
document.addEventListener('gk-ready', (event) => {
  const locale = (event as GuestkitReadyEvent).scope.recipient.locale;
  if (!chosen && locale) showLanguage(locale);
});
