/** Tests of work the adapter does past its answers (mails sent after a 202, SECURITY.md T17). */
import type { MailMessage } from '../../../src/server-adapter/index.js';
import type { Fixture } from './fixture.js';

/** Waits until the work the adapter does past its answers (making and mailing fresh links, one-time codes) is done. */
export async function drained(f: Fixture): Promise<void> {
  while (f.gk.runtime.background.size > 0) await Promise.allSettled([...f.gk.runtime.background]);
}

/**
 * Puts a slow mail server in front of the fixture's real SMTP mailer: each send waits `delayMs`
 * first — the first send `delayMs[0]`, the second `delayMs[1]` and so on, the last for the rest —
 * or fails then, with `fail`. `events` notes when a send ends; the test notes its answers.
 */
export function slowMailer(f: Fixture, delayMs: number | number[], fail = false): { events: string[] } {
  const real = f.gk.runtime.mailer;
  const events: string[] = [];
  const delays = [delayMs].flat();
  let sends = 0;
  f.gk.runtime.mailer = {
    async send(message: MailMessage) {
      await new Promise((resolve) => setTimeout(resolve, delays[Math.min(sends++, delays.length - 1)]));
      if (fail) {
        events.push('mail failed');
        throw new Error('451 4.3.0 try again later');
      }
      const result = await real.send(message);
      events.push('mail sent');
      return result;
    },
    close: () => real.close?.() ?? Promise.resolve(),
  };
  return { events };
}
