/** Browser-side helpers for the test adapter mounted by web-test-runner.config.mjs. */
import { createClient, type GuestkitClient } from '../../../src/client/client.js';
import type { RecipientActivityRecord } from '../../../src/server-adapter/shares/shares.js';
import type {
  OutboxMail,
  SeedLinkRequest,
  SeedLinkResponse,
  SeedShareRequest,
  SeedShareResponse,
  SeedUploadRequest,
  SeedUploadResponse,
  StandbyState,
  StoredUploadedFile,
} from '../server/test-adapter.js';

export type { OutboxMail, SeedLinkRequest, SeedLinkResponse, SeedShareRequest, SeedShareResponse, SeedUploadRequest, SeedUploadResponse, StandbyState, StoredUploadedFile };

/** Creates a link on the real adapter. */
export async function seedLink(request: SeedLinkRequest = {}): Promise<SeedLinkResponse> {
  const response = await fetch('/__test/links', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as SeedLinkResponse;
}

/** Creates an upload request (and its `upload` link) on the real adapter. */
export async function seedUploadRequest(request: SeedUploadRequest = {}): Promise<SeedUploadResponse> {
  const response = await fetch('/__test/upload-requests', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as SeedUploadResponse;
}

/** Shares real documents (a 30-page PDF, a PNG, a text file) with recipients on the real adapter. */
export async function seedShare(request: SeedShareRequest): Promise<SeedShareResponse> {
  const response = await fetch('/__test/shares', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as SeedShareResponse;
}

/** Deactivates an upload request as the firm's back office does: closed, its links revoked. */
export async function deactivateUploadRequest(requestId: string): Promise<void> {
  const response = await fetch(`/__test/upload-requests/${requestId}/deactivate`, { method: 'POST' });
  if (!response.ok) throw new Error(`deactivating failed: ${response.status} ${await response.text()}`);
}

/** Ends one recipient's access to a share at once, as the firm's back office does (`gk.shares.revokeRecipient`). */
export async function revokeShareRecipient(shareId: string, email: string): Promise<void> {
  const response = await fetch(`/__test/shares/${encodeURIComponent(shareId)}/recipients/${encodeURIComponent(email)}/revoke`, { method: 'POST' });
  if (!response.ok) throw new Error(`revoking failed: ${response.status} ${await response.text()}`);
}

/** Moves the server clock forward (links made before then may expire). */
export async function advanceServerClock(seconds: number): Promise<void> {
  await fetch('/__test/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: seconds }) });
}

/** The files the firm has for an upload request, each with the SHA-256 of its stored bytes. */
export async function storedFiles(requestId: string): Promise<StoredUploadedFile[]> {
  const response = await fetch(`/__test/upload-requests/${encodeURIComponent(requestId)}/files`);
  if (!response.ok) throw new Error(`listing failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as StoredUploadedFile[];
}

/** How many tus uploads of the request are begun and neither finished nor closed (they hold `maxFiles` slots). */
export async function openUploads(requestId: string): Promise<number> {
  const response = await fetch(`/__test/upload-requests/${encodeURIComponent(requestId)}/open-uploads`);
  if (!response.ok) throw new Error(`listing failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { open: number }).open;
}

/** What each recipient of a share did (`gk.shares.activity`). */
export async function shareActivity(shareId: string): Promise<RecipientActivityRecord[]> {
  const response = await fetch(`/__test/shares/${encodeURIComponent(shareId)}/activity`);
  if (!response.ok) throw new Error(`activity failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as RecipientActivityRecord[];
}

/** The mails sent to `to`, oldest first. */
export async function outbox(to: string): Promise<OutboxMail[]> {
  const response = await fetch(`/__test/outbox?to=${encodeURIComponent(to)}`);
  return (await response.json()) as OutboxMail[];
}

/** Polls the outbox until a mail to `to` matches `pattern`; returns the first capture group (or the match). */
export async function waitForMail(to: string, pattern: RegExp, timeoutMs = 4000): Promise<{ mail: OutboxMail; match: string }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const mail of (await outbox(to)).reverse()) {
      const found = pattern.exec(mail.text);
      if (found) return { mail, match: found[1] ?? found[0] };
    }
    if (Date.now() > until) throw new Error(`no mail to ${to} matching ${pattern}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The adapter's endpoint URL. */
export const ENDPOINT = `${location.origin}/guestkit`;
/** The real adapter, but every request waits for {@link releaseSlow}. */
export const SLOW_ENDPOINT = `${location.origin}/slow/guestkit`;
/** The real adapter, which does the work of every request at once but holds the answer until {@link releaseSlow}. */
export const LOST_ENDPOINT = `${location.origin}/lost/guestkit`;
/** An adapter that answers every request `401 session_invalid`. */
export const SESSION_LOST_ENDPOINT = `${location.origin}/session-lost/guestkit`;
/** An adapter that answers every request with `503 unavailable` (problem+json, `Retry-After`). */
export const BROKEN_ENDPOINT = `${location.origin}/broken/guestkit`;
/** The same adapter reached from another origin (127.0.0.1 instead of localhost): CORS applies. */
export const OTHER_ORIGIN_ENDPOINT = `${location.protocol}//127.0.0.1:${location.port}/guestkit`;

/** A real client for `endpoint` (default: the real adapter served by web-test-runner). */
export function adapterClient(locale?: string, endpoint = ENDPOINT): GuestkitClient {
  return createClient({ endpoint, ...(locale ? { locale } : {}) });
}

/** Lets the requests (and answers) held by the slow and lost adapters through (waiting for one if none has arrived yet). */
export async function releaseSlow(): Promise<number> {
  const response = await fetch('/__test/release', { method: 'POST' });
  return ((await response.json()) as { released: number }).released;
}

/** The standby adapter (its own server on a loopback port): where it is and whether it listens. */
export async function standby(up?: boolean): Promise<StandbyState> {
  const response = await fetch('/__test/standby', {
    method: up === undefined ? 'GET' : 'POST',
    ...(up === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ up }) }),
  });
  return (await response.json()) as StandbyState;
}

performance.setResourceTimingBufferSize(10_000);

/**
 * The URLs this page has fetched that start with `prefix`, from Resource Timing: what really went
 * over the network. `performance.clearResourceTimings()` starts a new count.
 */
export function requestsTo(prefix: string): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((url) => url.startsWith(prefix));
}

/** Waits until exactly `count` requests to `prefix` have finished (Resource Timing lags a response by a tick). */
export async function untilRequests(prefix: string, count: number, timeoutMs = 2000): Promise<string[]> {
  const until = Date.now() + timeoutMs;
  while (requestsTo(prefix).length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  return requestsTo(prefix);
}
