import type { CapturedWrite } from '../emulators/lambda-sandbox/capture-output';
import type { Verdict } from './response-contract';

/** The `error` a Powertools log line carries (`logger.error('request failed', error)`). */
interface LoggedError {
  readonly name?: unknown;
  readonly message?: unknown;
}

/** The first error an invocation logged, as `Name: message`, if it logged one. */
export function loggedError(writes: readonly CapturedWrite[]): string | undefined {
  for (const line of writes.flatMap((write) => write.text.split('\n'))) {
    if (!line.startsWith('{')) continue;
    try {
      const error = (JSON.parse(line) as { error?: LoggedError }).error;
      if (typeof error?.name === 'string') return `${error.name}: ${String(error.message)}`;
    } catch {
      // A line that is not JSON has no error field to read.
    }
  }
  return undefined;
}

/**
 * What tells one failure from another: the broken promise (`answered 500`) and the error behind it
 * as the handler logged it (`RangeError: Maximum call stack size exceeded`). Failures with the same
 * signature are most likely one bug, so the fuzzer shrinks and shows one case of each.
 *
 * @example
 * ```ts
 * failureSignature({ ok: false, statusCode: 500, problem: 'answered 500' }, writes); // 'answered 500 (RangeError: Maximum call stack size exceeded)'
 * ```
 */
export function failureSignature(verdict: Extract<Verdict, { ok: false }>, writes: readonly CapturedWrite[]): string {
  const error = loggedError(writes);
  return error === undefined ? verdict.problem : `${verdict.problem} (${error.slice(0, 200)})`;
}
