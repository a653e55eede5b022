/**
 * The warm overhead section of `npm run bench`: what instrumentation adds to a warm invocation of
 * the sample's `createOrder` (PutItem, then OrderPlaced on SQS) against the bare baseline doing the same work, for Periscope in its
 * default tracing, Periscope lean, and stock Powertools. Each side runs in its own child process
 * with a Lambda sandbox's environment (tracing on, set before the SDKs load); the sides are driven
 * in blocks, one at a time, taking turns.
 */
import { resolve } from 'node:path';
import { bundle } from './support/bundle';
import type { Sampling } from './support/child-protocol';
import { BenchError } from './support/errors';
import { sandboxEnv } from './support/lambda-env';
import { clearProfiles, profileFlags, recordProfileUnit } from './support/profile-flags';
import { tracingEnv, tracingMismatch } from './support/tracing-modes';
import { startUdpSink, type UdpSink } from './support/udp-sink';
import { startWarmChild, type WarmChild, type WarmChildEnd } from './support/warm-driver';
import { WARM_SIDES, WARM_TRACING, type WarmCaseTimes, type WarmSide, warmSection } from './support/warm-report';
import type { BenchRunner } from './types';

/** Invocations per side and tracing case: published figures, and `--quick`. */
export const WARM_INVOCATIONS = { full: 10_000, quick: 1_000 } as const;

/** Unrecorded invocations per side before each case is measured. */
export const WARM_UP_INVOCATIONS = 500;

/** Invocations in a row of one side before the next takes its turn. */
export const WARM_BLOCK = 100;

const SAMPLINGS: readonly Sampling[] = ['sampled', 'notSampled'];

/** How long a finished child may take to exit (writing a CPU profile of 20,000 invocations takes seconds) before it is killed. */
const CHILD_EXIT_TIMEOUT_MS = 30_000;

/** Each side's variant: Periscope's two sides are one bundle, the mode chosen by their environment. */
const VARIANT_ENTRIES: Readonly<Record<WarmSide, string>> = {
  bare: 'tools/bench/variants/warm-bare.ts',
  periscope: 'tools/bench/variants/warm-periscope.ts',
  'periscope-lean': 'tools/bench/variants/warm-periscope.ts',
  powertools: 'tools/bench/variants/warm-powertools.ts',
};

/**
 * The order the sides take their turns in block `round`: {@link WARM_SIDES} rotated by one more each
 * block, so every side goes first, second, … equally often and none always follows the same one.
 */
export function turnOrder(round: number): WarmSide[] {
  const shift = round % WARM_SIDES.length;
  return [...WARM_SIDES.slice(shift), ...WARM_SIDES.slice(0, shift)];
}

/** Runs `count` invocations of every side in blocks, taking turns. */
async function measure(children: Readonly<Record<WarmSide, WarmChild>>, sampling: Sampling, count: number): Promise<WarmCaseTimes> {
  const times = Object.fromEntries(WARM_SIDES.map((side) => [side, [] as number[]])) as Record<WarmSide, number[]>;
  for (let done = 0, round = 0; done < count; done += WARM_BLOCK, round += 1) {
    const size = Math.min(WARM_BLOCK, count - done);
    for (const side of turnOrder(round)) times[side].push(...(await children[side].run(sampling, size)));
  }
  return times;
}

/**
 * Measures the warm overhead. Figures: the sampled case's overheads (`overheadP50Us` and
 * `overheadP99Us` for Periscope's default, `lean…` and `powertools…`), and per case (`sampled`,
 * `notSampled`) every side's p50 and p99 and their differences to bare, in µs; issue 15's goals.
 *
 * @throws {BenchError} when a child fails or an invocation does not answer 201 (naming the side),
 * when a side skipped the DynamoDB or SQS call, or when a traced side sent no X-Ray datagram (tracing was off)
 * @example
 * ```ts
 * const section = await runWarmOverhead({ quick: true, progress: console.error, buildDir: 'tools/bench/.build' });
 * ```
 */
