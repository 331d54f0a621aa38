import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { GuestkitElement } from '../../../src/components/base/guestkit-element.js';
import { GuestkitLinkElement } from '../../../src/components/base/guestkit-link-element.js';
import { sharedStrings } from '../../../src/components/translations/shared-strings.js';
import { GuestkitProvider } from '../../../src/components/provider/provider.component.js';
import '../../../src/define.js';
import { adapterClient, ENDPOINT, OTHER_ORIGIN_ENDPOINT, requestsTo, seedLink, untilRequests } from '../helpers/adapter.js';

/** A test-only widget: shows the resource id once the link is open. */
class TestWidget extends GuestkitLinkElement {
  static override readonly translations = sharedStrings;
  protected override renderReady() {
    return litHtml`<p part="ready">ready: ${this.link.session?.session.scope.resource.id}</p>`;
  }
}
TestWidget.define('test-provider-widget');

declare global {
  interface HTMLElementTagNameMap {
    'test-provider-widget': TestWidget;
  }
}

async function untilReady(widget: TestWidget): Promise<void> {
  if (widget.state !== 'ready') await oneEvent(widget, 'gk-ready');
  await widget.updateComplete;
}

/** Link exchanges (`POST /v1/session`) that went to the adapter at `endpoint`. */
const exchangesAt = (endpoint: string) => `${endpoint}/v1/session`;

// Every test counts its own requests.
beforeEach(() => performance.clearResourceTimings());

