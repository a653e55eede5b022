import { formatUs, rounded } from '../figures';
import type { BenchSection } from '../types';
import type { Sampling } from './child-protocol';
import { type Goal, goalNote, judgeGoal } from './goals';
import { summarize } from './stats';
import { TRACING_LABELS, type VariantTracing } from './tracing-modes';

/** The sides of the warm benchmark, each in its own child process, in the order of their rows. */
export const WARM_SIDES = ['bare', 'periscope', 'periscope-lean', 'powertools'] as const;

/** One of {@link WARM_SIDES}. */
export type WarmSide = (typeof WARM_SIDES)[number];

/** A side measured against bare. */
export type TracedWarmSide = Exclude<WarmSide, 'bare'>;

/** How each side traces: Periscope's two rows are the sample's createOrder in its two modes. */
export const WARM_TRACING: Readonly<Record<WarmSide, VariantTracing>> = {
  bare: 'none',
  periscope: 'periscope-default',
  'periscope-lean': 'periscope-lean',
  powertools: 'stock-powertools',
};

/** Per-invocation times of every side in one tracing case, in µs. */
export type WarmCaseTimes = Readonly<Record<WarmSide, readonly number[]>>;

/** One tracing case's figures in results.json, in µs per invocation; overheads are side − bare. */
export interface WarmCaseFigures {
  readonly bareP50Us: number;
  readonly bareP99Us: number;
  /** Periscope, default tracing. */
  readonly periscopeP50Us: number;
  readonly periscopeP99Us: number;
  readonly overheadP50Us: number;
  readonly overheadP99Us: number;
  /** Periscope, lean tracing. */
  readonly leanP50Us: number;
  readonly leanP99Us: number;
  readonly leanOverheadP50Us: number;
  readonly leanOverheadP99Us: number;
  /** Stock Powertools (middy). */
  readonly powertoolsP50Us: number;
  readonly powertoolsP99Us: number;
  readonly powertoolsOverheadP50Us: number;
  readonly powertoolsOverheadP99Us: number;
}

/** Issue 15's warm goal for lean mode: its p50 overhead, sampled, at most this many µs. */
export const LEAN_OVERHEAD_P50_GOAL_US = 50;

/** Where each traced side's figures go in {@link WarmCaseFigures}. */
const FIGURE_KEYS = {
  periscope: { p50: 'periscopeP50Us', p99: 'periscopeP99Us', overheadP50: 'overheadP50Us', overheadP99: 'overheadP99Us' },
  'periscope-lean': { p50: 'leanP50Us', p99: 'leanP99Us', overheadP50: 'leanOverheadP50Us', overheadP99: 'leanOverheadP99Us' },
  powertools: { p50: 'powertoolsP50Us', p99: 'powertoolsP99Us', overheadP50: 'powertoolsOverheadP50Us', overheadP99: 'powertoolsOverheadP99Us' },
} as const satisfies Record<TracedWarmSide, Record<'p50' | 'p99' | 'overheadP50' | 'overheadP99', keyof WarmCaseFigures>>;

/**
 * Percentiles of every side and each traced side's overhead over bare, as a difference of
 * percentiles (not a percentile of differences).
 * @throws {BenchError} when a side has no times (from `summarize`)
 */
export function warmCaseFigures(times: WarmCaseTimes): WarmCaseFigures {
  const bare = summarize(times.bare);
  const figures: Record<string, number> = { bareP50Us: rounded(bare.median, 1), bareP99Us: rounded(bare.p99, 1) };
  for (const [side, keys] of Object.entries(FIGURE_KEYS) as [TracedWarmSide, (typeof FIGURE_KEYS)[TracedWarmSide]][]) {
    const traced = summarize(times[side]);
    figures[keys.p50] = rounded(traced.median, 1);
    figures[keys.p99] = rounded(traced.p99, 1);
    figures[keys.overheadP50] = rounded(traced.median - bare.median, 1);
    figures[keys.overheadP99] = rounded(traced.p99 - bare.p99, 1);
  }
  return figures as unknown as WarmCaseFigures;
}

/** Issue 15's warm goals on the sampled case: default ≤ stock Powertools' overhead, lean ≤ 50 µs (p50). */
export function warmGoals(sampled: WarmCaseFigures): Goal[] {
  return [
    judgeGoal("Periscope default's p50 overhead ≤ stock Powertools' (sampled)", sampled.overheadP50Us, sampled.powertoolsOverheadP50Us, 'us'),
    judgeGoal(`Periscope lean's p50 overhead ≤ ${LEAN_OVERHEAD_P50_GOAL_US} µs (sampled)`, sampled.leanOverheadP50Us, LEAN_OVERHEAD_P50_GOAL_US, 'us'),
  ];
}

const CASES = [
  ['sampled', 'trace sampled'],
  ['notSampled', 'trace not sampled'],
] as const;

/**
 * The warm overhead section: per case and side p50/p99 and the overheads over bare; the sampled
 * case's overheads on top (`overheadP50Us` for the default mode, `leanOverheadP50Us`,
 * `powertoolsOverheadP50Us`) and issue 15's goals judged on them.
 */
export function warmSection(result: Readonly<Record<Sampling, WarmCaseTimes>>, notes: readonly string[]): BenchSection {
  const byCase = { sampled: warmCaseFigures(result.sampled), notSampled: warmCaseFigures(result.notSampled) };
  const rows = CASES.flatMap(([key, label]) => {
    const f = byCase[key];
    return WARM_SIDES.map((side) => {
      const cells =
        side === 'bare' ? [f.bareP50Us, undefined, f.bareP99Us, undefined] : [f[FIGURE_KEYS[side].p50], f[FIGURE_KEYS[side].overheadP50], f[FIGURE_KEYS[side].p99], f[FIGURE_KEYS[side].overheadP99]];
      return [label, side, TRACING_LABELS[WARM_TRACING[side]], ...cells.map((us, i) => (us === undefined ? '—' : formatUs(us, i % 2 === 1)))];
    });
  });
  const { sampled } = byCase;
  const goals = warmGoals(sampled);
  return {
    key: 'warm',
    title: 'Warm overhead per invocation: Periscope createOrder (default and lean) and stock Powertools vs bare (µs, DynamoDB answered in memory)',
    table: [['case', 'side', 'tracing', 'p50', 'overhead p50', 'p99', 'overhead p99'], ...rows],
    figures: {
      overheadP50Us: sampled.overheadP50Us,
      overheadP99Us: sampled.overheadP99Us,
      leanOverheadP50Us: sampled.leanOverheadP50Us,
      leanOverheadP99Us: sampled.leanOverheadP99Us,
      powertoolsOverheadP50Us: sampled.powertoolsOverheadP50Us,
      powertoolsOverheadP99Us: sampled.powertoolsOverheadP99Us,
      invocationsPerVariant: result.sampled.bare.length,
      goals,
      sampled,
      notSampled: byCase.notSampled,
    },
    notes: [...goals.map(goalNote), ...notes],
  };
}
