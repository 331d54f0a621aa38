/** The uploader's name and e-mail, when the upload request asks for them. */
import type { ReactiveControllerHost } from 'lit';
import { emailAddressProblem } from '../../protocol/email.js';
import type { FinishUpload } from '../../protocol/upload-requests.js';
import type { UploadRequestView } from '../../protocol/uploads.js';
import type { UploaderFields } from './guest-upload.templates.js';

/**
 * What the visitor typed into the name and e-mail fields, the messages under them (as keys: the
 * template words them, in the language of the moment), and what goes with each file when it is
 * finished. Typing into a field clears its message; the host re-renders.
 */
export class UploaderDetails {
  #name = '';
  #email = '';
  #errors: UploaderFields['errors'] = {};
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

  /**
   * Checks the fields `request` asks for, by the adapter's own rule for an address; shows what is
   * wrong and answers the selector of the first field to fix. `refused` are the fields the adapter
   * refused all the same (`uploader.name`, `uploader.email`: a page older than its rules).
   */
  check(request: UploadRequestView | undefined, refused: readonly string[] = []): string | undefined {
    const name = this.#name.trim();
    const email = this.#email.trim();
    const errors: UploaderFields['errors'] = {};
    if (request?.requireUploaderName) {
      if (!name) errors.name = 'upload.name.missing';
      else if (refused.includes('uploader.name')) errors.name = 'upload.name.invalid';
    }
    if (request?.requireUploaderEmail) {
      const problem = email ? (emailAddressProblem(email) ?? (refused.includes('uploader.email') ? 'invalid' : undefined)) : 'missing';
      if (problem) errors.email = problem === 'non_ascii_mailbox' ? 'upload.email.nonAscii' : `upload.email.${problem}`;
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
