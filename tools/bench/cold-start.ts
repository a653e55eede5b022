/**
 * The cold start section of `npm run bench`: each sample is a fresh `node` process with a Lambda
 * sandbox's environment that loads a handler bundle and serves its first `POST /orders` against
 * dynalite on loopback, for six variants doing the same work (bare, stock Powertools, and the
 * sample's handler bundled and from the layer in each of Periscope's tracing modes: the default
 * and lean), interleaved round-robin.
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
import { clearProfiles, profileFlags } from './support/profile-flags';
import { runChild } from './support/run-child';
import { tracingMismatch } from './support/tracing-modes';
import { startUdpSink, type UdpSink } from './support/udp-sink';
import type { BenchRunner } from './types';

/** Samples per variant: published figures, and `--quick`. */
export const COLD_START_SAMPLES = { full: 30, quick: 5 } as const;

const EVENT_FILE = join(ROOT, 'events/create-order.json');

/**
 * Measures the cold start proxy of the six variants. Figures: per variant median, p25, p75, min,
 * max (ms from process start to the first response), median load and first-invocation times, the
 * ratios of each Periscope mode's median to bare's and stock Powertools', and issue 15's goals.
 *
 * @throws {BenchError} naming the variant when a sample fails, when a traced variant sent no X-Ray
 * datagram, or when a variant loaded the X-Ray SDK against its mode (lean did, or the default did not)
 * @example
 * ```ts
 * const section = await runColdStart({ quick: true, progress: console.error, buildDir: 'tools/bench/.build' });
 * ```
 */
export const runColdStart: BenchRunner = async (options) => {
  const started = performance.now();
  clearProfiles(options.profileDir, 'cold-start');
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
      const mismatch = (samples.get(variant.name) ?? []).map((taken) => tracingMismatch(variant.name, variant.tracing, taken.xraySdkLoaded)).find((why) => why !== undefined);
      if (mismatch !== undefined) throw new BenchError(mismatch);
      return { name: variant.name, tracing: variant.tracing, samples: samples.get(variant.name) ?? [], xrayDatagrams };
    });
    return coldStartSection(results, [
      `${samplesPerVariant} samples per variant${options.quick ? ' (quick mode: not the published figures)' : ''}, interleaved round-robin after one unrecorded warm-up round; ${((performance.now() - started) / 1000).toFixed(1)} s.`,
      'Each sample: a fresh `node` process (this machine: Node ' +
        process.versions.node +
        ', bundles target node22), Lambda sandbox env (AWS_EXECUTION_ENV, on-demand init, tracing on, a sampled _X_AMZN_TRACE_ID), X-Ray UDP to a local socket that discards it.',
      'Time = performance.now() when the first POST /orders answered 201 (PutItem on dynalite over loopback): node start-up + require of the bundle (load) + first invocation. The Lambda runtime client and network are not in it.',
      "Same work everywhere: parse the JSON body, validate and price it with the sample's own order rules (handlers/orders/domain), every variant alike, PutItem with the same client settings, 201 JSON. Powertools: the documented middy shape (captureLambdaHandler, injectLambdaContext, logMetrics + captureColdStartMetric), captureAWSv3Client, one metric and one log line.",
      "Periscope's modes run the sample's handler (handlers/orders/handler.ts, which leaves the mode to the default): the default rows (periscope-bundled, periscope-layer) with no PERISCOPE_TRACING, the lean rows with PERISCOPE_TRACING=lean in their sandbox; periscope-lean-layer runs the default's layer bundle, periscope-lean-bundled the bundle the plugin builds for a service with custom.periscope.tracing: lean (Powertools Tracer and the X-Ray SDK left out, as lean never loads them). Every traced variant must send X-Ray datagrams (counted per sample in results.json), and every sample of a lean row (and bare) must end without the X-Ray SDK loaded, of a default row (and powertools) with it loaded (cls-hooked's process.namespaces), or the run fails.",
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
    env: {
      ...sandboxEnv({
        functionName: 'periscope-orders-bench-createOrder',
        handler: 'handler.createOrder',
        xrayDaemonAddress: sink.address,
        dynamoDbEndpoint,
        traceHeader: newTraceHeader(),
        nodePath: variant.nodePath,
      }),
      // Per variant: PERISCOPE_TRACING=lean for the lean rows, nothing for the others.
      ...variant.env,
    },
  });
}