describe('<gk-provider>', () => {
  it('is registered and takes no space (display: contents)', async () => {
    const provider = await fixture<GuestkitProvider>(html`<gk-provider></gk-provider>`);
    expect(provider).to.be.instanceOf(GuestkitProvider);
    expect(getComputedStyle(provider).display).to.equal('contents');
  });

  it('hands a client set on .client to a widget inside it', async () => {
    const { token, resourceId } = await seedLink();
    const client = adapterClient();
    const provider = await fixture<GuestkitProvider>(html`<gk-provider .client=${client}>
      <div><test-provider-widget token=${token}></test-provider-widget></div>
    </gk-provider>`);
    const widget = provider.querySelector('test-provider-widget')!;
    await untilReady(widget);
    expect(widget.activeClient).to.equal(client);
    // The seeded link was opened, once, through the real adapter.
    expect(await untilRequests(exchangesAt(ENDPOINT), 1)).to.have.length(1);
    expect(widget.shadowRoot!.textContent).to.contain(`ready: ${resourceId}`);
  });

  it('builds a client from its endpoint attribute', async () => {
    const provider = await fixture<GuestkitProvider>(html`<gk-provider endpoint="https://api.kanzlei.test/guestkit/"></gk-provider>`);
    expect(provider.client?.endpoint).to.equal('https://api.kanzlei.test/guestkit');
  });

  it('opens a link through the client built from its endpoint attribute', async () => {
    const { token, resourceId } = await seedLink();
    const provider = await fixture<GuestkitProvider>(html`<gk-provider endpoint="/guestkit">
      <test-provider-widget token=${token}></test-provider-widget>
    </gk-provider>`);
    const widget = provider.querySelector('test-provider-widget')!;
    await untilReady(widget);
    expect(widget.activeClient).to.equal(provider.client);
    expect(widget.shadowRoot!.textContent).to.contain(`ready: ${resourceId}`);
  });

  it('reaches widgets inside another element’s shadow root', async () => {
    const { token } = await seedLink();
    const client = adapterClient();
    const provider = await fixture<GuestkitProvider>(html`<gk-provider .client=${client}><div id="host"></div></gk-provider>`);
    const shadow = provider.querySelector('#host')!.attachShadow({ mode: 'open' });
    const widget = document.createElement('test-provider-widget');
    widget.token = token;
    shadow.append(widget);
    await untilReady(widget);
    expect(widget.activeClient).to.equal(client);
  });

  it('passes a new client on to widgets that already have one', async () => {
    const { token, resourceId } = await seedLink();
    // Both reach the same real adapter; the second from another origin, so its requests can be told apart.
    const first = adapterClient(undefined, ENDPOINT);
    const second = adapterClient(undefined, OTHER_ORIGIN_ENDPOINT);
    const provider = await fixture<GuestkitProvider>(html`<gk-provider .client=${first}>
      <test-provider-widget token=${token}></test-provider-widget>
    </gk-provider>`);
    const widget = provider.querySelector('test-provider-widget')!;
    await untilReady(widget);
    expect(requestsTo(exchangesAt(OTHER_ORIGIN_ENDPOINT))).to.have.length(0);
    const reopened = oneEvent(widget, 'gk-ready');
    provider.client = second;
    await provider.updateComplete;
    await widget.updateComplete;
    expect(widget.activeClient).to.equal(second);
    await reopened;
    expect(widget.state).to.equal('ready');
    expect(await untilRequests(exchangesAt(OTHER_ORIGIN_ENDPOINT), 1)).to.have.length(1);
    expect(widget.shadowRoot!.textContent).to.contain(`ready: ${resourceId}`);
  });

  it('lets a widget’s own .client override the provider’s', async () => {
    const { token } = await seedLink();
    const fromProvider = adapterClient(undefined, OTHER_ORIGIN_ENDPOINT);
    const own = adapterClient(undefined, ENDPOINT);
    const provider = await fixture<GuestkitProvider>(html`<gk-provider .client=${fromProvider}>
      <test-provider-widget token=${token} .client=${own}></test-provider-widget>
    </gk-provider>`);
    const widget = provider.querySelector('test-provider-widget')!;
    await untilReady(widget);
    expect(widget.contextClient).to.equal(fromProvider);
    expect(widget.activeClient).to.equal(own);
    expect(await untilRequests(exchangesAt(ENDPOINT), 1)).to.have.length(1);
    expect(requestsTo(OTHER_ORIGIN_ENDPOINT)).to.have.length(0);
  });

  it('finds a provider that upgrades after the widget (late registration)', async () => {
    class LateProvider extends GuestkitProvider {}
    const { token } = await seedLink();
    const client = adapterClient();
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <test-late-provider><test-provider-widget token=${token}></test-provider-widget></test-late-provider>
    </div>`);
    const widget = wrapper.querySelector('test-provider-widget')!;
    await widget.updateComplete;
    expect(widget.state).to.equal('idle');
    const late = wrapper.querySelector('test-late-provider') as GuestkitProvider;
    LateProvider.define('test-late-provider');
    late.client = client;
    await untilReady(widget);
    expect(widget.activeClient).to.equal(client);
  });
});

describe('.client without a provider', () => {
  it('uses a client set directly on the widget', async () => {
    const { token } = await seedLink();
    const client = adapterClient();
    const widget = await fixture<TestWidget>(html`<test-provider-widget token=${token} .client=${client}></test-provider-widget>`);
    await untilReady(widget);
    expect(widget.activeClient).to.equal(client);
  });

  it('stays idle, quietly, with no client at all', async () => {
    const { token } = await seedLink();
    const widget = await fixture<TestWidget>(html`<test-provider-widget token=${token}></test-provider-widget>`);
    expect(widget.state).to.equal('idle');
    expect(widget.shadowRoot!.querySelector('[part~="state"]')).to.equal(null);
    expect(requestsTo(ENDPOINT)).to.have.length(0);
  });

  it('opens a link through the client built from its own endpoint attribute', async () => {
    const { token, resourceId } = await seedLink();
    const widget = await fixture<TestWidget>(html`<test-provider-widget token=${token} endpoint=${ENDPOINT}></test-provider-widget>`);
    await untilReady(widget);
    expect(widget.activeClient?.endpoint).to.equal(ENDPOINT);
    expect(widget.shadowRoot!.textContent).to.contain(`ready: ${resourceId}`);
  });

  it('builds its own client from an endpoint attribute', async () => {
    const widget = await fixture<TestWidget>(html`<test-provider-widget endpoint="https://api.kanzlei.test/guestkit"></test-provider-widget>`);
    expect(widget.activeClient?.endpoint).to.equal('https://api.kanzlei.test/guestkit');
  });
});

describe('GuestkitElement.define', () => {
  it('is a no-op when the same class already holds the tag', () => {
    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      GuestkitProvider.define('gk-provider');
      GuestkitProvider.define('gk-provider');
    } finally {
      console.warn = original;
    }
    expect(customElements.get('gk-provider')).to.equal(GuestkitProvider);
    expect(warnings).to.have.length(0);
  });

  it('warns and keeps the first definition when another class holds the tag', () => {
    class First extends GuestkitElement {}
    class Second extends GuestkitElement {}
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      First.define('test-define-clash');
      Second.define('test-define-clash');
    } finally {
      console.warn = original;
    }
    expect(customElements.get('test-define-clash')).to.equal(First);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0]![0])).to.contain('<test-define-clash>');
  });

  it('registers the same class under a second tag', async () => {
    class Twice extends GuestkitElement {}
    Twice.define('test-define-one');
    Twice.define('test-define-two');
    Twice.define('test-define-two');
    const el = document.createElement('test-define-two');
    expect(el).to.be.instanceOf(Twice);
    expect(customElements.get('test-define-one')).to.equal(Twice);
  });

  it('importing the define entry twice changes nothing', async () => {
    await import('../../../src/define.js');
    await import('../../../src/components/provider/provider.js');
    expect(customElements.get('gk-provider')).to.equal(GuestkitProvider);
  });
});
