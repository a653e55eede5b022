import { formatMs, formatRatio, rounded } from '../figures';
import type { BenchSection } from '../types';
import type { ColdStartSample } from './child-protocol';
import type { ColdStartVariant } from './cold-start-builds';
import { type Goal, goalNote, judgeGoal } from './goals';
import { summarize } from './stats';
import { TRACING_LABELS, type VariantTracing } from './tracing-modes';

/** The samples of one variant and the X-Ray datagrams it sent. */
export interface VariantSamples {
  readonly name: ColdStartVariant;
  readonly tracing: VariantTracing;
  readonly samples: readonly ColdStartSample[];
  readonly xrayDatagrams: number;
}

/** One variant's figures in results.json. */
export interface VariantFigures {
  readonly tracing: VariantTracing;
  readonly medianMs: number;
  readonly p25Ms: number;
  readonly p75Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly samples: number;
  /** Median time to `require` the bundle. */
  readonly loadMedianMs: number;
  /** Median time of the first invocation. */
  readonly firstInvokeMedianMs: number;
  /** X-Ray datagrams received per sample (0 for bare): evidence tracing was on. */
  readonly xrayDatagramsPerSample: number;
}

/** Issue 15's cold start goals, on the ratios of medians of one run (bundled variants). */
export const COLD_START_GOALS = {
  /** Periscope default ≤ this × stock Powertools, while doing more. */
  defaultToPowertools: 1.0,
  /** Periscope lean ≤ this × bare. */
  leanToBare: 1.1,
  /** Periscope lean ≤ this × stock Powertools. */
  leanToPowertools: 0.85,
} as const;

function variantFigures({ tracing, samples, xrayDatagrams }: VariantSamples): VariantFigures {
  const total = summarize(samples.map((sample) => sample.totalMs));
  return {
    tracing,
    medianMs: rounded(total.median),
    p25Ms: rounded(total.p25),
    p75Ms: rounded(total.p75),
    minMs: rounded(total.min),
    maxMs: rounded(total.max),
    samples: total.count,
    loadMedianMs: rounded(summarize(samples.map((sample) => sample.loadMs)).median),
    firstInvokeMedianMs: rounded(summarize(samples.map((sample) => sample.firstInvokeMs)).median),
    xrayDatagramsPerSample: rounded(xrayDatagrams / total.count),
  };
}

/**
 * The median of per-round ratios `variant / baseline`: round i's samples were taken back to back,
 * so a slow spell of a shared machine slows both sides of a pair and cancels out of its ratio.
 * Samples are paired by index (the run appends one per variant per round).
 */
export function pairedMedianRatio(variant: readonly ColdStartSample[], baseline: readonly ColdStartSample[]): number {
  const count = Math.min(variant.length, baseline.length);
  const ratios = Array.from({ length: count }, (_, i) => (variant[i]?.totalMs ?? Number.NaN) / (baseline[i]?.totalMs ?? Number.NaN));
  return rounded(summarize(ratios).median, 3);
}

/**
 * The cold start section: per variant figures, the ratios of Periscope's medians to the baselines'
 * (default mode: `ratioToBare`, `ratioToPowertools`, `layerRatioTo…`; lean mode: `leanRatioTo…`,
 * `leanLayerRatioTo…`), the same ratios taken round by round (`paired…`) beside them, and issue
 * 15's goals judged on the bundled ratios.
 *
 * @throws {BenchError} when a variant has no samples (from `summarize`)
 */
export function coldStartSection(results: readonly VariantSamples[], notes: readonly string[]): BenchSection {
  const figures = Object.fromEntries(results.map((result) => [result.name, variantFigures(result)])) as Partial<Record<ColdStartVariant, VariantFigures>>;
  const medianOf = (name: ColdStartVariant): number => figures[name]?.medianMs ?? Number.NaN;
  const ratio = (variant: ColdStartVariant, baseline: ColdStartVariant): number => rounded(medianOf(variant) / medianOf(baseline), 3);
  const samplesOf = (name: ColdStartVariant): readonly ColdStartSample[] => results.find((result) => result.name === name)?.samples ?? [];
  const paired = (variant: ColdStartVariant, baseline: ColdStartVariant): number => {
    const [a, b] = [samplesOf(variant), samplesOf(baseline)];
    return a.length === 0 || b.length === 0 ? Number.NaN : pairedMedianRatio(a, b);
  };
  const rows = results.map(({ name, tracing }) => {
    const f = figures[name] as VariantFigures;
    return [
      name,
      TRACING_LABELS[tracing],
      formatMs(f.medianMs),
      `${f.p25Ms.toFixed(1)}–${f.p75Ms.toFixed(1)} ms`,
      formatMs(f.minMs),
      formatMs(f.loadMedianMs),
      formatMs(f.firstInvokeMedianMs),
      formatRatio(ratio(name, 'bare')),
      formatRatio(ratio(name, 'powertools')),
    ];
  });
  const goals: Goal[] = [
    judgeGoal('Periscope default (bundled) ≤ stock Powertools cold start', ratio('periscope-bundled', 'powertools'), COLD_START_GOALS.defaultToPowertools, 'ratio'),
    judgeGoal('Periscope lean (bundled) ≤ 1.10× bare', ratio('periscope-lean-bundled', 'bare'), COLD_START_GOALS.leanToBare, 'ratio'),
    judgeGoal('Periscope lean (bundled) ≤ 0.85× stock Powertools', ratio('periscope-lean-bundled', 'powertools'), COLD_START_GOALS.leanToPowertools, 'ratio'),
  ];
  const pairedNote = (name: ColdStartVariant): string => `${name} ${formatRatio(paired(name, 'bare'))} bare, ${formatRatio(paired(name, 'powertools'))} powertools`;
  const periscopeRows = results.map((result) => result.name).filter((name) => name.startsWith('periscope'));
  return {
    key: 'coldStart',
    title: 'Cold start proxy: fresh node process, load handler + first POST /orders (ms since process start)',
    table: [['variant', 'tracing', 'median', 'p25–p75', 'min', 'load (median)', 'first invoke (median)', '× bare', '× powertools'], ...rows],
    figures: {
      ratioToBare: ratio('periscope-bundled', 'bare'),
      ratioToPowertools: ratio('periscope-bundled', 'powertools'),
      layerRatioToBare: ratio('periscope-layer', 'bare'),
      layerRatioToPowertools: ratio('periscope-layer', 'powertools'),
      leanRatioToBare: ratio('periscope-lean-bundled', 'bare'),
      leanRatioToPowertools: ratio('periscope-lean-bundled', 'powertools'),
      leanLayerRatioToBare: ratio('periscope-lean-layer', 'bare'),
      leanLayerRatioToPowertools: ratio('periscope-lean-layer', 'powertools'),
      pairedRatioToBare: paired('periscope-bundled', 'bare'),
      pairedRatioToPowertools: paired('periscope-bundled', 'powertools'),
      pairedLeanRatioToBare: paired('periscope-lean-bundled', 'bare'),
      pairedLeanRatioToPowertools: paired('periscope-lean-bundled', 'powertools'),
      goals,
      variants: figures,
    },
    notes: [
      ...goals.map(goalNote),
      'Goals are judged on the ratios of medians of this run (the × columns); the paired ratios below are the same comparison taken round by round.',
      `Round by round (median of the ${Math.min(samplesOf('periscope-bundled').length, samplesOf('bare').length)} paired ratios, which cancels the machine's slow spells): ${periscopeRows.map(pairedNote).join('; ')}.`,
      ...notes,
    ],
  };
}
