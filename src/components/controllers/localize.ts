/** Picks the widget's language, loads that language's strings, and gives typed strings and locale-aware dates. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Translation, TranslationArgs, TranslationKey, TranslationLocale } from '../translations/types.js';

/** One language's strings: the shared table (loading, errors, error codes) and the widget's own. The rare link states bring theirs (`base/link-state-strings.ts`). */
export interface LoadedStrings<W extends object> {
  readonly shared: Translation;
  readonly own: W;
}

/**
 * How a widget gets its strings: one loader per language, each a dynamic `import()` so that every
 * language is a chunk of its own and a visitor downloads only theirs.
 *
 * @example
 * ```ts
 * static override readonly translations: StringLoaders<UploadTranslation> = {
 *   de: () => import('./lang/de.js').then((m) => ({ shared: m.shared, own: m.uploadDe })),
 *   en: () => import('./lang/en.js').then((m) => ({ shared: m.shared, own: m.uploadEn })),
 * };
 * ```
 */
export type StringLoaders<W extends object> = Readonly<Record<TranslationLocale, () => Promise<LoadedStrings<W>>>>;

/** A key `t()` takes: a shared key, or one of the widget's own. */
export type LocalizeKey<W extends object> = TranslationKey | Extract<keyof W, string>;

/** The arguments `t(key, …)` takes for a shared or a widget key. */
export type LocalizeArgs<W extends object, K extends LocalizeKey<W>> = K extends TranslationKey
  ? TranslationArgs<K>
  : K extends keyof W
    ? W[K] extends (params: infer P) => string
      ? [params: P]
      : []
    : never;

/** The element a `LocalizeController` serves. */
export type LocalizeHost = ReactiveControllerHost & HTMLElement;

/** Maps a BCP 47 tag (`de-AT`, `en`, `EN-gb`) to a language Guestkit speaks, or `undefined`. */
export function toTranslationLocale(tag: string | null | undefined): TranslationLocale | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'de' || primary === 'en' ? primary : undefined;
}

/** The nearest `lang` attribute at or above `node`, walking out of shadow roots to their hosts. */
function closestLang(node: Element): string | undefined {
  let current: Node | null = node;
  while (current) {
    if (current instanceof Element) {
      const lang = current.getAttribute('lang');
      if (lang) return lang;
    }
    current = current instanceof ShadowRoot ? current.host : current.parentNode;
  }
  return undefined;
}

// One observer for the whole page: a `lang` change on <html> or any light-DOM ancestor re-renders
// every connected widget, without one observer per widget.
const connected = new Set<LocalizeController>();
let observer: MutationObserver | undefined;

function watchDocumentLang(controller: LocalizeController): void {
  connected.add(controller);
  if (observer || typeof MutationObserver === 'undefined') return;
  observer = new MutationObserver(() => {
    for (const each of connected) each.refresh();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'locale'], subtree: true });
}

function unwatchDocumentLang(controller: LocalizeController): void {
  connected.delete(controller);
  if (connected.size === 0 && observer) {
    observer.disconnect();
    observer = undefined;
  }
}

/** One language of one set of loaders: on its way, and once here, the strings themselves. */
interface Fetched<W extends object> {
  readonly strings: Promise<LoadedStrings<W>>;
  value?: LoadedStrings<W>;
}

// Fetched languages, per set of loaders (each widget class has one), so a second widget of the same
// kind renders at once and a language is fetched once per page.
const fetched = new WeakMap<StringLoaders<object>, Map<TranslationLocale, Fetched<object>>>();

function fetchLanguage<W extends object>(loaders: StringLoaders<W>, lang: TranslationLocale): Fetched<W> {
  let byLang = fetched.get(loaders);
  if (!byLang) fetched.set(loaders, (byLang = new Map()));
  let entry = byLang.get(lang);
  if (!entry) {
    const fresh: Fetched<object> = { strings: loaders[lang]() };
    fresh.strings.then(
      (value) => (fresh.value = value),
      // A failed fetch (offline for a moment) may be tried again by the next widget or language change.
      () => byLang.delete(lang),
    );
    byLang.set(lang, (entry = fresh));
  }
  return entry as Fetched<W>;
}

/** Letters written right to left, and the characters that set or override a direction. */
const BIDI = /[\u0590-\u08ff\u200e\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefc]/;

/**
 * `params` with each string that could turn the sentence around it — a firm or file name in
 * Arabic or Hebrew, or one holding a direction override (U+202E) — set in an isolate
 * (U+2068 … U+2069), without direction controls of its own: the name keeps its letters' own
 * direction, and cannot reverse the rest of the sentence. Other strings stay as they are.
 */
export function isolated(params: unknown): unknown {
  if (!params || typeof params !== 'object') return params;
  // The name's own embeddings, overrides and isolates go first: a U+2069 of its own would close the
  // isolate early and leave an override after it open.
  const wrap = (value: string) => `\u2068${value.replace(/[\u202a-\u202e\u2066-\u2069]/g, '')}\u2069`;
  const entries = Object.entries(params).map(([name, value]) => [name, typeof value === 'string' && BIDI.test(value) ? wrap(value) : value]);
  return Object.fromEntries(entries);
}

