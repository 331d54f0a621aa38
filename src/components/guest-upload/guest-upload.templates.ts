/**
 * The templates of `<guest-upload>`'s ready state: the request, the uploader fields, the pickers,
 * the refusals, the file list, the upload button and the completion panel. Every server string is
 * bound as text; there are no inline styles.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ReceivedFile, UploadRequestView } from '../../protocol/uploads.js';
import type { UploadLocalize } from './translations.js';
import type { UploadItem } from '../controllers/upload-queue.js';
import type { Refusal } from '../upload/checks.js';
import { formatBytes, formatDuration, formatTypes } from '../upload/format.js';
import type { UnfinishedUpload } from '../upload/unfinished.js';
import { canRetry } from '../upload/upload-errors.js';

/**
 * A message kept until it shows: it is worded at render time, so it follows a change of language
 * (the refusals, the live region).
 */
export type Say = (localize: UploadLocalize) => string;

/** What the templates need from the widget. */
export interface UploadView {
  readonly localize: UploadLocalize;
  readonly request: UploadRequestView;
}

/** Handlers for a file's controls. */
export interface FileHandlers {
  note(item: UploadItem, value: string): void;
  remove(item: UploadItem): void;
  retry(item: UploadItem): void;
}

/** What the pickers show, and what they do in the widget. */
export interface PickerControls {
  /** The widget is disabled (a surrounding `<fieldset disabled>`): nothing can be chosen. */
  disabled: boolean;
  /** A file is being dragged over the widget. */
  dragging: boolean;
  /** The files chosen fill the request: the pickers say so and open nothing. */
  full: boolean;
  /** Offer "take a photo". */
  camera: boolean;
  /** Opens the file picker or the camera. */
  open(which: 'files' | 'camera'): void;
  /** A picker's `change`. */
  picked(event: Event): void;
}

/** The key of a message under the name or e-mail field (worded at render time). */
export type FieldError = 'upload.name.missing' | 'upload.name.invalid' | 'upload.email.missing' | 'upload.email.invalid' | 'upload.email.nonAscii';

/** The uploader's details, with the message under each field. */
export interface UploaderFields {
  name: string;
  email: string;
  errors: { name?: FieldError | undefined; email?: FieldError | undefined };
  onInput(field: 'name' | 'email', value: string): void;
}

const bytes = ({ localize }: UploadView, n: number): string => formatBytes(n, localize.intlLocale);

/**
 * Title, message, deadline and limits of the request. `left` is how many more files it takes now
 * (`slotsLeft`); with none left the limits line gives way to what says so (the drop zone, or the
 * closed panel). `open`: files can still go up (room not used up by the files received, deadline
 * not passed for good); else no deadline asks for them.
 */
export function renderRequest(view: UploadView, left: number, open: boolean): TemplateResult {
  const { localize, request } = view;
  const date = request.deadline ? localize.formatDate(request.deadline) : '';
  // Once no more files are taken (past a deadline that refuses late uploads, or full), none is asked for by a date.
  const deadline = !request.deadline || !open
    ? nothing
    : html`<p part="deadline" class="deadline ${request.overdue ? 'deadline--overdue' : ''}">
        ${request.overdue ? localize.t('upload.overdue', { date }) : localize.t('upload.deadline', { date })}
      </p>`;
  const { maxFiles, maxFileSize, allowedTypes } = request.limits;
  const limits = left
    ? html`<p part="limits" class="limits" id="gk-upload-limits">
        ${localize.t('upload.limits', {
          files: left,
          more: left < maxFiles,
          size: bytes(view, maxFileSize),
          types: formatTypes(allowedTypes, localize.intlLocale),
        })}
      </p>`
    : nothing;
  return html`<div part="header" class="header">
    <h2 part="title" class="title" tabindex="-1" data-gk-focus>${request.title}</h2>
    ${request.message ? html`<p part="message" class="message">${request.message}</p>` : nothing} ${deadline}
    ${limits}
  </div>`;
}

/** Why a file was not added, in a sentence naming it (worded when it shows). */
export const refusalMessage = (request: UploadRequestView, { name, reason }: Refusal): Say => (localize) => {
  const locale = localize.intlLocale;
  switch (reason) {
    case 'duplicate':
      return localize.t('upload.refused.duplicate', { name });
    case 'empty':
      return localize.t('upload.refused.empty', { name });
    case 'too-big':
      return localize.t('upload.refused.tooBig', { name, max: formatBytes(request.limits.maxFileSize, locale) });
    case 'type':
      return localize.t('upload.refused.type', { name, types: formatTypes(request.limits.allowedTypes, locale) });
    // Refused only once the files before it filled the request: the limit, not what was left before them.
    case 'too-many':
      return localize.t('upload.refused.tooMany', { name, max: request.limits.maxFiles });
  }
};

