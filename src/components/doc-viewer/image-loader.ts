/** The image document open in `<doc-viewer>`: its bytes fetched through the link's session, shown from an object URL. */
import type { ReactiveControllerHost } from 'lit';
import type { LinkSession } from '../../client/link-session.js';
import { SHARE_ROUTES, shareRoute, type SharedDocument } from '../../protocol/shares.js';

/** An image document as shown: its object URL, or that it could not be loaded. */
export interface LoadedImage {
  url: string;
  failed: boolean;
}

/**
 * Loads the image document opened in `<doc-viewer>` and keeps its object URL until the document
 * closes, which revokes it. Only the image last asked for shows: an answer that comes after
 * another document opened, or after this one closed, is dropped. The host re-renders when the image
 * arrives or fails.
 *
 * @example
 * ```ts
 * readonly #image = new ImageLoader(this, (error) => this.#reportError(error, 'document'));
 * void this.#image.load(session, document); // on opening it
 * this.#image.close(); // on closing it
 * ```
 */
export class ImageLoader {
  /** The image, once it arrived or could not be loaded; undefined while it loads, or with none open. */
  image: LoadedImage | undefined;

  readonly #host: ReactiveControllerHost;
  readonly #failed: (error: unknown) => void;
  /** Counts the loads asked for (and the closes): an answer for an older one is dropped. */
  #request = 0;

  /** @param failed - Loading the image failed with `error` (after `image` says so). */
  constructor(host: ReactiveControllerHost, failed: (error: unknown) => void) {
    this.#host = host;
    this.#failed = failed;
  }

  /** Fetches `document`'s bytes through `session` and shows them. */
  async load(session: LinkSession, document: SharedDocument): Promise<void> {
    const request = ++this.#request;
    try {
      const response = await session.raw('GET', shareRoute(SHARE_ROUTES.content, document.id));
      const blob = await response.blob();
      if (request !== this.#request) return;
      // Needs `img-src blob:` in a host page's CSP.
      this.#show({ url: URL.createObjectURL(blob), failed: false });
    } catch (error) {
      if (request !== this.#request) return;
      this.#show({ url: '', failed: true });
      this.#failed(error);
    }
  }

  /** The document closed: its object URL is revoked, and a load under way is dropped (the host re-renders as it closes the document). */
  close(): void {
    this.#request++;
    if (this.image?.url) URL.revokeObjectURL(this.image.url);
    this.image = undefined;
  }

  #show(image: LoadedImage): void {
    this.image = image;
    this.#host.requestUpdate();
  }
}
