/** Hands bytes to the browser as a download, under the document's own name. */

/** How long the blob URL stays valid after the click (a slow disk may still be reading it). */
const KEEP_URL_MS = 60_000;

/**
 * Saves `blob` as `name` through a blob URL and a temporary `<a download>` placed in `root` (a
 * shadow root works; the link never shows). The bytes are exactly those of `blob`.
 */
export function saveBlob(root: Node & ParentNode, blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.rel = 'noopener';
  anchor.hidden = true;
  root.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), KEEP_URL_MS);
}
