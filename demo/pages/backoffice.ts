/**
 * The demo firm back office: issue links, request documents, watch them arrive, revoke, read and
 * verify the audit log, read the outbox. It talks to the real admin API with the demo's API key.
 */
import { html, render } from 'lit';
import { createAdminClient } from '../../src/client/admin-client.js';
import { auditPanel, outboxPanel } from './backoffice/audit-panel.js';
import { createLinkPanel, linksPanel } from './backoffice/links-panel.js';
import { refresh, setup, state } from './backoffice/state.js';
import { createSharePanel, sharesPanel } from './backoffice/shares-panel.js';
import { createUploadPanel, uploadsPanel } from './backoffice/uploads-panel.js';

const root = document.querySelector<HTMLElement>('#app')!;

function draw(): void {
  const created = state.created;
  render(
    html`<header><h1>${state.firm} · back office</h1><p>Issue links, watch them being used, revoke them. Every action lands in the audit log.</p></header>
      <main>
        <div role="status" aria-live="polite" class="notice" ?hidden=${!state.error && !created}>
          ${state.error ? html`<p class="error">${state.error}</p>` : ''}
          ${created
            ? html`<p>${created.what} created${created.sent ? ' and mailed' : ''}. The link (shown only now):</p>
                ${created.url.split('\n').map((line) => {
                  const url = line.slice(line.indexOf('http'));
                  return html`<p>${line.slice(0, line.indexOf('http'))}<a class="link" href=${url} target="_blank" rel="noreferrer noopener">${url}</a></p>`;
                })}`
            : ''}
        </div>
        ${createSharePanel()} ${sharesPanel()} ${createUploadPanel()} ${uploadsPanel()} ${createLinkPanel()} ${linksPanel()} ${auditPanel()} ${outboxPanel()}
      </main>`,
    root,
  );
}

async function start(): Promise<void> {
  const config = (await (await fetch('/backoffice/config.json')).json()) as { endpoint: string; apiKey: string; firm: { name: string } };
  setup(createAdminClient({ endpoint: config.endpoint, apiKey: config.apiKey }), draw);
  state.firm = config.firm.name;
  root.replaceChildren();
  await refresh();
}

void start();
