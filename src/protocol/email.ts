/**
 * The e-mail addresses Guestkit takes: one rule for every schema that carries an address (link
 * recipients, the uploader's details, staff, notified people) and for the widgets' fields, so a
 * field never lets through an address the adapter then refuses.
 *
 * What the mail path can deliver decides it. A domain may be internationalised (`bo@bücher.de`):
 * nodemailer sends it as punycode (`bo@xn--bcher-kva.de`), plain ASCII every relay takes. The part
 * before the @ may not: `müller@firma.de` travels only with SMTPUTF8 (RFC 6531), which the firm's
 * relay and every server after it would have to offer — nodemailer sends it without when they
 * don't, and Guestkit cannot know. Such an address is refused, with a message of its own.
 */
import { z } from './zod.js';

/**
 * An address Guestkit takes. Before the @: zod's default rule (letters, digits, `_ ' + -`, dots
 * between them, no `'` last), ASCII only. After it: dot-separated labels of letters, marks, digits
 * and hyphens (any script) ending in a top-level domain of at least two letters, or a punycode one.
 *
 * @example
 * ```ts
 * EMAIL_ADDRESS.test('bo@bücher.de'); // true
 * EMAIL_ADDRESS.test('müller@firma.de'); // false
 * ```
 */
export const EMAIL_ADDRESS =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[\p{L}\p{N}][\p{L}\p{M}\p{N}-]*\.)+(?:\p{L}[\p{L}\p{M}]+|[Xx][Nn]--[A-Za-z0-9-]+)$/u;

/** Why an address is not one Guestkit takes: not an address, or letters beyond ASCII before the @. */
export type EmailAddressProblem = 'invalid' | 'non_ascii_mailbox';

/**
 * What is wrong with `address` by {@link EMAIL_ADDRESS}, or `undefined` when nothing is.
 *
 * @example
 * ```ts
 * emailAddressProblem('müller@firma.de'); // 'non_ascii_mailbox'
 * emailAddressProblem('a..b@firma.de'); // 'invalid'
 * ```
 */
export function emailAddressProblem(address: string): EmailAddressProblem | undefined {
  if (EMAIL_ADDRESS.test(address)) return undefined;
  const at = address.lastIndexOf('@');
  return at > 0 && /[^\0-\x7f]/.test(address.slice(0, at)) ? 'non_ascii_mailbox' : 'invalid';
}

/**
 * An e-mail address on the wire, by {@link EMAIL_ADDRESS}; one whose part before the @ goes beyond
 * ASCII is refused with a message that says so. Pure, so a widget that imports the rule alone
 * leaves it out of its bundle.
 */
export const emailSchema = /* @__PURE__ */ z.email({
  pattern: EMAIL_ADDRESS,
  error: (issue) =>
    typeof issue.input === 'string' && emailAddressProblem(issue.input) === 'non_ascii_mailbox'
      ? 'Guestkit mails only to addresses with ASCII before the @ (müller@… would need SMTPUTF8)'
      : undefined,
});
