import type { Goal } from '../../../../tools/bench/support/goals';
import { type WarmCaseTimes, warmCaseFigures, warmSection } from '../../../../tools/bench/support/warm-report';
import { turnOrder } from '../../../../tools/bench/warm-overhead';

/** `count` invocations of each side taking `p50` µs, one slow one in a hundred. */
const times = (p50: Record<keyof WarmCaseTimes, number>, count = 200): WarmCaseTimes => {
  const side = (us: number): number[] => Array.from({ length: count }, (_, i) => (i % 100 === 99 ? us * 3 : us));
  return { bare: side(p50.bare), periscope: side(p50.periscope), 'periscope-lean': side(p50['periscope-lean']), powertools: side(p50.powertools) };
};

describe('warm overhead report', () => {
  it('takes every traced side’s overhead over bare, as a difference of percentiles', () => {
    // Act
    const figures = warmCaseFigures(times({ bare: 300, periscope: 420, 'periscope-lean': 340, powertools: 500 }));

    // Assess
    expect(figures).toMatchObject({ bareP50Us: 300, periscopeP50Us: 420, overheadP50Us: 120, leanP50Us: 340, leanOverheadP50Us: 40, powertoolsP50Us: 500, powertoolsOverheadP50Us: 200 });
  });

  it('puts the sampled case’s overheads of each mode at the top of the figures', () => {
    // Act
    const section = warmSection(
      { sampled: times({ bare: 300, periscope: 420, 'periscope-lean': 340, powertools: 500 }), notSampled: times({ bare: 300, periscope: 310, 'periscope-lean': 305, powertools: 320 }) },
      [],
    );

    // Assess
    expect(section.figures).toMatchObject({ overheadP50Us: 120, leanOverheadP50Us: 40, powertoolsOverheadP50Us: 200, invocationsPerVariant: 200 });
    expect(section.figures['notSampled']).toMatchObject({ overheadP50Us: 10, leanOverheadP50Us: 5, powertoolsOverheadP50Us: 20 });
  });

  it('says in every row which side and tracing it measured, bare with no overhead', () => {
    // Act
    const section = warmSection(
      { sampled: times({ bare: 300, periscope: 420, 'periscope-lean': 340, powertools: 500 }), notSampled: times({ bare: 300, periscope: 300, 'periscope-lean': 300, powertools: 300 }) },
      [],
    );

    // Assess
    const rows = section.table.slice(1, 5);
    expect(rows.map((row) => [row[1], row[2], row[4]])).toEqual([
      ['bare', 'none', '—'],
      ['periscope', 'Periscope default (Powertools Tracer, X-Ray SDK)', '+120.0 µs'],
      ['periscope-lean', 'Periscope lean (XRayTracer, PERISCOPE_TRACING=lean)', '+40.0 µs'],
      ['powertools', 'stock Powertools Tracer (X-Ray SDK)', '+200.0 µs'],
    ]);
    expect(section.table).toHaveLength(1 + 2 * 4);
  });

  it('meets the goals when the default costs no more than Powertools and lean at most 50 µs', () => {
    // Act
    const section = warmSection(
      { sampled: times({ bare: 300, periscope: 500, 'periscope-lean': 350, powertools: 500 }), notSampled: times({ bare: 300, periscope: 300, 'periscope-lean': 300, powertools: 300 }) },
      [],
    );

    // Assess
    expect((section.figures['goals'] as Goal[]).map((goal) => goal.met)).toEqual([true, true]);
  });

  it('misses the goals by the µs a side is over, judged on the sampled case', () => {
    // Prepare: unsampled, every side is cheap; sampled, the default costs more than Powertools.
    const sampled = times({ bare: 300, periscope: 530, 'periscope-lean': 360, powertools: 500 });

    // Act
    const section = warmSection({ sampled, notSampled: times({ bare: 300, periscope: 300, 'periscope-lean': 300, powertools: 300 }) }, ['a note']);

    // Assess
    expect((section.figures['goals'] as Goal[]).map((goal) => [goal.value, goal.limit, goal.met])).toEqual([
      [230, 200, false],
      [60, 50, false],
    ]);
    expect(section.notes).toEqual([
      "goal Periscope default's p50 overhead ≤ stock Powertools' (sampled): +230.0 µs (limit +200.0 µs): NOT MET, over by 30.0 µs",
      "goal Periscope lean's p50 overhead ≤ 50 µs (sampled): +60.0 µs (limit +50.0 µs): NOT MET, over by 10.0 µs",
      'a note',
    ]);
  });
});

describe('warm turn order', () => {
  it('puts every side first once in as many blocks as there are sides', () => {
    // Act
    const firsts = [0, 1, 2, 3].map((round) => turnOrder(round)[0]);

    // Assess
    expect(new Set(firsts).size).toBe(4);
    expect(turnOrder(4)).toEqual(turnOrder(0));
  });

  it('runs every side once per block', () => {
    expect([...turnOrder(2)].sort()).toEqual(['bare', 'periscope', 'periscope-lean', 'powertools']);
  });
});
