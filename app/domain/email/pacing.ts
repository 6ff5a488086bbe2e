// Sending is rate-limited per shop (R18): messages of one shop start at most `perSecond` a second,
// evenly spaced, whatever the number of connections. A pacer hands out start times; the caller
// waits until its slot. Pure: the clock is passed in.

export interface Pacer {
  /** The wait (ms) before the next message may start, booked for the caller. */
  book(nowMs: number): number;
}

export function pacer(perSecond: number): Pacer {
  const gap = perSecond > 0 ? 1000 / perSecond : 0;
  let next = -Infinity;
  return {
    book(nowMs) {
      if (gap === 0) return 0;
      const slot = Math.max(nowMs, next);
      next = slot + gap;
      return slot - nowMs;
    },
  };
}
