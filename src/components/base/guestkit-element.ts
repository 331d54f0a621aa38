/** The base class of every Guestkit element: safe registration and typed events. */
import { LitElement } from 'lit';

/**
 * The base of every Guestkit custom element.
 *
 * - `define(tag)` registers the class and is safe to call twice (a page may load Guestkit from a
 *   portal bundle and from a CDN script at once).
 * - `emit(event)` dispatches one of Guestkit's `Event` subclasses and returns it, so callers can
 *   check `defaultPrevented` on cancelable events.
 *
 * @summary Base class: safe `define()`, typed `emit()`.
 */
export class GuestkitElement extends LitElement {
  /**
   * Registers this class as `tag`. Does nothing if this class already holds the tag; warns (and
   * leaves the page alone) if another class does. The same class may be registered under several
   * tags: each extra tag gets a trivial subclass, because the registry accepts a constructor once.
   *
   * @example
   * ```ts
   * GuestkitProvider.define('gk-provider');
   * GuestkitProvider.define('acme-guestkit-provider'); // a second name for the same element
   * ```
   */
  static define(tag: string, registry: CustomElementRegistry = customElements): void {
    const existing = registry.get(tag);
    if (existing) {
      if (existing !== this && Object.getPrototypeOf(existing) !== this) {
        console.warn(
          `[guestkit] <${tag}> is already defined by another class (is Guestkit loaded twice, in different versions?). ` +
            'Keeping the first definition.',
        );
      }
      return;
    }
    const taken = registry.getName?.(this as unknown as CustomElementConstructor);
    const ctor = taken ? class extends this {} : this;
    registry.define(tag, ctor as unknown as CustomElementConstructor);
  }

  /** Dispatches `event` from this element and returns it. Guestkit events bubble and cross shadow roots. */
  protected emit<E extends Event>(event: E): E {
    this.dispatchEvent(event);
    return event;
  }
}
