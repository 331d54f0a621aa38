/**
 * The demo's stand-in for a widget whose issue has not landed yet: it opens the link with the
 * real base class (token from the fragment, session exchange, every shared state) and shows
 * what the session may do. Real widgets replace it kind by kind.
 */
import { css, html } from 'lit';
import { GuestkitLinkElement } from '../../src/components/base/guestkit-link-element.js';
import { sharedStrings } from '../../src/components/translations/shared-strings.js';
import type { LinkSession } from '../../src/client/link-session.js';

const KIND_NAMES = {
  en: { view: 'Shared documents', upload: 'Upload request', sign: 'Signature request', pay: 'Invoice', req: 'Client request' },
  de: { view: 'Freigegebene Dokumente', upload: 'Upload-Anfrage', sign: 'Signaturanfrage', pay: 'Rechnung', req: 'Mandantenanfrage' },
} as const;

/** Shows the opened link's scope. Demo only. */
export class DemoLink extends GuestkitLinkElement {
  // The shared link states' strings; its own few are inline below.
  static override readonly translations = sharedStrings;

  static override styles = [
    ...(GuestkitLinkElement.styles as []),
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        margin: 0;
      }
      dt {
        color: var(--gk-color-muted, #555);
      }
    `,
  ];

  protected override renderReady(link: LinkSession) {
    const { scope, firm, linkExpiresAt } = link.session;
    const de = this.localize.lang === 'de';
    const names = de ? KIND_NAMES.de : KIND_NAMES.en;
    return html`<section part="base" aria-labelledby="title">
      <h2 id="title">${names[scope.kind]} · ${firm.name}</h2>
      <dl>
        <dt>${de ? 'Empfänger' : 'Recipient'}</dt>
        <dd>${scope.recipient.name ?? ''} ${scope.recipient.email}</dd>
        <dt>${de ? 'Vorgang' : 'Resource'}</dt>
        <dd>${scope.resource.type} / ${scope.resource.id}</dd>
        <dt>${de ? 'Gültig bis' : 'Valid until'}</dt>
        <dd>${this.localize.formatDate(new Date(linkExpiresAt))}</dd>
      </dl>
      <p>${de ? 'Das eigentliche Widget für diese Art Link folgt.' : 'The widget for this kind of link comes next.'}</p>
    </section>`;
  }
}

DemoLink.define('gk-demo-link');