function field(localize: UploadLocalize, fields: UploaderFields, which: 'name' | 'email'): TemplateResult {
  const id = `gk-upload-${which}`;
  const key = fields.errors[which];
  const error = key ? localize.t(key) : '';
  return html`<div class="field">
    <label part="field-label" class="field__label" for=${id}>${localize.t(`upload.${which}.label`)}</label>
    <input
      id=${id}
      part="field-input"
      class="field__input"
      type=${which === 'email' ? 'email' : 'text'}
      autocomplete=${which}
      required
      value=${fields[which]}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby="${id}-error"
      @input=${(event: InputEvent) => fields.onInput(which, (event.target as HTMLInputElement).value)}
    />
    <p id="${id}-error" part="field-error" class="field__error">${error}</p>
  </div>`;
}

/** The name and e-mail fields, where the request asks for them. */
export function renderUploaderFields({ localize, request }: UploadView, fields: UploaderFields): TemplateResult | typeof nothing {
  if (!request.requireUploaderName && !request.requireUploaderEmail) return nothing;
  return html`<div part="uploader" class="uploader">
    ${request.requireUploaderName ? field(localize, fields, 'name') : nothing}
    ${request.requireUploaderEmail ? field(localize, fields, 'email') : nothing}
  </div>`;
}

/**
 * What the drop zone says: "drag here" (on a touch screen, which cannot drag, "choose files" — the
 * styles pick the headline by `pointer`), "release to add" while files are dragged over, and "no
 * more files" once the files chosen fill the request.
 */
function dropzoneText(localize: UploadLocalize, on: PickerControls): TemplateResult {
  if (on.full) {
    return html`<span class="dropzone__title">${localize.t('upload.dropzone.full')}</span>
      <span class="dropzone__action">${localize.t('upload.dropzone.fullAction')}</span>`;
  }
  const title = on.dragging
    ? html`<span class="dropzone__title">${localize.t('upload.dropzone.drop')}</span>`
    : html`<span class="dropzone__title dropzone__drag">${localize.t('upload.dropzone.title')}</span>
        <span class="dropzone__title dropzone__tap">${localize.t('upload.dropzone.tap')}</span>`;
  return html`${title} <span class="dropzone__action dropzone__drag">${localize.t('upload.dropzone.action')}</span>`;
}

/**
 * The drop zone (a button that opens the file picker) and, where it makes sense, "take a photo".
 * Once the files chosen fill the request both stay in the tab order (focus may be sent to the drop
 * zone, and it says why nothing opens) but are `aria-disabled` and open nothing.
 */
export function renderPickers({ localize, request }: UploadView, on: PickerControls): TemplateResult {
  const full = on.full ? 'true' : nothing;
  return html`<div class="pickers">
    <button
      part="dropzone"
      class="dropzone ${on.dragging ? 'dropzone--active' : ''}"
      type="button"
      aria-describedby=${on.full ? nothing : 'gk-upload-limits'}
      aria-disabled=${full}
      ?disabled=${on.disabled}
      @click=${() => on.full || on.open('files')}
    >
      <svg class="dropzone__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M12 16V4m0 0-5 5m5-5 5 5M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3" />
      </svg>
      ${dropzoneText(localize, on)}
    </button>
    <input id="gk-upload-files" type="file" multiple accept=${request.accept.join(',')} hidden tabindex="-1" @change=${on.picked} />
    ${on.camera
      ? html`<button part="camera" class="button button--secondary" type="button" aria-disabled=${full} ?disabled=${on.disabled} @click=${() => on.full || on.open('camera')}>
            ${localize.t('upload.camera')}
          </button>
          <input id="gk-upload-camera" type="file" accept="image/*" capture="environment" hidden tabindex="-1" @change=${on.picked} />`
      : nothing}
  </div>`;
}

