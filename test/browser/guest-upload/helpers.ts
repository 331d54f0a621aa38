/** Opening `<guest-upload>` on an upload request seeded on the real adapter, and waiting for it. */
import { fixture, html } from '@open-wc/testing';
import type { GuestUpload } from '../../../src/components/guest-upload/guest-upload.component.js';
import '../../../src/components/guest-upload/guest-upload.js';
import { adapterClient, seedUploadRequest, type SeedUploadRequest } from '../helpers/adapter.js';
import { untilState } from '../helpers/widgets.js';

/** Polls `check` until it is truthy; rejects with `what` after `timeoutMs`. */
export async function until<T>(check: () => T, what = 'condition', timeoutMs = 5000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** All nodes in the widget's shadow root whose `part` includes `name`. */
export function parts<E extends Element = HTMLElement>(widget: Element, name: string): E[] {
  return [...widget.shadowRoot!.querySelectorAll<E>(`[part~="${name}"]`)];
}

/** The announcer's text (the polite live region). */
export function announced(widget: Element): string {
  return widget.shadowRoot!.querySelector('[part~="announcer"]')?.textContent?.trim() ?? '';
}

/** Seeds an upload request and shows `<guest-upload>` for its link, ready (the request loaded). */
export async function openUpload(lang: 'de' | 'en', request: SeedUploadRequest = {}, attributes: { name?: string; required?: boolean } = {}) {
  const seeded = await seedUploadRequest({ locale: lang, ...request });
  const form = await fixture<HTMLFormElement>(html`<form>
    <guest-upload
      lang=${lang}
      token=${seeded.token}
      name=${attributes.name ?? ''}
      ?required=${attributes.required ?? false}
      .client=${adapterClient(lang)}
    ></guest-upload>
  </form>`);
  const widget = form.querySelector('guest-upload') as GuestUpload;
  await untilState(widget, 'ready');
  await until(() => widget.shadowRoot!.querySelector('[part~="header"]'), 'the request to load');
  await widget.updateComplete;
  return { ...seeded, widget, form };
}
