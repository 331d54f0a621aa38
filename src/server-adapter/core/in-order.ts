/** Background work that runs one piece at a time per key, in the order it was asked for. */
import { inBackground, type Runtime } from './options.js';

/** Per runtime: the last piece of work queued under each key, until it settles. */
const queues = new WeakMap<Runtime, Map<string, Promise<unknown>>>();

/**
 * Runs `work` past the request that asked for it, as `inBackground` does (a failure is logged as
 * `what` with `fields`, and `close()` waits for it), but only once the work queued before it under
 * the same `key` has settled, whether or not that failed. Mails that answer a visitor's request go
 * out this way, after the answer — so how long the answer takes tells nothing about the token —
 * and still one after another per link, as they did while each request waited for its mail: the
 * last code or fresh link mailed is the one that works.
 */
export function inBackgroundInOrder(runtime: Runtime, key: string, what: string, work: () => Promise<unknown>, fields: Record<string, unknown> = {}): void {
  let queue = queues.get(runtime);
  if (!queue) queues.set(runtime, (queue = new Map()));
  const before = queue.get(key) ?? Promise.resolve();
  const running = before.then(
    () => work(),
    () => work(),
  );
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
