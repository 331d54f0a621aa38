/** Shares: add documents, share them with third parties (an expiry per recipient), follow and revoke. */
import { html, type TemplateResult } from 'lit';
import type { ShareSummary } from '../../../src/client/index.js';
import { showAudit } from './audit-panel.js';
import { act, api, draw, look, state } from './state.js';

const DAY = 86_400_000;

function addDocuments(event: Event): Promise<void> {
  const input = event.target as HTMLInputElement;
  const files = [...(input.files ?? [])];
  input.value = '';
  return act(async () => {
    for (const file of files) await api().documents.add(file.name, file);
  }, files.length > 1 ? 'Not every document was added.' : 'The document was not added.');
}

function createShare(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  // One recipient per line: "address, days" (days default 14).
  const recipients = String(form.get('recipients'))
    .split('\n')
    .map((line) => line.split(',').map((part) => part.trim()))
    .filter(([email]) => email)
    .map(([email, days]) => ({ email: email!, expiresAt: new Date(Date.now() + Number(days || 14) * DAY).toISOString(), locale: form.get('locale') as 'de' | 'en' }));
  const stepUp = form.get('stepUp') as string;
  const invoice = String(form.get('invoice') ?? '').trim();
  return act(async () => {
    const { links } = await api().shares.create({
      title: String(form.get('title')),
      ...(form.get('message') ? { message: String(form.get('message')) } : {}),
      documentIds: form.getAll('documents').map(String),
      recipients,
      allowDownload: form.get('allowDownload') === 'on',
      watermark: form.get('watermark') === 'on',
      ...(stepUp === 'access_code' ? { stepUp: { type: 'access_code', code: String(form.get('accessCode')) } } : {}),
      ...(stepUp === 'email_otp' ? { stepUp: { type: 'email_otp' } } : {}),
      ...(invoice ? { lockedUntilPaid: { invoiceId: invoice } } : {}),
      send: form.get('send') === 'on',
      createdBy: { email: 'anna.steuer@kanzlei.example', name: 'Anna Steuer' },
    });
    state.created = { what: 'Share', links: links.map((l) => ({ email: l.email, url: l.url, sent: l.sent })) };
  }, 'The documents were not shared.');
}

function showActivity(share: ShareSummary): Promise<void> {
  return look(async () => {
    state.activity = { share, recipients: await api().shares.activity(share.id) };
    draw();
    document.querySelector<HTMLElement>('#activity-heading')?.focus();
  }, 'The activity could not be read.');
}

type Recipient = ShareSummary['recipients'][number];

/** Where a recipient stands: their link works (until its date), has expired (they may still ask for a fresh one), or was revoked. */
function recipientState(share: ShareSummary, r: Recipient, now = Date.now()): 'active' | 'expired' | 'revoked' {
  if (r.revokedAt || share.status === 'revoked') return 'revoked';
  return Date.parse(r.expiresAt) <= now ? 'expired' : 'active';
}

/**
 * Where the share stands: `revoked` (by "Revoke all"), `ended` (every recipient revoked: nothing is
 * left to revoke), `expired` (no link works now, though a recipient may ask for a fresh one, so
 * revoking still ends something), else `active`.
 */
function shareState(share: ShareSummary, now = Date.now()): 'active' | 'expired' | 'ended' | 'revoked' {
  if (share.status === 'revoked') return 'revoked';
  const states = share.recipients.map((r) => recipientState(share, r, now));
  if (states.every((x) => x === 'revoked')) return 'ended';
  return states.includes('active') ? 'active' : 'expired';
}

/** A week more for a recipient: from their date, or from now when it has passed already (the new date must lie ahead). */
const weekMore = (r: Recipient): string => new Date(Math.max(Date.parse(r.expiresAt), Date.now()) + 7 * DAY).toISOString();

/** A recipient's line: address, where they stand with its date (active until …, expired on …, revoked on …), and what may be done. */
function recipientLine(share: ShareSummary, r: Recipient) {
  const at = recipientState(share, r);
  const date = at === 'revoked' ? r.revokedAt : r.expiresAt;
  return html`<div class="recipient" data-state=${at}>
    <span>${r.email} · <span class="status ${at}">${at}</span>${date ? html` ${DATE_WORD[at]} <time datetime=${date}>${when(date)}</time>` : ''}</span>
    ${at === 'revoked'
      ? ''
      : html`<span class="actions">
          <button type="button" @click=${() => act(async () => void (await api().shares.extend(share.id, r.email, weekMore(r))), `${r.email}'s link was not extended.`)}>+7 days</button>
          <button type="button" class="danger" @click=${() => act(async () => void (await api().shares.revokeRecipient(share.id, r.email)), `${r.email} was not revoked.`)}>Revoke</button>
        </span>`}
  </div>`;
}

const DATE_WORD = { active: 'until', expired: 'on', revoked: 'on' } as const;

