import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { GuestkitLinkElement } from '../../../src/components/base/guestkit-link-element.js';
import { takeTokenFromFragment } from '../../../src/components/controllers/link-controller.js';
import { adapterClient, seedLink } from '../helpers/adapter.js';
import { fakeClient, VALID_TOKEN } from '../helpers/fake-client.js';

/** A test-only widget with nothing of its own to show. */
class TokenWidget extends GuestkitLinkElement {}
TokenWidget.define('test-token-widget');

declare global {
  interface HTMLElementTagNameMap {
    'test-token-widget': TokenWidget;
  }
}

const pageUrl = `${location.pathname}${location.search}`;

function setFragment(fragment: string): void {
  history.replaceState(history.state, '', `${pageUrl}#${fragment}`);
}

function storedAnywhere(token: string): boolean {
  const values: string[] = [document.cookie];
  for (const storage of [localStorage, sessionStorage]) {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i)!;
      values.push(key, storage.getItem(key) ?? '');
    }
  }
  return values.some((value) => value.includes(token));
}

describe('the link token', () => {
  afterEach(() => history.replaceState(history.state, '', pageUrl));

  it('is read from #gk=…, then removed from the address bar (path and query kept)', async () => {
    setFragment(`gk=${VALID_TOKEN}`);
    const client = fakeClient();
    const widget = await fixture<TokenWidget>(html`<test-token-widget .client=${client}></test-token-widget>`);
    if (widget.state !== 'ready') await oneEvent(widget, 'gk-ready');
    expect(client.calls[0]?.token).to.equal(VALID_TOKEN);
    expect(location.href).not.to.contain(VALID_TOKEN);
    expect(location.href).not.to.contain('#');
    expect(`${location.pathname}${location.search}`).to.equal(pageUrl);
    expect(storedAnywhere(VALID_TOKEN)).to.equal(false);
  });

  it('keeps other fragment parameters', () => {
    setFragment(`section=2&gk=${VALID_TOKEN}`);
    expect(takeTokenFromFragment()).to.equal(VALID_TOKEN);
    expect(location.hash).to.equal('#section=2');
    expect(location.search).to.equal(new URL(pageUrl, location.origin).search);
  });

  it('leaves a fragment without a token alone', () => {
    setFragment('top');
    expect(takeTokenFromFragment()).to.equal(undefined);
    expect(location.hash).to.equal('#top');
  });

  it('prefers the token property and then leaves the fragment untouched', async () => {
    setFragment('gk=gk_view_other');
    const client = fakeClient();
    const widget = await fixture<TokenWidget>(html`<test-token-widget token=${VALID_TOKEN} .client=${client}></test-token-widget>`);
    if (widget.state !== 'ready') await oneEvent(widget, 'gk-ready');
    expect(client.calls[0]?.token).to.equal(VALID_TOKEN);
    expect(location.hash).to.equal('#gk=gk_view_other');
  });

  it('shows the invalid state when there is no token at all', async () => {
    const widget = await fixture<TokenWidget>(html`<test-token-widget .client=${fakeClient()}></test-token-widget>`);
    await widget.updateComplete;
    expect(widget.state).to.equal('invalid');
  });

  it('opens a real link from the fragment and never stores it', async () => {
    const { token } = await seedLink();
    setFragment(`gk=${token}`);
    const widget = await fixture<TokenWidget>(html`<test-token-widget .client=${adapterClient()}></test-token-widget>`);
    if (widget.state !== 'ready') await oneEvent(widget, 'gk-ready');
    expect(widget.state).to.equal('ready');
    expect(location.href).not.to.contain(token);
    expect(storedAnywhere(token)).to.equal(false);
    expect(widget.outerHTML).not.to.contain(token);
  });
});
