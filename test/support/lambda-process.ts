import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { LOCAL_LAMBDA_ENV, newTraceHeader } from '../../tools/emulators/lambda-sandbox/lambda-context';
import type { LambdaProcessCommand, LambdaProcessReply } from './lambda-process-child';

const ROOT = resolve(__dirname, '../..');

/** Variables of the test process that a Lambda sandbox would not have, or would have its own values for. */
const NOT_IN_A_SANDBOX = /^(AWS_|_X_AMZN_|_HANDLER$|LAMBDA_|POWERTOOLS_|PERISCOPE_)/;

/** Options for {@link startLambdaProcess}. */
export interface LambdaProcessOptions {
  /** The handler module, relative to the repository root, without `.ts` (`handlers/orders/handler`), as `handler:` in serverless.yml names it. */
  readonly module: string;
  /** `AWS_LAMBDA_FUNCTION_NAME` */
  readonly functionName: string;
  /** `AWS_XRAY_DAEMON_ADDRESS`: where the function's segments go (`127.0.0.1:<collector port>`). */
  readonly xrayDaemonAddress: string;
  /**
   * The function's own configuration (`ORDERS_TABLE_NAME`, `PERISCOPE_TRACING`, `AWS_ENDPOINT_URL_DYNAMODB`,
   * the OrderPlaced queue's `ORDER_EVENTS_QUEUE_URL` and `AWS_ENDPOINT_URL_SQS` from `startOrderQueues().env`, …).
   * `AWS_*` variables of the test process are not inherited: pass every endpoint here.
   */
  readonly env?: Readonly<Record<string, string>>;
}

/** One invocation's result and the X-Ray trace it ran in. */
export interface InvocationResult<T> {
  readonly result: T;
  /** The `Root` of the invocation's sampled trace header. */
  readonly traceId: string;
}

/** A Lambda execution environment in its own process; one invocation at a time, as Lambda runs them. */
export interface LambdaProcess {
  /** Runs the module's export `exportName` once, in a new sampled X-Ray trace. */
  invoke<T>(exportName: string, event: unknown): Promise<InvocationResult<T>>;
  /** The npm packages the process has loaded so far (`aws-xray-sdk-core`, `@aws-lambda-powertools/tracer`, …). */
  loadedPackages(): Promise<readonly string[]>;
  /** Ends the process. */
  stop(): Promise<void>;
}

/**
 * Starts a process that stands in for a Lambda execution environment running one handler module
 * with X-Ray active tracing: the environment Lambda sets (`LAMBDA_TASK_ROOT`, `AWS_EXECUTION_ENV`,
 * the daemon address, on-demand initialisation, a region and placeholder credentials) is there
 * before the module loads, and each invocation gets its own `_HANDLER` and sampled `_X_AMZN_TRACE_ID`.
 * Global patches the module makes (http capture, fetch subscribers, the X-Ray SDK's context) stay
 * in that process. Resolves once the module is loaded (the function's init).
 * @example
 * ```ts
 * const fn = await startLambdaProcess({ module: 'handlers/orders/handler', functionName: 'orders', xrayDaemonAddress: '127.0.0.1:2000' });
 * const { result, traceId } = await fn.invoke<APIGatewayProxyResult>('getOrder', event);
 * await fn.stop();
 * ```
 */
export async function startLambdaProcess(options: LambdaProcessOptions): Promise<LambdaProcess> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !NOT_IN_A_SANDBOX.test(name)));
  const env = {
    ...inherited,
    ...LOCAL_LAMBDA_ENV,
    LAMBDA_TASK_ROOT: ROOT,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: options.functionName,
    AWS_XRAY_DAEMON_ADDRESS: options.xrayDaemonAddress,
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    _HANDLER: `${options.module}.handler`,
    ...options.env,
  };
  // execArgv replaces the test runner's own flags; tsx resolves `periscope` through tsconfig paths, as jest does.
  const child = fork(join(__dirname, 'lambda-process-child.ts'), [options.module], { cwd: ROOT, env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const stderr: string[] = [];
  child.stdout?.resume(); // the handlers' log lines: not what these tests read
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const failure = (what: string): Error => new Error(`Lambda process for ${options.module}: ${what}${stderr.length ? `\n--- its stderr ---\n${stderr.join('').slice(-4000)}` : ''}`);

  let queue: Promise<unknown> = Promise.resolve();
  /** Sends a command (or none, to wait for `ready`) and resolves with its reply; one at a time. */
  const exchange = (command: LambdaProcessCommand | undefined): Promise<LambdaProcessReply> => {
    const next = queue.then(() => awaitReply(child, command, failure));
    queue = next.catch(() => undefined);
    return next;
  };

  await exchange(undefined);
  return {
    async invoke<T>(exportName: string, event: unknown): Promise<InvocationResult<T>> {
      const traceHeader = newTraceHeader();
      const traceId = /Root=([^;]+)/.exec(traceHeader)?.[1] as string;
      const answer = await exchange({ type: 'invoke', exportName, handler: `${options.module}.${exportName}`, traceHeader, functionName: options.functionName, requestId: randomUUID(), event });
      if (answer.type !== 'invoked') throw failure(`answered ${answer.type} to invoke ${exportName}`);
      return { result: answer.result as T, traceId };
    },
    async loadedPackages(): Promise<readonly string[]> {
      const answer = await exchange({ type: 'packages' });
      if (answer.type !== 'packages') throw failure(`answered ${answer.type} to packages`);
      return answer.names;
    },
    stop: () => stopChild(child),
  };
}

function awaitReply(child: ChildProcess, command: LambdaProcessCommand | undefined, failure: (what: string) => Error): Promise<LambdaProcessReply> {
  return new Promise((resolveReply, reject) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      child.off('message', onMessage);
      reject(failure(`exited (${signal ?? code}) before answering`));
    };
    const onMessage = (message: LambdaProcessReply): void => {
      child.off('exit', onExit);
      if (message.type === 'failed') reject(failure(message.message));
      else resolveReply(message);
    };
    child.once('exit', onExit);
    child.once('message', onMessage);
    if (command) child.send(command);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    if (child.connected) child.send({ type: 'stop' } satisfies LambdaProcessCommand);
    else child.kill();
  });
}
