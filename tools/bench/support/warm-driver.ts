import { fork } from 'node:child_process';
import type { Sampling, WarmCommand, WarmReply } from './child-protocol';
import { BenchError } from './errors';

/** A running warm child, driven one command at a time. */
export interface WarmChild {
  /** Runs `count` invocations with trace headers `sampling`; resolves with each one's µs. */
  run(sampling: Sampling, count: number): Promise<readonly number[]>;
  /** Ends the child; resolves with the DynamoDB and SQS requests its in-memory clients answered and whether it loaded the X-Ray SDK. */
  finish(): Promise<WarmChildEnd>;
  /**
   * Resolves once the child has exited by itself after {@link WarmChild.finish} (writing its CPU
   * profile, when profiling, takes a while), or after `timeoutMs`, whichever comes first.
   */
  exited(timeoutMs: number): Promise<void>;
  /** Kills the child if it is still running (cleanup after a failure). */
  kill(): void;
}

/** What a warm child reports as it ends. */
export interface WarmChildEnd {
  /** Requests its in-memory DynamoDB answered: one per invocation, or the SDK was skipped. */
  readonly dynamoDbRequests: number;
  /** Requests its in-memory SQS answered: one `SendMessage` per invocation, or the publish was skipped. */
  readonly sqsRequests: number;
  /** Whether the process loaded the X-Ray SDK (see `xraySdkLoaded`). */
  readonly xraySdkLoaded: boolean;
}

/** What to fork. */
export interface WarmChildOptions {
  /** Who it is in error messages (`bare`, `periscope`). */
  readonly name: string;
  /** The bundled warm-child runner. */
  readonly script: string;
  /** The bundled variant; it exports `createWarmHandler({ dynamoDb, sqs })` (see `WarmRequestHandlers`). */
  readonly variantFile: string;
  /** Its whole environment (nothing is inherited). */
  readonly env: Readonly<Record<string, string>>;
  /** Node flags, e.g. `--cpu-prof`. @default none */
  readonly nodeFlags?: readonly string[];
}

/**
 * Forks a warm child with IPC and waits until its handler is built. Commands are sent one at a
 * time, so two children driven in turn never run at once.
 *
 * @throws {BenchError} naming the child when it reports a failure or exits, with the end of its stderr
 */
export function startWarmChild(options: WarmChildOptions): Promise<WarmChild> {
  // execArgv: [] so the child does not inherit this process's loaders (tsx).
  const child = fork(options.script, [options.variantFile, options.name], { env: options.env, execArgv: [...(options.nodeFlags ?? [])], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let pending: { resolve: (reply: WarmReply) => void; reject: (error: Error) => void } | undefined;
  const failure = (why: string): BenchError => new BenchError(`warm child ${options.name} ${why}${stderr ? `:\n${stderr.trimEnd()}` : ''}`);
  child.on('message', (reply: WarmReply) => {
    const waiting = pending;
    pending = undefined;
    if (reply.type === 'failed') waiting?.reject(failure(`failed: ${reply.message.split('\n')[0]}`));
    else waiting?.resolve(reply);
  });
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('exit', (code, signal) => {
    pending?.reject(failure(`exited (code ${code}, signal ${signal}) before answering`));
    pending = undefined;
  });
  child.on('error', (error) => pending?.reject(failure(`could not run: ${error.message}`)));

  const next = (command?: WarmCommand): Promise<WarmReply> =>
    new Promise((resolve, reject) => {
      pending = { resolve, reject };
      if (command !== undefined) child.send(command);
    });

  const expect = async <T extends WarmReply['type']>(reply: Promise<WarmReply>, type: T): Promise<Extract<WarmReply, { type: T }>> => {
    const received = await reply;
    if (received.type !== type) throw failure(`answered ${received.type} where ${type} was expected`);
    return received as Extract<WarmReply, { type: T }>;
  };

  return expect(next(), 'ready').then(() => ({
    run: async (sampling, count) => (await expect(next({ type: 'run', sampling, count }), 'times')).timesUs,
    finish: async () => {
      const { dynamoDbRequests, sqsRequests, xraySdkLoaded } = await expect(next({ type: 'finish' }), 'finished');
      return { dynamoDbRequests, sqsRequests, xraySdkLoaded };
    },
    exited: async (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exit, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  }));
}
