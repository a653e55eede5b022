import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateAlarms } from '../../../../alarms';
import { ordersServiceResources } from '../../../../deploy/service-resources';
import { parseAlarmMessage } from '../../../../handlers/alerts/alarm-message';
import { parseAlarmStateDelivery } from '../../../../handlers/alerts/alarm-state-event';
import { catalog } from '../../../../observability.config';
import { AlarmEvaluator, type AlarmStateChange, alarmNotificationMessage, resolveSub } from '../../../../tools/emulators/cloudwatch/alarm-evaluator';
import { MetricStore } from '../../../../tools/emulators/cloudwatch/metric-store';
import { alarmStateChangeEvent } from '../../../../tools/emulators/eventbridge/alarm-state-change';
import { matchesEventPattern, transformInput } from '../../../../tools/emulators/eventbridge/event-pattern';

type Json = Record<string, any>;

const ACCOUNT = { region: 'us-east-1', accountId: '123456789012' };
const MINUTE = 60_000;
const T0 = Date.parse('2026-11-23T10:00:00Z');
/** CloudWatch's time of a state: milliseconds, `+0000`. */
const STATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;
/** The documented single-metric event (events/eventbridge-alarm-state-change.json, see events/README.md). */
const documented = JSON.parse(readFileSync(resolve(__dirname, '../../../../events/eventbridge-alarm-state-change.json'), 'utf8')) as Json;

const generated = generateAlarms(catalog, ordersServiceResources('prod'));
const rule = Object.values(generated.resources).find((r) => r.Type === 'AWS::Events::Rule')!.Properties as Json;
const pattern = JSON.parse(JSON.stringify(rule.EventPattern), (_key, value) => (value?.['Fn::Sub'] === undefined ? value : resolveSub(value, ACCOUNT, 'the pattern')));
const keysOf = (value: Json): string[] => Object.keys(value).sort();

/** The prod alarms through a 100% 5XX burst, evaluated each minute: every change. */
function burst(): { evaluator: AlarmEvaluator; changes: AlarmStateChange[] } {
  const evaluator = new AlarmEvaluator(generated.resources, { initialState: 'OK' });
  const store = new MetricStore();
  const api = { ApiName: 'prod-periscope-orders', Stage: 'prod' };
  const changes: AlarmStateChange[] = [];
  for (let minute = 0; minute <= 5; minute += 1) {
    for (let i = 0; i < 20; i += 1) {
      for (const metricName of ['Count', '5XXError']) store.add({ namespace: 'AWS/ApiGateway', metricName, dimensions: api, timestamp: T0 + minute * MINUTE + i, value: 1, unit: 'Count' });
    }
    changes.push(...evaluator.evaluate(store, T0 + minute * MINUTE + 10_000));
  }
  return { evaluator, changes };
}

describe('alarmStateChangeEvent', () => {
  const { evaluator, changes } = burst();
  const messageOf = (alarmName: string) => {
    const change = changes.find((c) => c.alarmName === alarmName && c.event === 'transition' && c.to === 'ALARM');
    if (change === undefined) throw new Error(`${alarmName} did not go into ALARM in the burst`);
    return alarmNotificationMessage(change, evaluator.alarm(alarmName), ACCOUNT);
  };

  it('has the fields and time formats of the event CloudWatch documents', () => {
    // Prepare
    const message = messageOf('orders-prod-api-5xx-rate-critical');

    // Act
    const event = alarmStateChangeEvent(message, 'us-east-1', T0 - 60 * MINUTE) as unknown as Json;

    // Assess
    expect(keysOf(event)).toEqual(keysOf(documented));
    expect(keysOf(event.detail)).toEqual(keysOf(documented.detail));
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: '123456789012',
      region: 'us-east-1',
      time: '2026-11-23T10:03:10Z',
      resources: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-prod-api-5xx-rate-critical'],
      detail: {
        alarmName: 'orders-prod-api-5xx-rate-critical',
        previousState: { value: 'OK', timestamp: '2026-11-23T09:00:00.000+0000' },
        state: { value: 'ALARM', reason: message.NewStateReason, timestamp: '2026-11-23T10:03:10.000+0000' },
      },
    });
    expect(documented.detail.state.timestamp).toMatch(STATE_TIME);
    expect(event.detail.state.timestamp).toMatch(STATE_TIME);
  });

  it('carries a metric math alarm’s description and queries in the event’s camelCase, dimensions as an object', () => {
    // Prepare
    const message = messageOf('orders-prod-api-5xx-rate-critical');

    // Act
    const { configuration } = alarmStateChangeEvent(message, 'us-east-1').detail;

    // Assess
    expect(configuration.description).toBe(message.AlarmDescription);
    expect(configuration.metrics).toEqual([
      {
        id: 'errors',
        returnData: false,
        metricStat: { metric: { namespace: 'AWS/ApiGateway', name: '5XXError', dimensions: { ApiName: 'prod-periscope-orders', Stage: 'prod' } }, period: 60, stat: 'Sum' },
      },
      {
        id: 'requests',
        returnData: false,
        metricStat: { metric: { namespace: 'AWS/ApiGateway', name: 'Count', dimensions: { ApiName: 'prod-periscope-orders', Stage: 'prod' } }, period: 60, stat: 'Sum' },
      },
      { id: 'rate', returnData: true, label: '5XXError rate (%)', expression: expect.stringContaining('100 * FILL(errors, 0) / requests') },
    ]);
  });

  it('gives each event its own id, as EventBridge does', () => {
    // Prepare
    const message = messageOf('orders-prod-api-5xx-rate-critical');

    // Act
    const ids = new Set([1, 2, 3].map(() => alarmStateChangeEvent(message, 'us-east-1').id));

    // Assess
    expect(ids.size).toBe(3);
  });

  it('is an event the generated rule sends to the notifier, which reads it as the alarm the topic would have carried', () => {
    // Prepare
    const message = messageOf('orders-prod-api-5xx-rate-critical');
    const event = alarmStateChangeEvent(message, 'us-east-1');

    // Act
    const change = parseAlarmStateDelivery(transformInput(rule.Targets[0].InputTransformer.InputTemplate, event));

    // Assess
    expect(matchesEventPattern(pattern, event)).toBe(true);
    const published = parseAlarmMessage(message);
    expect(change?.notification).toMatchObject({
      kind: 'metric',
      name: published?.name,
      arn: published?.arn,
      state: published?.state,
      previousState: published?.previousState,
      reason: published?.reason,
      tier: 'critical',
      description: published?.description,
      stateChangeTime: published?.stateChangeTime,
    });
    expect(change?.notification.kind === 'metric' ? change.notification.trigger?.queries : 'none').toEqual(published?.kind === 'metric' ? published.trigger?.queries : 'missing');
  });

  it('carries a composite’s rule, and no metrics', () => {
    // Prepare
    const message = messageOf('orders-prod-critical');

    // Act
    const event = alarmStateChangeEvent(message, 'us-east-1');

    // Assess
    expect(event.detail.configuration).toEqual({ description: message.AlarmDescription, alarmRule: (message as { AlarmRule: string }).AlarmRule });
    expect(parseAlarmStateDelivery(transformInput(rule.Targets[0].InputTransformer.InputTemplate, event))?.notification).toMatchObject({
      kind: 'composite',
      name: 'orders-prod-critical',
      tier: 'critical',
    });
  });
});
