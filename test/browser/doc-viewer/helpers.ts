/** Opening `<doc-viewer>` on a share seeded on the real adapter, and waiting for what it shows. */
import { fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { DocViewer } from '../../../src/components/doc-viewer/doc-viewer.component.js';
import '../../../src/components/doc-viewer/doc-viewer.js';
import { createClient, type GuestkitClient } from '../../../src/client/client.js';
import { adapterClient, ENDPOINT, seedShare, type SeedShareRequest, type SeedShareResponse } from '../helpers/adapter.js';
import { parts, until, untilState } from '../helpers/widgets.js';

let seq = 0;

/** A fresh recipient address (unique per test run). */
export function recipient(label = 'bank'): string {
  return `${label}-${Date.now().toString(36)}-${++seq}@example.test`;
}

/** Shows `<doc-viewer>` for `token` (with `client`, else a real one for the adapter) and waits until the link is open (not the share: see `untilShare`). */
export async function showViewer(token: string, lang: 'de' | 'en', client: GuestkitClient = adapterClient(lang)): Promise<DocViewer> {
  const widget = await fixture<DocViewer>(html`<doc-viewer lang=${lang} token=${token} .client=${client}></doc-viewer>`);
  return widget;
}

/** Seeds a share with one recipient and shows `<doc-viewer>` for their link, the share loaded. */
export async function openShare(
  lang: 'de' | 'en',
  request: Partial<SeedShareRequest> = {},
  client?: GuestkitClient,
): Promise<{ widget: DocViewer; seeded: SeedShareResponse }> {
  const seeded = await seedShare({
    documents: [{ kind: 'pdf30' }, { kind: 'image' }, { kind: 'text' }],
    recipients: [{ email: recipient(), expiresInSeconds: 3600 }],
    ...request,
  });
  const widget = await showViewer(seeded.tokens[0]!, lang, client);
  await untilState(widget, 'ready');
  await until(() => widget.share, 'the share to load');
  await widget.updateComplete;
  return { widget, seeded };
}

/**
 * A real client for the adapter whose requests to a path matching `route` fail as they do offline
 * (the fetch rejects) while `network.down` is true.
 */
export function flakyClient(lang: 'de' | 'en', route: RegExp): { client: GuestkitClient; network: { down: boolean } } {
  const network = { down: false };
  const client = createClient({
    endpoint: ENDPOINT,
    locale: lang,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      return network.down && route.test(url.pathname) ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init);
    },
  });
  return { client, network };
}

/** Clicks a document's "View" button and waits until its first page (or image) is drawn. */
export async function openDocument(widget: DocViewer, index: number): Promise<void> {
  parts<HTMLButtonElement>(widget, 'document')[index]!.querySelector<HTMLButtonElement>('[part~="open"]')!.click();
  await widget.updateComplete;
}

/** Waits until the PDF's canvas shows `page`. */
export async function untilPage(widget: DocViewer, page: number, timeoutMs = 10_000): Promise<HTMLCanvasElement> {
  return until(() => {
    const canvas = widget.shadowRoot!.querySelector<HTMLCanvasElement>('[part~="canvas"]');
    return canvas?.dataset['renderedPage'] === String(page) ? canvas : undefined;
  }, `page ${page} to be drawn`, timeoutMs);
}

/** Whether a canvas has any pixel that is not (nearly) white. */
export function hasInk(canvas: HTMLCanvasElement): boolean {
  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < data.length; i += 4 * 7) {
    if (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200) return true;
  }
  return false;
}

/** Hex SHA-256 of bytes. */
export async function sha256(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes instanceof Uint8Array ? bytes.slice().buffer : bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The page's fetches of a document's bytes (`/v1/share/documents/:id/content`), from Resource Timing, oldest first. */
export function contentFetches(documentId: string): PerformanceResourceTiming[] {
  const route = `/guestkit/v1/share/documents/${documentId}/content`;
  return (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((entry) => new URL(entry.name).pathname.endsWith(route));
}

/**
 * Puts this test page in `timezoneId` (an IANA zone), as a visitor's browser there is, through the
 * `emulate-timezone` command of web-test-runner.config.mjs; without one, back to the system's zone.
 */
export async function emulateTimezone(timezoneId?: string): Promise<void> {
  await executeServerCommand('emulate-timezone', timezoneId ? { timezoneId } : {});
}
