/** A resource's audit log with its chain verification, and the outbox. */
import { html, type TemplateResult } from 'lit';
import type { ResourceRef } from '../../../src/protocol/common.js';
import { api, draw, look, state } from './state.js';

/** Loads and shows a resource's audit log. */
export function showAudit(resource: ResourceRef): Promise<void> {
  return look(async () => {
    const [events, verification] = await Promise.all([api().audit.list({ resource }), api().audit.verify(resource)]);
    state.audit = { resource: `${resource.type}/${resource.id}`, events, verification };
    draw();
    document.querySelector<HTMLElement>('#audit-heading')?.focus();
  }, 'The audit log could not be read.');
}

/** The audit panel (empty until a resource is chosen). */
export function auditPanel(): TemplateResult | string {
  const audit = state.audit;
  if (!audit) return '';
  const v = audit.verification;
  return html`<section aria-labelledby="audit-heading">
    <h2 id="audit-heading" tabindex="-1">Audit log · ${audit.resource}</h2>
    <p class="verify ${v.ok ? 'ok' : 'broken'}" role="status">
      ${v.ok ? `Chain verified: ${v.count} events, none edited, removed or reordered.` : `Chain BROKEN at event ${v.brokenAt}: ${v.reason}`}
    </p>
    <ol class="audit">
      ${audit.events.map(
        (e) => html`<li>
          <strong>${e.type}</strong> ${e.verified ? '' : html`<small class="unverified">unverified</small>`}
          <span>${new Date(e.at).toLocaleString()} · ${e.actor} · ${e.ip ?? '—'}</span>
          <code title="hash">${e.hash.slice(0, 16)}…</code>
        </li>`,
      )}
    </ol>
  </section>`;
}

/** The outbox: mail the demo would have sent. */
export function outboxPanel(): TemplateResult {
  return html`<section aria-labelledby="outbox-heading">
    <h2 id="outbox-heading">Outbox <small>(mail the demo would have sent)</small></h2>
    ${state.outbox.length
      ? state.outbox.slice(0, 10).map(
          (m) => html`<details>
            <summary>${m.subject} → ${m.to}</summary>
            <pre>${m.text}</pre>
          </details>`,
        )
      : html`<p>No mail yet.</p>`}
  </section>`;
}
