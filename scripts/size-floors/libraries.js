// Lit + ky + zod/mini, used the way a widget uses them, and nothing of Guestkit's.
import { LitElement, html } from 'lit';
import ky from 'ky';
import * as z from 'zod/mini';

const api = ky.create({ prefixUrl: location.origin, retry: 2 });
const answer = z.object({ id: z.string(), expiresAt: z.string(), size: z.optional(z.number()) });

export class Floor extends LitElement {
  static properties = { name: {} };
  render() {
    return html`<p>${this.name}</p>`;
  }
  async load() {
    this.name = answer.parse(await api.get('x').json()).id;
  }
}
customElements.define('size-floor', Floor);