export const runWarmOverhead: BenchRunner = async (options) => {
  const started = performance.now();
  clearProfiles(options.profileDir, 'warm');
  const invocations = options.quick ? WARM_INVOCATIONS.quick : WARM_INVOCATIONS.full;
  const out = resolve(options.buildDir, 'warm');
  const minify = options.profileDir === undefined;
  options.progress('warm: bundling the warm child, bare, the sample createOrder and stock Powertools with esbuild');
  const script = await bundle({ entry: 'tools/bench/support/warm-child.ts', outfile: resolve(out, 'warm-child.js'), minify: false });
  const entries = [...new Set(Object.values(VARIANT_ENTRIES))];
  const built = await Promise.all(entries.map((entry) => bundle({ entry, outfile: resolve(out, `${entry.split('/').at(-1)?.replace(/\.ts$/, '')}.js`), minify })));
  const variantFile = (side: WarmSide): string => built[entries.indexOf(VARIANT_ENTRIES[side])]?.outfile as string;

  const sinks = {} as Record<WarmSide, UdpSink>;
  const children = {} as Record<WarmSide, WarmChild>;
  const result = {} as Record<Sampling, WarmCaseTimes>;
  const ends = {} as Record<WarmSide, WarmChildEnd>;
  try {
    for (const side of WARM_SIDES) {
      // A sink per side, so each traced side shows it sent its own datagrams.
      sinks[side] = await startUdpSink();
      const env = { ...sandboxEnv({ functionName: 'periscope-orders-bench-createOrder', handler: 'handler.createOrder', xrayDaemonAddress: sinks[side].address }), ...tracingEnv(WARM_TRACING[side]) };
      const nodeFlags = profileFlags(options.profileDir, `warm/${side}`);
      children[side] = await startWarmChild({ name: side, script: script.outfile, variantFile: variantFile(side), env, nodeFlags });
    }
    for (const sampling of SAMPLINGS) {
      options.progress(`warm: ${sampling}: ${WARM_UP_INVOCATIONS} warm-up then ${invocations} timed invocations per side (${WARM_SIDES.join(', ')})`);
      await measure(children, sampling, WARM_UP_INVOCATIONS);
      result[sampling] = await measure(children, sampling, invocations);
    }
    for (const side of WARM_SIDES) ends[side] = await children[side].finish();
    // Each child exits by itself once its last datagrams left (and its CPU profile, when profiling, is written).
    await Promise.all(WARM_SIDES.map((side) => children[side].exited(CHILD_EXIT_TIMEOUT_MS)));
    // The last datagrams in flight arrive.
    await new Promise((done) => setTimeout(done, 200));
  } finally {
    for (const child of Object.values(children)) child.kill();
    await Promise.all(Object.values(sinks).map((sink) => sink.close()));
  }

  const perSide = SAMPLINGS.length * (invocations + WARM_UP_INVOCATIONS);
  for (const side of WARM_SIDES) recordProfileUnit(options.profileDir, `warm/${side}`, { label: 'invocation', count: perSide });
  if (WARM_SIDES.some((side) => ends[side].dynamoDbRequests !== perSide || ends[side].sqsRequests !== perSide)) {
    throw new BenchError(
      `each side should have sent ${perSide} DynamoDB and ${perSide} SQS requests; ${WARM_SIDES.map((side) => `${side} sent ${ends[side].dynamoDbRequests} and ${ends[side].sqsRequests}`).join(', ')}`,
    );
  }
  const mismatches = WARM_SIDES.map((side) => tracingMismatch(side, WARM_TRACING[side], ends[side].xraySdkLoaded)).filter((why) => why !== undefined);
  if (mismatches.length > 0) throw new BenchError(mismatches.join('; '));
  const traced = WARM_SIDES.filter((side) => WARM_TRACING[side] !== 'none');
  const silent = traced.filter((side) => sinks[side].datagrams === 0);
  if (silent.length > 0) throw new BenchError(`no X-Ray datagram arrived from ${silent.join(', ')}: tracing was off, so the overhead would be understated`);
  const sampledInvocations = invocations + WARM_UP_INVOCATIONS;
  const datagrams = traced.map((side) => `${side} ${sinks[side].datagrams} (≈${(sinks[side].datagrams / sampledInvocations).toFixed(1)} per sampled invocation)`).join(', ');

  return warmSection(result, [
    `${invocations} timed invocations per side and case${options.quick ? ' (quick mode: not the published figures)' : ''}, after ${WARM_UP_INVOCATIONS} warm-up ones; blocks of ${WARM_BLOCK}, the ${WARM_SIDES.length} sides taking turns in an order rotated every block; ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    'Each side in its own child process with the same Lambda sandbox env (tracing on), driven over IPC one block at a time: so no side pays for what another loaded (the X-Ray SDK puts cls-hooked async hooks on every promise of a process). Each invocation gets a new _X_AMZN_TRACE_ID (Sampled=1, then Sampled=0) and Lambda context outside the timed call; the handler call is timed with process.hrtime.bigint().',
    "Every invocation does the sample's work: PutItem, then SendMessage of OrderPlaced (the request's x-correlation-id and event-type attributes). Every side uses the same DynamoDB document client settings with an in-memory requestHandler answering 200 {}, and an SQS client whose in-memory requestHandler answers SendMessage with a message id and the body's MD5 (which the client checks): all do the full SDK work (middleware, marshalling, signing, serialising, parsing) except the network, so dynalite's and the SQS server's milliseconds do not swamp the microseconds measured. Each side must send one of each per invocation, or the run fails.",
    "Periscope sides: the sample's createOrder wired as in handlers/orders/handler.ts (validation, logs, EMF, X-Ray, the trace header on the message), one bundle run twice: periscope with no PERISCOPE_TRACING (the default: Powertools Tracer over the X-Ray SDK), periscope-lean with PERISCOPE_TRACING=lean (XRayTracer). powertools: the same route as bare in the documented middy shape (injectLambdaContext, captureLambdaHandler, logMetrics + captureColdStartMetric, captureAWSv3Client on both clients), one metric and one log line; its message carries the correlation id, and the X-Ray SDK's request header the trace. Bare: the sample's route, domain, DynamoDB adapter and SQS publisher with no instrumentation (untraced clients, business metrics dropped), so a difference is the instrumentation alone. stdout is discarded everywhere.",
    `Every traced side sends its X-Ray subsegments over UDP to its own local discarding socket, and the run fails if one sent none: ${datagrams}. Lean's XRayTracer hands its one document to the socket on the next event-loop turn (setImmediate), after the handler returned, so that send falls outside the timed call; the X-Ray SDK sends each subsegment as it closes, inside it. The run also fails if periscope-lean or bare loaded the X-Ray SDK, or periscope or powertools did not (cls-hooked's process.namespaces, read in each child at the end).`,
    'Overhead = side percentile − bare percentile (a difference of percentiles, not a percentile of differences). Goals are judged on the sampled case. p99 includes GC pauses, which fall on whichever side is allocating.',
  ]);
};
