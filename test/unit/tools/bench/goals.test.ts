import { goalNote, judgeGoal } from '../../../../tools/bench/support/goals';

describe('bench goals', () => {
  it('meets a ratio goal that equals its limit as printed', () => {
    // 0.9996× prints as 1.00×: reading "1.00× (limit 1.00×): not met" would be absurd.
    expect(judgeGoal('default ≤ Powertools', 1.0004, 1, 'ratio').met).toBe(true);
    expect(judgeGoal('default ≤ Powertools', 1.006, 1, 'ratio').met).toBe(false);
  });

  it('never meets a goal whose figure was not measured', () => {
    expect(judgeGoal('lean ≤ 50 µs', Number.NaN, 50, 'us').met).toBe(false);
  });

  it('prints a met goal with its figure and limit', () => {
    expect(goalNote(judgeGoal('lean ≤ 50 µs', 42.04, 50, 'us'))).toBe('goal lean ≤ 50 µs: +42.0 µs (limit +50.0 µs): met');
  });

  it('prints a missed goal with how far over it is', () => {
    expect(goalNote(judgeGoal('default ≤ Powertools overhead', 180, 150.5, 'us'))).toBe('goal default ≤ Powertools overhead: +180.0 µs (limit +150.5 µs): NOT MET, over by 29.5 µs');
  });
});
