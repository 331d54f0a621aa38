/** Background work that runs one piece at a time per key, in the order it was asked for. */
import { inBackground, type Runtime } from './options.js';

/**
 * How long one piece of work holds the ones queued after it at most (2 minutes): longer than any
 * mail takes, short enough that a mailer that never answers does not hold a link's later mails.
 */
export const HOLD_MS = 120_000;

/** Per runtime: the last piece of work queued under each key, until it settles. */
const queues = new WeakMap<Runtime, Map<string, Promise<unknown>>>();

/**
 * Runs `work` past the request that asked for it, as `inBackground` does (a failure is logged as
 * `what` with `fields`, and `close()` waits for it), but only once the work queued before it under
 * the same `key` has settled, whether or not that failed. Mails that answer a visitor's request go
 * out this way, after the answer — so how long the answer takes tells nothing about the token —
 * and still one after another per link, as they did while each request waited for its mail: the
 * last code or fresh link mailed is the one that works. A piece that has not settled after
 * `holdMs` (default {@link HOLD_MS}) no longer holds the next one.
 */
export function inBackgroundInOrder(
  runtime: Runtime,
  key: string,
  what: string,
  work: () => Promise<unknown>,
  fields: Record<string, unknown> = {},
  holdMs = HOLD_MS,
): void {
  let queue = queues.get(runtime);
  if (!queue) queues.set(runtime, (queue = new Map()));
  const before = queue.get(key) ?? Promise.resolve();
  // A piece that never settles (a mailer without a timeout) holds the ones after it `holdMs` at most.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const held = new Promise<void>((resolve) => (timer = setTimeout(resolve, holdMs)));
  const running = Promise.race([before.catch(() => undefined), held]).then(() => {
    clearTimeout(timer);
    return work();
  });
  queue.set(key, running);
  const tail = queue;
  inBackground(
    runtime,
    what,
    running.finally(() => {
      if (tail.get(key) === running) tail.delete(key);
    }),
    fields,
  );
}
