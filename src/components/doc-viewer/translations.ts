/**
 * `<doc-viewer>`'s own strings. The shared link states, error codes and common words stay in
 * `../translations/`; only this widget's bundle carries these.
 */
import type { LocalizeController } from '../controllers/localize.js';

/** The shape of `<doc-viewer>`'s tables. A missing or extra key is a type error. */
export interface ViewerTranslation {
  readonly 'viewer.availableUntil': (params: { date: string }) => string;
  readonly 'viewer.documents': (params: { count: number }) => string;
  readonly 'viewer.empty': string;
  readonly 'viewer.viewOnly': string;
  readonly 'viewer.type.pdf': string;
  readonly 'viewer.type.image': (params: { format: string }) => string;
  readonly 'viewer.type.text': string;
  readonly 'viewer.type.word': string;
  readonly 'viewer.type.spreadsheet': string;
  readonly 'viewer.type.archive': string;
  readonly 'viewer.type.other': (params: { format: string }) => string;
  readonly 'viewer.open': string;
  readonly 'viewer.openNamed': (params: { name: string }) => string;
  readonly 'viewer.download': string;
  readonly 'viewer.downloadNamed': (params: { name: string }) => string;
  readonly 'viewer.downloading': (params: { name: string }) => string;
  readonly 'viewer.downloaded': (params: { name: string }) => string;
  readonly 'viewer.downloadFailed': (params: { name: string; reason: string }) => string;
  readonly 'viewer.noPreview': string;
  readonly 'viewer.noPreviewNoDownload': string;
  readonly 'viewer.back': string;
  readonly 'viewer.toolbar': string;
  readonly 'viewer.previous': string;
  readonly 'viewer.next': string;
  readonly 'viewer.pageLabel': string;
  readonly 'viewer.pageOf': (params: { total: number }) => string;
  readonly 'viewer.pageStatus': (params: { page: number; total: number }) => string;
  readonly 'viewer.zoomIn': string;
  readonly 'viewer.zoomOut': string;
  readonly 'viewer.zoomLevel': (params: { percent: string }) => string;
  readonly 'viewer.fitWidth': string;
  readonly 'viewer.pages': (params: { count: number }) => string;
  readonly 'viewer.goToPage': (params: { page: number }) => string;
  readonly 'viewer.pageArea': (params: { name: string }) => string;
  readonly 'viewer.imageArea': (params: { name: string }) => string;
  readonly 'viewer.loadingDocument': string;
  readonly 'viewer.loadFailed': string;
  readonly 'viewer.opened': (params: { name: string; pages: number }) => string;
  readonly 'viewer.locked.title': string;
  readonly 'viewer.locked.message': string;
}

/** The localize controller `<doc-viewer>` and its templates use: shared keys plus `viewer.*`. */
export type ViewerLocalize = LocalizeController<ViewerTranslation>;

/** `<doc-viewer>`'s English strings. */
export const viewerEn = {
  'viewer.availableUntil': ({ date }) => `Available until ${date}`,
  'viewer.documents': ({ count }) => (count === 1 ? 'One document' : `${count} documents`),
  'viewer.empty': 'No documents are shared through this link.',
  'viewer.viewOnly': 'View only: the sender has not made these documents available for download.',
  'viewer.type.pdf': 'PDF document',
  'viewer.type.image': ({ format }) => `Image (${format})`,
  'viewer.type.text': 'Text file',
  'viewer.type.word': 'Word document',
  'viewer.type.spreadsheet': 'Spreadsheet',
  'viewer.type.archive': 'ZIP archive',
  'viewer.type.other': ({ format }) => `File (${format})`,
  'viewer.open': 'View',
  'viewer.openNamed': ({ name }) => `View: ${name}`,
  'viewer.download': 'Download',
  'viewer.downloadNamed': ({ name }) => `Download: ${name}`,
  'viewer.downloading': ({ name }) => `Downloading “${name}”…`,
  'viewer.downloaded': ({ name }) => `“${name}” has been downloaded.`,
  'viewer.downloadFailed': ({ name, reason }) => `“${name}” could not be downloaded. ${reason}`,
  'viewer.noPreview': 'This type of file cannot be shown here. Download it to open it on your device.',
  'viewer.noPreviewNoDownload': 'This type of file cannot be shown here.',
  'viewer.back': 'Back to the documents',
  'viewer.toolbar': 'Document controls',
  'viewer.previous': 'Previous page',
  'viewer.next': 'Next page',
  'viewer.pageLabel': 'Page',
  'viewer.pageOf': ({ total }) => `of ${total}`,
  'viewer.pageStatus': ({ page, total }) => `Page ${page} of ${total}`,
  'viewer.zoomIn': 'Zoom in',
  'viewer.zoomOut': 'Zoom out',
  'viewer.zoomLevel': ({ percent }) => `Zoom ${percent}`,
  'viewer.fitWidth': 'Fit to width',
  'viewer.pages': ({ count }) => `All pages (${count})`,
  'viewer.goToPage': ({ page }) => `Page ${page}`,
  'viewer.pageArea': ({ name }) => `${name}, current page`,
  'viewer.imageArea': ({ name }) => `Image: ${name}`,
  'viewer.loadingDocument': 'Loading the document…',
  'viewer.loadFailed': 'The document could not be shown.',
  'viewer.opened': ({ name, pages }) => `“${name}” opened, ${pages === 1 ? 'one page' : `${pages} pages`}.`,
  'viewer.locked.title': 'Available once the invoice is paid',
  'viewer.locked.message': 'The sender will make these documents available as soon as the invoice has been paid.',
} as const satisfies ViewerTranslation;

