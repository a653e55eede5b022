import { memoryTrend } from '../../../../tools/load/memory-trend';

const MiB = 2 ** 20;
const samples = (values: readonly number[]) => values.map((mib, i) => ({ atSeconds: i * 2, bytes: mib * MiB }));

describe('memoryTrend', () => {
  it('calls memory flat when it only wobbles after the warm-up, whatever the warm-up did', () => {
    const trend = memoryTrend(samples([50, 80, 100, 101, 99, 102, 100, 98, 101, 100]), { warmUpSeconds: 4, toleranceMiB: 4 });
    expect(trend).toMatchObject({ startMiB: 100.5, endMiB: 100.5, flat: true });
  });

  it('calls steady growth growing, with its slope per minute', () => {
    const trend = memoryTrend(samples([100, 110, 120, 130, 140, 150, 160, 170, 180]), { warmUpSeconds: 0, toleranceMiB: 4 });
    expect(trend.flat).toBe(false);
    expect(trend.slopeMiBPerMinute).toBeCloseTo(300); // 10 MiB every 2 s
  });

  it('does not let one garbage collection spike decide', () => {
    expect(memoryTrend(samples([100, 100, 100, 100, 100, 100, 100, 140, 100]), { warmUpSeconds: 0, toleranceMiB: 4 }).flat).toBe(true);
  });

  it('refuses to judge fewer than 3 samples after the warm-up', () => {
    expect(() => memoryTrend(samples([100, 100, 100]), { warmUpSeconds: 4, toleranceMiB: 4 })).toThrow('need at least 3 memory samples after the 4 s warm-up, got 1');
  });
});
