/**
 * A drill's clock: simulated time that only moves when the drill moves it, so a day of traffic runs
 * in seconds. Starts on a whole minute.
 */
export class SimClock {
  #now: number;

  /** @param start epoch ms; rounded down to the minute @default 2026-11-23T00:00:00Z */
  public constructor(start = Date.parse('2026-11-23T00:00:00Z')) {
    this.#now = Math.floor(start / 60_000) * 60_000;
  }

  /** The simulated time, epoch ms. */
  public now(): number {
    return this.#now;
  }

  /** Moves time forward by `ms` (never back). */
  public advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`a drill clock moves forward only, not by ${ms} ms`);
    this.#now += ms;
  }
}

/** `hh:mm` of a simulated time since the drill's start, as `+3h05m` (days shown when over a day). */
export function elapsed(start: number, at: number): string {
  const minutes = Math.round((at - start) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return `+${days > 0 ? `${days}d` : ''}${hours}h${String(rest).padStart(2, '0')}m`;
}