/** `<doc-viewer>`'s German strings (Sie-Form). */
export const viewerDe = {
  'viewer.availableUntil': ({ date }) => `Verfügbar bis ${date}`,
  'viewer.documents': ({ count }) => (count === 1 ? 'Ein Dokument' : `${count} Dokumente`),
  'viewer.empty': 'Über diesen Link werden keine Dokumente geteilt.',
  'viewer.viewOnly': 'Nur Ansicht: Der Absender hat diese Dokumente nicht zum Herunterladen freigegeben.',
  'viewer.type.pdf': 'PDF-Dokument',
  'viewer.type.image': ({ format }) => `Bild (${format})`,
  'viewer.type.text': 'Textdatei',
  'viewer.type.word': 'Word-Dokument',
  'viewer.type.spreadsheet': 'Tabelle',
  'viewer.type.archive': 'ZIP-Archiv',
  'viewer.type.other': ({ format }) => `Datei (${format})`,
  'viewer.open': 'Ansehen',
  'viewer.openNamed': ({ name }) => `Ansehen: ${name}`,
  'viewer.download': 'Herunterladen',
  'viewer.downloadNamed': ({ name }) => `Herunterladen: ${name}`,
  'viewer.downloading': ({ name }) => `„${name}“ wird heruntergeladen …`,
  'viewer.downloaded': ({ name }) => `„${name}“ wurde heruntergeladen.`,
  'viewer.downloadFailed': ({ name, reason }) => `„${name}“ konnte nicht heruntergeladen werden. ${reason}`,
  'viewer.noPreview': 'Dieser Dateityp kann hier nicht angezeigt werden. Laden Sie die Datei herunter, um sie auf Ihrem Gerät zu öffnen.',
  'viewer.noPreviewNoDownload': 'Dieser Dateityp kann hier nicht angezeigt werden.',
  'viewer.back': 'Zurück zu den Dokumenten',
  'viewer.toolbar': 'Dokumentsteuerung',
  'viewer.previous': 'Vorherige Seite',
  'viewer.next': 'Nächste Seite',
  'viewer.pageLabel': 'Seite',
  'viewer.pageOf': ({ total }) => `von ${total}`,
  'viewer.pageStatus': ({ page, total }) => `Seite ${page} von ${total}`,
  'viewer.zoomIn': 'Vergrößern',
  'viewer.zoomOut': 'Verkleinern',
  'viewer.zoomLevel': ({ percent }) => `Zoom ${percent}`,
  'viewer.fitWidth': 'An Breite anpassen',
  'viewer.pages': ({ count }) => `Alle Seiten (${count})`,
  'viewer.goToPage': ({ page }) => `Seite ${page}`,
  'viewer.pageArea': ({ name }) => `${name}, aktuelle Seite`,
  'viewer.imageArea': ({ name }) => `Bild: ${name}`,
  'viewer.loadingDocument': 'Das Dokument wird geladen …',
  'viewer.loadFailed': 'Das Dokument konnte nicht angezeigt werden.',
  'viewer.opened': ({ name, pages }) => `„${name}“ geöffnet, ${pages === 1 ? 'eine Seite' : `${pages} Seiten`}.`,
  'viewer.locked.title': 'Verfügbar, sobald die Rechnung bezahlt ist',
  'viewer.locked.message': 'Der Absender gibt diese Dokumente frei, sobald die Rechnung bezahlt ist.',
} as const satisfies ViewerTranslation;
