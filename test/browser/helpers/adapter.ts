/** Browser-side helpers for the test adapter mounted by web-test-runner.config.mjs. */
import { createClient, type GuestkitClient } from '../../../src/client/client.js';
import type { OutboxMail, SeedLinkRequest, SeedLinkResponse } from '../server/test-adapter.js';

export type { OutboxMail, SeedLinkRequest, SeedLinkResponse };

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

/** A client for the real adapter served by web-test-runner. */
export function adapterClient(locale?: string): GuestkitClient {
  return createClient({ endpoint: `${location.origin}/guestkit`, ...(locale ? { locale } : {}) });
}

/** The adapter's endpoint URL. */
export const ENDPOINT = `${location.origin}/guestkit`;
