import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { WorkerCommand, WorkerReply } from './lambda-worker';
import { type MemorySample, type MemoryTrend, memoryTrend } from './memory-trend';

/** What the heap check found: one sample per block, after garbage collection. */
export interface WorkerHeapReport {
  readonly invocations: number;
  readonly failures: readonly string[];
  /** `atSeconds` is the block number here: heap after each block of invocations. */
  readonly samples: readonly MemorySample[];
  readonly trend: MemoryTrend;
}

/** Options for {@link checkWorkerHeap}. */
export interface WorkerHeapOptions {
  /** The worker's whole environment: the handlers' settings, pointing at a DynamoDB and an OrderPlaced queue. */
  readonly env: NodeJS.ProcessEnv;
  /** @default 8 */
  readonly blocks?: number;
  /** @default 1500 */
  readonly invocationsPerBlock?: number;
  /** Growth of the heap after GC, first third to last third after the first block, still flat. @default 2 */
  readonly toleranceMiB?: number;
  readonly progress?: (line: string) => void;
}

/**
 * Runs the real handlers in a separate process, as the Lambda runtime would, block after block,
 * reading the heap after two forced garbage collections: in a leak-free worker it stays level once
 * the first block has warmed everything up.
 */
export async function checkWorkerHeap(options: WorkerHeapOptions): Promise<WorkerHeapReport> {
  const blocks = options.blocks ?? 8;
  const perBlock = options.invocationsPerBlock ?? 1500;
  const child = fork(join(__dirname, 'lambda-worker.ts'), [], { env: options.env, execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const next = (): Promise<WorkerReply> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the load worker exited (${code}) before answering`));
      child.once('exit', onExit);
      child.once('message', (message: WorkerReply) => {
        child.off('exit', onExit);
        if (message.type === 'failed') reject(new Error(`the load worker failed: ${message.message}`));
        else resolve(message);
      });
    });
  const send = (command: WorkerCommand): void => {
    child.send(command);
  };
  try {
    await next();
    const samples: MemorySample[] = [];
    const failures: string[] = [];
    for (let block = 0; block < blocks; block += 1) {
      send({ type: 'run', count: perBlock });
      const ran = await next();
      if (ran.type !== 'ran') throw new Error(`the load worker answered ${ran.type} to run`);
      failures.push(...ran.failures);
      samples.push({ atSeconds: block, bytes: ran.heapUsedBytes });
      options.progress?.(`worker heap after block ${block + 1} of ${blocks}: ${(ran.heapUsedBytes / 2 ** 20).toFixed(1)} MiB`);
    }
    return { invocations: blocks * perBlock, failures, samples, trend: memoryTrend(samples, { warmUpSeconds: 1, toleranceMiB: options.toleranceMiB ?? 2 }) };
  } finally {
    if (child.connected) send({ type: 'stop' });
  }
}
