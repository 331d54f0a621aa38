/**
 * Prints a document's original bytes: a hidden `<iframe>` in the widget's shadow root loads them
 * from a `blob:` URL (a host page's CSP needs `frame-src blob:`) and the browser's print dialog
 * opens for that frame. Nothing is written into the frame: no `srcdoc`, no HTML.
 */

/** How long the frame and its URL stay when the browser never reports that printing is over. */
const KEEP_MS = 60_000;

/**
 * How printing went: the browser's dialog for the frame (`frame`), the bytes in a new tab to print
 * from (`tab`), a new tab the browser blocked (`blocked`), or a PDF in a browser that shows PDFs
 * only outside the page (`unsupported`). The last two leave the visitor to Download.
 */
export type PrintOutcome = 'frame' | 'tab' | 'blocked' | 'unsupported';

/**
 * Loads `blob` (a PDF or an image) into a hidden frame appended to `root` (a shadow root works)
 * and calls the frame's `print()` once it has loaded. Where the frame cannot print (a CSP without
 * `frame-src blob:` leaves it on the browser's error page, of another origin), the bytes open in a
 * new tab instead, to be printed from there. Frame and URL go on the frame's `afterprint`, else
 * after a minute.
 *
 * Resolves when the dialog (or the tab) is about to open, with how; rejects if the frame did not
 * load within that minute.
 */
export function printBlob(root: Node & ParentNode, blob: Blob, title: string): Promise<PrintOutcome> {
  // The frame would only download it (navigator.pdfViewerEnabled: false on such browsers).
  if (blob.type === 'application/pdf' && typeof navigator !== 'undefined' && navigator.pdfViewerEnabled === false) return Promise.resolve('unsupported');
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
    const inTab = (): PrintOutcome => {
      const tab = window.open(url, '_blank');
      if (!tab) return 'blocked';
      tab.opener = null;
      return 'tab';
    };
    frame.onload = () => {
      frame.onload = null;
      let view: Window;
      try {
        view = frame.contentWindow!;
        void view.document; // another origin (the browser's error page) cannot be printed from here
      } catch {
        resolve(inTab());
        return;
      }
      resolve('frame'); // first: `print()` may block until the dialog closes, with `afterprint` inside it
      try {
        view.onafterprint = done;
        view.print();
      } catch {
        inTab();
      }
    };
    frame.src = url;
    root.append(frame);
  });
}
