/** Passing a link's step-up in a widget as its visitor does: typing a code, asking for one by mail. */
import { sendKeys } from '@web/test-runner-commands';
import type { GuestkitLinkElement } from '../../../src/components/base/guestkit-link-element.js';
import { outbox, waitForMail } from './adapter.js';
import { part, until, untilState } from './widgets.js';

/** The one-time code in the mail that carries it (German or English). */
export const OTP_PATTERN = /(?:code is|[Cc]ode lautet): (\S+)/;

/** Types `code` into the focused code field and sends it with Enter. */
export async function typeCode(code: string): Promise<void> {
  await sendKeys({ type: code });
  await sendKeys({ press: 'Enter' });
}

/**
 * Asks for a one-time code with "send me a code", waits for the new mail to `email`, types the
 * code it carries and waits for the widget to be ready.
 */
export async function giveOneTimeCode(widget: GuestkitLinkElement, email: string): Promise<void> {
  const sent = (await outbox(email)).length;
  part<HTMLButtonElement>(widget, 'state-action').click();
  await until(() => widget.shadowRoot!.querySelector('[part~="code-input"]') && !widget.busy, 'the code field');
  for (const end = Date.now() + 4000; (await outbox(email)).length === sent; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (Date.now() > end) throw new Error('no new code mailed');
  }
  const { match: code } = await waitForMail(email, OTP_PATTERN);
  part<HTMLInputElement>(widget, 'code-input').focus();
  await typeCode(code);
  await untilState(widget, 'ready');
}
