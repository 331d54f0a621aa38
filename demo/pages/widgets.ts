/** What the demo's widget pages load: the provider, and a host for each kind of link. */
import '../../src/define.js';
import './link-demo.js';

// The language switch on the page: widgets follow the page's `lang`.
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-lang]')) {
  button.addEventListener('click', () => {
    document.documentElement.lang = button.dataset.lang!;
    for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-lang]')) b.setAttribute('aria-pressed', String(b === button));
  });
}
