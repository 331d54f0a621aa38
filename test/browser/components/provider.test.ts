import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { GuestkitElement } from '../../../src/components/base/guestkit-element.js';
import { GuestkitLinkElement } from '../../../src/components/base/guestkit-link-element.js';
import { GuestkitProvider } from '../../../src/components/provider/provider.component.js';
import '../../../src/define.js';
import { fakeClient, VALID_TOKEN } from '../helpers/fake-client.js';

/** A test-only widget: shows the resource id once the link is open. */
class TestWidget extends GuestkitLinkElement {
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

describe('<gk-provider>', () => {
  it('is registered and takes no space (display: contents)', async () => {
    const provider = await fixture<GuestkitProvider>(html`<gk-provider></gk-provider>`);
    expect(provider).to.be.instanceOf(GuestkitProvider);
    expect(getComputedStyle(provider).display).to.equal('contents');
  });

  it('hands a client set on .client to a widget inside it', async () => {
    const client = fakeClient();
    const provider = await fixture<GuestkitProvider>(html`<gk-provider .client=${client}>
      <div><test-provider-widget token=${VALID_TOKEN}></test-provider-widget></div>
    </gk-provider>`);
    const widget = provider.querySelector('test-provider-widget')!;
    await untilReady(widget);
    expect(widget.activeClient).to.equal(client);
    expect(client.calls[0]).to.deep.equal({ method: 'openLink', token: VALID_TOKEN, stepUp: {} });
    expect(widget.shadowRoot!.textContent).to.contain('ready: share-1');
  });

  it('builds a client from its endpoint attribute', async () => {
    const provider = await fixture<GuestkitProvider>(html`<gk-provider endpoint="https://api.kanzlei.test/guestkit/"></gk-provider>`);
    expect(provider.client?.endpoint).to.equal('https://api.kanzlei.test/guestkit');
  });

  it('reaches widgets inside another element’s shadow root', async () => {
    const client = fakeClient();
    const provider = await fixture<GuestkitProvider>(html`<gk-provider .client=${client}><div id="host"></div></gk-provider>`);
    const shadow = provider.querySelector('#host')!.attachShadow({ mode: 'open' });
    const widget = document.createElement('test-provider-widget');
    widget.token = VALID_TOKEN;
    shadow.append(widget);
    await untilReady(widget);
    expect(widget.activeClient).to.equal(client);
  });

  it('passes a new client on to widgets that already have one', async () => {
    const first = fakeClient();
    const second = fakeClient();
    const provider = await fixture<GuestkitProvider>(html`<gk-provider .client=${first}>
      <test-provider-widget token=${VALID_TOKEN}></test-provider-widget>
    </gk-provider>`);
    const widget = provider.querySelector('test-provider-widget')!;
    await untilReady(widget);
    provider.client = second;
    await provider.updateComplete;
    await widget.updateComplete;
    expect(widget.activeClient).to.equal(second);
    await untilReady(widget);
    expect(second.calls).to.have.length(1);
  });

  it('lets a widget’s own .client override the provider’s', async () => {
    const fromProvider = fakeClient();
    const own = fakeClient();
    const provider = await fixture<GuestkitProvider>(html`<gk-provider .client=${fromProvider}>
      <test-provider-widget token=${VALID_TOKEN} .client=${own}></test-provider-widget>
    </gk-provider>`);
    const widget = provider.querySelector('test-provider-widget')!;
    await untilReady(widget);
    expect(widget.contextClient).to.equal(fromProvider);
    expect(widget.activeClient).to.equal(own);
    expect(own.calls).to.have.length(1);
    expect(fromProvider.calls).to.have.length(0);
  });

  it('finds a provider that upgrades after the widget (late registration)', async () => {
    class LateProvider extends GuestkitProvider {}
    const client = fakeClient();
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <test-late-provider><test-provider-widget token=${VALID_TOKEN}></test-provider-widget></test-late-provider>
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
    const client = fakeClient();
    const widget = await fixture<TestWidget>(html`<test-provider-widget token=${VALID_TOKEN} .client=${client}></test-provider-widget>`);
    await untilReady(widget);
    expect(widget.activeClient).to.equal(client);
  });

  it('stays idle, quietly, with no client at all', async () => {
    const widget = await fixture<TestWidget>(html`<test-provider-widget token=${VALID_TOKEN}></test-provider-widget>`);
    expect(widget.state).to.equal('idle');
    expect(widget.shadowRoot!.querySelector('[part~="state"]')).to.equal(null);
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
