import type { SqsQueue } from './queue';

/** How often a waiting receive looks again, so a clock moved from outside (a drill's) is noticed. */
const RECHECK_MS = 50;

/**
 * Resolves once `queue` has a message to receive on `clock` (a send, a visibility change, or a
 * clock that moved), after `waitMs` of real time at most, or at once when `signal` aborts (the
 * client went away, the server is closing). Long polling waits in real time, whatever clock the
 * messages live on.
 */
export function waitForReceivable(queue: SqsQueue, clock: () => number, waitMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (signal.aborted || queue.hasVisible(clock())) finish();
    };
    const timeout = setTimeout(() => finish(), waitMs);
    const recheck = setInterval(check, RECHECK_MS);
    const unsubscribe = queue.subscribe(check);
    signal.addEventListener('abort', check);
    function finish(): void {
      clearTimeout(timeout);
      clearInterval(recheck);
      unsubscribe();
      signal.removeEventListener('abort', check);
      resolve();
    }
    check();
  });
}
