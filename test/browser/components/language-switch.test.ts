/**
 * A page that switches language without reloading, with widgets configured by their `endpoint`
 * attribute, against the real adapter. Regression: a language change used to build a new client,
 * which the link took for a new link — it closed the session and asked for the access code again
 * (`<doc-viewer>` closed the open document). Now only the words change; the link, its session and
 * what the visitor has open stay, and the adapter is asked in the new language from then on.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { GuestkitLinkElement } from '../../../src/components/base/guestkit-link-element.js';
import type { LocalizeController, StringLoaders } from '../../../src/components/controllers/localize.js';
import type { DocViewer } from '../../../src/components/doc-viewer/doc-viewer.component.js';
import '../../../src/components/doc-viewer/doc-viewer.js';
import '../../../src/components/provider/provider.js';
import { viewerDe } from '../../../src/components/doc-viewer/lang/de.js';
import { viewerEn } from '../../../src/components/doc-viewer/lang/en.js';
import { linkStateDe, linkStateEn } from '../../../src/components/base/link-state-strings.js';
import { de } from '../../../src/components/translations/de.js';
import { en } from '../../../src/components/translations/en.js';
import { ENDPOINT, requestsTo, seedLink, seedShare } from '../helpers/adapter.js';
import { typeCode } from '../helpers/step-up.js';
import { part, text, until, untilState } from '../helpers/widgets.js';
import { openDocument, recipient, untilPage } from '../doc-viewer/helpers.js';

interface OpenStrings {
  'test.open': string;
}

const openStrings: StringLoaders<OpenStrings> = {
  de: async () => ({ shared: de, own: { 'test.open': 'Ihr Link ist geöffnet' } }),
  en: async () => ({ shared: en, own: { 'test.open': 'Your link is open' } }),
};

/** A test-only widget: its ready state says so in its language, and shows which session it holds. */
class LanguageWidget extends GuestkitLinkElement {
  static override readonly translations = openStrings;
  declare protected readonly localize: LocalizeController<OpenStrings>;

  /** The session the link holds now. */
  get session() {
    return this.link.session;
  }

  protected override renderReady() {
    return litHtml`<p part="ready">${this.localize.t('test.open')}</p>`;
  }
}
LanguageWidget.define('test-language-widget');

declare global {
  interface HTMLElementTagNameMap {
    'test-language-widget': LanguageWidget;
  }
}

/** Link exchanges and closes (`POST` and `DELETE /v1/session`) this page sent to the adapter. */
const sessionRequests = (): number => requestsTo(`${ENDPOINT}/v1/session`).filter((url) => new URL(url).pathname === '/guestkit/v1/session').length;

/** Nothing more goes to the adapter by itself: time for a reopened link to show in Resource Timing. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 400));

/** Types the access code into the focused code form and waits until the link is open. */
async function giveAccessCode(widget: GuestkitLinkElement, code: string): Promise<void> {
  await untilState(widget, 'access-code');
  part<HTMLInputElement>(widget, 'code-input').focus();
  await typeCode(code);
  await untilState(widget, 'ready');
}

