/**
 * The cold start section of `npm run bench`: each sample is a fresh `node` process with a Lambda
 * sandbox's environment that loads a handler bundle and serves its first `POST /orders` against
 * dynalite on loopback, for four variants doing the same work (bare, stock Powertools, Periscope
 * bundled, Periscope from its layer), interleaved round-robin.
 */
import { join } from 'node:path';
import { ensureOrdersTable, startDynalite } from '../emulators/dynamodb-local/dynalite';
import { newTraceHeader } from '../emulators/lambda-sandbox/lambda-context';
import { formatMs } from './figures';
import { ROOT } from './support/bundle';
import type { ColdStartSample } from './support/child-protocol';
import { type BuiltVariant, buildColdStartVariants } from './support/cold-start-builds';
import { coldStartSection, type VariantSamples } from './support/cold-start-report';
import { BenchError } from './support/errors';
import { BENCH_TABLE_NAME, sandboxEnv } from './support/lambda-env';
import { profileFlags } from './support/profile-flags';
import { runChild } from './support/run-child';
import { startUdpSink, type UdpSink } from './support/udp-sink';
import type { BenchRunner } from './types';

/** Samples per variant: published figures, and `--quick`. */
export const COLD_START_SAMPLES = { full: 30, quick: 5 } as const;

const EVENT_FILE = join(ROOT, 'events/create-order.json');

/**
 * Measures the cold start proxy of the four variants. Figures: per variant median, p25, p75, min,
 * max (ms from process start to the first response), median load and first-invocation times, and
 * the ratios of Periscope's median to bare's and stock Powertools'.
 *
 * @throws {BenchError} naming the variant when a sample fails, or when a traced variant sent no X-Ray datagram
 * @example
 * ```ts
 * const section = await runColdStart({ quick: true, progress: console.error, buildDir: 'tools/bench/.build' });
 * ```
 */
export const runColdStart: BenchRunner = async (options) => {
  const started = performance.now();
  const samplesPerVariant = options.quick ? COLD_START_SAMPLES.quick : COLD_START_SAMPLES.full;
  const build = await buildColdStartVariants(options.buildDir, options.progress, { minify: options.profileDir === undefined });

  const dynamo = await startDynalite(0);
  const sinks = new Map<string, UdpSink>();
  try {
    await ensureOrdersTable(dynamo.endpoint, BENCH_TABLE_NAME);
    for (const variant of build.variants) sinks.set(variant.name, await startUdpSink());

    const sample = (variant: BuiltVariant, label: string): Promise<ColdStartSample> =>
      runSample(variant, label, build.childScript, dynamo.endpoint, sinks.get(variant.name) as UdpSink, options.profileDir);

    // One unrecorded round first, so every variant starts with its files in the page cache.
    for (const variant of build.variants) await sample(variant, `cold start warm-up of ${variant.name}`);
    const before = new Map(build.variants.map((variant) => [variant.name, (sinks.get(variant.name) as UdpSink).datagrams]));

    const samples = new Map<string, ColdStartSample[]>(build.variants.map((variant) => [variant.name, []]));
    for (let round = 1; round <= samplesPerVariant; round += 1) {
      for (const variant of build.variants) {
        samples.get(variant.name)?.push(await sample(variant, `cold start sample ${round} of ${variant.name}`));
      }
      if (round % 5 === 0 || round === samplesPerVariant) {
        const last = build.variants.map((variant) => `${variant.name} ${formatMs(samples.get(variant.name)?.at(-1)?.totalMs ?? Number.NaN)}`).join(', ');
        options.progress(`cold start: round ${round}/${samplesPerVariant} (${last})`);
      }
    }
    // Datagrams still in flight from the last samples arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const results: VariantSamples[] = build.variants.map((variant) => {
      const xrayDatagrams = (sinks.get(variant.name) as UdpSink).datagrams - (before.get(variant.name) ?? 0);
      if (variant.traced && xrayDatagrams === 0) {
        throw new BenchError(`${variant.name} sent no X-Ray datagram in ${samplesPerVariant} samples: tracing was off, so its figures would flatter it`);
      }
      return { name: variant.name, samples: samples.get(variant.name) ?? [], xrayDatagrams };
    });
    return coldStartSection(results, [
      `${samplesPerVariant} samples per variant${options.quick ? ' (quick mode: not the published figures)' : ''}, interleaved round-robin after one unrecorded warm-up round; ${((performance.now() - started) / 1000).toFixed(1)} s.`,
      'Each sample: a fresh `node` process (this machine: Node ' +
        process.versions.node +
        ', bundles target node22), Lambda sandbox env (AWS_EXECUTION_ENV, on-demand init, tracing on, a sampled _X_AMZN_TRACE_ID), X-Ray UDP to a local socket that discards it.',
      'Time = performance.now() when the first POST /orders answered 201 (PutItem on dynalite over loopback): node start-up + require of the bundle (load) + first invocation. The Lambda runtime client and network are not in it.',
      "Same work everywhere: parse the JSON body, validate and price it with the sample's own order rules (handlers/orders/domain), every variant alike, PutItem with the same client settings, 201 JSON. Powertools: the documented middy shape (captureLambdaHandler, injectLambdaContext, logMetrics + captureColdStartMetric), captureAWSv3Client, one metric and one log line.",
      'Bundles: esbuild as serverless.yml (bundle, minify, node22, @aws-sdk/* external, resolved from the project node_modules); periscope-layer leaves periscope and its dependencies to the layer built by build:layer, on NODE_PATH as Lambda mounts /opt.',
    ]);
  } finally {
    await Promise.all([...sinks.values()].map((sink) => sink.close()));
    await dynamo.close();
  }
};

/** One fresh process: loads the variant's bundle and serves its first invocation. */
function runSample(variant: BuiltVariant, label: string, childScript: string, dynamoDbEndpoint: string, sink: UdpSink, profileDir?: string): Promise<ColdStartSample> {
  return runChild<ColdStartSample>({
    label,
    script: childScript,
    nodeFlags: profileFlags(profileDir, `cold-start/${variant.name}`),
    args: [variant.handlerFile, 'createOrder', EVENT_FILE],
    env: sandboxEnv({
      functionName: 'periscope-orders-bench-createOrder',
      handler: 'handler.createOrder',
      xrayDaemonAddress: sink.address,
      dynamoDbEndpoint,
      traceHeader: newTraceHeader(),
      nodePath: variant.nodePath,
    }),
  });
}
