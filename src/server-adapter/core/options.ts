/** Options of `createGuestkit`, and the resolved runtime every service shares. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlobStore } from '../blob/types.js';
import { noopScanner, type Scanner } from '../uploads/scanner.js';
import type { Mailer } from '../mail/types.js';
import type { Store } from '../store/types.js';
import type { AuditEventRecord } from '../store/types.js';

/** Per-IP, per-token and per-link limits. Each is "at most N in any window of its length" (a sliding window). */
export interface RateLimits {
  /** Session exchanges per client IP per minute (default 60). */
  exchangePerIpPerMinute: number;
  /** Session exchanges per link token per minute (default 20). */
  exchangePerTokenPerMinute: number;
  /**
   * Session exchanges per link token per hour (default 120: a page load opens the link once; each
   * exchange is a session row, so 20 a minute alone would let one link write 1 200 an hour).
   */
  exchangePerTokenPerHour: number;
  /** Wrong access codes or one-time codes per link per 15 minutes (default 5); right ones do not count. */
  stepUpFailuresPerLink: number;
  /**
   * Wrong access codes or one-time codes per link per 24 hours (default 20), besides the 15-minute
   * limit; right codes do not count. Still 7 320 guesses over a link's longest life (366 days): a
   * 4-digit code would be found with a chance of 73 %, so give long-lived links longer codes.
   */
  stepUpFailuresPerLinkPerDay: number;
  /**
   * Wrong access codes per code per 24 hours, across every link that carries it — one share's
   * recipients (default twice `stepUpFailuresPerLinkPerDay`, 40): someone holding several of them
   * gets no more guesses at the code than this, and one link's day spent leaves the others room.
   */
  stepUpFailuresPerCodePerDay: number;
  /** One-time codes mailed per link per hour (default 5). */
  otpMailsPerLinkPerHour: number;
  /** Fresh links mailed per link per hour (default 3). */
  freshLinksPerLinkPerHour: number;
  /** Fresh-link requests per client IP per hour (default 20). */
  freshLinksPerIpPerHour: number;
  /**
   * Session refreshes per link per hour (default 120 with 15-minute sessions: a tab refreshes about
   * 4 times an hour, so some 30 tabs fit; with shorter `sessionTtlSeconds` the default grows to
   * keep that room, and a value given here is taken as it is). Each refresh is a session row.
   */
  sessionRefreshesPerLinkPerHour: number;
  /** Share downloads per link per hour (default 300; each is an audit event, and a recipient downloads each document a few times). */
  downloadsPerLinkPerHour: number;
  /** Reports of what a share's recipient viewed (documents, pages) per link per hour (default 600; each is an audit event). */
  viewReportsPerLinkPerHour: number;
  /** Uploads begun (tus creations) per upload link per hour (default 1000: twice the most files a request may take, `maxFiles` ≤ 500). */
  uploadsPerLinkPerHour: number;
  /**
   * Well-formed link tokens no link has, from all clients together per minute, at which the
   * logger warns once (default 100): nobody guesses a 256-bit token, so a burst means someone is
   * trying (SECURITY.md R11).
   */
  unknownTokensAlertPerMinute: number;
}

/** A structured logger. It is never given a token, a code or a session id. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Options for `createGuestkit`. */
export interface GuestkitOptions {
  /** Links, sessions, resources, audit. */
  store: Store;
  /** File content (documents, uploads). Optional until a widget needs it. */
  blobs?: BlobStore;
  /** Sends links, one-time codes and notifications. */
  mailer: Mailer;
  /** Path the handler is mounted at (default `/guestkit`). */
  basePath?: string;
  /** Milliseconds since the epoch; the server clock is the only clock (default `Date.now`). */
  now?: () => number;
  /** Lifetime of a bearer session in seconds (default 900, 60 to 28 800, never beyond the link's expiry). */
  sessionTtlSeconds?: number;
  /**
   * How long a link's sessions may be refreshed after it was opened, in seconds (default and at
   * most 28 800: 8 hours; at least `sessionTtlSeconds`). Then the widget opens the link anew —
   * with a new one-time code, where the link asks for one — so a session token that leaks is
   * worth this long at most, never the link's lifetime.
   */
  sessionMaxSeconds?: number;
  /** Lifetime of a mailed one-time code in seconds (default 600). */
  otpTtlSeconds?: number;
  /** Overrides of the default rate limits. */
  rateLimits?: Partial<RateLimits>;
  /** Where request logs go (default: none). */
  logger?: Logger;
  /** Folder for uploads still in progress (tus); keep it across restarts so uploads resume (default: a folder in the OS temp dir). */
  uploadDirectory?: string;
  /**
   * Scans every received file. Default: `noopScanner()`, which calls everything clean; the logger
   * warns about it once, when the adapter is made.
   */
  scanner?: Scanner;
  /**
   * How long an upload that was begun but not finished is kept, in seconds (default 86 400: a
   * day). After that its bytes are swept and it no longer counts against the request's `maxFiles`.
   */
  incompleteUploadTtlSeconds?: number;
  /**
   * How often, in seconds, `init()`'s timer sweeps expired incomplete uploads and prunes dead rows
   * (default 3 600; `0` turns the timer off, for hosts that run `gk.uploads.sweep()` from their own
   * scheduler).
   * The timer does not keep the process alive, and `close()` stops it.
   */
  sweepIntervalSeconds?: number;
  /**
   * How long, in seconds, a request may hold its Idempotency-Key without a sign of life before a
   * retry may take the key over (default 300). A running request renews its hold every fifth of
   * this, so only a request whose process stopped is ever taken over.
   */
  idempotencyLeaseSeconds?: number;
  /**
   * How long, in seconds, finishing an upload waits for the scanner before it answers with the
   * file `pending` (default 20, below the client's 30-second request timeout). The scan goes on
   * in the background and settles the file when it answers; the file is not served meanwhile.
   */
  scanWaitSeconds?: number;
}

