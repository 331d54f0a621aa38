/** Opening `<guest-upload>` on an upload request seeded on the real adapter, and waiting for it. */
import { fixture, html } from '@open-wc/testing';
import type { GuestUpload } from '../../../src/components/guest-upload/guest-upload.component.js';
import '../../../src/components/guest-upload/guest-upload.js';
import { adapterClient, seedUploadRequest, type SeedUploadRequest } from '../helpers/adapter.js';
import { until, untilState } from '../helpers/widgets.js';

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
