/** Test-side helpers for link widgets: wait for a state, find the shared state's parts. */
import type { GuestkitLinkElement } from '../../../src/components/base/guestkit-link-element.js';
import type { LinkState } from '../../../src/components/controllers/link-state.js';

/** Resolves once `widget` is in `state` and has rendered it; rejects after `timeoutMs`. */
export async function untilState(widget: GuestkitLinkElement, state: LinkState, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (widget.state !== state || widget.busy) {
    if (Date.now() > until) throw new Error(`expected state ${state}, still ${widget.state}`);
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
