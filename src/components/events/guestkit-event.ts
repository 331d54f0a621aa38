/** The base of every Guestkit event: bubbles, crosses shadow roots, and carries its fields twice. */

/**
 * A Guestkit event: bubbles and is composed (crosses shadow roots), not cancelable. Its type is the
 * subclass's `static type`. Its fields are copied onto the event itself (`event.code`) and are also
 * readable as `event.detail`, for code written against `CustomEvent`. Subclasses name their fields
 * with `declare readonly`.
 */
export class GuestkitEvent<D extends object> extends Event {
  readonly #detail: D;

  constructor(detail: D) {
    super((new.target as unknown as { readonly type: string }).type, { bubbles: true, composed: true });
    this.#detail = detail;
    Object.assign(this, detail);
  }

  /** The same fields as a plain object, for code written against `CustomEvent`. */
  get detail(): D {
    return { ...this.#detail };
  }
}
