/**
 * The accessible name and description of a control, computed from the DOM as Chromium's
 * accessibility tree has them for `<doc-viewer>`'s controls (the test runner has no accessibility
 * snapshot command): `aria-labelledby`, `aria-label`, a field's `<label>`, a button's content, then
 * `title` for the name; `aria-describedby`, else a `title` the name did not use, for the
 * description. An approximation of the accname algorithm, enough for these controls:
 *
 * - A button's name from its content keeps a space that is drawn (between two inline spans) and
 *   drops whitespace that is not (collapsed at the button's edges), as Chromium does: a space
 *   before the visible words is part of the name, as a screen reader shows it.
 * - Elements that are not inline (flex items, absolutely positioned ones) are set apart by spaces,
 *   which do not count at the start or end of the name.
 * - A field's name from its label skips the field itself, and is trimmed.
 * - A subtree with `aria-hidden="true"` adds nothing, unless it is referenced directly.
 */

/** Where a non-inline element is set apart (a space, except at either end of the name). */
const APART = '\u0001';

/** The text `node` adds to a name from content; `skip` (the field being named) adds nothing. */
function contentText(node: Node, skip?: Node): string {
  if (node === skip) return '';
  if (node.nodeType === Node.TEXT_NODE) {
    const range = document.createRange();
    range.selectNodeContents(node);
    // Whitespace the layout collapsed away has no box, or one without width.
    return [...range.getClientRects()].some((rect) => rect.width > 0) ? (node.textContent ?? '') : '';
  }
  if (!(node instanceof Element) || node.getAttribute('aria-hidden') === 'true') return '';
  if (node instanceof HTMLInputElement) return node.value;
  const inner = [...node.childNodes].map((child) => contentText(child, skip)).join('');
  const parentDisplay = node.parentElement ? getComputedStyle(node.parentElement).display : '';
  const inline = getComputedStyle(node).display === 'inline' && !/flex|grid/.test(parentDisplay);
  return inline ? inner : `${APART}${inner}${APART}`;
}

/** The name from `nodes`' content: whitespace collapsed, a space drawn at either end kept. */
function fromContent(nodes: Iterable<Node>, skip?: Node): string {
  const text = [...nodes].map((node) => contentText(node, skip)).join('');
  return text.replace(/^\u0001+|\u0001+$/g, '').replace(/\u0001/g, ' ').replace(/\s+/g, ' ');
}

/** The text of the elements `ids` (space-separated) refer to, in `root`, hidden or not. */
function referenced(element: Element, ids: string): string {
  const root = element.getRootNode() as Document | ShadowRoot;
  return ids
    .split(/\s+/)
    .map((id) => root.getElementById(id))
    .map((target) => (target?.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' ');
}

/** Where a control's name comes from, and what it is. */
function nameOf(element: Element): { name: string; fromTitle: boolean } {
  const labelledBy = element.getAttribute('aria-labelledby');
  if (labelledBy) return { name: referenced(element, labelledBy), fromTitle: false };
  const label = element.getAttribute('aria-label')?.trim();
  if (label) return { name: label, fromTitle: false };
  if (element instanceof HTMLInputElement) {
    const text = [...(element.labels ?? [])]
      .map((each) => fromContent([each], element))
      .join(' ')
      .trim();
    if (text) return { name: text, fromTitle: false };
  } else if (element instanceof HTMLButtonElement) {
    const text = fromContent(element.childNodes);
    if (text.trim()) return { name: text, fromTitle: false };
  }
  const title = element.getAttribute('title')?.trim() ?? '';
  return { name: title, fromTitle: title !== '' };
}

/** A control's accessible name and description (see the module's comment). */
export function accessible(element: Element): { name: string; description: string } {
  const { name, fromTitle } = nameOf(element);
  const describedBy = element.getAttribute('aria-describedby');
  const described = describedBy ? referenced(element, describedBy) : '';
  const description = described || (fromTitle ? '' : (element.getAttribute('title')?.trim() ?? ''));
  return { name, description };
}
