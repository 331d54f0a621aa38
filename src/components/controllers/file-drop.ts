/** Files dragged onto, or pasted into, an element. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

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
 * it, and tracks `dragging` for the drop zone's look. Text pasted into a field is left alone.
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

  #carriesFiles(event: DragEvent): boolean {
    return this.#options.accepting() && (event.dataTransfer?.types.includes('Files') ?? false);
  }

  readonly #listeners: [string, (event: never) => void][] = [
    [
      'dragenter',
      (event: DragEvent) => {
        if (!this.#carriesFiles(event)) return;
        event.preventDefault();
        this.#depth++;
        this.#set(true);
      },
    ],
    [
      'dragover',
      (event: DragEvent) => {
        if (!this.#carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer!.dropEffect = 'copy';
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
        if (!this.#options.accepting()) return;
        event.preventDefault();
        this.#options.onFiles([...(event.dataTransfer?.files ?? [])]);
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
