import { AlarmEvaluationError, AlarmEvaluator, type AlarmEvaluatorOptions, type AlarmStateChange, type CfnResources } from '../../../../tools/emulators/cloudwatch/alarm-evaluator';
import { type MetricId, MetricStore } from '../../../../tools/emulators/cloudwatch/metric-store';
import { alarmResource, at, compositeResource, DEPLOYING, dimensionsOf, ERRORS, record, T0 } from './support';

/** One value in each minute `from`..`to`: a metric that reports every minute, 0 when all is well. */
const recordEach = (store: MetricStore, metric: MetricId, from: number, to: number, value: number): void => {
  for (let minute = from; minute <= to; minute += 1) record(store, metric, minute, value);
};

const TOPIC = { Ref: 'AlertsTopic' };
const topicResource = { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alerts' } };

/** Evaluates every minute from `from` to `to` (inclusive) and returns what happened, by minute. */
function run(evaluator: AlarmEvaluator, store: MetricStore, from: number, to: number): Record<number, AlarmStateChange[]> {
  const byMinute: Record<number, AlarmStateChange[]> = {};
  for (let minute = from; minute <= to; minute += 1) {
    const changes = evaluator.evaluate(store, at(minute));
    if (changes.length > 0) byMinute[minute] = changes;
  }
  return byMinute;
}

/** `[event, alarm, from → to, suppressed]` of each entry, for reading timelines. */
const summary = (changes: Record<number, AlarmStateChange[]>) =>
  Object.fromEntries(Object.entries(changes).map(([minute, entries]) => [minute, entries.map((c) => `${c.event} ${c.alarmName} ${c.from}→${c.to}${c.suppressed ? ` held(${c.suppressedBy})` : ''}`)]));

describe('AlarmEvaluator', () => {
  describe('actions', () => {
    const resources = (extra: Record<string, unknown> = {}): CfnResources => ({
      Errors: alarmResource({ EvaluationPeriods: 1, TreatMissingData: 'notBreaching', AlarmActions: [TOPIC], OKActions: [TOPIC], ...extra }),
      AlertsTopic: topicResource,
    });

    it('runs AlarmActions on the change to ALARM and OKActions on the change back, nothing while the state holds', () => {
      // Prepare: errors in minutes 1 and 2, none before or after
      const store = new MetricStore();
      recordEach(store, ERRORS, 0, 5, 0);
      recordEach(store, ERRORS, 1, 2, 9);
      const evaluator = new AlarmEvaluator(resources(), { initialState: 'OK' });

      // Act
      const changes = run(evaluator, store, 0, 5);

      // Assess
      expect(changes).toEqual({
        2: [expect.objectContaining({ event: 'transition', alarmName: 'errors-high', kind: 'metric', from: 'OK', to: 'ALARM', at: at(2), actions: [TOPIC], suppressed: false })],
        4: [expect.objectContaining({ from: 'ALARM', to: 'OK', at: at(4), actions: [TOPIC], suppressed: false })],
      });
      expect(evaluator.state('errors-high')).toMatchObject({ state: 'OK', since: at(4) });
    });

    it('keeps the last datapoints in view for two periods after a sparse metric stops, as CloudWatch re-evaluates them', () => {
      // Prepare: errors in minutes 1 and 2, then no datapoint at all (notBreaching)
      const store = new MetricStore();
      recordEach(store, ERRORS, 1, 2, 9);
      const evaluator = new AlarmEvaluator(resources(), { initialState: 'OK' });

      // Act
      const changes = run(evaluator, store, 0, 7);

      // Assess: the range (3 periods for 1 evaluation period) holds minute 2 until 10:05; OK at 10:06
      expect(summary(changes)).toEqual({ 2: ['transition errors-high OK→ALARM'], 6: ['transition errors-high ALARM→OK'] });
      expect(changes[6]?.[0]?.reason).toBe('Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].');
    });

    it('reports changes without actions when ActionsEnabled is false', () => {
      const store = new MetricStore();
      record(store, ERRORS, 0, 9);

      const [change] = new AlarmEvaluator(resources({ ActionsEnabled: false }), { initialState: 'OK' }).evaluate(store, at(1));

      expect(change).toMatchObject({ to: 'ALARM', actions: [], suppressed: false });
    });

    it('runs InsufficientDataActions when data stops and missing data is missing, and starts in INSUFFICIENT_DATA by default', () => {
      // Prepare
      const store = new MetricStore();
      record(store, ERRORS, 0, 1);
      const evaluator = new AlarmEvaluator(resources({ TreatMissingData: 'missing', InsufficientDataActions: ['arn:aws:sns:us-east-1:123456789012:no-data'] }));

      // Act: OK from the one datapoint; INSUFFICIENT_DATA once it leaves the 3-period range
      const changes = run(evaluator, store, 1, 5);

      // Assess
      expect(summary(changes)).toEqual({ 1: ['transition errors-high INSUFFICIENT_DATA→OK'], 4: ['transition errors-high OK→INSUFFICIENT_DATA'] });
      expect(changes[4]?.[0]).toMatchObject({ actions: ['arn:aws:sns:us-east-1:123456789012:no-data'], reason: 'Insufficient Data: 1 datapoint was unknown.' });
    });
  });

  it('evaluates composites after the alarms they read, composites of composites included, in one evaluation', () => {
    // Prepare: the outer composite comes first in the template
    const store = new MetricStore();
    record(store, ERRORS, 0, 9);
    const evaluator = new AlarmEvaluator(
      {
        Outer: compositeResource({ AlarmName: 'outer', AlarmRule: 'ALARM(inner) AND NOT ALARM(quiet)' }),
        Inner: compositeResource({ AlarmName: 'inner', AlarmRule: 'ALARM("errors-high")' }),
        Quiet: compositeResource({ AlarmName: 'quiet', AlarmRule: 'FALSE' }),
        Errors: alarmResource({ EvaluationPeriods: 1, TreatMissingData: 'notBreaching' }),
      },
      { initialState: 'OK' },
    );

    // Act
    const changes = evaluator.evaluate(store, at(1));

    // Assess
    expect(changes.map((c) => `${c.alarmName} ${c.to}`)).toEqual(['errors-high ALARM', 'inner ALARM', 'outer ALARM']);
    expect(changes[2]).toMatchObject({
      kind: 'composite',
      triggeringChildren: [{ name: 'inner', state: 'ALARM', at: at(1) }],
      reason: 'inner transitioned to ALARM at Monday 23 November, 2026 10:01:10 UTC',
    });
    expect(evaluator.alarms().map((a) => a.name)).toEqual(['errors-high', 'inner', 'quiet', 'outer']);
  });

  it('names as triggering children only those whose change flipped the rule', () => {
    // Prepare: both alarms go to ALARM at once; without errors-high the rule would be FALSE, without deploying still TRUE
    const store = new MetricStore();
    record(store, ERRORS, 0, 9);
    record(store, DEPLOYING, 0, 1);
    const evaluator = new AlarmEvaluator(
      {
        Errors: alarmResource({ EvaluationPeriods: 1, TreatMissingData: 'notBreaching' }),
        Deploy: alarmResource({
          AlarmName: 'deploying',
          MetricName: DEPLOYING.metricName,
          Namespace: DEPLOYING.namespace,
          Dimensions: dimensionsOf(DEPLOYING),
          Threshold: 1,
          EvaluationPeriods: 1,
          TreatMissingData: 'notBreaching',
        }),
        Tier: compositeResource({ AlarmName: 'tier', AlarmRule: 'ALARM(errors-high) AND (ALARM(deploying) OR TRUE)' }),
      },
      { initialState: 'OK' },
    );

    // Act
    const changes = evaluator.evaluate(store, at(1));

    // Assess
    expect(changes.map((c) => `${c.alarmName} ${c.to}`)).toEqual(['errors-high ALARM', 'deploying ALARM', 'tier ALARM']);
    expect(changes[2]?.triggeringChildren).toEqual([{ name: 'errors-high', state: 'ALARM', at: at(1) }]);
  });

  it('returns the same entries when evaluated twice at the same time, and refuses time going backwards', () => {
    // Prepare
    const store = new MetricStore();
    record(store, ERRORS, 0, 9);
    const evaluator = new AlarmEvaluator({ Errors: alarmResource({ EvaluationPeriods: 1 }) });

    // Act
    const first = evaluator.evaluate(store, at(1));
    record(store, ERRORS, 0, -100);
    const again = evaluator.evaluate(store, at(1));

    // Assess
    expect(again).toEqual(first);
    expect(first).toHaveLength(1);
    expect(evaluator.state('errors-high').state).toBe('ALARM');
    expect(() => evaluator.evaluate(store, at(0))).toThrow(
      new AlarmEvaluationError('now (2026-11-23T10:00:10.000Z) is before the previous evaluation (2026-11-23T10:01:10.000Z): time only moves forward'),
    );
  });

  it('refuses an unknown option or initial state, and an unknown alarm name', () => {
    const resources = { Errors: alarmResource() };

    expect(() => new AlarmEvaluator(resources, { initialState: 'ALARM' } as unknown as AlarmEvaluatorOptions)).toThrow('initialState is "ALARM": it is INSUFFICIENT_DATA or OK');
    expect(() => new AlarmEvaluator(resources, { initalState: 'OK' } as unknown as AlarmEvaluatorOptions)).toThrow('AlarmEvaluator has no option "initalState"');
    expect(() => new AlarmEvaluator(resources).state('nope')).toThrow('there is no alarm named "nope"');
  });

  describe('ActionsSuppressor (wait 120 s, extension 300 s)', () => {
    /** A tier composite over errors-high, quieted by `deploying` (≥ 1 in a minute). */
    const evaluatorOf = (): AlarmEvaluator =>
      new AlarmEvaluator(
        {
          Errors: alarmResource({ EvaluationPeriods: 1, TreatMissingData: 'notBreaching' }),
          Deploy: alarmResource({
            AlarmName: 'deploying',
            MetricName: DEPLOYING.metricName,
            Namespace: DEPLOYING.namespace,
            Dimensions: dimensionsOf(DEPLOYING),
            Statistic: 'Maximum',
            Threshold: 1,
            EvaluationPeriods: 1,
            TreatMissingData: 'notBreaching',
          }),
          Tier: compositeResource({
            AlarmName: 'tier',
            AlarmRule: 'ALARM(errors-high)',
            AlarmActions: [TOPIC],
            OKActions: [TOPIC],
            ActionsSuppressor: 'deploying',
            ActionsSuppressorWaitPeriod: 120,
            ActionsSuppressorExtensionPeriod: 300,
          }),
          AlertsTopic: topicResource,
        },
        { initialState: 'OK' },
      );
    const tierOnly = (changes: Record<number, AlarmStateChange[]>) =>
      Object.fromEntries(
        Object.entries(changes).flatMap(([minute, entries]) => {
          const tier = entries.filter((c) => c.alarmName === 'tier');
          return tier.length === 0 ? [] : [[minute, tier]];
        }),
      );

    it('holds ALARM actions for the wait period, then runs them when the suppressor stayed out of ALARM', () => {
      // Prepare: errors from minute 0
      const store = new MetricStore();
      recordEach(store, ERRORS, 0, 5, 9);

      // Act
      const changes = tierOnly(run(evaluatorOf(), store, 1, 5));

      // Assess: changed at 10:01:10, held until 10:03:10
      expect(changes).toEqual({
        1: [expect.objectContaining({ event: 'transition', from: 'OK', to: 'ALARM', actions: [TOPIC], suppressed: true, suppressedBy: 'WaitPeriod', pendingUntil: at(3) })],
        3: [expect.objectContaining({ event: 'actionsReleased', from: 'OK', to: 'ALARM', at: at(3), stateChangedAt: at(1), actions: [TOPIC], suppressed: false })],
      });
    });

    it('suppresses them when the suppressor goes into ALARM within the wait period', () => {
      // Prepare: errors from minute 0; a deploy reported from minute 1
      const store = new MetricStore();
      recordEach(store, ERRORS, 0, 6, 9);
      recordEach(store, DEPLOYING, 1, 6, 1);
      const evaluator = evaluatorOf();

      // Act
      const changes = tierOnly(run(evaluator, store, 1, 6));

      // Assess: nothing released; held by the suppressor's ALARM
      expect(changes).toEqual({ 1: [expect.objectContaining({ to: 'ALARM', suppressed: true, suppressedBy: 'WaitPeriod' })] });
      expect(evaluator.state('tier')).toMatchObject({ state: 'ALARM', actionsSuppressedBy: 'Alarm' });
    });

    it('suppresses a change while the suppressor is in ALARM, and notifies the state still standing when the extension period ends', () => {
      // Prepare: a deploy in minutes 0–4 (0 reported after it); errors from minute 1
      const store = new MetricStore();
      recordEach(store, DEPLOYING, 0, 4, 1);
      recordEach(store, DEPLOYING, 5, 12, 0);
      recordEach(store, ERRORS, 1, 12, 9);
      const evaluator = evaluatorOf();

      // Act
      const changes = tierOnly(run(evaluator, store, 1, 12));

      // Assess: the deploy alarm leaves ALARM at 10:06:10, so suppression lasts until 10:11:10
      expect(changes).toEqual({
        2: [expect.objectContaining({ event: 'transition', to: 'ALARM', suppressed: true, suppressedBy: 'Alarm' })],
        11: [expect.objectContaining({ event: 'actionsReleased', from: 'OK', to: 'ALARM', at: at(11), actions: [TOPIC], suppressed: false })],
      });
      expect(changes[2]?.[0]?.pendingUntil).toBeUndefined();
    });

    it('holds a change during the extension period until it ends', () => {
      // Prepare: a deploy in minute 0 (its alarm is ALARM at 10:01:10, OK at 10:02:10); errors from minute 3
      const store = new MetricStore();
      record(store, DEPLOYING, 0, 1);
      recordEach(store, DEPLOYING, 1, 10, 0);
      recordEach(store, ERRORS, 3, 10, 9);

      // Act
      const changes = tierOnly(run(evaluatorOf(), store, 1, 8));

      // Assess
      expect(changes).toEqual({
        4: [expect.objectContaining({ to: 'ALARM', suppressed: true, suppressedBy: 'ExtensionPeriod', pendingUntil: at(7) })],
        7: [expect.objectContaining({ event: 'actionsReleased', to: 'ALARM', suppressed: false })],
      });
    });

    it('says nothing when the composite is back to the notified state by the end of the wait period', () => {
      // Prepare: one minute of errors
      const store = new MetricStore();
      record(store, ERRORS, 0, 9);
      recordEach(store, ERRORS, 1, 6, 0);

      // Act
      const changes = tierOnly(run(evaluatorOf(), store, 1, 6));

      // Assess: ALARM held, OK joins the hold, no release since OK was the last state notified
      expect(summary(changes)).toEqual({ 1: ['transition tier OK→ALARM held(WaitPeriod)'], 2: ['transition tier ALARM→OK held(WaitPeriod)'] });
    });

    it('notifies a change to OK at once when the suppressor is quiet', () => {
      // Prepare: errors in minutes 0–2, the ALARM notified after its wait
      const store = new MetricStore();
      recordEach(store, ERRORS, 0, 2, 9);
      recordEach(store, ERRORS, 3, 6, 0);

      // Act
      const changes = tierOnly(run(evaluatorOf(), store, 1, 6));

      // Assess
      expect(summary(changes)).toEqual({ 1: ['transition tier OK→ALARM held(WaitPeriod)'], 3: ['actionsReleased tier OK→ALARM'], 4: ['transition tier ALARM→OK'] });
      expect(changes[4]?.[0]).toMatchObject({ actions: [TOPIC], suppressed: false });
    });
  });

  it('starts from INSUFFICIENT_DATA and notifies the first real state, as a newly created alarm does', () => {
    const evaluator = new AlarmEvaluator({ Errors: alarmResource({ TreatMissingData: 'notBreaching', OKActions: [TOPIC] }), AlertsTopic: topicResource });

    expect(evaluator.evaluate(new MetricStore(), T0)).toEqual([expect.objectContaining({ from: 'INSUFFICIENT_DATA', to: 'OK', actions: [TOPIC] })]);
  });
});
