/** The upload request an open link is for, as `<guest-upload>` loads it: when the link opens (again), and on demand. */
import type { ReactiveControllerHost } from 'lit';
import type { ClientErrorCode } from '../../client/errors.js';
import type { LinkSession } from '../../client/link-session.js';
import { UPLOAD_ROUTES, uploadRequestViewSchema, type UploadRequestView } from '../../protocol/uploads.js';
import { errorCodeOf } from '../events/error.js';

/** What a `RequestLoader` asks its host. */
export interface RequestLoaderOptions {
  /** Another link opened: it starts a visit of its own, also one for the same request (another recipient's). */
  reset(): void;
  /** The request arrived for the session it was loaded for (it is `request` by now). */
  loaded(): void;
  /** Whether `code` ended the link (the link's own state shows it, not the request's error); see `linkEnded`. */
  linkEnded(code: ClientErrorCode): boolean;
  /** Loading failed with `code`, which shows in place of the request. */
  failed(code: ClientErrorCode): void;
}

/**
 * Loads the upload request for the link's session: once per session it follows, and again on
 * demand. An answer for a session it no longer follows is dropped. The host re-renders on each
 * change.
 *
 * @example
 * ```ts
 * readonly #loader = new RequestLoader(this, { reset, loaded, linkEnded, failed });
 * // in willUpdate:
 * this.#loader.update(this.link.state === 'ready' ? this.link.session : undefined, this.link.linkNumber);
 * ```
 */
export class RequestLoader {
  /** The request, once it arrived (until another link's visit begins). */
  request: UploadRequestView | undefined;
  /** Why loading it failed, while that shows. */
  error: ClientErrorCode | undefined;
  /** The session the request is (being) loaded for. */
  session: LinkSession | undefined;

  readonly #host: ReactiveControllerHost;
  readonly #options: RequestLoaderOptions;
  /** The link (`LinkController.linkNumber`) this visit is on. */
  #visitOf = 0;

  constructor(host: ReactiveControllerHost, options: RequestLoaderOptions) {
    this.#host = host;
    this.#options = options;
  }

  /**
   * Loads the request of `session` (the link's, once it is ready) on link `linkNumber`, when it is
   * another session than before; resolves to true when the same link opened again and its request shows.
   */
  update(session: LinkSession | undefined, linkNumber: number): Promise<boolean> | undefined {
    if (!session || session === this.session) return;
    // The same link opened again (a new one-time code after it asked for one): the visit goes on.
    const again = this.session !== undefined && this.#visitOf === linkNumber;
    if (this.session && !again) this.#options.reset();
    this.session = session;
    this.#visitOf = linkNumber;
    return this.load(session).then((loaded) => loaded && again);
  }

  /** Loads the request `session` is for; true once it is shown. */
  async load(session: LinkSession): Promise<boolean> {
    this.error = undefined;
    this.#host.requestUpdate();
    try {
      const request = await session.get(UPLOAD_ROUTES.request, uploadRequestViewSchema);
      if (session !== this.session) return false;
      this.request = request;
      this.#host.requestUpdate();
      this.#options.loaded();
      return true;
    } catch (error) {
      if (session !== this.session) return false;
      const code = errorCodeOf(error);
      if (this.#options.linkEnded(code)) return false;
      this.error = code;
      this.#host.requestUpdate();
      this.#options.failed(code);
      return false;
    }
  }
}
