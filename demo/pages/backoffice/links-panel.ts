/** Issuing links of every kind, and the list of links with revoke and audit. */
import { html, type TemplateResult } from 'lit';
import type { Link } from '../../../src/protocol/links.js';
import type { LinkKind } from '../../../src/protocol/token-format.js';
import { showAudit } from './audit-panel.js';
import { act, api, state } from './state.js';

const KINDS: { kind: LinkKind; label: string; resourceType: string }[] = [
  { kind: 'view', label: 'Share documents (doc-viewer)', resourceType: 'share' },
  { kind: 'upload', label: 'Upload link for an existing upload request', resourceType: 'upload-request' },
  { kind: 'sign', label: 'Signature request (sign-pad)', resourceType: 'signature-request' },
  { kind: 'pay', label: 'Invoice (pay-invoice)', resourceType: 'invoice' },
  { kind: 'req', label: 'Client request (request-form)', resourceType: 'client-request' },
];

function createLink(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const kind = form.get('kind') as LinkKind;
  const stepUp = form.get('stepUp') as string;
  const ttlDays = Number(form.get('ttlDays'));
  return act(async () => {
    const created = await api().links.create({
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
    state.created = { what: 'Link', links: [{ url: created.url, sent: created.sent }] };
  }, 'The link was not created.');
}

const status = (link: Link): string => (link.revokedAt ? 'revoked' : Date.parse(link.expiresAt) <= Date.now() ? 'expired' : 'active');

/** Shared recipient and step-up fields (also used by the upload-request form). */
export function recipientFields(email = 'mortgage.banker@bank.example', name = 'Max Hypothek'): TemplateResult {
  return html`<label>Recipient e-mail <input name="email" type="email" required value=${email} /></label>
    <label>Recipient name <input name="name" value=${name} /></label>
    <label>Language <select name="locale"><option value="de" lang="de">Deutsch</option><option value="en" lang="en">English</option></select></label>
    <fieldset>
      <legend>Step-up before anything is shown</legend>
      <label><input type="radio" name="stepUp" value="none" checked /> None</label>
      <label><input type="radio" name="stepUp" value="access_code" /> Access code <input name="accessCode" value="Birke-42" aria-label="Access code" /></label>
      <label><input type="radio" name="stepUp" value="email_otp" /> One-time code by e-mail</label>
    </fieldset>`;
}

/** The "create a link" form. */
export function createLinkPanel(): TemplateResult {
  return html`<section aria-labelledby="create-heading">
    <h2 id="create-heading">Create a link</h2>
    <form @submit=${createLink}>
      <label>Kind <select name="kind">${KINDS.map((k) => html`<option value=${k.kind}>${k.label}</option>`)}</select></label>
      <label>Resource id <input name="resourceId" required pattern="[A-Za-z0-9_\\-]{1,64}" value="2025-annual-accounts" /></label>
      ${recipientFields()}
      <label>Valid for (days, empty = firm default) <input name="ttlDays" type="number" min="0.01" step="0.01" /></label>
      <label>Personal message <textarea name="message" rows="2"></textarea></label>
      <label class="inline"><input type="checkbox" name="send" checked /> Mail the link to the recipient</label>
      <button type="submit">Create link</button>
    </form>
  </section>`;
}

/** The list of links. */
export function linksPanel(): TemplateResult {
  const rows = state.links.map(
    (link) => html`<tr>
      <td>${link.kind}${link.stepUp ? html` <small>(${link.stepUp.replace('_', ' ')})</small>` : ''}</td>
      <td>${link.resource.type}/${link.resource.id}</td>
      <td>${link.recipient.name ?? ''} &lt;${link.recipient.email}&gt;</td>
      <td><time datetime=${link.expiresAt}>${new Date(link.expiresAt).toLocaleString()}</time></td>
      <td><span class="status ${status(link)}">${status(link)}</span></td>
      <td class="actions">
        <button type="button" @click=${() => showAudit(link.resource)}>Audit</button>
        ${link.revokedAt ? '' : html`<button type="button" class="danger" @click=${() => act(async () => void (await api().links.revoke(link.id)), 'The link was not revoked.')}>Revoke</button>`}
      </td>
    </tr>`,
  );
  return html`<section aria-labelledby="links-heading">
    <h2 id="links-heading">Links</h2>
    ${state.links.length
      ? html`<table>
          <thead><tr><th scope="col">Kind</th><th scope="col">Resource</th><th scope="col">Recipient</th><th scope="col">Expires</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>${rows}</tbody>
        </table>`
      : html`<p>No links yet.</p>`}
  </section>`;
}
