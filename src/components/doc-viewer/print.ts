/**
 * Prints a document's original bytes: a hidden `<iframe>` in the widget's shadow root loads them
 * from a `blob:` URL (a host page's CSP needs `frame-src blob:`) and the browser's print dialog
 * opens for that frame. Nothing is written into the frame: no `srcdoc`, no HTML.
 */

/** How long the frame and its URL stay when the browser never reports that printing is over. */
const KEEP_MS = 60_000;

/**
 * Loads `blob` (a PDF or an image) into a hidden frame appended to `root` (a shadow root works)
 * and calls the frame's `print()` once it has loaded. Where the frame cannot print (its `print()`
 * throws, as in browsers that show PDFs outside the page), the bytes open in a new tab instead, to
 * be printed from there. Frame and URL go on the frame's `afterprint`, else after a minute.
 *
 * Resolves when the dialog (or the tab) is about to open; rejects if the frame did not load within
 * that minute.
 */
export function printBlob(root: Node & ParentNode, blob: Blob, title: string): Promise<void> {
  const url = URL.createObjectURL(blob);
  const frame = document.createElement('iframe');
  frame.className = 'print-frame';
  frame.title = title;
  frame.tabIndex = -1;
  frame.setAttribute('aria-hidden', 'true');
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      frame.remove();
      URL.revokeObjectURL(url);
      reject(new Error('the print frame did not load')); // no effect once printing has started
    };
    const timer = setTimeout(done, KEEP_MS);
    frame.onload = () => {
      frame.onload = null;
      resolve(); // first: `print()` may block until the dialog closes, with `afterprint` inside it
      try {
        const view = frame.contentWindow!;
        view.onafterprint = done;
        view.print();
      } catch {
        window.open(url, '_blank', 'noopener');
      }
    };
    frame.src = url;
    root.append(frame);
  });
}
