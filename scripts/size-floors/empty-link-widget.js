// A link widget with nothing of its own: client, protocol schemas, link controller, loading and
// unavailable states, styles, and the shared strings (one language per visit).
import { GuestkitLinkElement } from '../../src/components/base/guestkit-link-element.js';
import { sharedStrings } from '../../src/components/translations/shared-strings.js';

class EmptyLinkWidget extends GuestkitLinkElement {
  static translations = sharedStrings;
}
customElements.define('empty-link-widget', EmptyLinkWidget);