/** Listener for audit events as they are written. */
export type AuditListener = (event: AuditEventRecord) => void;

/** What every service of one Guestkit instance shares. */
export interface Runtime {
  store: Store;
  blobs: BlobStore | undefined;
  mailer: Mailer;
  basePath: string;
  now: () => number;
  sessionTtlSeconds: number;
  /** A session chain's absolute lifetime (milliseconds). */
  sessionMaxMs: number;
  otpTtlSeconds: number;
  limits: RateLimits;
  logger: Logger | undefined;
  uploadDirectory: string;
  scanner: Scanner;
  /** Incomplete uploads older than this are swept and stop counting (milliseconds). */
  incompleteUploadTtlMs: number;
  /** Period of the sweep timer in milliseconds; 0 = no timer. */
  sweepIntervalMs: number;
  /** See `GuestkitOptions.idempotencyLeaseSeconds` (milliseconds). */
  idempotencyLeaseMs: number;
  /** See `GuestkitOptions.scanWaitSeconds` (milliseconds). */
  scanWaitMs: number;
  /** Work that outlives the request that started it (a scan answered `pending`): `close()` waits for it. */
  background: Set<Promise<unknown>>;
  listeners: Map<string, Set<AuditListener>>;
}

/** Default rate limits. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  exchangePerIpPerMinute: 60,
  exchangePerTokenPerMinute: 20,
  exchangePerTokenPerHour: 120,
  stepUpFailuresPerLink: 5,
  stepUpFailuresPerLinkPerDay: 20,
  stepUpFailuresPerCodePerDay: 40,
  otpMailsPerLinkPerHour: 5,
  freshLinksPerLinkPerHour: 3,
  freshLinksPerIpPerHour: 20,
  sessionRefreshesPerLinkPerHour: 120,
  downloadsPerLinkPerHour: 300,
  viewReportsPerLinkPerHour: 600,
  uploadsPerLinkPerHour: 1000,
  unknownTokensAlertPerMinute: 100,
};

/** The longest period `setInterval` keeps (2³¹−1 ms, about 24.8 days); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A session chain's longest life: 8 hours (SECURITY.md R14, OWASP's absolute timeout). */
const MAX_SESSION_SECONDS = 8 * 3600;

/** `value` seconds as milliseconds, or a `TypeError` naming `option` when it is not a number in range. */
function seconds(option: string, value: number, { min, max }: { min: number; max: number }): number {
  const ms = value * 1000;
  if (!Number.isFinite(ms) || ms < min || ms > max) throw new TypeError(`${option} must be a number of seconds from ${min / 1000} to ${max / 1000}, not ${value}`);
  return ms;
}

/**
 * `logger` made safe to call: a log sink that throws (a full disk, a closed stream) never fails
 * the request or the action that logs — the first failure is said once on stderr, the rest dropped
 * (SECURITY.md R69).
 */
function safeLogger(logger: Logger): Logger {
  let said = false;
  const guard =
    (level: keyof Logger) =>
    (message: string, fields?: Record<string, unknown>): void => {
      const failed = (error: unknown): void => {
        if (!said) console.error(`guestkit: the logger failed, log lines are dropped: ${String(error)}`);
        said = true;
      };
      try {
        // A logger typed as sync may still be an async function: its rejection is caught too.
        const result: unknown = logger[level](message, fields);
        if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') (result as PromiseLike<unknown>).then(undefined, failed);
      } catch (error) {
        failed(error);
      }
    };
  return { info: guard('info'), warn: guard('warn'), error: guard('error') };
}

/** The client renews a session in its last 30 seconds. */
const RENEW_MARGIN_MS = 30_000;

