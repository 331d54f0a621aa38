import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, html as litHtml } from 'lit';
import { LocalizeController, toTranslationLocale } from '../../../src/components/controllers/localize.js';
import { sharedStrings } from '../../../src/components/translations/shared-strings.js';
import { de } from '../../../src/components/translations/de.js';
import { en } from '../../../src/components/translations/en.js';
import { ERROR_CODES } from '../../../src/protocol/errors.js';

/** A test-only element that shows one translated string. */
class LocalizedThing extends LitElement {
  readonly localize = new LocalizeController(this, sharedStrings);
  // Strings load per language; wait for them like the widgets do.
  protected override async getUpdateComplete(): Promise<boolean> {
    await this.localize.ready;
    return super.getUpdateComplete();
  }
  override render() {
    return litHtml`<p>${this.localize.t('error.title')}</p>`;
  }
}
customElements.define('test-localized-thing', LocalizedThing);

const shown = (el: LocalizedThing): string => el.shadowRoot!.querySelector('p')!.textContent!;

/** A test-only element that thanks a firm by name, as <guest-upload>'s completion panel does. */
class ThanksThing extends LitElement {
  static override properties = { firm: {} };
  declare firm: string;
  readonly localize = new LocalizeController<{ thanks: (p: { firm: string }) => string }>(this, {
    de: async () => ({ shared: de, own: { thanks: ({ firm }) => `Danke! ${firm} hat Ihre Dateien erhalten.` } }),
    en: async () => ({ shared: en, own: { thanks: ({ firm }) => `Thank you! ${firm} has received your files.` } }),
  });
  protected override async getUpdateComplete(): Promise<boolean> {
    await this.localize.ready;
    return super.getUpdateComplete();
  }
  override render() {
    return litHtml`<p style="font: 16px monospace">${this.localize.t('thanks', { firm: this.firm })}</p>`;
  }
}
customElements.define('test-thanks-thing', ThanksThing);

/** Where `word` is drawn, left edge, in the element's paragraph (its first occurrence in the text). */
function drawnAt(el: LitElement, word: string): number {
  // Lit marks its bindings with comments: the sentence is the paragraph's one text node.
  const text = [...el.shadowRoot!.querySelector('p')!.childNodes].find((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.includes(word))!;
  const at = text.textContent!.indexOf(word);
  const range = document.createRange();
  range.setStart(text, at);
  range.setEnd(text, at + word.length);
  return range.getBoundingClientRect().left;
}

describe('LocalizeController', () => {
  const htmlLang = document.documentElement.getAttribute('lang');
  afterEach(() => {
    if (htmlLang === null) document.documentElement.removeAttribute('lang');
    else document.documentElement.setAttribute('lang', htmlLang);
  });

  it('uses the element’s own lang attribute', async () => {
    const el = await fixture<LocalizedThing>(html`<test-localized-thing lang="de"></test-localized-thing>`);
    expect(shown(el)).to.equal('Etwas ist schiefgelaufen');
  });

  it('accepts a locale attribute and regional tags', async () => {
    const el = await fixture<LocalizedThing>(html`<test-localized-thing locale="de-AT"></test-localized-thing>`);
    expect(el.localize.lang).to.equal('de');
  });

  it('takes the closest [lang] ancestor, across shadow roots', async () => {
    const outer = await fixture<HTMLDivElement>(html`<div lang="de"><span id="host"></span></div>`);
    const shadow = outer.querySelector('#host')!.attachShadow({ mode: 'open' });
    const el = document.createElement('test-localized-thing') as LocalizedThing;
    shadow.append(el);
    await el.updateComplete;
    expect(shown(el)).to.equal(de['error.title']);
  });

  it('falls back to English for a language it does not speak', async () => {
    const el = await fixture<LocalizedThing>(html`<test-localized-thing lang="fr"></test-localized-thing>`);
    expect(shown(el)).to.equal(en['error.title']);
  });

  it('follows a change of the page language', async () => {
    document.documentElement.setAttribute('lang', 'en');
    const el = await fixture<LocalizedThing>(html`<test-localized-thing></test-localized-thing>`);
    expect(shown(el)).to.equal(en['error.title']);
    document.documentElement.setAttribute('lang', 'de');
    await new Promise((resolve) => setTimeout(resolve));
    await el.updateComplete;
    expect(shown(el)).to.equal(de['error.title']);
  });

  it('follows a change of its own lang attribute', async () => {
    const el = await fixture<LocalizedThing>(html`<test-localized-thing lang="en"></test-localized-thing>`);
    el.setAttribute('lang', 'de');
    await new Promise((resolve) => setTimeout(resolve));
    await el.updateComplete;
    expect(shown(el)).to.equal(de['error.title']);
  });

  it('fills in params', async () => {
    const el = await fixture<ThanksThing>(html`<test-thanks-thing lang="de" .firm=${'Kanzlei Muster'}></test-thanks-thing>`);
    expect(el.localize.t('thanks', { firm: 'Steuerbüro Berg' })).to.equal('Danke! Steuerbüro Berg hat Ihre Dateien erhalten.');
  });

  it('formats dates in the widget’s language', async () => {
    const el = await fixture<LocalizedThing>(html`<test-localized-thing lang="de"></test-localized-thing>`);
    const date = new Date(2025, 2, 14, 9, 30);
    expect(el.localize.formatDate(date)).to.contain('14. März 2025');
    expect(el.localize.formatTime(date)).to.equal('09:30');
    el.setAttribute('lang', 'en');
    await new Promise((resolve) => setTimeout(resolve));
    await el.updateComplete;
    expect(el.localize.formatDate(date)).to.contain('March 14, 2025');
  });

  it('has a message for every error code, in both languages', () => {
    for (const code of [...ERROR_CODES, 'network_error', 'invalid_response'] as const) {
      expect(en[`code.${code}`], code).to.be.a('string').and.not.equal('');
      expect(de[`code.${code}`], code).to.be.a('string').and.not.equal('');
    }
  });

  it('maps language tags', () => {
    expect(toTranslationLocale('de-CH')).to.equal('de');
    expect(toTranslationLocale('EN_gb')).to.equal('en');
    expect(toTranslationLocale('fr')).to.equal(undefined);
    expect(toTranslationLocale(null)).to.equal(undefined);
  });

  // Regression: a firm name with a right-to-left override (U+202E) reversed the rest of the
  // sentence: "Thank you! Kanzlei … .selif ruoy deviecer sah retsuM".
  it('sets a name that could turn the sentence around in an isolate: the words after it stay in order', async () => {
    // The last closes the isolate early with a U+2069 of its own, to leave its override open.
    for (const firm of ['Kanzlei \u202eMuster', 'مكتب المحاسبة', 'Kanzlei Muster', 'Kanzlei\u2069\u202eMuster']) {
      const el = await fixture<ThanksThing>(html`<test-thanks-thing lang="en" .firm=${firm}></test-thanks-thing>`);
      expect(drawnAt(el, 'has'), firm).to.be.below(drawnAt(el, 'received'));
      expect(drawnAt(el, 'received'), firm).to.be.below(drawnAt(el, 'files'));
      expect(drawnAt(el, 'Thank'), firm).to.be.below(drawnAt(el, 'has'));
      const shown = el.shadowRoot!.querySelector('p')!.textContent!;
      // Only what needs it is isolated: a Latin name is left as it is.
      expect(shown.includes('\u2068'), firm).to.equal(firm !== 'Kanzlei Muster');
    }
  });
});