/**
 * Chooses `de` or `en` for its host, in this order: the host's own `lang` or `locale` attribute,
 * the closest ancestor with `lang` (also outside the shadow root the host lives in),
 * `navigator.language`, then English. A language other than German or English falls back to English.
 *
 * Strings load on demand, one language at a time (see {@link StringLoaders}). Until the first
 * language has arrived `loaded` is false and `t()` returns `''`; a widget shows its spinner
 * meanwhile and waits for {@link LocalizeController.ready} before it shows anything with words. When
 * the language changes, the old strings stay on screen until the new ones have arrived.
 *
 * @example
 * ```ts
 * class MyWidget extends LitElement {
 *   private readonly localize = new LocalizeController<MyTable>(this, MY_LOADERS);
 *   render() { return html`<p>${this.localize.t('loading')}</p>`; }
 * }
 * ```
 */
// `{}` is the "no widget strings" default: `keyof {}` is `never`.
export class LocalizeController<W extends object = {}> implements ReactiveController {
  /** The language on screen: the one whose strings are loaded (or, before any are, the one being loaded). */
  lang: TranslationLocale = 'en';
  readonly #host: LocalizeHost;
  readonly #loaders: StringLoaders<W>;
  #strings: LoadedStrings<W> | undefined;
  #ready: Promise<void> = Promise.resolve();
  #wanted: TranslationLocale | undefined;
  #failed = false;

  constructor(host: LocalizeHost, loaders: StringLoaders<W>) {
    this.#host = host;
    this.#loaders = loaders;
    host.addController(this);
  }

  hostConnected(): void {
    watchDocumentLang(this);
    this.#use(this.#resolve());
  }

  hostDisconnected(): void {
    unwatchDocumentLang(this);
  }

  hostUpdate(): void {
    this.#use(this.#resolve());
  }

  /** Re-reads the language; loads its strings and re-renders the host if it changed. */
  refresh(): void {
    this.#use(this.#resolve());
  }

  /** True once the strings of some language are here. */
  get loaded(): boolean {
    return this.#strings !== undefined;
  }

  /**
   * True when the strings of the language asked for could not be fetched (offline, or a deployment
   * that removed the chunk). Nothing retries by itself; `retry()` does (the widget's "Try again").
   */
  get failed(): boolean {
    return this.#failed;
  }

  /** Fetches the language's strings again after a failure. */
  retry(): void {
    if (!this.#failed) return;
    this.#failed = false;
    this.#wanted = undefined;
    this.#use(this.#resolve());
  }

  /**
   * Settles when the strings of the language the host asks for are on screen, or could not be
   * fetched (`failed`: the previous language stays, if there was one).
   */
  get ready(): Promise<void> {
    return this.#ready;
  }

  /** The BCP 47 tag to format with: the visitor's own regional variant when it matches (`de-AT`), else the language. */
  get intlLocale(): string {
    const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
    return preferred.find((tag) => toTranslationLocale(tag) === this.lang) ?? this.lang;
  }

  /**
   * A translated string, from the shared table or the widget's own (`''` before any strings have
   * loaded). Keys and params are checked against the translation tables.
   *
   * @example
   * ```ts
   * t('error.title');                         // 'Something went wrong'
   * t('upload.complete.message', { firm });   // a widget's own string, with its params
   * ```
   */
  t<K extends LocalizeKey<W>>(key: K, ...args: LocalizeArgs<W, K>): string {
    const strings = this.#strings;
    if (!strings) return '';
    const own = strings.own as Record<string, unknown>;
    const entry = (key in own ? own[key] : strings.shared[key as TranslationKey]) as string | ((params: unknown) => string);
    return typeof entry === 'function' ? entry(isolated(args[0])) : entry;
  }

  /** A date and time in the widget's language and the visitor's own time zone. */
  formatDate(date: Date | string | number, options: Intl.DateTimeFormatOptions = { dateStyle: 'long', timeStyle: 'short' }): string {
    return new Intl.DateTimeFormat(this.intlLocale, options).format(new Date(date));
  }

  /** A time of day (`14:05`, `2:05 PM`) in the widget's language and the visitor's time zone. */
  formatTime(date: Date | string | number): string {
    return this.formatDate(date, { timeStyle: 'short' });
  }

  #resolve(): TranslationLocale {
    const host = this.#host;
    const declared = host.getAttribute('lang') || host.getAttribute('locale') || host.lang || closestLang(host);
    if (declared) return toTranslationLocale(declared) ?? 'en';
    return toTranslationLocale(typeof navigator === 'undefined' ? undefined : navigator.language) ?? 'en';
  }

  /** Switches to `lang` as soon as its strings are here (at once when they already are). */
  #use(lang: TranslationLocale): void {
    if (lang === this.#wanted) return;
    this.#wanted = lang;
    const language = fetchLanguage(this.#loaders, lang);
    const here = language.value;
    if (here && here !== this.#strings) {
      // Already on the page (another widget loaded it): switch now, in this update.
      this.#strings = here;
      this.lang = lang;
      this.#host.requestUpdate();
    } else if (!this.#strings) {
      this.lang = lang;
    }
    this.#ready = language.strings.then(
      (strings) => {
        if (this.#wanted !== lang) return;
        const changed = this.#strings !== strings;
        this.#strings = strings;
        this.lang = lang;
        if (changed) this.#host.requestUpdate();
      },
      () => {
        // Keep what is on screen; `retry()` or another language tries again, not every update.
        if (this.#wanted !== lang) return;
        this.#failed = true;
        this.#host.requestUpdate();
      },
    );
  }
}