describe('switching language with a link open (endpoint attribute)', () => {
  const htmlLang = document.documentElement.getAttribute('lang');
  beforeEach(() => performance.clearResourceTimings());
  afterEach(() => {
    if (htmlLang === null) document.documentElement.removeAttribute('lang');
    else document.documentElement.setAttribute('lang', htmlLang);
  });

  it('regression: the widget’s lang from de to en keeps an access-code link open, on the same session, and only changes the words', async () => {
    const code = 'K4NZ-2024';
    const link = await seedLink({ locale: 'de', stepUp: { type: 'access_code', code } });
    const widget = await fixture<LanguageWidget>(html`<test-language-widget lang="de" token=${link.token} endpoint=${ENDPOINT}></test-language-widget>`);
    await untilState(widget, 'access-code');
    expect(text(widget, 'state-title')).to.equal(linkStateDe['accessCode.title']);
    await giveAccessCode(widget, code);
    expect(text(widget, 'ready')).to.equal('Ihr Link ist geöffnet');
    const { session } = widget;
    const client = widget.activeClient!;
    expect(client.http.locale()).to.equal('de');
    const exchanged = sessionRequests();
    expect(exchanged, 'the first open and the one with the code').to.equal(2);
    const states: string[] = [];
    widget.addEventListener('gk-state-change', (event) => states.push(event.state));

    widget.setAttribute('lang', 'en');
    await widget.updateComplete;
    expect(widget.state).to.equal('ready');
    expect(text(widget, 'ready')).to.equal('Your link is open');
    await settle();

    expect(widget.state).to.equal('ready');
    expect(states, 'no state change').to.deep.equal([]);
    expect(widget.session === session, 'the same session').to.equal(true);
    expect(sessionRequests(), 'no session opened or closed').to.equal(exchanged);
    expect(part(widget, 'base').getAttribute('lang')).to.equal('en');
    expect(widget.activeClient === client, 'the same client').to.equal(true);
    expect(client.http.locale(), 'the adapter is asked in English now').to.equal('en');
    await expect(widget).to.be.accessible();
  });

  it('a link-state screen follows the widget’s lang: the access-code form, its label and its error say it again in English', async () => {
    const link = await seedLink({ locale: 'de', stepUp: { type: 'access_code', code: 'K4NZ-2026' } });
    const widget = await fixture<LanguageWidget>(html`<test-language-widget lang="de" token=${link.token} endpoint=${ENDPOINT}></test-language-widget>`);
    await untilState(widget, 'access-code');
    part<HTMLInputElement>(widget, 'code-input').value = 'FALSCH-1';
    part<HTMLButtonElement>(widget, 'state-action').click();
    await until(() => text(widget, 'code-error') === linkStateDe['accessCode.invalid'], 'the wrong code, in German');
    const words = () => ({ title: text(widget, 'state-title'), label: text(widget, 'code-label'), submit: text(widget, 'state-action'), error: text(widget, 'code-error') });
    const inGerman = { title: linkStateDe['accessCode.title'], label: linkStateDe['accessCode.label'], submit: linkStateDe['accessCode.submit'], error: linkStateDe['accessCode.invalid'] };
    const inEnglish = { title: linkStateEn['accessCode.title'], label: linkStateEn['accessCode.label'], submit: linkStateEn['accessCode.submit'], error: linkStateEn['accessCode.invalid'] };
    expect(words()).to.deep.equal(inGerman);

    widget.setAttribute('lang', 'en');
    await widget.updateComplete;
    expect(widget.state).to.equal('access-code');
    expect(words()).to.deep.equal(inEnglish);
    expect(part(widget, 'base').getAttribute('lang')).to.equal('en');

    widget.setAttribute('lang', 'de');
    await widget.updateComplete;
    expect(words()).to.deep.equal(inGerman);
    await expect(widget).to.be.accessible();
  });

  it('a link-state screen follows the page language: an expired link’s panel, from en to de', async () => {
    document.documentElement.setAttribute('lang', 'en');
    const link = await seedLink({ locale: 'en', expired: true });
    const widget = await fixture<LanguageWidget>(html`<test-language-widget token=${link.token} endpoint=${ENDPOINT}></test-language-widget>`);
    await untilState(widget, 'expired');
    const words = () => [text(widget, 'state-title'), text(widget, 'state-message'), text(widget, 'state-action')];
    expect(words()).to.deep.equal([linkStateEn['expired.title'], linkStateEn['expired.message'], linkStateEn['expired.action']]);

    document.documentElement.setAttribute('lang', 'de');
    await until(() => part(widget, 'base').getAttribute('lang') === 'de', 'the page language to reach the widget');
    await widget.updateComplete;
    expect(words()).to.deep.equal([linkStateDe['expired.title'], linkStateDe['expired.message'], linkStateDe['expired.action']]);
  });

  it('regression: <gk-provider>’s locale from de to en keeps the widgets’ link open on the same client and session, and asks the adapter in English', async () => {
    const code = 'K4NZ-2025';
    const link = await seedLink({ locale: 'de', stepUp: { type: 'access_code', code } });
    const provider = await fixture<HTMLElement>(
      html`<gk-provider endpoint=${ENDPOINT} locale="de"><test-language-widget lang="de" token=${link.token}></test-language-widget></gk-provider>`,
    );
    const widget = provider.querySelector('test-language-widget')!;
    await giveAccessCode(widget, code);
    const { session } = widget;
    const client = widget.activeClient!;
    expect(client.http.locale()).to.equal('de');
    const exchanged = sessionRequests();

    provider.setAttribute('locale', 'en');
    await settle();
    expect(widget.state).to.equal('ready');
    expect(widget.session === session, 'the same session').to.equal(true);
    expect(widget.activeClient === client, 'the same client').to.equal(true);
    expect(sessionRequests(), 'no session opened or closed').to.equal(exchanged);
    expect(client.http.locale(), 'the adapter is asked in English now').to.equal('en');
  });

  it('regression: <doc-viewer> following the page language keeps the open document open when <html lang> changes from de to en', async function () {
    this.timeout(20_000);
    const code = 'BANK-2025-7';
    document.documentElement.setAttribute('lang', 'de');
    const seeded = await seedShare({
      documents: [{ kind: 'pdf30' }, { kind: 'image' }],
      recipients: [{ email: recipient('banker'), expiresInSeconds: 3600, locale: 'de' }],
      stepUp: { type: 'access_code', code },
    });
    const widget = await fixture<DocViewer>(html`<doc-viewer token=${seeded.tokens[0]!} endpoint=${ENDPOINT}></doc-viewer>`);
    await giveAccessCode(widget, code);
    await until(() => widget.share, 'the share to load');
    await widget.updateComplete;
    await openDocument(widget, 0);
    await untilPage(widget, 1);
    const opened = widget.openDocument;
    expect(opened?.id).to.equal(seeded.documents[0]!.id);
    expect(text(widget, 'back')).to.contain(viewerDe['viewer.back']);
    const exchanged = sessionRequests();

    document.documentElement.setAttribute('lang', 'en');
    await until(() => part(widget, 'base').getAttribute('lang') === 'en', 'the page language to reach the widget');
    await widget.updateComplete;
    expect(widget.state).to.equal('ready');
    expect(text(widget, 'back')).to.contain(viewerEn['viewer.back']);
    await settle();

    expect(widget.state).to.equal('ready');
    expect(widget.openDocument === opened, 'the same document stays open').to.equal(true);
    await untilPage(widget, 1);
    expect(sessionRequests(), 'no session opened or closed').to.equal(exchanged);
    expect(widget.activeClient!.http.locale()).to.equal('en');
    await expect(widget).to.be.accessible();
  });
});
