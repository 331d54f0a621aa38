/**
 * `<doc-viewer>`'s English strings and the shared English table, in one module: the chunk a
 * English-speaking visitor loads (see `../translations.ts`).
 */
import type { ViewerTranslation } from '../translations.js';

export { en as shared } from '../../translations/en.js';

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
  'viewer.print': 'Print',
  'viewer.printNamed': ({ name }) => `Print: ${name}`,
  'viewer.printing': ({ name }) => `Preparing “${name}” for printing…`,
  'viewer.printFailed': ({ name, reason }) => `“${name}” could not be printed. ${reason}`,
  'viewer.printBlocked': 'Your browser blocked the tab to print from. Please use “Download” and print the file from there.',
  'viewer.printUnsupported': 'This browser does not show PDFs itself. Please use “Download” and print the file from there.',
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
  'viewer.locked.invoice': ({ invoice }) => `Invoice: ${invoice}`,
} as const satisfies ViewerTranslation;
