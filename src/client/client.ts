/** The public (visitor-side) client: what widgets and scripts use to act on a link. */
import { ROUTES } from '../protocol/routes.js';
import { acceptedSchema } from '../protocol/session.js';
import { parseToken, LINK_KINDS } from '../protocol/token-format.js';
import { GuestkitApiError } from './errors.js';
import { createHttp, type HttpOptions, type Http } from './http.js';
import { openLinkSession, type LinkSession, type StepUpAnswer } from './link-session.js';

/** Options for `createClient`. */
export type ClientOptions = HttpOptions;

/** The visitor-side client. */
export interface GuestkitClient {
  /** The adapter's base URL. */
  readonly endpoint: string;
  /** The HTTP layer, for widgets that need routes this client has no method for. */
  readonly http: Http;
  /**
   * Exchanges a link token for a session. Rejects with a `GuestkitApiError` whose `code` tells
   * the widget which state to show: `link_expired`, `link_revoked`, `access_code_required`,
   * `otp_required`, `rate_limited`, …
   */
  openLink(token: string, stepUp?: StepUpAnswer): Promise<LinkSession>;
  /** Asks for a one-time code to be mailed to the link's recipient. */
  requestOtp(token: string): Promise<void>;
  /** "Send me a fresh link": mails a new link to the recipient's own address (never to one typed here). */
  requestFreshLink(token: string): Promise<void>;
}

function assertLinkToken(token: string, locale: string | undefined): void {
  const parsed = parseToken(token);
  if (!parsed || !(LINK_KINDS as readonly string[]).includes(parsed.kind)) {
    // Same answer the server gives (in its two languages), without a round trip.
    const title = locale?.toLowerCase().startsWith('de') ? 'Dieser Link ist ungültig.' : 'This link is not valid.';
    throw new GuestkitApiError({ type: 'about:blank', title, status: 404, code: 'invalid_token' }, 404);
  }
}

/**
 * Creates a client for one Guestkit adapter. Works in browsers and in Node ≥ 20.
 *
 * @example
 * ```ts
 * const client = createClient({ endpoint: 'https://api.firm.example/guestkit' });
 * const link = await client.openLink(tokenFromFragment);
 * link.session.scope.kind; // 'upload'
 * ```
 */
export function createClient(options: ClientOptions): GuestkitClient {
  const http = createHttp(options);
  return {
    endpoint: http.endpoint,
    http,
    async openLink(token, stepUp) {
      assertLinkToken(token, http.locale());
      return openLinkSession(http, token, stepUp);
    },
    async requestOtp(token) {
      assertLinkToken(token, http.locale());
      await http.call('POST', ROUTES.requestOtp.path, acceptedSchema, { json: { token } });
    },
    async requestFreshLink(token) {
      assertLinkToken(token, http.locale());
      await http.call('POST', ROUTES.requestFreshLink.path, acceptedSchema, { json: { token } });
    },
  };
}
