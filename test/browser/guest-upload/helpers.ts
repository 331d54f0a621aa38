/** Opening `<guest-upload>` on an upload request seeded on the real adapter, and waiting for it. */
import { fixture, html } from '@open-wc/testing';
import type { GuestUpload } from '../../../src/components/guest-upload/guest-upload.component.js';
import '../../../src/components/guest-upload/guest-upload.js';
import type { GuestkitClient } from '../../../src/client/client.js';
import { adapterClient, seedUploadRequest, type SeedUploadRequest } from '../helpers/adapter.js';
import { until, untilState } from '../helpers/widgets.js';

/** Seeds an upload request and shows `<guest-upload>` for its link, ready (the request loaded). */
export async function openUpload(lang: 'de' | 'en', request: SeedUploadRequest = {}, attributes: { name?: string; required?: boolean; client?: GuestkitClient } = {}) {
  const seeded = await seedUploadRequest({ locale: lang, ...request });
  const form = await fixture<HTMLFormElement>(html`<form>
    <guest-upload
      lang=${lang}
      token=${seeded.token}
      name=${attributes.name ?? ''}
      ?required=${attributes.required ?? false}
      .client=${attributes.client ?? adapterClient(lang)}
    ></guest-upload>
  </form>`);
  const widget = form.querySelector('guest-upload') as GuestUpload;
  await untilState(widget, 'ready');
  await until(() => widget.shadowRoot!.querySelector('[part~="header"]'), 'the request to load');
  await widget.updateComplete;
  return { ...seeded, widget, form };
}

/**
 * Routes every `XMLHttpRequest` the page opens (tus-js-client's requests) through `route`, which
 * may note it and give the URL to use instead. Returns the undo.
 */
export function routeXhr(route: (method: string, url: string) => string): () => void {
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    return (open as (...args: unknown[]) => void).call(this, method, route(method, String(url)), ...(rest.length ? rest : [true]));
  } as typeof XMLHttpRequest.prototype.open;
  return () => (XMLHttpRequest.prototype.open = open);
}

/**
 * Records the `XMLHttpRequest`s the page really sends (`send()`, not just `open()`: tus-js-client
 * opens a request before its `onBeforeRequest` decides whether it goes out) as `METHOD url`.
 * Returns the list and the undo.
 */
export function recordXhrSends(): { sent: string[]; undo: () => void } {
  const sent: string[] = [];
  const opened = new WeakMap<XMLHttpRequest, string>();
  const { open, send } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    opened.set(this, `${method} ${String(url)}`);
    return (open as (...args: unknown[]) => void).call(this, method, url, ...(rest.length ? rest : [true]));
  } as typeof XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    sent.push(opened.get(this) ?? '?');
    return send.call(this, body);
  };
  return {
    sent,
    undo: () => Object.assign(XMLHttpRequest.prototype, { open, send }),
  };
}

