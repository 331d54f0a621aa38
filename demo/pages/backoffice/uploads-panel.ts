/** Upload requests: create one, watch files arrive, download them, deactivate. */
import { html, type TemplateResult } from 'lit';
import type { UploadedFileSummary, UploadRequestSummary } from '../../../src/client/index.js';
import { showAudit } from './audit-panel.js';
import { recipientFields } from './links-panel.js';
import { act, api, draw, look, state } from './state.js';

const TYPES: [string, string][] = [
  ['application/pdf', 'PDF'],
  ['image/jpeg', 'JPEG'],
  ['image/png', 'PNG'],
  ['image/heic', 'HEIC (iPhone photos)'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Excel (.xlsx, also password-protected)'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Word (.docx, also password-protected)'],
  ['text/csv', 'CSV'],
  ['application/vnd.ms-excel', 'Excel 97–2003 (.xls, without macros)'],
  ['application/msword', 'Word 97–2003 (.doc, without macros)'],
];
/** Offered, but left for the firm to tick. */
const UNCHECKED = new Set(['text/csv', 'application/vnd.ms-excel', 'application/msword']);

function createRequest(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const stepUp = form.get('stepUp') as string;
  const deadline = String(form.get('deadline') ?? '');
  return act(async () => {
    const { link } = await api().uploads.createRequest({
      title: String(form.get('title')),
      ...(form.get('message') ? { message: String(form.get('message')) } : {}),
      uploader: { email: String(form.get('email')), ...(form.get('name') ? { name: String(form.get('name')) } : {}), locale: form.get('locale') as 'de' | 'en' },
      ...(deadline ? { deadline: new Date(deadline).toISOString() } : {}),
      lateUploads: form.get('late') === 'on' ? 'allow' : 'refuse',
      limits: { maxFileSize: Number(form.get('maxMb')) * 1024 * 1024, maxFiles: Number(form.get('maxFiles')), allowedTypes: form.getAll('types').map(String) },
      requireUploaderName: form.get('requireName') === 'on',
      requireUploaderEmail: form.get('requireEmail') === 'on',
      receipt: form.get('receipt') === 'on',
      ...(stepUp === 'access_code' ? { stepUp: { type: 'access_code', code: String(form.get('accessCode')) } } : {}),
      ...(stepUp === 'email_otp' ? { stepUp: { type: 'email_otp' } } : {}),
      send: form.get('send') === 'on',
      createdBy: { email: 'anna.steuer@kanzlei.example', name: 'Anna Steuer' },
    });
    state.created = { what: 'Upload request', links: [{ url: link.url, sent: link.sent }] };
  }, 'The upload request was not created.');
}

function showFiles(request: UploadRequestSummary): Promise<void> {
  return look(async () => {
    state.files = { request, files: await api().uploads.listFiles(request.id) };
    draw();
    document.querySelector<HTMLElement>('#files-heading')?.focus();
  }, 'The files could not be listed.');
}

function download(id: string, name: string): Promise<void> {
  return look(async () => {
    const response = await api().uploads.download(id);
    const url = URL.createObjectURL(await response.blob());
    const a = Object.assign(document.createElement('a'), { href: url, download: name });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }, `${name} could not be downloaded.`);
}

/** Who sent a file: the name and e-mail they gave (where the request asked), else the request's uploader, as `Name <address>`. */
function sender(file: UploadedFileSummary, request: UploadRequestSummary): string {
  const email = file.uploaderEmail ?? request.uploaderEmail;
  // A name typed without an address is the uploader's own; the request's name goes with the request's address only.
  const name = file.uploaderName ?? (file.uploaderEmail ? null : request.uploaderName);
  return name ? `${name} <${email}>` : email;
}