/** The files just refused, each with why, and "dismiss". */
export function renderRefusals(localize: UploadLocalize, refusals: readonly Say[], dismiss: () => void): TemplateResult | typeof nothing {
  if (refusals.length === 0) return nothing;
  return html`<div part="refusals" class="refusals">
    <ul class="refusals__list">
      ${refusals.map((say) => html`<li>${say(localize)}</li>`)}
    </ul>
    <button class="link-button" type="button" @click=${dismiss}>${localize.t('upload.refused.dismiss')}</button>
  </div>`;
}

/** The upload button, once files are selected (`disabled` with the widget). */
export function renderUploadAction(localize: UploadLocalize, selected: number, upload: () => void, disabled: boolean): TemplateResult | typeof nothing {
  if (selected === 0) return nothing;
  return html`<div part="actions" class="actions">
    <button part="upload-button" class="button" type="button" ?disabled=${disabled} @click=${upload}>
      ${localize.t('upload.submit', { files: selected })}
    </button>
  </div>`;
}

function statusText(view: UploadView, item: UploadItem): string | TemplateResult {
  const { localize } = view;
  switch (item.status) {
    case 'selected':
      return item.error ? localize.t(`code.${item.error}`) : '';
    case 'waiting':
      return localize.t('upload.status.waiting');
    case 'uploading': {
      const progress = localize.t('upload.status.uploading', { sent: bytes(view, item.bytesUploaded), total: bytes(view, item.file.size) });
      const speed = item.bytesPerSecond;
      if (!speed) return progress;
      const left = formatDuration((item.file.size - item.bytesUploaded) / speed, localize.intlLocale);
      // Speed and time left on a line of their own where one line would not always hold them (the styles).
      return html`${progress}<span class="file__sep"> · </span><span class="file__speed">${localize.t('upload.status.speed', { speed: bytes(view, speed), left })}</span>`;
    }
    case 'finishing':
      return localize.t('upload.status.finishing');
    case 'done':
      return localize.t(item.received?.late ? 'upload.status.late' : 'upload.status.done');
    case 'failed':
      return item.error === 'network_error' && !navigator.onLine ? localize.t('upload.offline') : localize.t(`code.${item.error ?? 'internal'}`);
  }
}

function fileButton(part: string, label: string, name: string, onClick: () => void, id?: string): TemplateResult {
  return html`<button id=${id ?? nothing} part="file-action ${part}" class="link-button" type="button" aria-label="${label}: ${name}" @click=${onClick}>
    ${label}
  </button>`;
}

function renderFile(view: UploadView, item: UploadItem, on: FileHandlers): TemplateResult {
  const { localize } = view;
  const { id, file, status } = item;
  const editable = status === 'selected';
  const inFlight = status === 'waiting' || status === 'uploading' || status === 'finishing';
  const problem = status === 'failed' || (status === 'selected' && item.error !== undefined);
  return html`<li part="file file-${status}" class="file file--${status}">
    <div class="file__head">
      <span part="file-name" class="file__name" id="${id}-name">${file.name}</span>
      <span part="file-size" class="file__size">${bytes(view, file.size)}</span>
    </div>
    ${editable
      ? html`<label class="file__note-label" for="${id}-note">${localize.t('upload.note')}</label>
          <textarea
            id="${id}-note"
            part="note"
            class="file__note"
            rows="2"
            maxlength="1000"
            aria-describedby="${id}-name"
            .value=${item.note}
            @input=${(event: InputEvent) => on.note(item, (event.target as HTMLTextAreaElement).value)}
          ></textarea>`
      : item.note.trim()
        ? html`<p part="note-text" class="file__note-text">${item.note}</p>`
        : nothing}
    ${inFlight
      ? html`<progress
          part="progress"
          class="file__progress"
          max=${file.size}
          .value=${item.bytesUploaded}
          aria-label=${localize.t('upload.progress', { name: file.name })}
        ></progress>`
      : nothing}
    <p part="file-status" class="file__status ${problem ? 'file__status--error' : ''}">${statusText(view, item)}</p>
    <div part="file-actions" class="file__actions">
      ${status === 'failed' && canRetry(item.error) ? fileButton('retry', localize.t('retry'), file.name, () => on.retry(item)) : nothing}
      ${editable || status === 'failed' ? fileButton('remove', localize.t('upload.remove'), file.name, () => on.remove(item)) : nothing}
      ${status === 'waiting' || status === 'uploading' ? fileButton('cancel', localize.t('upload.cancel'), file.name, () => on.remove(item), `${id}-cancel`) : nothing}
    </div>
  </li>`;
}

