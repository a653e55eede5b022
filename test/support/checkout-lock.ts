import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './serverless';

/** The lock's folder: `mkdir` either creates it or fails, in one step, for every process on the machine. */
const LOCK = join(ROOT, '.checkout-lock');
const POLL_MS = 250;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * The process holding the lock; undefined when the lock is free, its holder has died, or the holder
 * is this process (a worker runs one suite at a time: an earlier suite of its own left it).
 */
function holder(): number | undefined {
  try {
    const pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid !== process.pid && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes this checkout for one suite. Jest runs suites in parallel workers; the suites that build or
 * run serverless here (its `.esbuild/`, `.serverless/`, `layers/dist/`, the local stack) take turns
 * through this lock, so none reads what another is half-way through writing. A lock whose holder has
 * died, or that an earlier suite of this worker left, is taken over.
 *
 * @returns the release, for the suite's `afterAll`
 * @example
 * ```ts
 * let releaseCheckout: (() => void) | undefined;
 * beforeAll(async () => {
 *   releaseCheckout = await lockCheckout();
 *   // … the suite's own setup
 * }, CHECKOUT_LOCK_WAIT_MS + 120_000);
 * afterAll(() => {
 *   // … the suite's own cleanup, then:
 *   releaseCheckout?.();
 * });
 * ```
 */
export async function lockCheckout(): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Its holder may be between mkdir and writing its pid: only a lock older than that is stale.
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (holder() === undefined) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (holder() === undefined) rmSync(LOCK, { recursive: true, force: true });
      }
    }
  }
}

/** How long a suite may wait for the checkout: the longest holder (the serverless deploy end-to-end test) takes about two minutes. */
export const CHECKOUT_LOCK_WAIT_MS = 15 * 60_000;
