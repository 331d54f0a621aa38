import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { GuestkitLinkElement } from '../../../src/components/base/guestkit-link-element.js';
import { linkStateDe } from '../../../src/components/base/link-state-strings.js';
import { de } from '../../../src/components/translations/de.js';
import { sharedStrings } from '../../../src/components/translations/shared-strings.js';
import { takeTokenFromFragment } from '../../../src/components/controllers/link-controller.js';
import { adapterClient, ENDPOINT, requestsTo, seedLink } from '../helpers/adapter.js';
import { createClient } from '../../../src/client/client.js';
import { until } from '../helpers/widgets.js';

/** A test-only widget: its ready state names the resource of the link it opened. */
class TokenWidget extends GuestkitLinkElement {
  static override readonly translations = sharedStrings;
  protected override renderReady() {
    return litHtml`<p part="ready">${this.link.session?.session.scope.resource.id}</p>`;
  }
  /** Which link the widget holds (a widget keeps its visit while this stays). */
  get linkNumber(): number {
    return this.link.linkNumber;
  }
  /** The session its link opened. */
  get linkSession() {
    return this.link.session;
  }
}
TokenWidget.define('test-token-widget');

/** The same widget with strings that arrive only when the test says so. */
let openGate: () => void = () => undefined;
const gate = new Promise<void>((resolve) => (openGate = resolve));
class GatedWidget extends GuestkitLinkElement {
  static override readonly translations = {
    de: () => gate.then(() => sharedStrings.de()),
    en: () => gate.then(() => sharedStrings.en()),
  };
}
GatedWidget.define('test-gated-widget');

/** The same widget whose strings cannot be fetched until the test allows it (a chunk gone after a deployment). */
let stringsReachable = false;
class UnreachableStringsWidget extends GuestkitLinkElement {
  static override readonly translations = {
    de: () => (stringsReachable ? sharedStrings.de() : Promise.reject(new TypeError('Failed to fetch dynamically imported module'))),
    en: () => (stringsReachable ? sharedStrings.en() : Promise.reject(new TypeError('Failed to fetch dynamically imported module'))),
  };
  protected override renderReady() {
    return litHtml`<p part="ready">${this.localize.t('loading')}</p>`;
  }
}
UnreachableStringsWidget.define('test-unreachable-strings-widget');

declare global {
  interface HTMLElementTagNameMap {
    'test-token-widget': TokenWidget;
    'test-gated-widget': GatedWidget;
    'test-unreachable-strings-widget': UnreachableStringsWidget;
  }
}

const pageUrl = `${location.pathname}${location.search}`;

function setFragment(fragment: string): void {
  history.replaceState(history.state, '', `${pageUrl}#${fragment}`);
}

/** Mounts a widget on the real adapter and waits for it to open its link; answers the resource it opened. */
async function openedResource(template: ReturnType<typeof html>): Promise<{ widget: TokenWidget; resourceId: string }> {
  const widget = await fixture<TokenWidget>(template);
  if (widget.state !== 'ready') await oneEvent(widget, 'gk-ready');
  await widget.updateComplete;
  expect(widget.state).to.equal('ready');
  return { widget, resourceId: widget.shadowRoot!.querySelector('[part="ready"]')!.textContent! };
}

/**
 * Whether the link token — or any session token — is anywhere the page keeps things: cookies,
 * local and session storage, or an IndexedDB database (SECURITY.md W8: there should be none).
 */
async function storedAnywhere(token: string): Promise<boolean> {
  const values: string[] = [document.cookie];
  for (const storage of [localStorage, sessionStorage]) {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i)!;
      values.push(key, storage.getItem(key) ?? '');
    }
  }
  const databases = await indexedDB.databases();
  values.push(...databases.map((database) => database.name ?? ''));
  return databases.length > 0 || values.some((value) => value.includes(token) || value.includes('gk_sess_'));
}