/**
 * What an earlier visit left unfinished: each file with "discard", and "choose file" (the visitor
 * picks the same file again and it continues; a page cannot reopen a file by itself).
 */
export function renderUnfinished(
  view: UploadView,
  entries: readonly UnfinishedUpload[],
  open: (which: 'files') => void,
  discard: (entry: UnfinishedUpload) => void,
): TemplateResult | typeof nothing {
  if (entries.length === 0) return nothing;
  const { localize } = view;
  return html`<div part="unfinished" class="file" role="group" aria-labelledby="gk-upload-unfinished-title">
    <h3 id="gk-upload-unfinished-title" class="files__title">${localize.t('upload.unfinished.title')}</h3>
    <p class="file__status">${localize.t('upload.unfinished.hint')}</p>
    <ul class="received-list">
      ${entries.map(
        (entry) => html`<li part="unfinished-item" class="received-file">
          <span><span class="file__name">${entry.name}</span> <span class="file__size">${bytes(view, entry.size)}</span></span>
          ${fileButton('unfinished-discard', localize.t('upload.unfinished.discard'), entry.name, () => discard(entry))}
        </li>`,
      )}
    </ul>
    <div class="file__actions">
      <button part="unfinished-choose" class="link-button" type="button" @click=${() => open('files')}>${localize.t('upload.unfinished.choose')}</button>
    </div>
  </div>`;
}

/** The files of this visit that are not received yet (and those just received, until "upload more"). */
export function renderFileList(view: UploadView, items: readonly UploadItem[], on: FileHandlers): TemplateResult | typeof nothing {
  if (items.length === 0) return nothing;
  return html`<section class="files" aria-labelledby="gk-upload-files-title">
    <h3 id="gk-upload-files-title" class="files__title" tabindex="-1">${view.localize.t('upload.files')}</h3>
    <ul part="file-list" class="file-list">
      ${repeat(items, (item) => item.id, (item) => renderFile(view, item, on))}
    </ul>
  </section>`;
}

function receivedItems(view: UploadView, files: readonly ReceivedFile[]): TemplateResult {
  return html`<ul part="received-list" class="received-list">
    ${files.map(
      (file) => html`<li part="received-file" class="received-file">
        <span class="file__name">${file.name}</span> <span class="file__size">${bytes(view, file.size)}</span>
      </li>`,
    )}
  </ul>`;
}

/**
 * "N files received", the files, where a receipt went (`receiptTo`: the link's own address, masked
 * as the session gives it — not one typed in the form), and "upload more" (`onMore`, only while
 * the request takes more files).
 */
export function renderComplete(view: UploadView, files: readonly ReceivedFile[], firm: string, receiptTo: string | undefined, onMore?: () => void): TemplateResult {
  const { localize } = view;
  return html`<section part="complete" class="complete" aria-labelledby="gk-upload-complete-title">
    <h3 id="gk-upload-complete-title" part="complete-title" class="complete__title" tabindex="-1">
      ${localize.t('upload.complete.title', { count: files.length })}
    </h3>
    <p part="complete-message" class="complete__message">
      ${localize.t('upload.complete.message', { firm })} ${receiptTo ? localize.t('upload.complete.receipt', { email: receiptTo }) : ''}
    </p>
    ${receivedItems(view, files)}
    ${onMore ? html`<button part="upload-more" class="button button--secondary" type="button" @click=${onMore}>${localize.t('upload.more')}</button>` : nothing}
  </section>`;
}

/** What earlier batches of this visit delivered (collapsed). */
export function renderReceived(view: UploadView, files: readonly ReceivedFile[]): TemplateResult | typeof nothing {
  if (files.length === 0) return nothing;
  return html`<details part="received" class="received">
    <summary>${view.localize.t('upload.received', { count: files.length })}</summary>
    ${receivedItems(view, files)}
  </details>`;
}

/** The request takes no more files: past a deadline that refuses late uploads, or full. */
export function renderClosed({ localize, request }: UploadView): TemplateResult {
  const text =
    request.overdue && request.lateUploads === 'refuse' && request.deadline
      ? localize.t('upload.closed.overdue', { date: localize.formatDate(request.deadline) })
      : localize.t('upload.closed.full');
  return html`<div part="closed" class="closed" role="group" aria-labelledby="gk-upload-closed-title">
    <h3 id="gk-upload-closed-title" class="closed__title" tabindex="-1">${localize.t('upload.closed.title')}</h3>
    <p class="closed__message">${text}</p>
  </div>`;
}