const size = (bytes: number): string => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`);
const when = (iso: string): string => new Date(iso).toLocaleString();

/** What each share state means, for its badge's tooltip. */
const SHARE_STATES = {
  active: 'At least one recipient can open it.',
  expired: 'Every link has expired; a recipient may still ask for a fresh one.',
  ended: 'Every recipient was revoked: nobody can open it.',
  revoked: 'Revoked for everyone.',
} as const;

/** Documents and the share form. */
export function createSharePanel(): TemplateResult {
  return html`<section aria-labelledby="share-create-heading">
    <h2 id="share-create-heading">Share documents (view links)</h2>
    <p><label>Add documents <input type="file" multiple @change=${addDocuments} /></label></p>
    ${state.documents.length
      ? html`<form @submit=${createShare}>
          <fieldset>
            <legend>Documents</legend>
            ${state.documents.map((d) => html`<label><input type="checkbox" name="documents" value=${d.id} checked /> <span class="name">${d.name} <small>(${d.type}, ${size(d.size)})</small></span></label>`)}
          </fieldset>
          <label>Title <input name="title" required value="Unterlagen für Ihre Finanzierungsprüfung" /></label>
          <label>Recipients — one per line: e-mail, days valid
            <textarea name="recipients" rows="3" required>mortgage.banker@bank.example, 14\nlawyer@kanzlei-recht.example, 3</textarea>
          </label>
          <label>Language <select name="locale"><option value="de" lang="de">Deutsch</option><option value="en" lang="en">English</option></select></label>
          <fieldset>
            <legend>Options</legend>
            <label><input type="checkbox" name="allowDownload" checked /> Allow download</label>
            <label><input type="checkbox" name="watermark" /> Watermark PDFs with the recipient's e-mail</label>
            <label>Locked until invoice is paid <input name="invoice" placeholder="invoice id" /></label>
          </fieldset>
          <fieldset>
            <legend>Step-up</legend>
            <label><input type="radio" name="stepUp" value="none" checked /> None</label>
            <label><input type="radio" name="stepUp" value="access_code" /> Access code <input name="accessCode" value="Birke-42" aria-label="Access code" /></label>
            <label><input type="radio" name="stepUp" value="email_otp" /> One-time code by e-mail</label>
          </fieldset>
          <label>Message <textarea name="message" rows="2">Anbei die Unterlagen für Ihre Prüfung.</textarea></label>
          <label class="inline"><input type="checkbox" name="send" checked /> Mail each recipient their own link</label>
          <button type="submit">Share</button>
        </form>`
      : html`<p>Add a document first (or share a received upload from its request's files).</p>`}
  </section>`;
}

const documentName = (id: string): string => state.documents.find((d) => d.id === id)?.name ?? id;

/** `[1, 2, 3, 7]` → `pages 1–3, 7`. */
function pageRanges(pages: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < pages.length; i++) {
    const start = pages[i]!;
    while (pages[i + 1] === pages[i]! + 1) i++;
    runs.push(start === pages[i] ? String(start) : `${start}–${pages[i]}`);
  }
  return `${pages.length === 1 ? 'page' : 'pages'} ${runs.join(', ')}`;
}

/** Shares with their recipients, activity, revoke and extend. */
export function sharesPanel(): TemplateResult {
  const activity = state.activity;
  return html`<section aria-labelledby="shares-heading">
    <h2 id="shares-heading">Shares</h2>
    ${state.shares.length
      ? html`<table>
          <thead><tr><th scope="col">Title</th><th scope="col">Recipients</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            ${state.shares.map((s) => {
              const at = shareState(s);
              // "Revoke all" only while a recipient is left to revoke (an expired one may still ask for a fresh link).
              const revocable = at === 'active' || at === 'expired';
              return html`<tr data-share=${s.id}>
                <td>${s.title}${s.lockedUntilPaid ? html` <span class="status expired">locked</span>` : ''}</td>
                <td>${s.recipients.map((r) => recipientLine(s, r))}</td>
                <td><span class="status ${at}" title=${SHARE_STATES[at]}>${at}</span></td>
                <td class="actions">
                  <button type="button" @click=${() => showActivity(s)}>Activity</button>
                  <button type="button" @click=${() => showAudit({ type: 'share', id: s.id })}>Audit</button>
                  ${s.lockedUntilPaid ? html`<button type="button" @click=${() => act(async () => void (await api().shares.unlock(s.id)), 'The share was not unlocked.')}>Unlock</button>` : ''}
                  ${revocable ? html`<button type="button" class="danger" @click=${() => act(async () => void (await api().shares.revoke(s.id)), 'The share was not revoked.')}>Revoke all</button>` : ''}
                </td>
              </tr>`;
            })}
          </tbody>
        </table>`
      : html`<p>No shares yet.</p>`}
    ${activity
      ? html`<h3 id="activity-heading" tabindex="-1">Activity · ${activity.share.title}</h3>
          <ul>
            ${activity.recipients.map(
              (r) => html`<li>
                <strong>${r.email}</strong>: opened ${r.opened.length ? `${r.opened.length}× (last ${when(r.opened.at(-1)!)}, unverified)` : 'never'};
                viewed ${r.viewed.length}; downloaded ${r.downloaded.length}
                ${r.pages.map((read) => html`<br />read ${documentName(read.documentId)}: ${pageRanges(read.pages)}`)}
              </li>`,
            )}
          </ul>`
      : ''}
  </section>`;
}
