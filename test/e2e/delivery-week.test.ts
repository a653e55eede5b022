import { runDeliveryWeek, type WeekOutcome } from '../../tools/drill/delivery-week/run-week';

/**
 * The simulated week of `npm run drill` (tools/drill/delivery-week/week.ts), run in full: every event
 * goes through the real delivery-metrics function (DynamoDB on dynalite, CloudWatch on the local API),
 * and the five figures are read the way the executive dashboard's delivery row computes them.
 * The expected numbers are worked out by hand from the week's timeline (see WEEK_EXPECTED's TypeDoc),
 * and written out here again so the test does not only compare the scenario with itself.
 */
describe('a simulated week of deploys and incidents, through the delivery-metrics function', () => {
  let week: WeekOutcome;
  beforeAll(async () => {
    week = await runDeliveryWeek();
  }, 120_000);

  const figure = (key: WeekOutcome['figures'][number]['key']) => week.figures.find((f) => f.key === key);

  it('counts seven deployments in seven days: one a day, meeting the daily target', () => {
    expect(figure('deploymentsPerDay')?.measured).toBeCloseTo(1, 5);
    expect(figure('deploymentsPerDay')?.meetsTarget).toBe(true);
  });

  it('averages the lead time of the five succeeded deployments whose commit was announced: 1113 / 5 minutes', () => {
    expect(figure('leadTimeHours')?.measured).toBeCloseTo(3.71, 5);
  });

  it('fails two changes of seven (a rollback, a deployment that caused an incident): 28.57%, missing the 15% target', () => {
    expect(figure('changeFailRatePercent')?.measured).toBeCloseTo(28.5714, 3);
    expect(figure('changeFailRatePercent')?.meetsTarget).toBe(false);
  });

  it('recovers failed changes in (9 + 57) / 2 minutes on average', () => {
    expect(figure('recoveryHours')?.measured).toBeCloseTo(0.55, 5);
  });

  it('counts the fix deployed during the incident as the one rework deployment of seven', () => {
    expect(figure('reworkRatePercent')?.measured).toBeCloseTo(14.2857, 3);
  });

  it('records each event once: duplicates change nothing, foreign events are ignored, malformed ones rejected, none crash it', () => {
    const got = (kind: string) => week.deliveries.filter((d) => d.got === kind).length;
    expect({ duplicate: got('duplicate'), ignored: got('ignored'), rejected: got('rejected') }).toEqual({ duplicate: 2, ignored: 1, rejected: 2 });
    expect(week.deliveries.filter((d) => d.got !== d.expect)).toEqual([]);
  });

  it('writes one review draft per incident: the change-caused one names its deployment and the fix, the other says no change caused it', () => {
    expect(week.reviews).toHaveLength(2);
    const [caused, uncaused] = week.reviews.map((r) => r.markdown) as [string, string];
    expect(caused).toContain('Caused by a change: deployment 1.0.2');
    expect(caused).toMatch(/Deployment 1\.0\.3 started .*rework/);
    expect(caused).toContain('Error budget burned: 11.16%');
    expect(uncaused).toContain('Not linked to a change');
    for (const draft of [caused, uncaused]) expect(draft).toMatch(/## Root cause[\s\S]*## What went well[\s\S]*## What to improve[\s\S]*## Action items/);
  });

  it('marks every deployment on the operations dashboard, the rolled-back one as such', () => {
    expect(week.annotations).toHaveLength(7);
    expect(week.annotations.filter((label) => label.includes('rolled back'))).toEqual(['deploy: 1.0.4 rolled back']);
  });

  it('passes its own checks', () => {
    expect(week.failures).toEqual([]);
  });
});
