/**
 * The warm overhead section of `npm run bench`: what Periscope adds to a warm invocation of the
 * sample's `createOrder`, against the bare baseline doing the same work. Each side runs in its own
 * child process with a Lambda sandbox's environment (tracing on, set before the SDKs load); the
 * two are driven in alternating blocks, one at a time.
 */
import { resolve } from 'node:path';
import { bundle } from './support/bundle';
import type { Sampling } from './support/child-protocol';
import { BenchError } from './support/errors';
import { sandboxEnv } from './support/lambda-env';
import { profileFlags } from './support/profile-flags';
import { startUdpSink } from './support/udp-sink';
import { startWarmChild, type WarmChild } from './support/warm-driver';
import { type WarmCaseTimes, warmSection } from './support/warm-report';
import type { BenchRunner } from './types';

/** Invocations per side and tracing case: published figures, and `--quick`. */
export const WARM_INVOCATIONS = { full: 10_000, quick: 1_000 } as const;

/** Unrecorded invocations per side before each case is measured. */
export const WARM_UP_INVOCATIONS = 500;

/** Invocations in a row of one side before the other takes its turn. */
export const WARM_BLOCK = 100;

const SAMPLINGS: readonly Sampling[] = ['sampled', 'notSampled'];

/** Runs `count` invocations of each side in blocks, alternating which side goes first. */
async function measure(bare: WarmChild, periscope: WarmChild, sampling: Sampling, count: number): Promise<WarmCaseTimes> {
  const bareUs: number[] = [];
  const periscopeUs: number[] = [];
  for (let done = 0, round = 0; done < count; done += WARM_BLOCK, round += 1) {
    const size = Math.min(WARM_BLOCK, count - done);
    const turns: [WarmChild, number[]][] = [
      [bare, bareUs],
      [periscope, periscopeUs],
    ];
    if (round % 2 === 1) turns.reverse();
    for (const [child, times] of turns) times.push(...(await child.run(sampling, size)));
  }
  return { bareUs, periscopeUs };
}

/**
 * Measures the warm overhead. Figures: `overheadP50Us` and `overheadP99Us` (sampled case), and per
 * case (`sampled`, `notSampled`) both sides' p50 and p99 and their differences, in µs.
 *
 * @throws {BenchError} when a child fails or an invocation does not answer 201 (naming the side),
 * when a side skipped the DynamoDB client, or when no X-Ray datagram arrived (tracing was off)
 * @example
 * ```ts
 * const section = await runWarmOverhead({ quick: true, progress: console.error, buildDir: 'tools/bench/.build' });
 * ```
 */
export const runWarmOverhead: BenchRunner = async (options) => {
  const started = performance.now();
  const invocations = options.quick ? WARM_INVOCATIONS.quick : WARM_INVOCATIONS.full;
  const out = resolve(options.buildDir, 'warm');
  options.progress('warm: bundling the warm child, bare and the sample createOrder with esbuild');
  const [script, bareFile, periscopeFile] = await Promise.all([
    bundle({ entry: 'tools/bench/support/warm-child.ts', outfile: resolve(out, 'warm-child.js'), minify: false }),
    bundle({ entry: 'tools/bench/variants/warm-bare.ts', outfile: resolve(out, 'bare.js'), minify: options.profileDir === undefined }),
    bundle({ entry: 'tools/bench/variants/warm-periscope.ts', outfile: resolve(out, 'periscope.js'), minify: options.profileDir === undefined }),
  ]);

  const sink = await startUdpSink();
  const env = sandboxEnv({ functionName: 'periscope-orders-bench-createOrder', handler: 'handler.createOrder', xrayDaemonAddress: sink.address });
  const children: WarmChild[] = [];
  const result = {} as Record<Sampling, WarmCaseTimes>;
  const requests = { bare: 0, periscope: 0 };
  try {
    const nodeFlags = profileFlags(options.profileDir, 'warm');
    const bare = await startWarmChild({ name: 'bare', script: script.outfile, variantFile: bareFile.outfile, env, nodeFlags });
    children.push(bare);
    const periscope = await startWarmChild({ name: 'periscope', script: script.outfile, variantFile: periscopeFile.outfile, env, nodeFlags });
    children.push(periscope);
    for (const sampling of SAMPLINGS) {
      options.progress(`warm: ${sampling}: ${WARM_UP_INVOCATIONS} warm-up then ${invocations} timed invocations per side`);
      await measure(bare, periscope, sampling, WARM_UP_INVOCATIONS);
      result[sampling] = await measure(bare, periscope, sampling, invocations);
    }
    requests.bare = await bare.finish();
    requests.periscope = await periscope.finish();
    await new Promise((done) => setTimeout(done, 200));
  } finally {
    for (const child of children) child.kill();
    await sink.close();
  }

  const perSide = SAMPLINGS.length * (invocations + WARM_UP_INVOCATIONS);
  if (requests.bare !== perSide || requests.periscope !== perSide) {
    throw new BenchError(`each side should have sent ${perSide} DynamoDB requests; bare sent ${requests.bare}, periscope ${requests.periscope}`);
  }
  if (sink.datagrams === 0) throw new BenchError('no X-Ray datagram arrived from the Periscope side: tracing was off, so the overhead would be understated');

  return warmSection(result, [
    `${invocations} timed invocations per side and case${options.quick ? ' (quick mode: not the published figures)' : ''}, after ${WARM_UP_INVOCATIONS} warm-up ones; blocks of ${WARM_BLOCK}, alternating which side goes first; ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    'Each side in its own child process with the same Lambda sandbox env (tracing on), driven over IPC one block at a time: so neither side pays for what the other loaded (the stock X-Ray SDK puts cls-hooked async hooks on every promise of a process). Each invocation gets a new _X_AMZN_TRACE_ID (Sampled=1, then Sampled=0) and Lambda context outside the timed call; the handler call is timed with process.hrtime.bigint().',
    "Both sides use the same DynamoDB document client settings with an in-memory requestHandler answering 200 {}: both do the full SDK work (middleware, marshalling, signing, serialising, parsing) except the network, so dynalite's milliseconds do not swamp the microseconds measured.",
    `Periscope side: the sample's createOrder wired as in handlers/orders/handler.ts (validation, logs, EMF, X-Ray subsegments sent over UDP to a local discarding socket: ${sink.datagrams} datagrams, ≈${(sink.datagrams / (invocations + WARM_UP_INVOCATIONS)).toFixed(1)} per sampled invocation). Bare side: the same route, domain and DynamoDB adapter without Periscope (no withObservability, an untraced client, business metrics dropped), so the difference is the instrumentation alone. stdout is discarded in both.`,
    'Overhead = Periscope percentile − bare percentile (a difference of percentiles, not a percentile of differences). p99 includes GC pauses, which fall on whichever side is allocating.',
  ]);
};
