/** Bringing something into view inside the widget without moving the host page. */

/**
 * Scrolls `element` into the middle of its nearest scrolling ancestor (the page area for a search
 * match, the thumbnail strip for the current page's thumbnail) when it is not wholly in view there;
 * only that ancestor scrolls, the host page itself does not move.
 */
export function reveal(element: HTMLElement): void {
  let area = element.parentElement;
  while (area && !/auto|scroll/.test(getComputedStyle(area).overflow)) area = area.parentElement;
  if (!area) return;
  const box = element.getBoundingClientRect();
  const view = area.getBoundingClientRect();
  if (box.top < view.top || box.bottom > view.bottom) area.scrollTop += box.top - view.top - (area.clientHeight - box.height) / 2;
  if (box.left < view.left || box.right > view.right) area.scrollLeft += box.left - view.left - (area.clientWidth - box.width) / 2;
}
