/** Opening `<guest-upload>` on an upload request seeded on the real adapter, and waiting for it. */
import { fixture, html } from '@open-wc/testing';
import type { GuestUpload } from '../../../src/components/guest-upload/guest-upload.component.js';
import '../../../src/components/guest-upload/guest-upload.js';
import type { GuestkitClient } from '../../../src/client/client.js';
import { adapterClient, seedUploadRequest, type SeedUploadRequest } from '../helpers/adapter.js';
import { dropFiles, randomFile } from '../helpers/files.js';
import { part, parts, until, untilState } from '../helpers/widgets.js';

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
 * Drags `files` onto `target` and drops them: what the widget told the drag (`dropEffect`: the last
 * value it set, `'unset'` if none), and whether the drop was kept from the browser.
 */
export function drag(target: Element, files: File[]): { dropEffect: string; dropPrevented: boolean } {
  const data = new DataTransfer();
  for (const file of files) data.items.add(file);
  // Chromium ignores writes to a script-made DataTransfer's dropEffect (it stays 'none'): what the
  // widget sets is recorded instead, so a drag it takes ('copy') tells from one it refuses.
  let told = 'unset';
  Object.defineProperty(data, 'dropEffect', { get: () => told, set: (value: string) => (told = value) });
  const init = { bubbles: true, composed: true, cancelable: true, dataTransfer: data };
  target.dispatchEvent(new DragEvent('dragenter', init));
  target.dispatchEvent(new DragEvent('dragover', init));
  const dropEffect = data.dropEffect;
  const drop = new DragEvent('drop', init);
  target.dispatchEvent(drop);
  return { dropEffect, dropPrevented: drop.defaultPrevented };
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


/** One tus request the page sent, and (once it settled) how the server answered it. */
export interface SentTusRequest {
  method: string;
  url: string;
  /** The `Upload-Offset` the request claimed (a `PATCH`: where its bytes go). */
  offset: number | undefined;
  /** The size of its body: the bytes it sent. */
  bytes: number;
  /** The answer's status, once settled (`0`: no answer, the connection failed). */
  status?: number;
  /** The `Upload-Offset` the server answered (a `HEAD`: how much it has). */
  serverOffset?: number | undefined;
}

/**
 * Records the `XMLHttpRequest`s the page sends (tus-js-client's requests): method, URL as opened,
 * the `Upload-Offset` header, the body's size, and the answer's status and `Upload-Offset`.
 * Returns the list (it fills as requests go and settle) and the undo.
 */
export function recordTusRequests(): { requests: SentTusRequest[]; undo: () => void } {
  const requests: SentTusRequest[] = [];
  const pending = new WeakMap<XMLHttpRequest, SentTusRequest>();
  const { open, send, setRequestHeader } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    pending.set(this, { method, url: String(url), offset: undefined, bytes: 0 });
    return (open as (...args: unknown[]) => void).call(this, method, url, ...(rest.length ? rest : [true]));
  } as typeof XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
    const request = pending.get(this);
    if (request && name.toLowerCase() === 'upload-offset') request.offset = Number(value);
    return setRequestHeader.call(this, name, value);
  };
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const request = pending.get(this);
    if (request) {
      request.bytes = body instanceof Blob ? body.size : body instanceof ArrayBuffer || ArrayBuffer.isView(body) ? body.byteLength : 0;
      requests.push(request);
      this.addEventListener('loadend', () => {
        request.status = this.status;
        const offset = this.status ? this.getResponseHeader('Upload-Offset') : null;
        request.serverOffset = offset === null ? undefined : Number(offset);
      });
    }
    return send.call(this, body);
  };
  return {
    requests,
    undo: () => Object.assign(XMLHttpRequest.prototype, { open, send, setRequestHeader }),
  };
}

/**
 * Opens a new upload request's link, starts uploading a 24 MiB PDF and "reloads" (removes the
 * widget) once 8 MiB have gone up. Answers the link, the file, and its entry in `localStorage`.
 */
export async function interruptedUpload(lang: 'de' | 'en', name = 'Jahresabschluss 2025.pdf') {
  const first = await openUpload(lang);
  const file = randomFile(24 * 1024 * 1024 + 7, name, 'application/pdf', new TextEncoder().encode('%PDF-1.7\n'));
  first.widget.addEventListener('gk-upload-progress', (event) => {
    if (event.bytesUploaded >= 8 * 1024 * 1024 && first.widget.isConnected) first.widget.remove();
  });
  dropFiles(part(first.widget, 'dropzone'), [file]);
  await until(() => parts(first.widget, 'file').length === 1, 'the file');
  part<HTMLButtonElement>(first.widget, 'upload-button').click();
  await until(() => !first.widget.isConnected, 'the first two chunks', 20_000);
  const key = Object.keys(localStorage).find((each) => each.startsWith(`tus::guestkit/${first.requestId}/`))!;
  const entry = JSON.parse(localStorage.getItem(key)!) as { uploadUrl: string };
  return { ...first, file, key, uploadUrl: entry.uploadUrl };
}
