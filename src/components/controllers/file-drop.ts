/** Files (and the files in folders) dragged onto, or pasted into, an element. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The most files taken from dropped folders at once (the request's own limit usually says less). */
export const MAX_FOLDER_FILES = 1000;

const entries = (reader: FileSystemDirectoryReader) => new Promise<FileSystemEntry[]>((resolve) => reader.readEntries(resolve, () => resolve([])));

/**
 * Adds the files in `directory` and its subfolders to `found`, each folder's in name order
 * (`Beleg 2` before `Beleg 10`). Hidden files (`.DS_Store`, `.git`) are left out; so is anything
 * the browser will not read, and everything past `MAX_FOLDER_FILES`.
 */
async function filesIn(directory: FileSystemDirectoryEntry, found: File[]): Promise<void> {
  const reader = directory.createReader();
  const children: FileSystemEntry[] = [];
  // A reader answers in batches (Chromium: 100) until an empty one.
  for (let batch = await entries(reader); batch.length > 0; batch = await entries(reader)) children.push(...batch);
  children.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  for (const child of children) {
    if (child.name.startsWith('.') || found.length >= MAX_FOLDER_FILES) continue;
    if (child.isDirectory) await filesIn(child as FileSystemDirectoryEntry, found);
    else {
      const file = await new Promise<File | null>((resolve) => (child as FileSystemFileEntry).file(resolve, () => resolve(null)));
      if (file) found.push(file);
    }
  }
}

/** The element a `FileDropController` serves. */
export type FileDropHost = ReactiveControllerHost & HTMLElement;

/** What the controller asks its host. */
export interface FileDropOptions {
  /** Whether files are welcome right now (a closed request says no, and the browser shows "no drop"). */
  accepting(): boolean;
  /** Files were dropped or pasted. */
  onFiles(files: File[]): void;
}

/**
 * A ReactiveController that takes files dropped anywhere on its host, or pasted while focus is in
 * it, and tracks `dragging` for the drop zone's look. A dropped folder gives the files in it and
 * in its subfolders (see `MAX_FOLDER_FILES`). Text pasted into a field is left alone.
 *
 * @example
 * ```ts
 * private readonly drop = new FileDropController(this, { accepting: () => this.open, onFiles: (files) => this.add(files) });
 * ```
 */
export class FileDropController implements ReactiveController {
  /** Files are being dragged over the host. */
  dragging = false;

  readonly #host: FileDropHost;
  readonly #options: FileDropOptions;
  // Enter and leave fire for every child crossed; the drag has left only when they balance out.
  #depth = 0;

  constructor(host: FileDropHost, options: FileDropOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    for (const [type, listener] of this.#listeners) this.#host.addEventListener(type, listener as EventListener);
  }

  hostDisconnected(): void {
    for (const [type, listener] of this.#listeners) this.#host.removeEventListener(type, listener as EventListener);
    this.#set(false);
  }

  #set(dragging: boolean): void {
    if (!dragging) this.#depth = 0;
    if (dragging === this.dragging) return;
    this.dragging = dragging;
    this.#host.requestUpdate();
  }

  /**
   * Whether `event` brings files the host takes now. Files it does not take are still refused here
   * ("no drop"): left alone, a dropped file would open in the tab instead of the page.
   */
  #takes(event: DragEvent): boolean {
    const data = event.dataTransfer;
    if (!data?.types.includes('Files')) return false;
    event.preventDefault();
    if (this.#options.accepting()) return true;
    data.dropEffect = 'none';
    return false;
  }

  readonly #listeners: [string, (event: never) => void][] = [
    [
      'dragenter',
      (event: DragEvent) => {
        if (!this.#takes(event)) return;
        this.#depth++;
        this.#set(true);
      },
    ],
    [
      'dragover',
      (event: DragEvent) => {
        if (this.#takes(event)) event.dataTransfer!.dropEffect = 'copy';
      },
    ],
    [
      'dragleave',
      () => {
        this.#depth = Math.max(0, this.#depth - 1);
        if (this.#depth === 0) this.#set(false);
      },
    ],
    [
      'drop',
      (event: DragEvent) => {
        this.#set(false);
        if (!this.#takes(event)) return;
        const data = event.dataTransfer;
        // Entries must be taken while the event runs; a dropped folder is only an entry, its
        // `File` in `files` has no content of its own.
        const dropped = [...(data?.items ?? [])].filter((item) => item.kind === 'file').map((item) => ({ file: item.getAsFile(), entry: item.webkitGetAsEntry?.() }));
        if (!dropped.some(({ entry }) => entry?.isDirectory)) return this.#options.onFiles([...(data?.files ?? [])]);
        const found: File[] = [];
        void (async () => {
          for (const { file, entry } of dropped) {
            if (entry?.isDirectory) await filesIn(entry as FileSystemDirectoryEntry, found);
            else if (file) found.push(file);
          }
          this.#options.onFiles(found);
        })();
      },
    ],
    [
      'paste',
      (event: ClipboardEvent) => {
        const files = [...(event.clipboardData?.files ?? [])];
        if (files.length === 0 || !this.#options.accepting()) return;
        event.preventDefault();
        this.#options.onFiles(files);
      },
    ],
  ];
}
