import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Thrown when serverless-offline does not come up. */
export class OfflineStartError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OfflineStartError';
  }
}

/** Options for {@link startOffline}. */
export interface OfflineOptions {
  /** Directory holding serverless.yml. */
  readonly cwd: string;
  /** HTTP port of the API. */
  readonly httpPort: number;
  /** Port serverless-offline's Lambda invoke endpoint uses. */
  readonly lambdaPort: number;
  /** Serverless stage: names the functions and the table the handlers use. */
  readonly stage: string;
  /** Environment for serverless-offline and, through `--localEnvironment`, the handlers. */
  readonly env: NodeJS.ProcessEnv;
  /** Every line serverless-offline and the handlers print (stdout and stderr). */
  readonly onLine: (line: string, stream: 'stdout' | 'stderr') => void;
  /** serverless.yml's `params` to override, as `--param="<name>=<value>"`. @default {} */
  readonly params?: Readonly<Record<string, string>>;
  /** @default 120000: the first start bundles the handlers with esbuild */
  readonly readyTimeoutMs?: number;
}

/** A running serverless-offline. */
export interface OfflineProcess {
  readonly child: ChildProcess;
  /** Stops it (SIGINT, then SIGKILL after `graceMs`) and resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const READY = /Server ready: (http:\/\/\S+)/;

/**
 * Runs `serverless offline start` with the project's own osls and waits until it serves HTTP.
 * `--localEnvironment` passes this environment to the handlers, as Lambda would pass theirs.
 */
export function startOffline(options: OfflineOptions): Promise<OfflineProcess> {
  const cli = require.resolve('serverless/bin/serverless.js', { paths: [options.cwd] });
  const args = [cli, 'offline', 'start', '--localEnvironment', '--httpPort', String(options.httpPort), '--lambdaPort', String(options.lambdaPort), '--stage', options.stage];
  for (const [name, value] of Object.entries(options.params ?? {})) args.push(`--param=${name}=${value}`);
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (graceMs = 5000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    const recent: string[] = [];
    const timeout = setTimeout(() => {
      void stop(1000);
      reject(new OfflineStartError(`serverless-offline did not report 'Server ready' within ${options.readyTimeoutMs ?? 120_000} ms. Last output:\n${recent.join('\n')}`));
    }, options.readyTimeoutMs ?? 120_000);
    const watch = (stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr'): void => {
      createInterface({ input: stream }).on('line', (line) => {
        recent.push(line);
        if (recent.length > 30) recent.shift();
        options.onLine(line, name);
        if (READY.test(line)) {
          clearTimeout(timeout);
          resolve({ child, stop });
        }
      });
    };
    watch(child.stdout!, 'stdout');
    watch(child.stderr!, 'stderr');
    child.once('exit', (code, signal) => {
      clearTimeout(timeout);
      reject(new OfflineStartError(`serverless-offline exited (${signal ?? `code ${code}`}) before it was ready. Last output:\n${recent.join('\n')}`));
    });
  });
}