/** The default refresh limit for sessions of `sessionTtlMs`: as many tabs fit as the default fits with 15-minute sessions. */
function refreshesPerLinkPerHour(sessionTtlMs: number): number {
  const { sessionRefreshesPerLinkPerHour: standard } = DEFAULT_RATE_LIMITS;
  // A tab refreshes once every `sessionTtlMs - RENEW_MARGIN_MS`.
  return Math.max(standard, Math.ceil((standard * (15 * 60_000 - RENEW_MARGIN_MS)) / (sessionTtlMs - RENEW_MARGIN_MS)));
}

/**
 * The rate limits: the defaults, those that follow other options, then the ones given. A limit
 * given as `undefined` keeps its default (an unset environment variable must not switch a limit
 * off); any other value must be a whole number of at least 1, else a `TypeError` names it.
 */
function resolveLimits(sessionTtlMs: number, given: Partial<RateLimits> = {}): RateLimits {
  const set = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as Partial<RateLimits>;
  for (const [name, value] of Object.entries(set)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`rateLimits.${name} must be a whole number of at least 1, not ${String(value)}`);
  }
  return {
    ...DEFAULT_RATE_LIMITS,
    sessionRefreshesPerLinkPerHour: refreshesPerLinkPerHour(sessionTtlMs),
    stepUpFailuresPerCodePerDay: 2 * (set.stepUpFailuresPerLinkPerDay ?? DEFAULT_RATE_LIMITS.stepUpFailuresPerLinkPerDay),
    ...set,
  };
}

/** Resolves options into the shared runtime. */
export function resolveRuntime(options: GuestkitOptions): Runtime {
  // Checked on its own first, so a too-long value is named rather than blamed on sessionMaxSeconds.
  // At least a minute: the client renews a session in its last 30 seconds.
  const sessionTtlMs = seconds('sessionTtlSeconds', options.sessionTtlSeconds ?? 900, { min: 60_000, max: MAX_SESSION_SECONDS * 1000 });
  const logger = options.logger && safeLogger(options.logger);
  // The default scanner fails open: every file counts as clean. Fine for a demo, not for a firm,
  // so whoever runs it is told once, at start.
  if (!options.scanner) logger?.warn('no scanner configured: received files count as clean without a scan (pass options.scanner)');
  return {
    store: options.store,
    blobs: options.blobs,
    mailer: options.mailer,
    basePath: (options.basePath ?? '/guestkit').replace(/\/+$/, ''),
    now: options.now ?? Date.now,
    sessionTtlSeconds: sessionTtlMs / 1000,
    sessionMaxMs: seconds('sessionMaxSeconds', options.sessionMaxSeconds ?? MAX_SESSION_SECONDS, { min: sessionTtlMs, max: MAX_SESSION_SECONDS * 1000 }),
    otpTtlSeconds: options.otpTtlSeconds ?? 600,
    limits: resolveLimits(sessionTtlMs, options.rateLimits),
    logger,
    uploadDirectory: options.uploadDirectory ?? join(tmpdir(), `guestkit-uploads-${process.pid}`),
    scanner: options.scanner ?? noopScanner(),
    // 0 would mean "never expires" to tus and "never counts" to maxFiles: refused.
    incompleteUploadTtlMs: seconds('incompleteUploadTtlSeconds', options.incompleteUploadTtlSeconds ?? 86_400, { min: 1000, max: Number.MAX_SAFE_INTEGER }),
    sweepIntervalMs: seconds('sweepIntervalSeconds', options.sweepIntervalSeconds ?? 3_600, { min: 0, max: MAX_TIMER_MS }),
    idempotencyLeaseMs: seconds('idempotencyLeaseSeconds', options.idempotencyLeaseSeconds ?? 300, { min: 1000, max: MAX_TIMER_MS }),
    scanWaitMs: seconds('scanWaitSeconds', options.scanWaitSeconds ?? 20, { min: 0, max: MAX_TIMER_MS }),
    background: new Set(),
    listeners: new Map(),
  };
}

/**
 * Runs `work` past the request that started it: errors are logged as `what`, and `close()` waits
 * for it (see `BACKGROUND_CLOSE_WAIT_MS`) before it closes the store.
 */
export function inBackground(runtime: Runtime, what: string, work: Promise<unknown>, fields: Record<string, unknown> = {}): void {
  const running: Promise<unknown> = work
    .catch((error: unknown) => runtime.logger?.error(what, { ...fields, error: String(error) }))
    .finally(() => runtime.background.delete(running));
  runtime.background.add(running);
}

/** How long `close()` waits for background work (a scanner that never answers must not hold a shutdown). */
export const BACKGROUND_CLOSE_WAIT_MS = 10_000;

/** ISO-8601 UTC string for the runtime's current time (plus `offsetMs`). */
export function isoNow(runtime: Runtime, offsetMs = 0): string {
  return new Date(runtime.now() + offsetMs).toISOString();
}
