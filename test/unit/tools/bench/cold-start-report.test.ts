import type { ColdStartSample } from '../../../../tools/bench/support/child-protocol';
import { coldStartSection, pairedMedianRatio } from '../../../../tools/bench/support/cold-start-report';

const samples = (...totals: number[]): ColdStartSample[] => totals.map((totalMs) => ({ totalMs, loadMs: totalMs / 2, firstInvokeMs: totalMs / 4, statusCode: 201 }));

describe('cold start report', () => {
  it('pairs samples round by round, so a slow spell that hits both sides cancels out', () => {
    // Round 3 ran while the machine was busy: both sides doubled.
    expect(pairedMedianRatio(samples(110, 110, 220, 110, 110), samples(100, 100, 200, 100, 100))).toBe(1.1);
  });

  it('takes the median of the pairs, not a ratio of medians', () => {
    expect(pairedMedianRatio(samples(120, 105, 130), samples(100, 100, 100))).toBe(1.2);
  });

  it('reports ratios of medians and paired ratios for the bundled variant', () => {
    // Prepare
    const section = coldStartSection(
      [
        { name: 'bare', samples: samples(100, 100, 200), xrayDatagrams: 0 },
        { name: 'powertools', samples: samples(130, 130, 260), xrayDatagrams: 3 },
        { name: 'periscope-bundled', samples: samples(110, 110, 220), xrayDatagrams: 3 },
        { name: 'periscope-layer', samples: samples(120, 120, 240), xrayDatagrams: 3 },
      ],
      [],
    );

    // Assess
    expect(section.figures).toMatchObject({ ratioToBare: 1.1, pairedRatioToBare: 1.1, pairedRatioToPowertools: 0.846 });
    expect(section.notes?.[0]).toContain('periscope-bundled 1.10× bare');
  });
});
