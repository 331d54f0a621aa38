/**
 * The speed `<guest-upload>` shows next to a file's progress (src/components/upload/speed.ts):
 * none until half a second of progress is there, none at 0, measured anew when the bytes sent go
 * back (a resume sends the unconfirmed bytes again), and forgotten after 2 s without progress.
 * Times are given to the meter as they are to `add()`; its expiry timer runs on node:test's mocked
 * `setTimeout`.
 */
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { SpeedMeter } from '../../src/components/upload/speed.js';

const MiB = 1024 * 1024;

/** A meter whose `onExpired` calls are counted in `expired`. */
function meter(): { speed: SpeedMeter; expired: () => number } {
  let expired = 0;
  return { speed: new SpeedMeter(() => expired++), expired: () => expired };
}

describe('SpeedMeter', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('gives a speed only once its samples span 500 ms: a first burst of progress events shows none', () => {
    const { speed } = meter();
    assert.equal(speed.add(0, 0), undefined);
    assert.equal(speed.add(250, 256 * 1024), undefined);
    assert.equal(speed.add(499, 510 * 1024), undefined, '499 ms of samples');
    assert.equal(speed.add(500, 512 * 1024), 1 * MiB, '500 ms of samples: 512 KiB in 0.5 s');
    assert.equal(speed.value, 1 * MiB);
  });

  it('gives none at 0: bytes that stand still (a request waiting for its answer) show no "0 B/s"', () => {
    const { speed } = meter();
    speed.add(0, 4 * MiB);
    assert.equal(speed.add(600, 4 * MiB), undefined);
    assert.equal(speed.add(1200, 4 * MiB), undefined);
    assert.equal(speed.value, undefined);
  });

  it('regression: after a resume the speed went negative ("-836.719 Byte/s"): bytes that go back start the measuring anew, never below 0', () => {
    const { speed } = meter();
    const shown: (number | undefined)[] = [];
    shown.push(speed.add(0, 2 * MiB), speed.add(1000, 4 * MiB));
    assert.equal(shown[1], 2 * MiB, '2 MiB in a second');
    // The dropped request's unconfirmed bytes: the resumed upload counts from the 1 MiB the server
    // has, below where the measuring began (measured from there, that was a negative speed).
    shown.push(speed.add(1100, 1 * MiB));
    assert.equal(shown[2], undefined, 'no speed until the new measuring spans 500 ms');
    shown.push(speed.add(1400, 1.25 * MiB));
    assert.equal(shown[3], undefined, '300 ms since the bytes went back');
    // Half a MiB in the half second since the bytes went back, nothing of before.
    shown.push(speed.add(1600, 1.5 * MiB));
    assert.equal(shown[4], 1 * MiB);
    assert.deepEqual(shown.filter((value) => value !== undefined && !(value > 0)), [], 'speeds at or below 0');
  });

  it('forgets the speed after 2 s without progress (a stalled connection shows none) and calls onExpired once', () => {
    const { speed, expired } = meter();
    speed.add(0, 0);
    speed.add(1000, 2 * MiB);
    mock.timers.tick(1999);
    assert.equal(speed.value, 2 * MiB, 'still shown 1999 ms after the last progress');
    assert.equal(expired(), 0);
    mock.timers.tick(1);
    assert.equal(speed.value, undefined, 'forgotten at 2 s');
    assert.equal(expired(), 1, 'onExpired');
    mock.timers.tick(10_000);
    assert.equal(expired(), 1, 'once');
    // Progress again: measured anew, not against the samples from before the stall.
    assert.equal(speed.add(3100, 3 * MiB), undefined, 'a single sample after the stall');
    assert.equal(speed.add(3600, 3.5 * MiB), 1 * MiB);
  });

  it('each progress puts the expiry off by 2 s; reset() (the file stopped) cancels it', () => {
    const { speed, expired } = meter();
    speed.add(0, 0);
    mock.timers.tick(1500);
    speed.add(1500, 1 * MiB);
    mock.timers.tick(1500);
    assert.equal(expired(), 0, '3 s after the first progress, 1.5 s after the last');
    assert.equal(speed.value, (1 * MiB * 1000) / 1500);
    speed.reset();
    assert.equal(speed.value, undefined);
    mock.timers.tick(2000);
    assert.equal(expired(), 0, 'no onExpired for a meter that was reset');
  });
});
