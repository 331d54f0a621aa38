/**
 * Stand-in for the `url-parse` package in Guestkit's own browser bundles (`cdn/guestkit.js`, the
 * size builds, the demo and the browser tests).
 *
 * tus-js-client 4 (`lib.esm/upload.js`) imports `url-parse` for one line only:
 * `new URL(link, origin).toString()` in `resolveUrl`, which resolves the `Location` header of
 * the upload-creating `POST` against the upload endpoint. url-parse (with `querystringify` and
 * `requires-port`) is a CommonJS parser written before every browser had a WHATWG `URL`
 * (≈ 2.1 KiB gzip in `<guest-upload>`'s bundle); the platform's `URL` does the same job. The
 * build aliases the bare import `url-parse` (imported from tus-js-client) to this file; see
 * `tusShims()` in `rollup.config.mjs` and docs/guest-upload.md, "Smaller tus dependencies".
 *
 * Only construction and `toString()` exist here. Nothing else in the bundle may import `url-parse`.
 *
 * @module
 */

/**
 * Stands in for the page's URL where there is no page (Node, the tests): the `.invalid` TLD
 * never resolves, and a result on this origin is returned as a path, never with this host.
 */
const PLACEHOLDER = 'https://placeholder.invalid/';

/**
 * What a relative URL in an `XMLHttpRequest` is resolved against: the document's base URL, a
 * worker's location, else {@link PLACEHOLDER}.
 */
function pageUrl(): string {
  return globalThis.document?.baseURI ?? globalThis.location?.href ?? PLACEHOLDER;
}

/**
 * Resolves `link` against `base`; the rules are on {@link UrlParse}.
 *
 * @param link - The `Location` header's value.
 * @param base - The upload endpoint (absolute, or relative to the page).
 * @returns The resolved URL, or `link` unchanged if the platform cannot parse it.
 */
function resolveLocation(link: string, base: string | undefined): string {
  try {
    try {
      // An absolute link needs no base (url-parse ignores the base then, too).
      return new URL(link).href;
    } catch {
      // relative: resolved below
    }
    let relativeBase = false;
    let absoluteBase: URL;
    try {
      absoluteBase = new URL(base ?? '');
    } catch {
      // A relative endpoint (`/guestkit/v1/upload/tus`): url-parse resolves against it without
      // ever making the result absolute; the request then resolves it against the page.
      absoluteBase = new URL(base ?? '', pageUrl());
      relativeBase = true;
    }
    // url-parse inherits neither the endpoint's query and fragment nor its user name and password.
    absoluteBase.search = absoluteBase.hash = absoluteBase.username = absoluteBase.password = '';
    const url = new URL(link, absoluteBase);
    if (!relativeBase) return url.href;
    if (url.origin === new URL(pageUrl()).origin) return url.pathname + url.search + url.hash;
    // Another host (a protocol-relative link or endpoint): keep the page's scheme, as `//host/…`.
    return url.href.slice(url.protocol.length);
  } catch {
    // The platform's URL throws where url-parse returns something half-parsed (`http://exa mple/`,
    // `http://[::1`): tus then requests `link` as written and reports the request's failure.
    return link;
  }
}

/**
 * The part of url-parse's `Url` constructor that tus-js-client uses:
 * `new URL(link, origin).toString()`, built on the platform's WHATWG `URL`.
 *
 * Results, compared with url-parse 1.5 (`test/node/tus-shims.test.ts` pins them):
 * - Absolute endpoint (`https://files.example:8443/tus`) — absolute, path-absolute (`/v1/tus/abc`),
 *   path-relative (`abc`, `../abc`) and protocol-relative (`//host/x`) links, with query strings
 *   and fragments: the same absolute URL as url-parse (default ports dropped, scheme and host in
 *   lower case; the endpoint's query, fragment, user name and password not carried over). The
 *   string can differ only where `URL` normalises and url-parse does not: it percent-encodes
 *   spaces and non-ASCII characters and removes `.`/`..` segments of absolute and path-absolute
 *   links. The request goes to the same resource either way: the browser applies the same
 *   normalisation when it sends url-parse's string.
 * - Relative endpoint (`/guestkit/v1/upload/tus`, what `<guest-upload>` uses with a relative
 *   `client.endpoint`) with a path-absolute link (Guestkit's adapter sends
 *   `Location: /guestkit/v1/upload/tus/<id>`): the same path as url-parse, still relative to the page.
 * - Relative endpoint with a path-relative link, or a protocol-relative endpoint
 *   (`//files.example/tus`): resolved against the endpoint as RFC 3986 and the tus protocol say.
 *   url-parse gets these wrong (it leaves `abc` unresolved, so the browser resolves it against
 *   the page; it drops the endpoint's host), so here the shim deliberately differs.
 * - A link or endpoint the platform's `URL` cannot parse (`http://exa mple/`, `http://[::1`):
 *   url-parse returns a best-effort string, `URL` throws; the shim never throws but returns the
 *   link unchanged, so tus requests it as written and a failure is an ordinary request error
 *   (retried, then reported as `network_error`), as it would be with url-parse's string.
 *
 * @example
 * ```ts
 * new UrlParse('/v1/tus/abc?x=1', 'https://files.example/v1/tus').toString();
 * // 'https://files.example/v1/tus/abc?x=1'
 * ```
 */
export default class UrlParse {
  /** The resolved URL (also what `toString()` returns). */
  readonly href: string;

  /**
   * @param address - The URL to resolve (tus passes the `Location` header's value).
   * @param location - What to resolve it against (tus passes the upload endpoint).
   */
  constructor(address: string, location?: string) {
    this.href = resolveLocation(String(address), location === undefined ? undefined : String(location));
  }

  /** @returns The resolved URL. */
  toString(): string {
    return this.href;
  }
}
