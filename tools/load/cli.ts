/**
 * `npm run load`: a bounded load test of the orders API on the local stack (see `runLoad`).
 * Ends with one line `N requests, R req/s, p99 L ms, E errors, memory flat|growing` and exits 1
 * when any request failed or memory kept growing.
 */
import { type LoadReport, runLoad } from './run-load';

const HELP = `Usage: npm run load [-- --duration <seconds>] [-- --connections <n>] [-- --help]

Starts the local stack (dynalite, the local SQS server with the OrderPlaced queue that fulfilOrder
consumes, the X-Ray collector, serverless-offline running the real handlers) on free loopback ports
and drives POST /orders and GET /orders/{id} with autocannon, sampling the resident memory of the
serverless-offline process every 2 s. Then runs the same requests in a Lambda worker process (the
real handlers, as the Lambda runtime loads them, publishing to the stack's queue) block after block
and reads its heap after garbage collection. Passes with no error, no non-2xx answer and a flat heap.

Options:
  --duration S     seconds of load (default 60)
  --connections N  concurrent connections (default 4)
  --help, -h       this help`;

function numberOption(args: readonly string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive whole number, got ${JSON.stringify(args[index + 1] ?? null)}`);
  return value;
}

function summary(report: LoadReport): string {
  const failures = report.non2xx + report.errors + report.timeouts;
  return [
    `load: ${report.connections} connections for ${report.durationSeconds} s`,
    `  latency p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms, max ${report.latencyMs.max} ms`,
    `  non-2xx ${report.non2xx}, errors ${report.errors}, timeouts ${report.timeouts}`,
    `  serverless-offline resident memory after warm-up: ${report.offlineRss.startMiB.toFixed(1)} → ${report.offlineRss.endMiB.toFixed(1)} MiB (its own state included; not the verdict)`,
    `  Lambda worker heap after GC, ${report.workerHeap.invocations} invocations in ${report.workerHeap.samples.length} blocks: ${report.workerHeap.trend.startMiB.toFixed(2)} → ${report.workerHeap.trend.endMiB.toFixed(2)} MiB (slope ${report.workerHeap.trend.slopeMiBPerMinute.toFixed(3)} MiB per 60 blocks)${report.workerHeap.failures.length > 0 ? `; failures: ${report.workerHeap.failures.join('; ')}` : ''}`,
    `${report.requests} requests, ${Math.round(report.requestsPerSecond)} req/s, p99 ${report.latencyMs.p99} ms, ${failures} errors, memory ${report.workerHeap.trend.flat ? 'flat' : 'growing'}`,
  ].join('\n');
}

async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const report = await runLoad({
    durationSeconds: numberOption(args, '--duration', 60),
    connections: numberOption(args, '--connections', 4),
    progress: (line) => process.stderr.write(`  … ${line}\n`),
  });
  process.stdout.write(`${summary(report)}\n`);
  const failed = report.non2xx + report.errors + report.timeouts + report.workerHeap.failures.length;
  return failed === 0 && report.workerHeap.trend.flat ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm run load: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
