/**
 * The password of a protected PDF in `<doc-viewer>`: asking for it (the form is a chunk of its own,
 * fetched the first time one asks), saying what is wrong with the one given, and trying it.
 */
import type { nothing, ReactiveControllerHost, TemplateResult } from 'lit';
import type { SharedDocument } from '../../protocol/shares.js';
import type { PdfViewerController, PdfViewerStatus } from '../controllers/pdf-viewer.js';
import type { ViewerLocalize } from './translations.js';

// The password form: a chunk of its own, fetched the first time one asks.
let passwordForm: typeof import('./pdf-password.js') | undefined;

/** What is wrong with the last password given, if anything. */
export type PasswordProblem = '' | 'incorrect' | 'empty';

/** What a `PasswordPrompt` asks of its widget. Getters, so it always sees current values. */
export interface PasswordPromptOptions {
  /** The document open in the viewer, if any. */
  open(): SharedDocument | undefined;
  localize(): ViewerLocalize;
  announce(text: string): void;
  /** The form's chunk could not be fetched: the failure panel shows (`formFailed`), and is said. */
  failed(): void;
  /** Where focus goes after the next render (a selector). */
  focus(selector: string): void;
}

/**
 * Follows the PDF of a `PdfViewerController` as it opens: a protected one gets the password form
 * (wrong or missing passwords said, focus kept in it), one that opened has its pages announced.
 *
 * @example
 * ```ts
 * readonly #password = new PasswordPrompt(this, this.pdf, { open, localize, announce, failed, focus });
 * await this.pdf.open(source);
 * this.#password.opened(document);
 * ```
 */
export class PasswordPrompt {
  /** While the PDF asks for its password: what is wrong with the last one given, if anything. */
  problem: PasswordProblem | undefined;
  /** The form's chunk could not be fetched (offline for a moment): "Try again" fetches it again. */
  formFailed = false;

  readonly #host: ReactiveControllerHost;
  readonly #pdf: PdfViewerController;
  readonly #options: PasswordPromptOptions;

  constructor(host: ReactiveControllerHost, pdf: PdfViewerController, options: PasswordPromptOptions) {
    this.#host = host;
    this.#pdf = pdf;
    this.#options = options;
  }

  /** After `document`'s PDF opened, or asked for its password: the password form, or the pages announced. */
  opened(document: SharedDocument): void {
    const pdf = this.#pdf;
    if (this.#options.open() !== document) return;
    if (pdf.status === 'password') void this.ask(pdf.passwordIncorrect ? 'incorrect' : '');
    if (pdf.status !== 'ready') return;
    this.close();
    this.#options.announce(this.#options.localize().t('viewer.opened', { name: document.name, pages: pdf.numPages }));
  }

  /**
   * Shows the password form (fetching its chunk the first time) with what is wrong, if anything,
   * and says it (focus may already be in the field).
   */
  async ask(problem: PasswordProblem): Promise<void> {
    this.formFailed = false;
    try {
      passwordForm ??= await import('./pdf-password.js');
    } catch {
      this.formFailed = true;
      this.#options.failed();
      this.#host.requestUpdate();
      return;
    }
    this.problem = problem;
    this.#host.requestUpdate();
    this.#options.announce(this.#options.localize().t(`viewer.password.${problem || 'message'}`));
  }

  /** The PDF opened, or closed: the form goes (the host re-renders for either). */
  close(): void {
    this.problem = undefined;
  }

  /** The password form, while the PDF asks for its password or tries one; `handOver` are its Download / Print buttons. */
  render(handOver: TemplateResult | typeof nothing): TemplateResult | undefined {
    const { problem } = this;
    const { status } = this.#pdf;
    // The form stays while a password is being tried.
    if (problem === undefined || !passwordForm || (status !== 'password' && status !== 'loading')) return undefined;
    const localize = this.#options.localize();
    const error = problem ? localize.t(`viewer.password.${problem}`) : '';
    return passwordForm.renderPdfPassword(localize, error, status === 'loading', handOver, this.#unlock);
  }

  /** Tries the visitor's password on the protected PDF shown; a wrong or missing one keeps the form, with focus in it. */
  #unlock = async (password: string): Promise<void> => {
    const document = this.#options.open();
    const pdf = this.#pdf;
    if (!document || pdf.status !== 'password') return;
    if (!password) {
      void this.ask('empty');
    } else {
      await pdf.unlock(password);
      // Another document opened meanwhile: focus stays where the visitor is.
      if (this.#options.open() !== document) return;
      this.opened(document);
    }
    // (Read again: `unlock` changed it.)
    this.#options.focus((pdf.status as PdfViewerStatus) === 'ready' ? '#gk-viewer-document-title' : '#gk-viewer-password');
    this.#host.requestUpdate();
  };
}
