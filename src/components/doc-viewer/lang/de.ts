/**
 * `<doc-viewer>`'s German strings and the shared German table, in one module: the chunk a
 * German-speaking visitor loads (see `../translations.ts`).
 */
import type { ViewerTranslation } from '../translations.js';

export { de as shared } from '../../translations/de.js';

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
  'viewer.print': 'Drucken',
  'viewer.printNamed': ({ name }) => `Drucken: ${name}`,
  'viewer.printing': ({ name }) => `„${name}“ wird zum Drucken vorbereitet …`,
  'viewer.printFailed': ({ name, reason }) => `„${name}“ konnte nicht gedruckt werden. ${reason}`,
  'viewer.printBlocked': 'Ihr Browser hat das Fenster zum Drucken blockiert. Bitte nutzen Sie „Herunterladen“ und drucken Sie die Datei von dort.',
  'viewer.printUnsupported': 'Dieser Browser zeigt PDFs nicht selbst an. Bitte nutzen Sie „Herunterladen“ und drucken Sie die Datei von dort.',
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
  'viewer.locked.invoice': ({ invoice }) => `Rechnung: ${invoice}`,
} as const satisfies ViewerTranslation;
