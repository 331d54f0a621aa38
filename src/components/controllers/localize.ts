/** Picks the widget's language and gives it typed strings and locale-aware dates. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { de } from '../translations/de.js';
import { en } from '../translations/en.js';
import type { Translation, TranslationArgs, TranslationKey, TranslationLocale } from '../translations/types.js';

/** The built-in translation tables, by language. */
export const TRANSLATIONS: Readonly<Record<TranslationLocale, Translation>> = { de, en };

/** A widget's own strings (`upload.*`, `viewer.*`), one table per language, each of the same type `W`. */
export type WidgetTranslations<W extends object> = Readonly<Record<TranslationLocale, W>>;

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

/**
 * Chooses `de` or `en` for its host, in this order: the host's own `lang` or `locale` attribute,
 * the closest ancestor with `lang` (also outside the shadow root the host lives in),
 * `navigator.language`, then English. A language other than German or English falls back to English.
 *
 * @example
 * ```ts
 * class MyWidget extends LitElement {
 *   private readonly localize = new LocalizeController(this);
 *   render() { return html`<p>${this.localize.t('loading')}</p>`; }
 * }
 * ```
 *
 * A widget with strings of its own passes its tables; `t()` then also takes (and types) those keys,
 * and only that widget's bundle carries them:
 *
 * ```ts
 * new LocalizeController<UploadTranslation>(this, { en: uploadEn, de: uploadDe }).t('upload.more');
 * ```
 */
// `{}` is the "no widget strings" default: `keyof {}` is `never`.
export class LocalizeController<W extends object = {}> implements ReactiveController {
  /** The language strings come from. */
  lang: TranslationLocale = 'en';
  readonly #host: LocalizeHost;
  readonly #own: WidgetTranslations<object> | undefined;

  constructor(host: LocalizeHost, own?: WidgetTranslations<W>) {
    this.#host = host;
    this.#own = own;
    host.addController(this);
  }

  hostConnected(): void {
    watchDocumentLang(this);
    this.lang = this.#resolve();
  }

  hostDisconnected(): void {
    unwatchDocumentLang(this);
  }

  hostUpdate(): void {
    this.lang = this.#resolve();
  }

  /** Re-reads the language and re-renders the host if it changed. */
  refresh(): void {
    if (this.#resolve() !== this.lang) this.#host.requestUpdate();
  }

  /** The BCP 47 tag to format with: the visitor's own regional variant when it matches (`de-AT`), else the language. */
  get intlLocale(): string {
    const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
    return preferred.find((tag) => toTranslationLocale(tag) === this.lang) ?? this.lang;
  }

  /** The current translation table. */
  get table(): Translation {
    return TRANSLATIONS[this.lang];
  }

  /**
   * A translated string, from the shared table or the widget's own. Keys and params are checked
   * against the translation tables.
   *
   * @example
   * ```ts
   * t('expired.title');                       // 'This link has expired'
   * t('rateLimited.retryAt', { time: '14:05' });
   * ```
   */
  t<K extends LocalizeKey<W>>(key: K, ...args: LocalizeArgs<W, K>): string {
    const own = this.#own?.[this.lang] as Record<string, unknown> | undefined;
    const entry = (own && key in own ? own[key] : this.table[key as TranslationKey]) as string | ((params: unknown) => string);
    return typeof entry === 'function' ? entry(args[0]) : entry;
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
}