describe('the link token', () => {
  afterEach(() => history.replaceState(history.state, '', pageUrl));

  it('is read from #gk=…, opened, then removed from the address bar (path and query kept) and never stored', async () => {
    const { token, resourceId } = await seedLink();
    setFragment(`gk=${token}`);
    const { widget, resourceId: opened } = await openedResource(html`<test-token-widget .client=${adapterClient()}></test-token-widget>`);
    expect(opened).to.equal(resourceId);
    expect(location.href).not.to.contain(token);
    expect(location.href).not.to.contain('#');
    expect(`${location.pathname}${location.search}`).to.equal(pageUrl);
    expect(await storedAnywhere(token)).to.equal(false);
    expect(widget.outerHTML).not.to.contain(token);
    expect(widget.shadowRoot!.innerHTML).not.to.contain(token);
  });

  it('is taken from the address bar when the link is opened again in the same tab after a reload (only the fragment changes)', async () => {
    // Reloaded after the widget took the token out of the address bar: "please open your link again".
    const widget = await fixture<TokenWidget>(html`<test-token-widget .client=${adapterClient()}></test-token-widget>`);
    await until(() => widget.state === 'invalid', 'the invalid state');
    // The visitor pastes (or clicks) the link again: no page load, only a hashchange.
    const { token, resourceId } = await seedLink();
    location.hash = `gk=${token}`;
    await until(() => widget.shadowRoot!.querySelector('[part="ready"]')?.textContent === resourceId, 'the link opened', 10_000);
    expect(location.href).not.to.contain(token);
    expect(await storedAnywhere(token)).to.equal(false);
  });

  it('leaves an open link alone when another one is pasted meanwhile (the visit may be uploading): the new one waits in the address bar', async () => {
    const first = await seedLink();
    setFragment(`gk=${first.token}`);
    const { widget, resourceId } = await openedResource(html`<test-token-widget .client=${adapterClient()}></test-token-widget>`);
    const second = await seedLink();
    location.hash = `gk=${second.token}`;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(widget.state).to.equal('ready');
    expect(widget.shadowRoot!.querySelector('[part="ready"]')?.textContent).to.equal(resourceId);
    expect(location.hash, 'for a reload to open').to.equal(`#gk=${second.token}`);
  });

  it('keeps other fragment parameters', async () => {
    const { token } = await seedLink();
    setFragment(`section=2&gk=${token}`);
    expect(takeTokenFromFragment()).to.equal(token);
    expect(location.hash).to.equal('#section=2');
    expect(location.search).to.equal(new URL(pageUrl, location.origin).search);
  });

  it('leaves a fragment without a token alone', () => {
    setFragment('top');
    expect(takeTokenFromFragment()).to.equal(undefined);
    expect(location.hash).to.equal('#top');
  });

  it('prefers the token property and then leaves the fragment untouched', async () => {
    const { token, resourceId } = await seedLink();
    const other = await seedLink();
    setFragment(`gk=${other.token}`);
    const { resourceId: opened } = await openedResource(
      html`<test-token-widget token=${token} .client=${adapterClient()}></test-token-widget>`,
    );
    expect(opened).to.equal(resourceId);
    expect(location.hash).to.equal(`#gk=${other.token}`);
  });

  it('counts as the same link when moved in the page mid-opening or given a new client for the same adapter; another token is another link', async () => {
    const { token } = await seedLink();
    // Its clients' requests, counted: the test ends when the page has seen the last one answered
    // (a session ended on the server is not awaited by the widget), so none spills into the next test.
    performance.clearResourceTimings();
    let made = 0;
    const counted = (locale: string) =>
      createClient({
        endpoint: ENDPOINT,
        locale,
        fetch: (input, init) => {
          made++;
          return fetch(input, init);
        },
      });
    const wrapper = await fixture<HTMLDivElement>(html`<div><test-token-widget token=${token} .client=${counted('de')}></test-token-widget><p></p></div>`);
    const widget = wrapper.querySelector('test-token-widget')!;
    const first = widget.linkNumber;
    // Moved while the link is still being opened (busy): it opens again, as the same link.
    wrapper.querySelector('p')!.append(widget);
    await until(() => widget.state === 'ready', 'the link opened after the move');
    expect(widget.linkNumber).to.equal(first);
    // A new client for the same adapter (another language): the same link.
    const session = widget.linkSession;
    widget.client = counted('en');
    await widget.updateComplete;
    await until(() => widget.state === 'ready' && !widget.busy && widget.linkSession !== session, 'the link opened with the new client');
    expect(widget.linkNumber).to.equal(first);
    const other = await seedLink();
    widget.token = other.token;
    await widget.updateComplete;
    await until(() => widget.state === 'ready' && !widget.busy && widget.shadowRoot!.querySelector('[part="ready"]')?.textContent === other.resourceId, 'the other link');
    expect(widget.linkNumber).to.equal(first + 1);
    await until(() => requestsTo(ENDPOINT).length >= made, 'the sessions left behind ended on the server');
  });

  it('shows the invalid state when there is no token at all, without asking the server', async () => {
    performance.clearResourceTimings();
    const widget = await fixture<TokenWidget>(html`<test-token-widget lang="de" .client=${adapterClient()}></test-token-widget>`);
    await widget.updateComplete;
    expect(widget.state).to.equal('invalid');
    expect(requestsTo(ENDPOINT), requestsTo(ENDPOINT).join(' ')).to.have.length(0);
    // Typically a reload after the token left the address bar: ask for the link again, don't call it broken.
    const panel = widget.shadowRoot!.querySelector('[part~="state-invalid"]')!;
    expect(panel.querySelector('[part~="state-title"]')!.textContent!.trim()).to.equal(linkStateDe['invalid.missingTitle']);
    expect(panel.querySelector('[part~="state-message"]')!.textContent!.trim()).to.equal(linkStateDe['invalid.missing']);
  });

  it('moved in the page while its words load, a widget without a token still ends in the invalid state', async () => {
    const [a, b] = [document.createElement('div'), document.createElement('div')];
    document.body.append(a, b);
    try {
      const widget = document.createElement('test-gated-widget');
      widget.client = adapterClient();
      a.append(widget);
      // The first update has run: the link controller waits for the strings to show "invalid".
      await new Promise((resolve) => setTimeout(resolve));
      expect(widget.state).to.equal('idle');
      b.append(widget); // disconnected and connected again, as frameworks do when they reorder
      openGate();
      await widget.updateComplete;
      await new Promise((resolve) => setTimeout(resolve));
      await widget.updateComplete;
      expect(widget.state).to.equal('invalid');
    } finally {
      a.remove();
      b.remove();
    }
  });

  it('says so in both languages and offers "Try again" when its words cannot be fetched; trying again shows them', async () => {
    const { token } = await seedLink();
    const widget = await fixture<UnreachableStringsWidget>(
      html`<test-unreachable-strings-widget lang="de" token=${token} .client=${adapterClient()}></test-unreachable-strings-widget>`,
    );
    await until(() => widget.shadowRoot!.querySelector('[part~="state-error"]'), 'the fallback');
    const panel = widget.shadowRoot!.querySelector('[part~="state-error"]')!;
    expect(panel.getAttribute('role')).to.equal('alert');
    expect(panel.textContent).to.contain('konnte nicht geladen werden').and.to.contain('could not be loaded');
    await expect(widget).to.be.accessible();
    expect(widget.shadowRoot!.querySelector('[part~="ready"]'), 'no wordless ready state').to.equal(null);

    stringsReachable = true;
    widget.shadowRoot!.querySelector<HTMLButtonElement>('[part~="state-action"]')!.click();
    await until(() => widget.shadowRoot!.querySelector('[part~="ready"]')?.textContent === de.loading, 'the ready state, in German');
    expect(widget.state).to.equal('ready');
  });

  it('shows the invalid state for a malformed token in the fragment, and still removes it', async () => {
    performance.clearResourceTimings();
    setFragment('gk=gk_view_tooShort');
    const widget = await fixture<TokenWidget>(html`<test-token-widget lang="de" .client=${adapterClient()}></test-token-widget>`);
    await widget.updateComplete;
    expect(widget.state).to.equal('invalid');
    const title = widget.shadowRoot!.querySelector('[part~="state-title"]')!.textContent!.trim();
    expect(title, 'a token that is there but wrong is an invalid link').to.equal(linkStateDe['invalid.title']);
    expect(location.href).not.to.contain('tooShort');
    expect(location.href).not.to.contain('#');
    expect(requestsTo(ENDPOINT), requestsTo(ENDPOINT).join(' ')).to.have.length(0); // rejected by the client's own token check
  });
});
