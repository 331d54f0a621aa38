/** The shared states the real adapter cannot easily produce (network errors, server faults), with a scripted client. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { GuestkitLinkElement } from '../../../src/components/base/guestkit-link-element.js';
import type { GuestkitErrorEvent } from '../../../src/components/events/error.js';
import type { GuestkitStateChangeEvent } from '../../../src/components/events/state-change.js';
import { de } from '../../../src/components/translations/de.js';
import { en } from '../../../src/components/translations/en.js';
import { apiError, fakeClient, networkError, VALID_TOKEN, type OpenAnswer } from '../helpers/fake-client.js';
import { focused, part, text, untilState } from '../helpers/widgets.js';

/** A test-only widget with nothing of its own to show. */
class UnitWidget extends GuestkitLinkElement {}
UnitWidget.define('test-unit-widget');

declare global {
  interface HTMLElementTagNameMap {
    'test-unit-widget': UnitWidget;
  }
}

async function widgetFor(answer: OpenAnswer, lang = 'en') {
  const client = fakeClient(answer);
  const widget = await fixture<UnitWidget>(html`<test-unit-widget lang=${lang} token=${VALID_TOKEN} .client=${client}></test-unit-widget>`);
  return { widget, client };
}

describe('shared link states (scripted client)', () => {
  for (const [lang, t] of [['de', de], ['en', en]] as const) {
    it(`a network failure offers a retry that works (${lang})`, async () => {
      const { widget, client } = await widgetFor(networkError(), lang);
      await untilState(widget, 'error');
      expect(text(widget, 'state-title')).to.equal(t['network.title']);
      expect(text(widget, 'state-action')).to.equal(t.retry);
      await expect(widget).to.be.accessible();
      client.answer = 'ok';
      part<HTMLButtonElement>(widget, 'state-action').click();
      await untilState(widget, 'ready');
    });

    it(`a server fault shows the code's message (${lang})`, async () => {
      const { widget } = await widgetFor(apiError('unavailable'), lang);
      await untilState(widget, 'error');
      expect(text(widget, 'state-title')).to.equal(t['error.title']);
      expect(text(widget, 'state-message')).to.equal(t['code.unavailable']);
      await expect(widget).to.be.accessible();
    });

    it(`a rate limit names the time to retry (${lang})`, async () => {
      const { widget } = await widgetFor(apiError('rate_limited', 90), lang);
      await untilState(widget, 'rate-limited');
      expect(text(widget, 'state-message')).to.match(/\d{1,2}:\d{2}/);
      await expect(widget).to.be.accessible();
    });

    it(`the loading state is a status region (${lang})`, async () => {
      const client = fakeClient();
      client.openLink = () => new Promise(() => {}); // never answers
      const widget = await fixture<UnitWidget>(html`<test-unit-widget lang=${lang} token=${VALID_TOKEN} .client=${client}></test-unit-widget>`);
      expect(widget.state).to.equal('loading');
      const loading = part(widget, 'state-loading');
      expect(loading.getAttribute('role')).to.equal('status');
      expect(text(widget, 'state-message')).to.equal(t.loading);
      expect(part(widget, 'base').getAttribute('aria-busy')).to.equal('true');
      await expect(widget).to.be.accessible();
    });
  }

  it('an empty code is a form error, not a request', async () => {
    const { widget, client } = await widgetFor(apiError('access_code_required'));
    await untilState(widget, 'access-code');
    part<HTMLButtonElement>(widget, 'state-action').click();
    await widget.updateComplete;
    expect(text(widget, 'code-error')).to.equal(en['accessCode.empty']);
    expect(focused(widget)).to.equal(part(widget, 'code-input'));
    expect(client.calls).to.have.length(1);
  });

  it('emits gk-state-change and gk-error, and never throws into the page', async () => {
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent | PromiseRejectionEvent) => errors.push(event);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    try {
      const states: string[] = [];
      const container = await fixture<HTMLDivElement>(html`<div></div>`);
      container.addEventListener('gk-state-change', (event: GuestkitStateChangeEvent) => states.push(event.state));
      const gotError = oneEvent(container, 'gk-error') as Promise<GuestkitErrorEvent>;
      const widget = document.createElement('test-unit-widget');
      widget.lang = 'de';
      widget.token = VALID_TOKEN;
      widget.client = fakeClient(apiError('link_revoked'));
      container.append(widget);
      const event = await gotError;
      expect(event.code).to.equal('link_revoked');
      expect(event.message).to.equal(de['code.link_revoked']);
      expect(event.detail).to.deep.equal({ code: 'link_revoked', message: de['code.link_revoked'] });
      expect(event.bubbles && event.composed).to.equal(true);
      await untilState(widget, 'revoked');
      expect(states).to.deep.equal(['loading', 'revoked']);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(errors).to.deep.equal([]);
    } finally {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onError);
    }
  });

  it('does not report a step-up request as an error', async () => {
    let reported = false;
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    container.addEventListener('gk-error', () => (reported = true));
    const widget = document.createElement('test-unit-widget');
    widget.token = VALID_TOKEN;
    widget.client = fakeClient(apiError('otp_required'));
    container.append(widget);
    await untilState(widget, 'otp');
    expect(reported).to.equal(false);
  });

  it('renders server and page strings as text, never as markup', async () => {
    const { widget } = await widgetFor(apiError('link_expired'));
    await untilState(widget, 'expired');
    expect(widget.shadowRoot!.querySelector('[style]')).to.equal(null);
  });

  it('does not steal focus when it first shows a state', async () => {
    const outside = await fixture<HTMLInputElement>(html`<input aria-label="outside" />`);
    outside.focus();
    const { widget } = await widgetFor(apiError('access_code_required'));
    await untilState(widget, 'access-code');
    expect(document.activeElement).to.equal(outside);
  });
});
