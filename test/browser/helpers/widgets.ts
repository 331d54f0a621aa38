/** Test-side helpers for link widgets: wait for a state or a condition, find parts, read the announcer. */
import type { GuestkitLinkElement } from '../../../src/components/base/guestkit-link-element.js';
import type { LinkState } from '../../../src/components/controllers/link-state.js';

/** Resolves once `widget` is in `state` and has rendered it; rejects after `timeoutMs`. */
export async function untilState(widget: GuestkitLinkElement, state: LinkState, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (widget.state !== state || widget.busy) {
    if (Date.now() > end) throw new Error(`expected state ${state}, still ${widget.state}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await widget.updateComplete;
}

/** The first node in the widget's shadow root with `part` among its part names. */
export function part<E extends Element = HTMLElement>(widget: Element, name: string): E {
  const found = widget.shadowRoot!.querySelector<E>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part "${name}" in <${widget.localName}>: ${widget.shadowRoot!.innerHTML}`);
  return found;
}

/** The text of a part, whitespace collapsed. */
export function text(widget: Element, name: string): string {
  return (part(widget, name).textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The element that has focus inside the widget's shadow root. */
export function focused(widget: Element): Element | null {
  return widget.shadowRoot!.activeElement;
}

/** Polls `check` until it is truthy; rejects with `what` after `timeoutMs`. */
export async function until<T>(check: () => T, what = 'condition', timeoutMs = 5000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** All nodes in the widget's shadow root whose `part` includes `name`. */
export function parts<E extends Element = HTMLElement>(widget: Element, name: string): E[] {
  return [...widget.shadowRoot!.querySelectorAll<E>(`[part~="${name}"]`)];
}

/** The announcer's text (the polite live region). */
export function announced(widget: Element): string {
  return widget.shadowRoot!.querySelector('[part~="announcer"]')?.textContent?.trim() ?? '';
}
