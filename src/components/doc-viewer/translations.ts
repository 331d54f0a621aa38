/**
 * `<doc-viewer>`'s strings: the shape of its tables and where each language loads from. The tables
 * themselves are in `lang/de.ts` and `lang/en.ts`; the shared link states, error codes and common
 * words are in `../translations/`.
 */
import type { LocalizeController, StringLoaders } from '../controllers/localize.js';

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
  readonly 'viewer.print': string;
  readonly 'viewer.printNamed': (params: { name: string }) => string;
  readonly 'viewer.printing': (params: { name: string }) => string;
  readonly 'viewer.printFailed': (params: { name: string; reason: string }) => string;
  readonly 'viewer.printBlocked': string;
  readonly 'viewer.printUnsupported': string;
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
  /** The Search button's name and the search field's label. */
  readonly 'viewer.search': string;
  readonly 'viewer.search.previous': string;
  readonly 'viewer.search.next': string;
  readonly 'viewer.search.close': string;
  /** While the pages' text is read. */
  readonly 'viewer.search.searching': (params: { page: number; total: number }) => string;
  /** The search row's count: the match shown and how many there are. */
  readonly 'viewer.search.count': (params: { current: number; total: number }) => string;
  readonly 'viewer.search.none': string;
  /** Announced when a match is gone to. */
  readonly 'viewer.search.match': (params: { current: number; total: number; page: number }) => string;
  /** Announced when a search found nothing. */
  readonly 'viewer.search.noneFor': (params: { query: string }) => string;
  readonly 'viewer.imageArea': (params: { name: string }) => string;
  readonly 'viewer.loadingDocument': string;
  readonly 'viewer.loadFailed': string;
  readonly 'viewer.opened': (params: { name: string; pages: number }) => string;
  readonly 'viewer.password.message': string;
  readonly 'viewer.password.label': string;
  readonly 'viewer.password.submit': string;
  readonly 'viewer.password.incorrect': string;
  readonly 'viewer.password.empty': string;
  readonly 'viewer.locked.title': string;
  readonly 'viewer.locked.message': string;
  /** The invoice that unlocks the documents, by its number. */
  readonly 'viewer.locked.invoice': (params: { invoice: string }) => string;
}

/** The localize controller `<doc-viewer>` and its templates use: shared keys plus `viewer.*`. */
export type ViewerLocalize = LocalizeController<ViewerTranslation>;

/**
 * Where `<doc-viewer>` gets its strings: `lang/de.ts` or `lang/en.ts`, each a chunk of its own
 * holding the shared table and the `viewer.*` strings of one language, so a visitor downloads one
 * language only.
 */
export const viewerStrings: StringLoaders<ViewerTranslation> = {
  de: () => import('./lang/de.js').then((m) => ({ shared: m.shared, own: m.viewerDe })),
  en: () => import('./lang/en.js').then((m) => ({ shared: m.shared, own: m.viewerEn })),
};
