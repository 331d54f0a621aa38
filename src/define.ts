/**
 * Registers every Guestkit element under its default tag. Safe to import twice.
 *
 * @example
 * ```ts
 * import 'guestkit/define';
 * ```
 */
import './components/provider/provider.js';
import './components/guest-upload/guest-upload.js';
import './components/doc-viewer/doc-viewer.js';
