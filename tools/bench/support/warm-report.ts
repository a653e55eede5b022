import { formatUs, rounded } from '../figures';
import type { BenchSection } from '../types';
import type { Sampling } from './child-protocol';
import { summarize } from './stats';

/** Per-invocation times of both sides in one tracing case, in µs. */
export interface WarmCaseTimes {
  readonly bareUs: readonly number[];
  readonly periscopeUs: readonly number[];
}

/** One tracing case's figures in results.json, in µs per invocation. */
export interface WarmCaseFigures {
  readonly bareP50Us: number;
  readonly bareP99Us: number;
  readonly periscopeP50Us: number;
  readonly periscopeP99Us: number;
  /** periscope p50 − bare p50. */
  readonly overheadP50Us: number;
  /** periscope p99 − bare p99. */
  readonly overheadP99Us: number;
}

function caseFigures(times: WarmCaseTimes): WarmCaseFigures {
  const bare = summarize(times.bareUs);
  const periscope = summarize(times.periscopeUs);
  return {
    bareP50Us: rounded(bare.median, 1),
    bareP99Us: rounded(bare.p99, 1),
    periscopeP50Us: rounded(periscope.median, 1),
    periscopeP99Us: rounded(periscope.p99, 1),
    overheadP50Us: rounded(periscope.median - bare.median, 1),
    overheadP99Us: rounded(periscope.p99 - bare.p99, 1),
  };
}

const CASES = [
  ['sampled', 'trace sampled'],
  ['notSampled', 'trace not sampled'],
] as const;

/** The warm overhead section: per case p50/p99 of both sides and their differences; the sampled case's overheads on top. */
export function warmSection(result: Readonly<Record<Sampling, WarmCaseTimes>>, notes: readonly string[]): BenchSection {
  const sampled = caseFigures(result.sampled);
  const notSampled = caseFigures(result.notSampled);
  const byCase = { sampled, notSampled };
  const rows = CASES.map(([key, label]) => {
    const f = byCase[key];
    return [label, formatUs(f.bareP50Us), formatUs(f.periscopeP50Us), formatUs(f.overheadP50Us, true), formatUs(f.bareP99Us), formatUs(f.periscopeP99Us), formatUs(f.overheadP99Us, true)];
  });
  return {
    key: 'warm',
    title: 'Warm overhead per invocation: Periscope createOrder vs bare (µs, DynamoDB answered in memory)',
    table: [['case', 'bare p50', 'periscope p50', 'overhead p50', 'bare p99', 'periscope p99', 'overhead p99'], ...rows],
    figures: {
      overheadP50Us: sampled.overheadP50Us,
      overheadP99Us: sampled.overheadP99Us,
      invocationsPerVariant: result.sampled.bareUs.length,
      sampled,
      notSampled,
    },
    notes,
  };
}
