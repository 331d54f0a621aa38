/** A file's upload speed, as `<guest-upload>` shows it next to its progress. */

const WINDOW_MS = 3000;
/** How long a speed stands without fresh progress: a stalled connection shows none. */
const EXPIRY_MS = 2000;

/**
 * Measures one file's speed over its last 3 seconds of progress. Measuring starts anew when the
 * bytes sent go back (a dropped request's unconfirmed bytes go again after a resume), and the
 * speed is forgotten after 2 seconds without progress; none is given at or below 0.
 */
export class SpeedMeter {
  /** Bytes per second, once there is enough to measure; `undefined` while nothing moves. */
  value: number | undefined;
  #samples: [time: number, bytes: number][] = [];
  #expiry: ReturnType<typeof setTimeout> | undefined;
  readonly #onExpired: () => void;

  /** @param onExpired - called when the speed was forgotten for want of progress. */
  constructor(onExpired: () => void) {
    this.#onExpired = onExpired;
  }

  /** Notes that `bytes` were sent by `now` (ms, `performance.now()`); returns the speed. */
  add(now: number, bytes: number): number | undefined {
    if (bytes < (this.#samples[this.#samples.length - 1]?.[1] ?? 0)) this.reset();
    const samples = this.#samples;
    samples.push([now, bytes]);
    while (samples.length > 2 && now - samples[0]![0] > WINDOW_MS) samples.shift();
    const [since, from] = samples[0]!;
    if (now - since >= 500) this.value = bytes > from ? ((bytes - from) * 1000) / (now - since) : undefined;
    clearTimeout(this.#expiry);
    this.#expiry = setTimeout(() => {
      this.reset();
      this.#onExpired();
    }, EXPIRY_MS);
    return this.value;
  }

  /** Forgets what was measured (and the timer). */
  reset(): void {
    clearTimeout(this.#expiry);
    this.#expiry = undefined;
    this.#samples = [];
    this.value = undefined;
  }
}
