/**
 * The cold start section of `npm run bench`: each sample is a fresh `node` process with a Lambda
 * sandbox's environment that loads a handler bundle and serves its first `POST /orders` against
 * dynalite and the local SQS server on loopback (the order stored, then `OrderPlaced` published),
 * for six variants doing the same work (bare, stock Powertools, and the sample's handler bundled and
 * from the layer in each of Periscope's tracing modes: the default and lean), interleaved round-robin.
 */
import { join } from 'node:path';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { ensureOrdersTable, startDynalite } from '../emulators/dynamodb-local/dynalite';
import { newTraceHeader } from '../emulators/lambda-sandbox/lambda-context';
import { type SqsServer, startSqsServer } from '../emulators/sqs';
import { localSqsClient } from '../stack/order-queues';
import { formatMs } from './figures';
import { ROOT } from './support/bundle';
import type { ColdStartSample } from './support/child-protocol';
import { type BuiltVariant, buildColdStartVariants } from './support/cold-start-builds';
import { coldStartSection, type VariantSamples } from './support/cold-start-report';
import { BenchError } from './support/errors';
import { BENCH_TABLE_NAME, benchQueueUrl, sandboxEnv } from './support/lambda-env';
import { clearProfiles, profileFlags } from './support/profile-flags';
import { runChild } from './support/run-child';
import { tracingMismatch } from './support/tracing-modes';
import { startUdpSink, type UdpSink } from './support/udp-sink';
import type { BenchRunner } from './types';

/** Samples per variant: published figures, and `--quick`. */
export const COLD_START_SAMPLES = { full: 30, quick: 5 } as const;

const EVENT_FILE = join(ROOT, 'events/create-order.json');

/** Each variant's own OrderPlaced queue, so the run can tell that every sample published its event. */
const queueNameOf = (variant: BuiltVariant): string => `periscope-bench-${variant.name}-order-placed`;

/** Starts the local SQS server with a queue per variant. */
async function startVariantQueues(variants: readonly BuiltVariant[]): Promise<SqsServer> {
  const sqs = await startSqsServer();
  const client = localSqsClient(sqs.endpoint);
  try {
    for (const variant of variants) await client.send(new CreateQueueCommand({ QueueName: queueNameOf(variant) }));
    return sqs;
  } catch (error) {
    await sqs.close();
    throw error;
  } finally {
    client.destroy();
  }
}

/**
 * Measures the cold start proxy of the six variants. Figures: per variant median, p25, p75, min,
 * max (ms from process start to the first response), median load and first-invocation times, the
 * ratios of each Periscope mode's median to bare's and stock Powertools', and issue 15's goals.
 *
 * @throws {BenchError} naming the variant when a sample fails, when a variant did not publish
 * `OrderPlaced` in every sample, when a traced variant sent no X-Ray datagram, or when a variant
 * loaded the X-Ray SDK against its mode (lean did, or the default did not)
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
  let sqs: SqsServer | undefined;
  const sinks = new Map<string, UdpSink>();
  try {
    await ensureOrdersTable(dynamo.endpoint, BENCH_TABLE_NAME);
    sqs = await startVariantQueues(build.variants);
    for (const variant of build.variants) sinks.set(variant.name, await startUdpSink());

    const endpoints: SampleEndpoints = { dynamoDb: dynamo.endpoint, sqs: sqs.endpoint };
    const sample = (variant: BuiltVariant, label: string): Promise<ColdStartSample> => runSample(variant, label, build.childScript, endpoints, sinks.get(variant.name) as UdpSink, options.profileDir);

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

    const server = sqs;
    const unpublished = build.variants.map((variant) => ({ variant, sent: server.queueMetrics(queueNameOf(variant)).NumberOfMessagesSent })).filter(({ sent }) => sent !== samplesPerVariant + 1);
    if (unpublished.length > 0) {
      throw new BenchError(
        `every sample should have published one OrderPlaced (${samplesPerVariant + 1} with the warm-up): ${unpublished.map(({ variant, sent }) => `${variant.name} published ${sent}`).join(', ')}`,
      );
    }

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
      'Time = performance.now() when the first POST /orders answered 201 (PutItem on dynalite, then SendMessage on the local SQS server, over loopback): node start-up + require of the bundle (load) + first invocation. The Lambda runtime client and network are not in it.',
      "Same work everywhere: parse the JSON body, validate and price it with the sample's own order rules (handlers/orders/domain), every variant alike, PutItem with the same client settings, publish OrderPlaced with the sample's body and attributes (x-correlation-id, event-type) on SQS (@aws-sdk/client-sqs, loaded by every variant), 201 JSON. Each variant publishes to its own queue and must have published once per sample, or the run fails. Powertools: the documented middy shape (captureLambdaHandler, injectLambdaContext, logMetrics + captureColdStartMetric), captureAWSv3Client on both clients, one metric and one log line.",
      "Periscope's modes run the sample's handler (handlers/orders/handler.ts, which leaves the mode to the default): the default rows (periscope-bundled, periscope-layer) with no PERISCOPE_TRACING, the lean rows with PERISCOPE_TRACING=lean in their sandbox; periscope-lean-layer runs the default's layer bundle, periscope-lean-bundled the bundle the plugin builds for a service with custom.periscope.tracing: lean (Powertools Tracer and the X-Ray SDK left out, as lean never loads them). Every traced variant must send X-Ray datagrams (counted per sample in results.json), and every sample of a lean row (and bare) must end without the X-Ray SDK loaded, of a default row (and powertools) with it loaded (cls-hooked's process.namespaces), or the run fails.",
      'Bundles: esbuild as serverless.yml (bundle, minify, node22, @aws-sdk/* external, resolved from the project node_modules); periscope-layer leaves periscope and its dependencies to the layer built by build:layer, on NODE_PATH as Lambda mounts /opt.',
    ]);
  } finally {
    await Promise.all([...sinks.values()].map((sink) => sink.close()));
    await sqs?.close();
    await dynamo.close();
  }
};

/** Where a sample's clients go: dynalite and the local SQS server. */
interface SampleEndpoints {
  readonly dynamoDb: string;
  readonly sqs: string;
}

/** One fresh process: loads the variant's bundle and serves its first invocation. */
function runSample(variant: BuiltVariant, label: string, childScript: string, endpoints: SampleEndpoints, sink: UdpSink, profileDir?: string): Promise<ColdStartSample> {
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
        dynamoDbEndpoint: endpoints.dynamoDb,
        sqsEndpoint: endpoints.sqs,
        orderEventsQueueUrl: benchQueueUrl(endpoints.sqs, queueNameOf(variant)),
        traceHeader: newTraceHeader(),
        nodePath: variant.nodePath,
      }),
      // Per variant: PERISCOPE_TRACING=lean for the lean rows, nothing for the others.
      ...variant.env,
    },
  });
}
