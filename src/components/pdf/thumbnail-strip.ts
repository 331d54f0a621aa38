/**
 * The page thumbnails of an open PDF, drawn lazily: only those scrolled into view of their strip,
 * a few at a time, never while the page itself is being drawn, and none while the strip's
 * `<details>` is closed. Part of the lazily loaded pdf.js chunk (imported by `pdf-engine.ts` only).
 */
import type { PdfRender } from './pdf-engine.js';

/** How many thumbnails are drawn at the same time. */
export const THUMBNAIL_CONCURRENCY = 2;

/** A thumbnail's width in CSS pixels when its canvas has none (it is not laid out). */
export const THUMBNAIL_WIDTH = 120;

/** A strip being watched, and how to stop watching it (drawings under way are cancelled). */
export interface ThumbnailStrip {
  readonly element: HTMLElement;
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
  const pages = new Map<Element, number>();
  const visible = new Set<HTMLCanvasElement>();
  const running = new Set<PdfRender>();
  let stopped = false;
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
  element.querySelectorAll('canvas').forEach((canvas, index) => {
    pages.set(canvas, index + 1);
    // Nothing drawn yet: no size of its own (the strip's styles give it one).
    canvas.width = canvas.height = 0;
    observer.observe(canvas);
  });
  details?.addEventListener('toggle', pump);
  return {
    element,
    stop() {
      stopped = true;
      observer.disconnect();
      details?.removeEventListener('toggle', pump);
      visible.clear();
      for (const drawing of running) drawing.cancel();
    },
  };
}
