import { execFile } from 'node:child_process';
import { RESULT_PREFIX } from './child-protocol';
import { BenchError } from './errors';

/** A benchmark child process to run. */
export interface ChildRun {
  /** Who it is, for error messages (`cold start sample 3 of periscope-layer`). */
  readonly label: string;
  /** The script `node` runs. */
  readonly script: string;
  readonly args?: readonly string[];
  /** Its whole environment (nothing is inherited). */
  readonly env: Readonly<Record<string, string>>;
  /** Extra `node` flags (`--cpu-prof`). @default [] */
  readonly nodeFlags?: readonly string[];
  /** Killed after this long. @default 120000 */
  readonly timeoutMs?: number;
}

const tail = (text: string, lines = 15): string => text.trimEnd().split('\n').slice(-lines).join('\n');

/**
 * Runs `node <script>` in a fresh process and returns the JSON of its result line.
 *
 * @throws {BenchError} naming the child when it fails, times out or prints no result, with the end of its stderr
 */
export function runChild<T>(run: ChildRun): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...(run.nodeFlags ?? []), run.script, ...(run.args ?? [])],
      { env: run.env, timeout: run.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error !== null) return reject(new BenchError(`${run.label} failed (${error.message.split('\n')[0]}):\n${tail(stderr)}`, { cause: error }));
        const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
        if (line === undefined) return reject(new BenchError(`${run.label} printed no result line:\n${tail(stdout)}\n${tail(stderr)}`));
        try {
          resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as T);
        } catch (parseError) {
          reject(new BenchError(`${run.label} printed a result that is not JSON: ${line.slice(0, 200)}`, { cause: parseError }));
        }
      },
    );
  });
}
