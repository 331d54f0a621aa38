/**
 * The page thumbnails of an open PDF, drawn lazily: only those scrolled into view of their strip,
 * a few at a time, never while the page itself is being drawn, and none while the strip's
 * `<details>` is closed. The current page's thumbnail is kept in view. Part of the lazily loaded
 * pdf.js chunk (imported by `pdf-engine.ts` only).
 */
import type { PdfRender } from './pdf-engine.js';
import { reveal } from './reveal.js';

/** How many thumbnails are drawn at the same time. */
export const THUMBNAIL_CONCURRENCY = 2;

/** A thumbnail's width in CSS pixels when its canvas has none (it is not laid out). */
export const THUMBNAIL_WIDTH = 120;

/** A strip being watched, and how to stop watching it (drawings under way are cancelled). */
export interface ThumbnailStrip {
  readonly element: HTMLElement;
  /**
   * Page `pageNumber` is shown: when that is another page than before, the strip scrolls its
   * thumbnail into view (if the strip is open; else once it opens). Only the strip scrolls.
   */
  follow(pageNumber: number): void;
  stop(): void;
}

/**
 * Watches the canvases in `element` (one per page, in order) and has `draw` draw each one that
 * comes into view, at its width; `pageRender` is the page's own drawing under way, which goes first.
 */
export function watchThumbnails(
  element: HTMLElement,
  draw: (pageNumber: number, canvas: HTMLCanvasElement, width: number) => PdfRender,
  pageRender: () => PdfRender | undefined,
): ThumbnailStrip {
  const details = element.closest('details');
  const canvases = [...element.querySelectorAll('canvas')];
  const pages = new Map<Element, number>();
  const visible = new Set<HTMLCanvasElement>();
  const running = new Set<PdfRender>();
  let stopped = false;
  let current = 0;
  // The current page's button (its thumbnail and number) wholly in view, whichever way the page
  // was reached (the page field, a search, the keys): the strip never scrolls the page around it.
  const revealCurrent = (): void => {
    const canvas = canvases[current - 1];
    if (canvas && !stopped && (!details || details.open)) reveal(canvas.parentElement ?? canvas);
  };
  const onToggle = (): void => {
    revealCurrent();
    pump();
  };
  const pump = (): void => {
    if (stopped || (details && !details.open)) return;
    const page = pageRender();
    // The page itself first: thumbnails wait while it is drawn.
    if (page) return void page.done.then(pump, pump);
    for (const canvas of visible) {
      if (running.size >= THUMBNAIL_CONCURRENCY) return;
      visible.delete(canvas);
      observer.unobserve(canvas);
      const drawing = draw(pages.get(canvas)!, canvas, canvas.clientWidth || THUMBNAIL_WIDTH);
      running.add(drawing);
      // One that fails stays blank (its button works all the same); one stopped is dropped.
      const next = (): void => {
        running.delete(drawing);
        pump();
      };
      drawing.done.then(next, next);
    }
  };
  const observer = new IntersectionObserver(
    (entries) => {
      for (const { target, isIntersecting } of entries) {
        if (isIntersecting) visible.add(target as HTMLCanvasElement);
        else visible.delete(target as HTMLCanvasElement);
      }
      pump();
    },
    { root: element },
  );
  canvases.forEach((canvas, index) => {
    pages.set(canvas, index + 1);
    // Nothing drawn yet: no size of its own (the strip's styles give it one).
    canvas.width = canvas.height = 0;
    observer.observe(canvas);
  });
  details?.addEventListener('toggle', onToggle);
  return {
    element,
    follow(pageNumber) {
      if (pageNumber === current) return;
      current = pageNumber;
      revealCurrent();
    },
    stop() {
      stopped = true;
      observer.disconnect();
      details?.removeEventListener('toggle', onToggle);
      visible.clear();
      for (const drawing of running) drawing.cancel();
    },
  };
}
