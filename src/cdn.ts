/**
 * The CDN bundle's entry (`cdn/guestkit.js`): one self-registering module for
 * `<script type="module" src=".../guestkit.js">` that also exports the public API.
 */
export * from './index.js';
import './define.js';
