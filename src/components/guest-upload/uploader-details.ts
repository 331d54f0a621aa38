/** The uploader's name and e-mail, when the upload request asks for them. */
import type { ReactiveControllerHost } from 'lit';
import type { FinishUpload } from '../../protocol/upload-requests.js';
import type { UploadRequestView } from '../../protocol/uploads.js';
import type { UploaderFields } from './guest-upload.templates.js';
import type { UploadLocalize } from './translations.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * What the visitor typed into the name and e-mail fields, the messages under them, and what goes
 * with each file when it is finished. Typing into a field clears its message; the host re-renders.
 */
export class UploaderDetails {
  #name = '';
  #email = '';
  #errors: { name?: string; email?: string } = {};
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  /** The fields as the template renders them. */
  get fields(): UploaderFields {
    return {
      name: this.#name,
      email: this.#email,
      errors: this.#errors,
      onInput: (field, value) => {
        if (field === 'name') this.#name = value;
        else this.#email = value;
        this.#errors = { ...this.#errors, [field]: undefined };
        this.#host.requestUpdate();
      },
    };
  }

  /** Checks the fields `request` asks for; shows what is wrong and answers the selector of the first field to fix. */
  check(request: UploadRequestView | undefined, localize: UploadLocalize): string | undefined {
    const name = this.#name.trim();
    const email = this.#email.trim();
    const errors: { name?: string; email?: string } = {};
    if (request?.requireUploaderName && !name) errors.name = localize.t('upload.name.missing');
    if (request?.requireUploaderEmail) {
      if (!email) errors.email = localize.t('upload.email.missing');
      else if (!EMAIL.test(email)) errors.email = localize.t('upload.email.invalid');
    }
    this.#errors = errors;
    this.#host.requestUpdate();
    return errors.name ? '#gk-upload-name' : errors.email ? '#gk-upload-email' : undefined;
  }

  /** What is sent with each finished file: the fields `request` asks for, as typed (trimmed). */
  forFile(request: UploadRequestView | undefined): FinishUpload['uploader'] {
    const name = this.#name.trim();
    const email = this.#email.trim();
    const uploader = {
      ...(request?.requireUploaderName && name ? { name } : {}),
      ...(request?.requireUploaderEmail && email ? { email } : {}),
    };
    return Object.keys(uploader).length > 0 ? uploader : undefined;
  }
}
