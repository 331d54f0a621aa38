/** Registers `<doc-viewer>`. Import this module (or `guestkit/define`) for its side effect. */
import { DocViewer } from './doc-viewer.component.js';

export * from './doc-viewer.component.js';

DocViewer.define('doc-viewer');

declare global {
  interface HTMLElementTagNameMap {
    'doc-viewer': DocViewer;
  }
}
