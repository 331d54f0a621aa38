/** The component layer's public surface (re-exports only; registers nothing). */
export { GuestkitElement } from './base/guestkit-element.js';
export { GuestkitLinkElement } from './base/guestkit-link-element.js';
export { uploadStrings, type UploadLocalize, type UploadTranslation } from './guest-upload/translations.js';
export { viewerStrings, type ViewerLocalize, type ViewerTranslation } from './doc-viewer/translations.js';
export { sharedStrings } from './translations/shared-strings.js';
export { FOCUS_ATTRIBUTE, focusTarget, linkStateFormStyles, problemText, renderLinkState, type LinkStateView } from './base/link-states.js';
export { linkStatesStyles } from './base/link-states.styles.js';
export { clientContext } from './context/client-context.js';
export {
  FRAGMENT_PARAM,
  LinkController,
  isLinkEnd,
  type LinkEndCode,
  takeTokenFromFragment,
  type VisitorAction,
  type LinkControllerHost,
  type LinkControllerOptions,
  type LinkProblem,
} from './controllers/link-controller.js';
export { LINK_STATES, type LinkState } from './controllers/link-state.js';
export { FileDropController, type FileDropHost, type FileDropOptions } from './controllers/file-drop.js';
export { UploadQueue, type UploadItem, type UploadQueueOptions, type UploadStatus } from './controllers/upload-queue.js';
export { GuestUpload } from './guest-upload/guest-upload.component.js';
export { DocViewer } from './doc-viewer/doc-viewer.component.js';
export { docViewerStyles } from './doc-viewer/doc-viewer.styles.js';
export { pdfViewStyles } from './doc-viewer/pdf-views.styles.js';
export { documentKind, typeInWords, type DocumentKind } from './doc-viewer/document-types.js';
export { PdfViewerController, ZOOM_STEPS, type PdfViewerOptions, type PdfViewerStatus } from './controllers/pdf-viewer.js';
export { PdfSearch, type PdfSearchOptions } from './controllers/pdf-search.js';
export {
  loadPdfEngine,
  type PdfEngineModule,
  type PdfDocument,
  type PdfMatch,
  type PdfPageSize,
  type PdfRender,
  type PdfSource,
  type PdfTextRange,
} from './pdf/pdf-loader.js';
export { guestUploadStyles } from './guest-upload/guest-upload.styles.js';
export {
  LocalizeController,
  toTranslationLocale,
  type LoadedStrings,
  type LocalizeArgs,
  type LocalizeHost,
  type LocalizeKey,
  type StringLoaders,
} from './controllers/localize.js';
export { GuestkitErrorEvent, type GuestkitErrorDetail } from './events/error.js';
export { DocumentOpenEvent, type DocumentOpenDetail } from './events/document-open.js';
export { DocumentDownloadEvent, type DocumentDownloadDetail } from './events/download.js';
export { DocumentPrintEvent, type DocumentPrintDetail } from './events/print.js';
export { GuestUploadCompleteEvent, type GuestUploadCompleteDetail } from './events/upload-complete.js';
export { GuestUploadFileCompleteEvent, type GuestUploadFileCompleteDetail } from './events/upload-file-complete.js';
export { GuestUploadProgressEvent, type GuestUploadProgressDetail, type UploadFileRef } from './events/upload-progress.js';
export { GuestkitReadyEvent, type GuestkitReadyDetail } from './events/ready.js';
export { GuestkitStateChangeEvent } from './events/state-change.js';
export { GuestkitProvider } from './provider/provider.component.js';
export { hostStyles } from './styles/host.styles.js';
export { tokensStyles } from './styles/tokens.styles.js';
export { widgetStyles } from './styles/widget.styles.js';
export { Sha256, sha256Blob } from './upload/sha256.js';
export { sniffType } from './upload/sniff.js';
export { canRetry } from './upload/upload-errors.js';
export { isUploadUrlOf, unfinishedUploads, type UnfinishedUpload } from './upload/unfinished.js';
export type { ErrorCodeMessages, LinkStateArgs, LinkStateKey, LinkStateTranslation, Translation, TranslationArgs, TranslationKey, TranslationLocale } from './translations/types.js';