const size = (bytes: number): string => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`);

/** The upload-request form. */
export function createUploadPanel(): TemplateResult {
  return html`<section aria-labelledby="upload-create-heading">
    <h2 id="upload-create-heading">Request documents (upload link)</h2>
    <form @submit=${createRequest}>
      <label>Title <input name="title" required value="Belege für die Steuererklärung 2025" /></label>
      ${recipientFields('buchhaltung@mandant.example', 'Bernd Buchhalter')}
      <label>Deadline <input name="deadline" type="datetime-local" /></label>
      <label class="inline"><input type="checkbox" name="late" checked /> Accept late uploads (flagged)</label>
      <label>Largest file (MiB) <input name="maxMb" type="number" min="1" value="100" /></label>
      <label>Most files <input name="maxFiles" type="number" min="1" value="20" /></label>
      <fieldset>
        <legend>Allowed types (decided by the file's content)</legend>
        ${TYPES.map(([mime, label]) => html`<label><input type="checkbox" name="types" value=${mime} ?checked=${!UNCHECKED.has(mime)} /> ${label}</label>`)}
      </fieldset>
      <label class="inline"><input type="checkbox" name="requireName" /> Ask for the uploader's name</label>
      <label class="inline"><input type="checkbox" name="requireEmail" /> Ask for the uploader's e-mail</label>
      <label class="inline"><input type="checkbox" name="receipt" checked /> Mail the uploader a receipt of their files</label>
      <label>Message <textarea name="message" rows="2">Bitte laden Sie alle Belege für 2025 hoch.</textarea></label>
      <label class="inline"><input type="checkbox" name="send" checked /> Mail the link</label>
      <button type="submit">Create upload request</button>
    </form>
  </section>`;
}

/** Upload requests and the files of the one chosen. */
export function uploadsPanel(): TemplateResult {
  const files = state.files;
  return html`<section aria-labelledby="uploads-heading">
    <h2 id="uploads-heading">Upload requests</h2>
    ${state.uploadRequests.length
      ? html`<table>
          <thead><tr><th scope="col">Title</th><th scope="col">Uploader</th><th scope="col">Files</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            ${state.uploadRequests.map(
              (r) => html`<tr>
                <td>${r.title}</td>
                <td>${r.uploaderName ?? ''} &lt;${r.uploaderEmail}&gt;</td>
                <td>${r.fileCount}</td>
                <td><span class="status ${r.status === 'open' ? 'active' : 'revoked'}">${r.status}</span></td>
                <td class="actions">
                  <button type="button" @click=${() => showFiles(r)}>Files</button>
                  <button type="button" @click=${() => showAudit({ type: 'upload-request', id: r.id })}>Audit</button>
                  ${r.status === 'open' ? html`<button type="button" class="danger" @click=${() => act(async () => void (await api().uploads.deactivate(r.id)), 'The upload request was not deactivated.')}>Deactivate</button>` : ''}
                </td>
              </tr>`,
            )}
          </tbody>
        </table>`
      : html`<p>No upload requests yet.</p>`}
    ${files
      ? html`<h3 id="files-heading" tabindex="-1">Files · ${files.request.title}</h3>
          ${files.files.length
            ? html`<table>
                <thead><tr><th scope="col">Name</th><th scope="col">From</th><th scope="col">Received</th><th scope="col">Size</th><th scope="col">SHA-256</th><th scope="col">Scan</th><th scope="col"><span class="visually-hidden">Download</span></th></tr></thead>
                <tbody>
                  ${files.files.map(
                    (file) => html`<tr>
                      <td>${file.name}${file.note ? html`<br /><small>${file.note}</small>` : ''}${file.late ? html` <span class="status expired">late</span>` : ''}${file.duplicateOf
                        ? html`<br /><small>same bytes as ${files.files.find((other) => other.id === file.duplicateOf)?.name ?? 'an earlier file'}</small>`
                        : ''}</td>
                      <td>${sender(file, files.request)}</td>
                      <td>${new Date(file.receivedAt).toLocaleString()}</td>
                      <td>${size(file.size)}</td>
                      <td><code>${file.sha256.slice(0, 12)}…</code></td>
                      <td>${file.status}</td>
                      <td class="actions">
                        ${file.status === 'clean'
                          ? html`<button type="button" @click=${() => download(file.id, file.name)}>Download</button>
                              <button type="button" @click=${() => act(async () => void (await api().documents.fromUpload(file.id)), `${file.name} was not made shareable.`)}>Make shareable</button>`
                          : 'quarantined'}
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
            : html`<p>No files yet.</p>`}`
      : ''}
  </section>`;
}
