/**
 * The demo firm back office: issue links of every kind, see them, revoke them, read and verify
 * the audit log, and read the outbox. It talks to the real admin API with the demo's API key.
 */
import { html, render, type TemplateResult } from 'lit';
import { createAdminClient, isGuestkitApiError, type GuestkitAdminClient } from '../../src/client/index.js';
import type { AuditEvent, AuditVerification, Link, LinkKind } from '../../src/protocol/index.js';

interface DemoConfig {
  endpoint: string;
  apiKey: string;
  firm: { name: string };
}
interface OutboxMail {
  file: string;
  to: string;
  subject: string;
  date: string;
  text: string;
}

const KINDS: { kind: LinkKind; label: string; resourceType: string }[] = [
  { kind: 'view', label: 'Share documents (doc-viewer)', resourceType: 'share' },
  { kind: 'upload', label: 'Upload request (guest-upload)', resourceType: 'upload-request' },
  { kind: 'sign', label: 'Signature request (sign-pad)', resourceType: 'signature-request' },
  { kind: 'pay', label: 'Invoice (pay-invoice)', resourceType: 'invoice' },
  { kind: 'req', label: 'Client request (request-form)', resourceType: 'client-request' },
];

const root = document.querySelector<HTMLElement>('#app')!;
const state = {
  links: [] as Link[],
  created: null as null | { url: string; sent: boolean },
  error: '',
  audit: null as null | { resource: string; events: AuditEvent[]; verification: AuditVerification },
  outbox: [] as OutboxMail[],
  firm: '',
};
let admin: GuestkitAdminClient;

function message(error: unknown): string {
  if (isGuestkitApiError(error)) return `${error.code}: ${error.problem.detail ?? error.problem.title}`;
  return error instanceof Error ? error.message : String(error);
}

async function refresh(): Promise<void> {
  state.links = await admin.links.list();
  state.outbox = (await (await fetch('/backoffice/outbox.json')).json()) as OutboxMail[];
  draw();
}

async function createLink(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const kind = form.get('kind') as LinkKind;
  const stepUp = form.get('stepUp') as string;
  const ttlDays = Number(form.get('ttlDays'));
  state.error = '';
  try {
    const created = await admin.links.create({
      kind,
      resource: { type: KINDS.find((k) => k.kind === kind)!.resourceType, id: String(form.get('resourceId')) },
      recipient: {
        email: String(form.get('email')),
        ...(form.get('name') ? { name: String(form.get('name')) } : {}),
        locale: form.get('locale') as 'de' | 'en',
      },
      ...(ttlDays > 0 ? { ttlSeconds: Math.round(ttlDays * 86_400) } : {}),
      ...(stepUp === 'access_code' ? { stepUp: { type: 'access_code', code: String(form.get('accessCode')) } } : {}),
      ...(stepUp === 'email_otp' ? { stepUp: { type: 'email_otp' } } : {}),
      send: form.get('send') === 'on',
      ...(form.get('message') ? { message: String(form.get('message')) } : {}),
      createdBy: { email: 'anna.steuer@kanzlei.example', name: 'Anna Steuer' },
    });
    state.created = { url: created.url, sent: created.sent };
  } catch (error) {
    state.error = message(error);
  }
  await refresh();
}

async function revoke(link: Link): Promise<void> {
  await admin.links.revoke(link.id);
  await refresh();
}

async function showAudit(link: Link): Promise<void> {
  const [events, verification] = await Promise.all([admin.audit.list({ resource: link.resource }), admin.audit.verify(link.resource)]);
  state.audit = { resource: `${link.resource.type}/${link.resource.id}`, events, verification };
  draw();
  document.querySelector<HTMLElement>('#audit-heading')?.focus();
}

const status = (link: Link): string =>
  link.revokedAt ? 'revoked' : Date.parse(link.expiresAt) <= Date.now() ? 'expired' : 'active';

