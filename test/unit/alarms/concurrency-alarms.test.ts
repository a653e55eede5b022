import { type DeployedFunction, resolveThresholds } from '../../../alarms';
import { createConcurrencyAlarms } from '../../../alarms/factories/concurrency';
import { validDefinition } from '../../support/catalogs';

const defaults = resolveThresholds(validDefinition());
const fn = (name: string, reservedConcurrency?: number): DeployedFunction => ({
  name,
  functionName: `shop-dev-${name}`,
  timeoutSeconds: 10,
  ...(reservedConcurrency === undefined ? {} : { reservedConcurrency }),
});

describe('createConcurrencyAlarms', () => {
  it('warns at 80% of a function’s reserved concurrency, on its peak ConcurrentExecutions in 3 of 5 minutes', () => {
    // Act
    const [alarm] = createConcurrencyAlarms([fn('checkout', 20)], defaults, 1000);

    // Assess
    expect(alarm).toMatchObject({
      kind: 'lambda-concurrency',
      signal: 'checkout-concurrency',
      tier: 'warning',
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 16,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: 'notBreaching',
      logGroups: ['/aws/lambda/shop-dev-checkout'],
    });
    expect(alarm?.metrics).toEqual([
      {
        Id: 'concurrency',
        MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'ConcurrentExecutions', Dimensions: [{ Name: 'FunctionName', Value: 'shop-dev-checkout' }] }, Period: 60, Stat: 'Maximum' },
        ReturnData: true,
      },
    ]);
    expect(alarm?.meaning).toBe('checkout ran 16+ invocations at once, 80% of its reserved concurrency of 20 (also its ceiling), in 3 of the last 5 minutes: a burst a little bigger is throttled.');
  });

  it('rounds the share up to whole executions, and leaves out a function switched off with a reservation of 0', () => {
    // Act
    const alarms = createConcurrencyAlarms([fn('small', 3), fn('off', 0)], defaults, 1000);

    // Assess
    expect(alarms.map((a) => [a.signal, a.threshold])).toEqual([['small-concurrency', 3]]);
  });

  it('watches the account’s claimed concurrency against 80% of its limit when some function has no reservation', () => {
    // Act
    const alarms = createConcurrencyAlarms([fn('checkout', 20), fn('browse'), fn('search')], defaults, 1000);

    // Assess
    const account = alarms.find((a) => a.kind === 'lambda-account-concurrency');
    expect(account).toMatchObject({ signal: 'lambda-account-concurrency', tier: 'warning', threshold: 800, logGroups: ['/aws/lambda/shop-dev-browse', '/aws/lambda/shop-dev-search'] });
    expect(account?.metrics[0]).toMatchObject({ MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'ClaimedAccountConcurrency', Dimensions: [] }, Stat: 'Maximum', Period: 60 } });
    expect(account?.meaning).toMatch(
      /reached 800, 80% of its limit of 1000, in 3 of the last 5 minutes: at the limit, browse, search and every other function without reserved concurrency are throttled\./,
    );
  });

  it('uses the catalog’s account limit and share', () => {
    // Prepare
    const tuned = resolveThresholds({ ...validDefinition(), alarmThresholds: { 'lambda-account-concurrency': { threshold: 90 }, 'lambda-concurrency': { threshold: 50, datapointsToAlarm: 1 } } });

    // Act
    const alarms = createConcurrencyAlarms([fn('checkout', 20), fn('browse')], tuned, 3000);

    // Assess
    expect(alarms.map((a) => [a.kind, a.threshold, a.datapointsToAlarm])).toEqual([
      ['lambda-concurrency', 10, 1],
      ['lambda-account-concurrency', 2700, 3],
    ]);
  });

  it('has no account alarm when every function reserves its concurrency: none draws from the shared pool', () => {
    // Act / Assess
    expect(createConcurrencyAlarms([fn('checkout', 20), fn('refund', 5)], defaults, 1000).map((a) => a.kind)).toEqual(['lambda-concurrency', 'lambda-concurrency']);
  });
});
