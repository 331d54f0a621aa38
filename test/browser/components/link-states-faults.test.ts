/**
 * The shared states a healthy adapter does not produce — no answer at all, a server fault, a slow
 * answer — plus the widget's events and focus rules. Real client, real servers: the standby adapter
 * switched off (connection refused), the broken adapter (503 problem+json) and the slow adapter
 * (the real one behind a gate the test opens), all served by test/browser/server/test-adapter.ts.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { GuestkitClient } from '../../../src/client/client.js';
import { GuestkitApiError } from '../../../src/client/errors.js';
import { GuestkitLinkElement } from '../../../src/components/base/guestkit-link-element.js';
import { sharedStrings } from '../../../src/components/translations/shared-strings.js';
import type { GuestkitErrorEvent } from '../../../src/components/events/error.js';
import type { GuestkitStateChangeEvent } from '../../../src/components/events/state-change.js';
import { linkStateDe, linkStateEn } from '../../../src/components/base/link-state-strings.js';
import { de } from '../../../src/components/translations/de.js';
import { en } from '../../../src/components/translations/en.js';
import {
  adapterClient,
  BROKEN_ENDPOINT,
  ENDPOINT,
  releaseSlow,
  requestsTo,
  seedLink,
  SLOW_ENDPOINT,
  standby,
  untilRequests,
  type SeedLinkRequest,
} from '../helpers/adapter.js';
import { focused, part, text, untilState } from '../helpers/widgets.js';

/** A test-only widget with nothing of its own to show. */
class FaultsWidget extends GuestkitLinkElement {
  static override readonly translations = sharedStrings;
}
FaultsWidget.define('test-faults-widget');

declare global {
  interface HTMLElementTagNameMap {
    'test-faults-widget': FaultsWidget;
  }
}

/** A widget for a freshly seeded link, talking to `endpoint` through a real client. */
async function widgetFor(request: SeedLinkRequest, { lang = 'en', endpoint = ENDPOINT } = {}) {
  const { token } = await seedLink({ locale: lang as 'de' | 'en', ...request });
  const client = adapterClient(lang, endpoint);
  const widget = await fixture<FaultsWidget>(html`<test-faults-widget lang=${lang} token=${token} .client=${client}></test-faults-widget>`);
  return { widget, client, token };
}

/** A widget added to `container` by script (properties set before it connects). */
function appendWidget(container: HTMLElement, token: string, client: GuestkitClient, lang = 'en'): FaultsWidget {
  const widget = document.createElement('test-faults-widget');
  widget.lang = lang;
  widget.token = token;
  widget.client = client;
  container.append(widget);
  return widget;
}

