import { formatMs, formatRatio, rounded } from '../figures';
import type { BenchSection } from '../types';
import type { ColdStartSample } from './child-protocol';
import type { ColdStartVariant } from './cold-start-builds';
import { summarize } from './stats';

/** The samples of one variant and the X-Ray datagrams it sent. */
export interface VariantSamples {
  readonly name: ColdStartVariant;
  readonly samples: readonly ColdStartSample[];
  readonly xrayDatagrams: number;
}

/** One variant's figures in results.json. */
export interface VariantFigures {
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

function variantFigures({ samples, xrayDatagrams }: VariantSamples): VariantFigures {
  const total = summarize(samples.map((sample) => sample.totalMs));
  return {
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
 * The cold start section: per variant figures and the ratios of Periscope's medians to the
 * baselines' (`ratioToBare` and `ratioToPowertools` first, as results.json readers expect them),
 * with the same ratios taken round by round (`paired…`) beside them.
 */
export function coldStartSection(results: readonly VariantSamples[], notes: readonly string[]): BenchSection {
  const figures = Object.fromEntries(results.map((result) => [result.name, variantFigures(result)])) as Record<ColdStartVariant, VariantFigures>;
  const ratio = (variant: ColdStartVariant, baseline: ColdStartVariant): number => rounded(figures[variant].medianMs / figures[baseline].medianMs, 3);
  const samplesOf = (name: ColdStartVariant): readonly ColdStartSample[] => results.find((result) => result.name === name)?.samples ?? [];
  const paired = (variant: ColdStartVariant, baseline: ColdStartVariant): number => pairedMedianRatio(samplesOf(variant), samplesOf(baseline));
  const rows = results.map(({ name }) => {
    const f = figures[name];
    return [
      name,
      formatMs(f.medianMs),
      `${f.p25Ms.toFixed(1)}–${f.p75Ms.toFixed(1)} ms`,
      formatMs(f.minMs),
      formatMs(f.loadMedianMs),
      formatMs(f.firstInvokeMedianMs),
      formatRatio(ratio(name, 'bare')),
      formatRatio(ratio(name, 'powertools')),
    ];
  });
  return {
    key: 'coldStart',
    title: 'Cold start proxy: fresh node process, load handler + first POST /orders (ms since process start)',
    table: [['variant', 'median', 'p25–p75', 'min', 'load (median)', 'first invoke (median)', '× bare', '× powertools'], ...rows],
    figures: {
      ratioToBare: ratio('periscope-bundled', 'bare'),
      ratioToPowertools: ratio('periscope-bundled', 'powertools'),
      layerRatioToBare: ratio('periscope-layer', 'bare'),
      layerRatioToPowertools: ratio('periscope-layer', 'powertools'),
      pairedRatioToBare: paired('periscope-bundled', 'bare'),
      pairedRatioToPowertools: paired('periscope-bundled', 'powertools'),
      variants: figures,
    },
    notes: [
      `Round by round (median of the ${Math.min(samplesOf('periscope-bundled').length, samplesOf('bare').length)} paired ratios, which cancels the machine's slow spells): periscope-bundled ${formatRatio(paired('periscope-bundled', 'bare'))} bare, ${formatRatio(paired('periscope-bundled', 'powertools'))} powertools; periscope-layer ${formatRatio(paired('periscope-layer', 'bare'))} bare, ${formatRatio(paired('periscope-layer', 'powertools'))} powertools.`,
      ...notes,
    ],
  };
}
