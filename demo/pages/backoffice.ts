/**
 * The demo firm back office: issue links, request documents, watch them arrive, revoke, read and
 * verify the audit log, read the outbox. It talks to the real admin API with the demo's API key.
 */
import { html, render } from 'lit';
import { createAdminClient } from '../../src/client/admin-client.js';
import { auditPanel, outboxPanel } from './backoffice/audit-panel.js';
import { createLinkPanel, linksPanel } from './backoffice/links-panel.js';
import { language, refresh, setup, state } from './backoffice/state.js';
import { createSharePanel, sharesPanel } from './backoffice/shares-panel.js';
import { createUploadPanel, uploadsPanel } from './backoffice/uploads-panel.js';

const root = document.querySelector<HTMLElement>('#app')!;

/** The last action's outcome: what went wrong (alone), or the links it made. */
function notice() {
  const { error, created } = state;
  if (error) {
    return html`<p class="error"><strong>${error.failed}</strong> ${error.reason}</p>
      ${error.details.length ? html`<ul class="error-details">${error.details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}`;
  }
  if (!created) return '';
  // Some mailed and some not (a recipient's server refused): say which to pass on by hand.
  const some = created.links.some((l) => l.sent) && !created.links.every((l) => l.sent);
  const mailed = created.links.every((l) => l.sent) ? ' and mailed' : some ? ' (not every link could be mailed)' : '';
  return html`<p class="created">${created.what} created${mailed}. ${created.links.length > 1 ? 'The links' : 'The link'} (shown only now):</p>
    ${created.links.map(
      (l) => html`<p>${l.email ? `${l.email}: ` : ''}<a class="link" href=${l.url} target="_blank" rel="noreferrer noopener">${l.url}</a>${some && !l.sent ? html` <small>(not mailed)</small>` : ''}</p>`,
    )}`;
}

function draw(): void {
  render(
    html`<header><h1>${state.firm} · back office</h1><p>Issue links, watch them being used, revoke them. Every action lands in the audit log.</p></header>
      <main>
        <div role="status" aria-live="polite" class="notice ${state.error ? 'failed' : ''}" ?hidden=${!state.error && !state.created}>${notice()}</div>
        ${createSharePanel()} ${sharesPanel()} ${createUploadPanel()} ${uploadsPanel()} ${createLinkPanel()} ${linksPanel()} ${auditPanel()} ${outboxPanel()}
      </main>`,
    root,
  );
}

async function start(): Promise<void> {
  const config = (await (await fetch('/backoffice/config.json')).json()) as { endpoint: string; apiKey: string; firm: { name: string } };
  // The server's messages in the back office's language, whatever the browser's Accept-Language says.
  setup(createAdminClient({ endpoint: config.endpoint, apiKey: config.apiKey, locale: language }), draw);
  state.firm = config.firm.name;
  root.replaceChildren();
  await refresh();
}

void start();