function linksTable(): TemplateResult {
  if (!state.links.length) return html`<p>No links yet.</p>`;
  return html`<table>
    <caption class="visually-hidden">Links</caption>
    <thead><tr><th scope="col">Kind</th><th scope="col">Resource</th><th scope="col">Recipient</th><th scope="col">Expires</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody>
      ${state.links.map(
        (link) => html`<tr>
          <td>${link.kind}${link.stepUp ? html` <small>(${link.stepUp.replace('_', ' ')})</small>` : ''}</td>
          <td>${link.resource.type}/${link.resource.id}</td>
          <td>${link.recipient.name ?? ''} &lt;${link.recipient.email}&gt;</td>
          <td><time datetime=${link.expiresAt}>${new Date(link.expiresAt).toLocaleString()}</time></td>
          <td><span class="status ${status(link)}">${status(link)}</span></td>
          <td class="actions">
            <button type="button" @click=${() => showAudit(link)}>Audit</button>
            ${link.revokedAt ? '' : html`<button type="button" class="danger" @click=${() => revoke(link)}>Revoke</button>`}
          </td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function auditPanel(): TemplateResult | string {
  const audit = state.audit;
  if (!audit) return '';
  const v = audit.verification;
  return html`<section aria-labelledby="audit-heading">
    <h2 id="audit-heading" tabindex="-1">Audit log · ${audit.resource}</h2>
    <p class="verify ${v.ok ? 'ok' : 'broken'}" role="status">${v.ok ? `Chain verified: ${v.count} events, none edited, removed or reordered.` : `Chain BROKEN at event ${v.brokenAt}: ${v.reason}`}</p>
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

function outboxPanel(): TemplateResult {
  return html`<section aria-labelledby="outbox-heading">
    <h2 id="outbox-heading">Outbox <small>(mail the demo would have sent)</small></h2>
    ${state.outbox.length
      ? html`${state.outbox.slice(0, 10).map(
          (m) => html`<details>
            <summary>${m.subject} → ${m.to}</summary>
            <pre>${m.text}</pre>
          </details>`,
        )}`
      : html`<p>No mail yet.</p>`}
  </section>`;
}

function draw(): void {
  render(
    html`<header><h1>${state.firm} · back office</h1><p>Issue links, watch them being used, revoke them. Every action lands in the audit log.</p></header>
      <main>
        <section aria-labelledby="create-heading">
          <h2 id="create-heading">Create a link</h2>
          <form @submit=${createLink}>
            <label>Kind <select name="kind">${KINDS.map((k) => html`<option value=${k.kind}>${k.label}</option>`)}</select></label>
            <label>Resource id <input name="resourceId" required pattern="[A-Za-z0-9_\\-]{1,64}" value="2025-annual-accounts" /></label>
            <label>Recipient e-mail <input name="email" type="email" required value="mortgage.banker@bank.example" /></label>
            <label>Recipient name <input name="name" value="Max Hypothek" /></label>
            <label>Language <select name="locale"><option value="de">Deutsch</option><option value="en">English</option></select></label>
            <label>Valid for (days, empty = firm default) <input name="ttlDays" type="number" min="0.01" step="0.01" /></label>
            <fieldset>
              <legend>Step-up before anything is shown</legend>
              <label><input type="radio" name="stepUp" value="none" checked /> None</label>
              <label><input type="radio" name="stepUp" value="access_code" /> Access code <input name="accessCode" value="Birke-42" aria-label="Access code" /></label>
              <label><input type="radio" name="stepUp" value="email_otp" /> One-time code by e-mail</label>
            </fieldset>
            <label>Personal message <textarea name="message" rows="2"></textarea></label>
            <label class="inline"><input type="checkbox" name="send" checked /> Mail the link to the recipient</label>
            <button type="submit">Create link</button>
          </form>
          <div role="status" aria-live="polite">
            ${state.error ? html`<p class="error">${state.error}</p>` : ''}
            ${state.created
              ? html`<p>Link created${state.created.sent ? ' and mailed' : ''} (this is the only time it is shown):</p>
                  <p><a class="link" href=${state.created.url} target="_blank" rel="noreferrer noopener">${state.created.url}</a></p>`
              : ''}
          </div>
        </section>
        <section aria-labelledby="links-heading">
          <h2 id="links-heading">Links</h2>
          ${linksTable()}
        </section>
        ${auditPanel()} ${outboxPanel()}
      </main>`,
    root,
  );
}

async function start(): Promise<void> {
  const config = (await (await fetch('/backoffice/config.json')).json()) as DemoConfig;
  admin = createAdminClient({ endpoint: config.endpoint, apiKey: config.apiKey });
  state.firm = config.firm.name;
  root.replaceChildren();
  await refresh();
}

void start();
