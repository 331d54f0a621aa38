import { domainToUnicode } from 'node:url';
import { EMAIL_ADDRESS } from '../../protocol/email.js';

/**
 * The one form the adapter keeps an e-mail address in, so that one mailbox is one recipient, one
 * uploader folder and one key however it was typed: the part before the @ in lower case (as
 * Guestkit has always kept it), the domain as Unicode, mapped and normalised by UTS #46.
 *
 * The same address reaches the adapter in two spellings: a firm's back end sends `bo@bücher.de`,
 * while Chromium's `<input type="email">` hands over what one types there as punycode
 * (`bo@xn--bcher-kva.de`). Kept as typed, they were two recipients of one share (two mails), two
 * folders for one uploader, and a revoke by one spelling missed the other. Unicode is kept rather
 * than punycode because people read it, in the back office and in mails; nodemailer sends the
 * domain as punycode either way.
 *
 * A domain UTS #46 cannot map, or whose Unicode form the address rule refuses (an emoji
 * domain), is kept lower-cased as given. Idempotent: a canonical address maps to itself, so comparing
 * `canonicalEmail(a) === canonicalEmail(b)` also matches addresses stored before this rule.
 *
 * @example
 * ```ts
 * canonicalEmail('Bo@XN--BCHER-KVA.de'); // 'bo@bücher.de'
 * canonicalEmail('bo@BÜCHER.de'); // 'bo@bücher.de'
 * ```
 */
export function canonicalEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return address.toLowerCase();
  const local = address.slice(0, at).toLowerCase();
  const domain = address.slice(at + 1);
  const unicode = `${local}@${(domainToUnicode(domain) || domain).toLowerCase()}`;
  // Punycode can spell what the address rule takes in no other form (`xn--ls8h.la` is an emoji):
  // such a domain stays punycode, so a stored address always passes the rule again (a fresh link
  // re-checks it) and the firm can give it back as it got it.
  return EMAIL_ADDRESS.test(unicode) ? unicode : `${local}@${domain.toLowerCase()}`;
}
