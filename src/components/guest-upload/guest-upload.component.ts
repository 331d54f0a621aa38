/** `<guest-upload>`: someone without a portal account drops documents into the folder a firm made for them. */
import { html, type CSSResultGroup, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { LinkSession } from '../../client/link-session.js';
import { receiptSentSchema, UPLOAD_ROUTES, type ReceivedFile, type UploadRequestView } from '../../protocol/uploads.js';
import { GuestkitLinkElement } from '../base/guestkit-link-element.js';
// Next to the base import on purpose: the bundle then keeps these strings beside the shared tables (smaller gzip).
import { uploadStrings, type UploadLocalize } from './translations.js';
import { renderResourcePending } from '../base/widget-states.js';
import { FileDropController } from '../controllers/file-drop.js';
import { FormValueController } from '../controllers/form-value.js';
import { isLinkEnd, type LinkEndCode } from '../controllers/link-controller.js';
import { UploadQueue } from '../controllers/upload-queue.js';
import { GuestkitErrorEvent } from '../events/error.js';
import { GuestUploadCompleteEvent } from '../events/upload-complete.js';
import { GuestUploadFileCompleteEvent } from '../events/upload-file-complete.js';
import { widgetStyles } from '../styles/widget.styles.js';
import { checkFiles } from '../upload/checks.js';
import { forgetUploads, resumeScope, type UnfinishedUpload } from '../upload/unfinished.js';
import { canRetry } from '../upload/upload-errors.js';
import { discardOnce, earlierUploads, withoutChosen } from './earlier-uploads.js';
import { fileRef, progressEvent } from './file-events.js';
import { FocusKeeper } from './focus-keeper.js';
import { isClosed, openPicker, showCamera, slotsLeft, takePicked } from './file-intake.js';
import { RequestLoader } from './request-loader.js';
import { UploaderDetails } from './uploader-details.js';
import { guestUploadStyles } from './guest-upload.styles.js';
import {
  refusalMessage, renderClosed, renderComplete, renderFileList, renderPickers, renderReceived, renderRefusals, renderRequest,
  renderUnfinished, renderUploadAction, renderUploaderFields, type FileHandlers, type PickerControls, type Say, type UploadView,
} from './guest-upload.templates.js';

/**
 * Lets a person without a portal account upload documents for an upload request: drag and drop,
 * a file picker, the camera on phones, or paste; a note per file; resumable tus uploads with
 * progress, speed, cancel and retry; checks before upload and every refusal shown per file. The
 * visitor sees only what they uploaded in this visit, and what an earlier visit left unfinished
 * (choosing the same file again continues it). Form-associated: its value is the ids of the
 * received files.
 *
 * @summary Guest upload for an upload link: drop files, they land in the firm's folder for you.
 *
 * @event gk-upload-progress - Bytes went up. {@link GuestUploadProgressEvent}
 * @event gk-upload-file-complete - One file was received and verified. {@link GuestUploadFileCompleteEvent}
 * @event gk-upload-complete - A batch settled; carries the received files. {@link GuestUploadCompleteEvent}
 * @event gk-error - A file or the request failed; carries `code` and `message`. {@link GuestkitErrorEvent}
 *
 * @csspart header - The request's title, message, deadline and limits.
 * @csspart title - The request's title.
 * @csspart message - The firm's message.
 * @csspart deadline - The deadline (or overdue notice).
 * @csspart limits - The limits, in words.
 * @csspart uploader - The name and e-mail fields.
 * @csspart field-label - A field's label. @csspart field-input - A field's input. @csspart field-error - A field's error.
 * @csspart dropzone - The drop zone (a button that opens the file picker).
 * @csspart camera - The "take a photo" button.
 * @csspart refusals - Files not added, and why.
 * @csspart unfinished - Uploads an earlier visit left unfinished. @csspart unfinished-item - One of them.
 * @csspart unfinished-choose - Its "choose file" button. @csspart unfinished-discard - Its "discard" button.
 * @csspart file-list - The list of files. @csspart file - One file (also `file-selected`, `file-uploading`, `file-done`, `file-failed`…).
 * @csspart file-name - A file's name. @csspart file-size - Its size. @csspart note - Its note field.
 * @csspart progress - A file's progress bar. @csspart file-status - Its status line.
 * @csspart file-actions - Its buttons (`file-action` with `retry`, `remove`, `cancel`).
 * @csspart actions - The row with the upload button. @csspart upload-button - The upload button.
 * @csspart complete - The completion panel. @csspart received-list - The received files. @csspart upload-more - "Upload more".
 * @csspart received - Files received earlier in this visit. @csspart closed - The request accepts no more files.
 */
export class GuestUpload extends GuestkitLinkElement {
  static override styles: CSSResultGroup = [GuestkitLinkElement.styles, widgetStyles, guestUploadStyles];
  static override readonly translations = uploadStrings;
  declare protected readonly localize: UploadLocalize;
  static formAssociated = true;
  // Declared here rather than with decorators: the lowered decorators cost ≈ 1 KiB gzip per widget.
  static override properties: PropertyDeclarations = {
    name: { reflect: true },
    required: { type: Boolean, reflect: true },
    camera: {},
    _refusals: { state: true },
    _announcement: { state: true },
    _received: { state: true },
    _showComplete: { state: true },
    _receiptSent: { state: true },
  };

  /** Name under which the received file ids are submitted with a surrounding `<form>`. */
  name = '';

  /** A surrounding form is invalid until at least one file has been received. */
  required = false;

  /** The "take a photo" button: `auto` (touch devices), `always`, or `never`. */
  camera: 'auto' | 'always' | 'never' = 'auto';

  // Kept unworded (see `Say`): a change of language rewords them.
  private _refusals: Say[] = [];
  private _announcement: Say = () => '';
  /** The announcement says the same as the one before: it ends in a no-break space, so it is read again. */
  #again = false;
  private _received: ReceivedFile[] = [];
  private _showComplete = false;
  /** The receipt for the files on the completion panel went to the mail server. */
  private _receiptSent = false;

  /** The name and e-mail fields, when the request asks for them. */
  readonly #uploader = new UploaderDetails(this);
  /** The upload request of the link's session. */
  readonly #loader = new RequestLoader(this, {
    reset: () => this.#resetVisit(),
    loaded: () => {
      this.#receivedSinceView = 0;
      // Not the files of this visit that go on after the link opened again: they are no earlier visit's.
      this.#unfinished = this.#earlierUploads();
    },
    linkEnded: (code) => this.linkEnded(code),
    failed: (code) => this.emit(new GuestkitErrorEvent({ code, message: this.localize.t(`code.${code}`) })),
  });
  #receivedSinceView = 0;
  /** A file was refused because the link ended (expired with the page open, or revoked) or asks for its code again. */
  #linkEndedBy: LinkEndCode | undefined;
  /** Where the keyboard goes on after a render. */
  readonly #focus = new FocusKeeper(this);
  /**
   * Uploads an earlier visit left unfinished (not a `@state`, to keep the bundle small: each change
   * comes with a state change or a queue update that renders it).
   */
  #unfinished: UnfinishedUpload[] = [];
  /** A surrounding `<fieldset disabled>` (or the `disabled` attribute) turned the widget off: it takes no files. */
  #disabled = false;

  /** The queue of this visit's files. */
  protected readonly queue = new UploadQueue(this, {
    session: () => this.link.session,
    endpoint: () => this.activeClient?.endpoint,
    // The link's scope, not just the request's: only the link that began an upload may continue it.
    requestId: () => this.#resumeScope(),
    uploader: () => this.#uploader.forFile(this.#loader.request),
    onProgress: (item, batch) => this.emit(progressEvent(item, batch)),
    onFileDone: (item) => {
      forgetUploads(this.#resumeScope(), item.file);
      this._received = [...this._received, item.received];
      this.#receivedSinceView++;
      this.#announce((localize) => localize.t('upload.announce.done', { name: item.file.name }));
      this.emit(new GuestUploadFileCompleteEvent({ file: fileRef(item), received: item.received }));
      this.#showLinkEndWhenIdle();
    },
    onFileFailed: (item, issues) => {
      const code = item.error ?? 'internal';
      // Sent back for the name or e-mail address: the fields say what to fix.
      const selected = item.status === 'selected';
      if (selected) this.#uploader.check(this.#loader.request, issues);
      this.#announce((localize) => localize.t('upload.announce.failed', { name: item.file.name, reason: localize.t(`code.${code}`) }));
      // The link ended with the page open: once nothing is still going up (work begun in time may
      // finish within the grace window), the expired state and its "send me a fresh link" show,
      // and `gk-error` comes from there.
      if (isLinkEnd(code)) {
        this.#linkEndedBy = code;
        this.#showLinkEndWhenIdle();
        return;
      }
      // Refused for good: the server has dropped its upload, so no reload may offer to continue it.
      if (!selected && !canRetry(code)) forgetUploads(this.#resumeScope(), item.file);
      this.emit(new GuestkitErrorEvent({ code, message: this.localize.t(`code.${code}`) }));
      this.#showLinkEndWhenIdle(); // the last file still going up failed otherwise
    },
    onBatchDone: (files, failed) => {
      this.emit(new GuestUploadCompleteEvent({ files, failed }));
      // The receipt by e-mail, when the firm offers it: promised once it went out. The files
      // are received whether it goes or not.
      const session = this.link.session;
      this._receiptSent = false;
      if (this.#loader.request?.receipt && session) {
        session.post(UPLOAD_ROUTES.receipt, { fileIds: files.map((file) => file.id) }, receiptSentSchema).then(
          // Shown on the completion panel, not announced: "… has arrived" stays the last word said.
          ({ sent }) => (this._receiptSent = sent && this._showComplete),
          () => undefined,
        );
      }
      if (!this.#showLinkEndWhenIdle()) this.#completeWhenAllDone();
    },
  });

  /** Files dropped on the widget or pasted into it (not once the files chosen fill the request, as when it is closed). */
  protected readonly drop = new FileDropController(this, {
    accepting: () => !!this.#accepting() && this.#slotsLeft() > 0,
    onFiles: (files) => void this.#addFiles(files),
  });

  /** The form value: the received files' ids under `name`, and `required`'s validity. */
  readonly #form = new FormValueController(this, {
    name: () => this.name,
    value: () => this.value,
    required: () => this.required,
    missing: () => this.localize.t('upload.required'),
    anchor: () => this.renderRoot.querySelector<HTMLElement>('[part~="dropzone"]') ?? undefined,
  });

  /** The ids of the files received in this visit (what a surrounding form submits). */
  get value(): string[] {
    return this._received.map((file) => file.id);
  }

  /** The files received in this visit, as the server recorded them. */
  get files(): readonly ReceivedFile[] {
    return this._received;
  }

  /** The surrounding form, if any. */
  get form(): HTMLFormElement | null {
    return this.#form.internals.form;
  }

  get validity(): ValidityState {
    return this.#form.internals.validity;
  }

  get validationMessage(): string {
    return this.#form.internals.validationMessage;
  }

  get willValidate(): boolean {
    return this.#form.internals.willValidate;
  }

  checkValidity(): boolean {
    return this.#form.internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.#form.internals.reportValidity();
  }

  /** A surrounding `<fieldset>` was disabled or enabled: no files are taken while it is disabled (its value is not submitted). */
  formDisabledCallback(disabled: boolean): void {
    this.#disabled = disabled;
    this.requestUpdate();
  }

  /** A surrounding form was reset: the value empties (the files stay with the firm). */
  formResetCallback(): void {
    this._received = [];
    this.queue.clearDone();
    this._showComplete = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const session = this.link.state === 'ready' ? this.link.session : undefined;
    // The same link opened again (a new one-time code after it asked for one): the files it stopped carry on.
    void this.#loader.update(session, this.link.linkNumber)?.then((again) => again && this.queue.resumeStopped());
  }

  // The notes go, and the keyboard goes on from where files are chosen (or the list, with no room left).
  #dismissRefusals = (): void => {
    this._refusals = [];
    this.#focus.next = ['[part~="dropzone"]', '#gk-upload-files-title'];
  };

  /** Where this link's resume entries are kept: its upload request and its token's key (`resumeScope`). */
  #resumeScope(): string {
    const session = this.link.session;
    return session ? resumeScope(session.session.scope.resource.id, this.link.token ?? '') : '';
  }

  #announce(say: Say): void {
    // The same sentence twice in a row would not be read again: make the second one differ.
    this.#again = say(this.localize) === this._announcement(this.localize) && !this.#again;
    this._announcement = say;
  }

  #resetVisit(): void {
    this.queue.reset();
    this.#loader.request = undefined;
    this._received = [];
    this._refusals = [];
    this._showComplete = false;
    this.#unfinished = [];
    this.#linkEndedBy = undefined;
  }

  /** What an earlier visit left unfinished, but for the files this visit has chosen again. */
  #earlierUploads(): UnfinishedUpload[] {
    const scope = this.#resumeScope();
    return withoutChosen(earlierUploads(scope, this.activeClient?.endpoint), scope, this.queue.items.map((item) => item.file));
  }

  /** Shows the link's end (see `#linkEndedBy`) once no file is on its way; true when it did. */
  #showLinkEndWhenIdle(): boolean {
    const code = this.#linkEndedBy;
    if (!code || this.queue.busy) return false;
    this.#linkEndedBy = undefined;
    return this.linkEnded(code);
  }

  /** Shows the completion (and moves focus to it) once every file in the queue is received. */
  #completeWhenAllDone(): void {
    if (this.queue.items.length === 0 || this.queue.items.some((item) => item.status !== 'done')) return;
    this._showComplete = true;
    this.#focus.next = '#gk-upload-complete-title';
  }

  #accepting(): UploadRequestView | undefined {
    const request = this.#loader.request;
    return request && this.link.state === 'ready' && !this.#disabled && !isClosed(request, this.#receivedSinceView, this.queue.items) ? request : undefined;
  }

  /** How many more files the request takes now (`slotsLeft`); none before it has loaded. */
  #slotsLeft(): number {
    const request = this.#loader.request;
    return request ? slotsLeft(request, this.#receivedSinceView, this.queue.items) : 0;
  }

  /** Checks and queues files the visitor dropped, picked, photographed or pasted. */
  async #addFiles(files: File[]): Promise<void> {
    const request = this.#accepting();
    if (!request) return;
    // Only a dropped folder gives nothing: one without files (or with hidden ones only).
    if (files.length === 0) {
      const empty: Say = (localize) => localize.t('upload.emptyFolder');
      this._refusals = [empty];
      this.#announce(empty);
      return;
    }
    this._showComplete = false;
    const slots = this.#slotsLeft();
    const chosen = this.queue.items.map((item) => item.file);
    const { accepted, refused } = await checkFiles(files, { ...request.limits, accept: request.accept }, slots, chosen);
    this.queue.add(accepted);
    this.#unfinished = withoutChosen(this.#unfinished, this.#resumeScope(), accepted);
    const refusals = (this._refusals = refused.map((refusal) => refusalMessage(request, refusal)));
    const count = accepted.length;
    this.#announce((localize) => [...(count ? [localize.t('upload.added', { count })] : []), ...refusals.map((say) => say(localize))].join(' '));
  }

  #onPicked = (event: Event): void => void this.#addFiles(takePicked(event));

  #onUpload = (): void => {
    const invalid = this.#uploader.check(this.#loader.request);
    if (invalid) {
      this.#focus.next = invalid;
      this.requestUpdate();
      return;
    }
    this._refusals = [];
    this.queue.start();
    this.#focus.next = '#gk-upload-files-title';
  };

  #onMore = (): void => {
    this.queue.clearDone();
    this._showComplete = false;
    // Should the request have filled up meanwhile, the closed state has no drop zone: `FocusKeeper` goes on to its heading.
    this.#focus.next = '[part~="dropzone"]';
    // Refresh what is left: another tab may have used up slots meanwhile.
    if (this.#loader.session) void this.#loader.load(this.#loader.session);
  };

  /** Ends an upload an earlier visit left: on the server, then here. */
  #discard = async (entry: UnfinishedUpload): Promise<void> => {
    const code = await discardOnce(entry, this.queue);
    if (code === null) return;
    // It stays listed; the announcement says why (the visitor just pressed "Discard: <file>").
    if (code) return this.#announce((localize) => localize.t(`code.${code}`));
    this.#unfinished = this.#unfinished.filter((other) => other !== entry);
    this.#announce((localize) => localize.t('upload.unfinished.discarded', { name: entry.name }));
    this.#focus.next = '[part~="dropzone"]';
  };

  readonly #fileHandlers: FileHandlers = {
    note: (item, value) => {
      item.note = value;
    },
    remove: (item) => {
      const inFlight = item.status === 'uploading' || item.status === 'waiting';
      const unstarted = item.status === 'selected' && !item.error;
      this.queue.remove(item);
      // Chosen again but never started: its earlier upload is unfinished still, and listed again (to discard).
      if (unstarted) this.#unfinished = this.#earlierUploads();
      const name = item.file.name;
      this.#announce((localize) => localize.t(inFlight ? 'upload.announce.cancelled' : 'upload.announce.removed', { name }));
      this.#focus.next = '[part~="dropzone"]';
      this.#completeWhenAllDone();
    },
    retry: (item) => {
      this.queue.retry(item);
      // The pressed button goes with the failure: focus moves to the same file's Cancel (or, once
      // the file is through, to the list's heading) instead of falling to the page.
      this.#focus.next = [`#${item.id}-cancel`, '#gk-upload-files-title'];
    },
  };

  #renderForm(view: UploadView, left: number): TemplateResult {
    const { localize, request } = view;
    const selected = this.queue.items.filter((item) => item.status === 'selected').length;
    const earlier = this._received.filter((file) => !this.queue.items.some((item) => item.received === file));
    const pickers: PickerControls = {
      disabled: this.#disabled,
      dragging: this.drop.dragging,
      full: left === 0,
      camera: showCamera(this.camera, request),
      open: (which) => openPicker(this.renderRoot, which),
      picked: this.#onPicked,
    };
    return html`${renderUploaderFields(view, this.#uploader.fields)}
      ${renderPickers(view, pickers)}
      ${renderRefusals(localize, this._refusals, this.#dismissRefusals)}
      ${renderUnfinished(view, this.#unfinished, pickers.open, this.#discard)}
      ${renderFileList(view, this.queue.items, this.#fileHandlers)}
      ${renderUploadAction(localize, selected, this.#onUpload, this.#disabled)}
      ${renderReceived(view, earlier)}`;
  }

  protected override renderReady(session: LinkSession): TemplateResult {
    const request = this.#loader.request;
    if (!request) return renderResourcePending(this.localize, this.#loader.error, () => void this.#loader.load(session));
    const view: UploadView = { localize: this.localize, request };
    const closed = isClosed(request, this.#receivedSinceView, this.queue.items);
    // Files may still go up: the request is not closed once the files of this visit are through.
    const open = !isClosed(request, this.#receivedSinceView, []);
    const left = this.#slotsLeft();
    const body = this._showComplete
      ? renderComplete(view, this.queue.items.flatMap((item) => (item.received ? [item.received] : [])), session.session.firm.name, this._receiptSent ? session.session.scope.recipient.email : undefined, open ? this.#onMore : undefined)
      : closed
        ? html`${renderClosed(view)} ${renderReceived(view, this._received)}`
        : this.#renderForm(view, left);
    return html`<div class="upload">
      ${renderRequest(view, closed ? 0 : left, open)} ${body}
      <div part="announcer" class="visually-hidden" role="status" aria-live="polite">${this._announcement(this.localize)}${this.#again ? '\u00a0' : ''}</div>
    </div>`;
  }
}
