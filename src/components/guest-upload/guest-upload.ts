/** Registers `<guest-upload>`. Import this module (or `guestkit/define`) for its side effect. */
import { GuestUpload } from './guest-upload.component.js';

export * from './guest-upload.component.js';

GuestUpload.define('guest-upload');

declare global {
  interface HTMLElementTagNameMap {
    'guest-upload': GuestUpload;
  }
}
