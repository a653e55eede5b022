import type { ColdStartSample } from '../../../../tools/bench/support/child-protocol';
import type { ColdStartVariant } from '../../../../tools/bench/support/cold-start-builds';
import { coldStartSection, pairedMedianRatio, type VariantSamples } from '../../../../tools/bench/support/cold-start-report';
import type { Goal } from '../../../../tools/bench/support/goals';
import type { VariantTracing } from '../../../../tools/bench/support/tracing-modes';

const samples = (...totals: number[]): ColdStartSample[] => totals.map((totalMs) => ({ totalMs, loadMs: totalMs / 2, firstInvokeMs: totalMs / 4, statusCode: 201, xraySdkLoaded: false }));

const TRACING: Record<ColdStartVariant, VariantTracing> = {
  bare: 'none',
  powertools: 'stock-powertools',
  'periscope-bundled': 'periscope-default',
  'periscope-layer': 'periscope-default',
  'periscope-lean-bundled': 'periscope-lean',
  'periscope-lean-layer': 'periscope-lean',
};

/** A run of every variant, each sample of a variant `totals[i] × scale` of bare's. */
const run = (scale: Record<ColdStartVariant, number>, totals = [100, 100, 200]): VariantSamples[] =>
  (Object.keys(TRACING) as ColdStartVariant[]).map((name) => ({
    name,
    tracing: TRACING[name],
    samples: samples(...totals.map((total) => total * scale[name])),
    xrayDatagrams: name === 'bare' ? 0 : 3,
  }));

const goalsOf = (figures: Readonly<Record<string, unknown>>): Goal[] => figures['goals'] as Goal[];

describe('cold start report', () => {
  it('pairs samples round by round, so a slow spell that hits both sides cancels out', () => {
    // Round 3 ran while the machine was busy: both sides doubled.
    expect(pairedMedianRatio(samples(110, 110, 220, 110, 110), samples(100, 100, 200, 100, 100))).toBe(1.1);
  });

  it('takes the median of the pairs, not a ratio of medians', () => {
    expect(pairedMedianRatio(samples(120, 105, 130), samples(100, 100, 100))).toBe(1.2);
  });

  it('reports the default mode’s bundled ratios under the headline keys and the lean mode’s beside them', () => {
    // Prepare
    const scale = { bare: 1, powertools: 1.3, 'periscope-bundled': 1.2, 'periscope-layer': 1.25, 'periscope-lean-bundled': 1.1, 'periscope-lean-layer': 1.05 };

    // Act
    const section = coldStartSection(run(scale), []);

    // Assess
    expect(section.figures).toMatchObject({
      ratioToBare: 1.2,
      ratioToPowertools: 0.923,
      layerRatioToBare: 1.25,
      leanRatioToBare: 1.1,
      leanRatioToPowertools: 0.846,
      leanLayerRatioToBare: 1.05,
      pairedRatioToBare: 1.2,
      pairedLeanRatioToPowertools: 0.846,
    });
    expect(section.notes?.join('\n')).toContain('periscope-lean-bundled 1.10× bare, 0.85× powertools');
  });

  it('says in every row which tracing it measured', () => {
    // Act
    const section = coldStartSection(run({ bare: 1, powertools: 1, 'periscope-bundled': 1, 'periscope-layer': 1, 'periscope-lean-bundled': 1, 'periscope-lean-layer': 1 }), []);

    // Assess
    const [header, ...rows] = section.table;
    expect(header?.slice(0, 2)).toEqual(['variant', 'tracing']);
    expect(rows.map((row) => [row[0], row[1]])).toEqual([
      ['bare', 'none'],
      ['powertools', 'stock Powertools Tracer (X-Ray SDK)'],
      ['periscope-bundled', 'Periscope default (Powertools Tracer, X-Ray SDK)'],
      ['periscope-layer', 'Periscope default (Powertools Tracer, X-Ray SDK)'],
      ['periscope-lean-bundled', 'Periscope lean (XRayTracer, PERISCOPE_TRACING=lean)'],
      ['periscope-lean-layer', 'Periscope lean (XRayTracer, PERISCOPE_TRACING=lean)'],
    ]);
  });

  it('meets every goal when the default matches Powertools and lean is within 10% of bare', () => {
    // Act
    const section = coldStartSection(run({ bare: 1, powertools: 1.3, 'periscope-bundled': 1.3, 'periscope-layer': 1.3, 'periscope-lean-bundled': 1.1, 'periscope-lean-layer': 1.1 }), []);

    // Assess
    expect(goalsOf(section.figures).map((goal) => goal.met)).toEqual([true, true, true]);
    expect(section.notes?.slice(0, 3).every((note) => note.endsWith(': met'))).toBe(true);
  });

  it('misses the goals a slower default or lean run breaks, saying by how much', () => {
    // Prepare: the default is 5% slower than Powertools, lean 20% slower than bare.
    const scale = { bare: 1, powertools: 1.2, 'periscope-bundled': 1.26, 'periscope-layer': 1.26, 'periscope-lean-bundled': 1.2, 'periscope-lean-layer': 1.2 };

    // Act
    const section = coldStartSection(run(scale, [100, 100, 100]), []);

    // Assess
    expect(goalsOf(section.figures).map((goal) => [goal.value, goal.limit, goal.met])).toEqual([
      [1.05, 1, false],
      [1.2, 1.1, false],
      [1, 0.85, false],
    ]);
    expect(section.notes?.[0]).toBe('goal Periscope default (bundled) ≤ stock Powertools cold start: 1.05× (limit 1.00×): NOT MET, over by 0.05×');
  });
});
