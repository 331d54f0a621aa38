/**
 * Handing a shared document's original bytes to the visitor for `<doc-viewer>`: saved as a
 * download, or printed (PDFs and images). Both go through the download route, so the firm's audit
 * records `share.downloaded`; each is announced, and a second press while one is under way does
 * nothing.
 */
import type { ReactiveControllerHost } from 'lit';
import type { ClientErrorCode } from '../../client/errors.js';
import type { LinkSession } from '../../client/link-session.js';
import { SHARE_ROUTES, shareRoute, type SharedDocument } from '../../protocol/shares.js';
import { DocumentDownloadEvent } from '../events/download.js';
import { DocumentPrintEvent } from '../events/print.js';
import type { HandOver } from './doc-viewer.templates.js';
import { printableType } from './document-types.js';
import { saveBlob } from './save-blob.js';
import type { ViewerLocalize } from './translations.js';

/** What the hand-over needs from its widget. Getters, so it always sees current values. */
export interface HandOverOptions {
  session(): LinkSession | undefined;
  localize(): ViewerLocalize;
  /** Where the download link and the print frame go (the widget's render root). */
  root(): Node & ParentNode;
  announce(text: string): void;
  /** Reports a failure (a `gk-error`, or the link's end) and answers its code. */
  reportError(error: unknown): ClientErrorCode;
  /** Dispatches the widget's `gk-download` / `gk-print`. */
  emit(event: Event): void;
}

/** The downloads and prints of one widget, and which are under way. */
export class DocumentHandOver {
  readonly #host: ReactiveControllerHost;
  readonly #options: HandOverOptions;
  /** Under way, as `download <id>` / `print <id>`. */
  #busy = new Set<string>();

  constructor(host: ReactiveControllerHost, options: HandOverOptions) {
    this.#host = host;
    this.#options = options;
  }

  /** Whether `action` is under way for `document`. */
  busy(action: HandOver, document: SharedDocument): boolean {
    return this.#busy.has(`${action} ${document.id}`);
  }

  /** Downloads or prints `document`'s original bytes. */
  async run(action: HandOver, document: SharedDocument): Promise<void> {
    const { session: sessionOf, localize: localizeOf, root, announce, reportError, emit } = this.#options;
    const session = sessionOf();
    const key = `${action} ${document.id}`;
    if (!session || this.#busy.has(key)) return;
    this.#busy.add(key);
    this.#host.requestUpdate();
    const localize = localizeOf();
    const { name } = document;
    announce(localize.t(`viewer.${action}ing`, { name }));
    try {
      // Printing's code is a chunk of its own (`print.ts`), fetched while the bytes come: it runs
      // where it always did, after the bytes have arrived, so nothing that needs the click (a new
      // tab) moves later. A chunk that cannot be fetched fails the print like the bytes would.
      const [blob, printing] = await Promise.all([
        session.raw('GET', shareRoute(SHARE_ROUTES.download, document.id)).then((response) => response.blob()),
        action === 'print' ? import('./print.js') : undefined,
      ]);
      if (printing) {
        // Printed as the type the document has (PDF or image), whatever the answer's Content-Type says.
        const typed = new Blob([blob], { type: printableType(document) ?? 'application/octet-stream' });
        const outcome = await printing.printBlob(root(), typed, localize.t('viewer.printNamed', { name }));
        if (outcome === 'blocked' || outcome === 'unsupported') announce(localize.t(outcome === 'blocked' ? 'viewer.printBlocked' : 'viewer.printUnsupported'));
        else emit(new DocumentPrintEvent({ document }));
      } else {
        saveBlob(root(), blob, name);
        announce(localize.t('viewer.downloaded', { name }));
        emit(new DocumentDownloadEvent({ document, bytes: blob.size }));
      }
    } catch (error) {
      const code = reportError(error);
      announce(localize.t(`viewer.${action}Failed`, { name, reason: localize.t(`code.${code}`) }));
    } finally {
      this.#busy.delete(key);
      this.#host.requestUpdate();
    }
  }
}
