/** The keyboard shortcuts of `<doc-viewer>`'s open PDF. */

/** What a key press asks of the open PDF. */
export type ViewerKeyAction = { step: 1 | -1 } | { search: true } | { page: number };

/** Where the open PDF stands, for reading a key press. */
export interface ViewerKeyState {
  pageNumber: number;
  numPages: number;
  /** The search row is open with something to find. */
  searching: boolean;
}

/**
 * What `event` asks of the open PDF, if anything: PageUp / PageDown anywhere in the open document;
 * Home / End outside the page number field; Ctrl+F / ⌘F opens the search (the browser's own would
 * find only the page drawn; outside the viewer it stays the browser's), and while it is open F3 /
 * Ctrl+G / ⌘G go to the next match, with Shift to the previous one. Alt with anything is left alone.
 */
export function viewerKeyAction(event: KeyboardEvent, state: ViewerKeyState): ViewerKeyAction | undefined {
  if (event.altKey) return undefined;
  const key = event.key.toLowerCase();
  const command = event.ctrlKey || event.metaKey;
  // Find next / previous, as in the browser's own find: F3 or Ctrl+G (⌘G), with Shift backwards.
  if ((key === 'f3' || (key === 'g' && command)) && state.searching) return { step: event.shiftKey ? -1 : 1 };
  if (command) return key === 'f' && !event.shiftKey ? { search: true } : undefined;
  const inField = event.target instanceof HTMLInputElement;
  const target: Record<string, number | undefined> = {
    PageDown: state.pageNumber + 1,
    PageUp: state.pageNumber - 1,
    Home: inField ? undefined : 1,
    End: inField ? undefined : state.numPages,
  };
  const page = target[event.key];
  return page === undefined ? undefined : { page };
}