describe('shared link states when the adapter fails (real client, real servers)', () => {
  afterEach(() => standby(false));

  for (const [lang, t] of [['de', { ...de, ...linkStateDe }], ['en', { ...en, ...linkStateEn }]] as const) {
    it(`a network failure offers a retry that works (${lang})`, async () => {
      const { endpoint, up } = await standby(false);
      expect(up).to.equal(false);
      const { widget } = await widgetFor({}, { lang, endpoint });
      await untilState(widget, 'error');
      expect(text(widget, 'state-title')).to.equal(t['network.title']);
      expect(text(widget, 'state-message')).to.equal(t['network.message']);
      expect(text(widget, 'state-action')).to.equal(t.retry);
      await expect(widget).to.be.accessible();
      // The adapter comes back; the visitor's retry goes through the same client.
      await standby(true);
      part<HTMLButtonElement>(widget, 'state-action').click();
      await untilState(widget, 'ready');
    });

    it(`a server fault shows the code's message (${lang})`, async () => {
      const { widget } = await widgetFor({}, { lang, endpoint: BROKEN_ENDPOINT });
      await untilState(widget, 'error');
      expect(text(widget, 'state-title')).to.equal(t['error.title']);
      expect(text(widget, 'state-message')).to.equal(t['code.unavailable']);
      expect(text(widget, 'state-action')).to.equal(t.retry);
      await expect(widget).to.be.accessible();
    });

    it(`the loading state is a status region (${lang})`, async () => {
      const { widget } = await widgetFor({}, { lang, endpoint: SLOW_ENDPOINT });
      expect(widget.state).to.equal('loading');
      const loading = part(widget, 'state-loading');
      expect(loading.getAttribute('role')).to.equal('status');
      expect(text(widget, 'state-message')).to.equal(t.loading);
      expect(part(widget, 'base').getAttribute('aria-busy')).to.equal('true');
      await expect(widget).to.be.accessible();
      expect(await releaseSlow()).to.equal(1);
      await untilState(widget, 'ready');
      expect(part(widget, 'base').getAttribute('aria-busy')).to.equal('false');
    });
  }

  it('the broken adapter fails the way the real one does, and the real client reads it', async () => {
    const { token } = await seedLink();
    const response = await fetch(`${BROKEN_ENDPOINT}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'de' },
      body: JSON.stringify({ token }),
    });
    expect(response.status).to.equal(503);
    expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(response.headers.get('retry-after')).to.equal('30');
    expect(await response.json()).to.include({ status: 503, code: 'unavailable', retryAfter: 30 });

    const error = await adapterClient('en', BROKEN_ENDPOINT).openLink(token).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(GuestkitApiError);
    const apiError = error as GuestkitApiError;
    expect([apiError.status, apiError.code, apiError.retryAfter]).to.deep.equal([503, 'unavailable', 30]);
    expect(apiError.problem.title).to.be.a('string').and.not.equal('');
  });
});

describe('shared link states: events, forms and focus (real client, real adapter)', () => {
  it('an empty code is a form error, not a request', async () => {
    performance.clearResourceTimings();
    const { widget } = await widgetFor({ stepUp: { type: 'access_code', code: 'K4NZ-2024' } });
    await untilState(widget, 'access-code');
    const exchanges = `${ENDPOINT}/v1/session`;
    expect(await untilRequests(exchanges, 1)).to.have.length(1);
    part<HTMLButtonElement>(widget, 'state-action').click();
    await widget.updateComplete;
    expect(text(widget, 'code-error')).to.equal(linkStateEn['accessCode.empty']);
    expect(focused(widget)).to.equal(part(widget, 'code-input'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requestsTo(exchanges)).to.have.length(1);
  });

  it('emits gk-state-change and gk-error, and never throws into the page', async () => {
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent | PromiseRejectionEvent) => errors.push(event);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    try {
      const { token } = await seedLink({ revoked: true, locale: 'de' });
      const states: string[] = [];
      const container = await fixture<HTMLDivElement>(html`<div></div>`);
      container.addEventListener('gk-state-change', (event: GuestkitStateChangeEvent) => states.push(event.state));
      const gotError = oneEvent(container, 'gk-error') as Promise<GuestkitErrorEvent>;
      const widget = appendWidget(container, token, adapterClient('de'), 'de');
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
    const { token } = await seedLink({ stepUp: { type: 'email_otp' } });
    let reported = false;
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    container.addEventListener('gk-error', () => (reported = true));
    const widget = appendWidget(container, token, adapterClient());
    await untilState(widget, 'otp');
    expect(reported).to.equal(false);
  });

  it('renders server and page strings as text, never as markup', async () => {
    const { widget } = await widgetFor({ expired: true });
    await untilState(widget, 'expired');
    expect(widget.shadowRoot!.querySelector('[style]')).to.equal(null);
  });

  it('does not steal focus when it first shows a state', async () => {
    const outside = await fixture<HTMLInputElement>(html`<input aria-label="outside" />`);
    outside.focus();
    const { widget } = await widgetFor({ stepUp: { type: 'access_code', code: 'K4NZ-2024' } });
    await untilState(widget, 'access-code');
    expect(document.activeElement).to.equal(outside);
  });
});
