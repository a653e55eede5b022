import { countOf, dailyShape, minuteOfTraffic, requestOf, seededRandom } from '../../../../tools/drill/traffic';

describe('drill traffic', () => {
  it('sends the same requests for the same seed, so a drill repeats', () => {
    // Act
    const first = minuteOfTraffic(40, seededRandom(7));
    const second = minuteOfTraffic(40, seededRandom(7));

    // Assess
    expect(second).toEqual(first);
    expect(first).toHaveLength(40);
  });

  it('mixes mostly orders placed and read with a few client mistakes', () => {
    // Act: a large sample of the ordinary mix
    const random = seededRandom(3);
    const kinds = Array.from({ length: 200 }, () => minuteOfTraffic(50, random))
      .flat()
      .map((r) => r.kind);
    const share = (kind: string) => kinds.filter((k) => k === kind).length / kinds.length;

    // Assess: within a point of the mix (45% create, 30% get, 15% list, 5% invalid, 3% missing, 2% unknown)
    expect(share('create')).toBeCloseTo(0.45, 1);
    expect(share('get')).toBeCloseTo(0.3, 1);
    expect(share('list')).toBeCloseTo(0.15, 1);
    expect(share('create-invalid') + share('get-missing') + share('unknown-route')).toBeCloseTo(0.1, 1);
  });

  it('builds a request of a given kind with the details its route needs', () => {
    // Act
    const random = seededRandom(1);

    // Assess
    expect(requestOf('create', random)).toMatchObject({ kind: 'create', customerId: expect.stringMatching(/^c-/), quantity: expect.any(Number), unitPrice: expect.any(Number) });
    expect(requestOf('create-invalid', random)).toMatchObject({ kind: 'create-invalid', customerId: expect.stringMatching(/^c-/) });
    expect(requestOf('unknown-route', random)).toEqual({ kind: 'unknown-route' });
  });

  it('sends the fractional part of a rate with that probability', () => {
    // Act
    const random = seededRandom(5);
    const counts = Array.from({ length: 4000 }, () => countOf(2.25, random));

    // Assess
    expect(new Set(counts)).toEqual(new Set([2, 3]));
    expect(counts.reduce((sum, n) => sum + n, 0) / counts.length).toBeCloseTo(2.25, 1);
  });

  it('shapes a shop’s day: quiet at 4 am, busiest in the evening, never above the peak', () => {
    // Act
    const at = (hour: number) => dailyShape(hour * 60, 100);

    // Assess
    expect(at(4)).toBeLessThan(15);
    expect(at(19.5)).toBe(100);
    expect(at(12.5)).toBeGreaterThan(at(4) * 4);
    expect(Math.max(...Array.from({ length: 1440 }, (_, m) => dailyShape(m, 100)))).toBeLessThanOrEqual(100);
  });
});
