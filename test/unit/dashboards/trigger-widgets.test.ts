import { generateAlarms } from '../../../alarms';
import { fillPseudoParameters, generateDashboards, type Widget } from '../../../dashboards';
import { TIER_COLOURS } from '../../../dashboards/alarm-thresholds';
import { triggerCatalog, triggerResources } from '../alarms/trigger-service';

type Props = Record<string, any>;

describe('the operations dashboard of a service with every trigger', () => {
  const catalog = triggerCatalog();
  const resources = triggerResources();
  const alarms = generateAlarms(catalog, resources).alarms;
  const ops = generateDashboards(catalog, resources, { alarms }).ops;
  const titled = (title: string | RegExp): Props => {
    const found = ops.body.widgets.find((w: Widget) => 'title' in w.properties && (typeof title === 'string' ? w.properties.title === title : title.test(w.properties.title)));
    if (found === undefined) throw new Error(`no widget titled ${String(title)}: ${ops.body.widgets.map((w) => ('title' in w.properties ? w.properties.title : w.type)).join(' | ')}`);
    return found.properties as Props;
  };
  const line = (title: string | RegExp) => (titled(title).annotations?.horizontal ?? []).map((l: Props) => ({ label: l.label, value: l.value, color: l.color }));

  it('graphs each consumer’s queue, its oldest message and depth, with the thresholds its alarms compare', () => {
    // Assess
    expect(titled('fulfil ← shop-dev-orders: oldest message (s)').metrics).toEqual([
      ['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', 'shop-dev-orders', { stat: 'Maximum', label: 'oldest message' }],
    ]);
    expect(line('fulfil ← shop-dev-orders: oldest message (s)')).toEqual([{ label: 'fulfil-queue-age: critical > 120', value: 120, color: TIER_COLOURS.critical }]);
    expect(titled('fulfil ← shop-dev-orders: messages').metrics.map((m: Props[]) => m[1])).toEqual(['ApproximateNumberOfMessagesVisible', 'ApproximateNumberOfMessagesNotVisible']);
    expect(line('fulfil ← shop-dev-orders: messages')).toEqual([{ label: 'fulfil-queue-depth: warning > 500', value: 500, color: TIER_COLOURS.warning }]);
    expect(line('audit ← shop-dev-audit: oldest message (s)')).toEqual([{ label: 'audit-queue-age: critical > 300', value: 300, color: TIER_COLOURS.critical }]);
  });

  it('graphs a dead letter queue’s messages and oldest message, and none for a queue without one', () => {
    // Assess
    expect(line('Dead letter queue shop-dev-orders-dlq: messages (should be 0)')).toEqual([{ label: 'fulfil-dead-letters: warning ≥ 1', value: 1, color: TIER_COLOURS.warning }]);
    expect(titled('Dead letter queue shop-dev-orders-dlq: oldest message (s)')).toMatchObject({ period: 300 });
    expect(line('Dead letter queue shop-dev-orders-dlq: oldest message (s)')).toEqual([{ label: 'fulfil-dead-letter-age: warning > 3600', value: 3600, color: TIER_COLOURS.warning }]);
    expect(JSON.stringify(ops.body)).not.toContain('shop-dev-audit-dlq');
  });

  it('graphs a consumer’s batch records against its failed records, and the failed share as its alarm counts it', () => {
    // Assess
    expect(titled('fulfil: batch records and failed records').metrics).toEqual([
      ['Test/Shop', 'BatchRecords', 'service', 'shop', 'function_name', 'shop-dev-fulfil', { stat: 'Sum', label: 'records' }],
      ['Test/Shop', 'BatchItemFailures', 'service', 'shop', 'function_name', 'shop-dev-fulfil', { stat: 'Sum', label: 'failed records' }],
    ]);
    expect(line(/^fulfil: failed records, %/)).toEqual([{ label: 'fulfil-batch-failures: warning > 5', value: 5, color: TIER_COLOURS.warning }]);
    expect(() => titled('audit: batch records and failed records')).toThrow(/no widget/);
  });

  it('graphs each rule’s and schedule’s invocations and failures, by bus and rule, a schedule by its Ref', () => {
    // Assess
    expect(titled('react: EventBridge invocations and failed invocations').metrics).toEqual([
      ['AWS/Events', 'Invocations', 'EventBusName', 'shop-events', 'RuleName', 'shop-dev-react-rule-1', { stat: 'Sum', label: 'rule shop-dev-react-rule-1: invocations' }],
      ['AWS/Events', 'FailedInvocations', 'EventBusName', 'shop-events', 'RuleName', 'shop-dev-react-rule-1', { stat: 'Sum', label: 'rule shop-dev-react-rule-1: failed' }],
    ]);
    expect(line('react: EventBridge invocations and failed invocations')).toEqual([{ label: 'react-rule-failed-invocations: warning ≥ 1', value: 1, color: TIER_COLOURS.warning }]);
    expect(titled('nightly: EventBridge invocations and failed invocations').metrics[1]).toEqual([
      'AWS/Events',
      'FailedInvocations',
      'RuleName',
      '${NightlyEventsRuleSchedule1}',
      { stat: 'Sum', label: 'schedule NightlyEventsRuleSchedule1: failed' },
    ]);
  });

  it('graphs the asynchronous event queue of the functions SNS, EventBridge and schedules invoke', () => {
    // Assess
    const age = titled('Asynchronous events: oldest wait in Lambda’s queue (ms)');
    expect(age.metrics.map((m: Props[]) => m[3])).toEqual(['shop-dev-notify', 'shop-dev-react', 'shop-dev-nightly']);
    expect(line('Asynchronous events: oldest wait in Lambda’s queue (ms)')).toEqual([
      { label: 'nightly-async-event-age, notify-async-event-age, react-async-event-age: warning > 300000', value: 300_000, color: TIER_COLOURS.warning },
    ]);
    expect(titled('Asynchronous events: received and dropped (dropped should be 0)').metrics.map((m: Props[]) => `${m[1]} ${m[3]}`)).toEqual([
      'AsyncEventsReceived shop-dev-notify',
      'AsyncEventsReceived shop-dev-react',
      'AsyncEventsReceived shop-dev-nightly',
      'AsyncEventsDropped shop-dev-notify',
      'AsyncEventsDropped shop-dev-react',
      'AsyncEventsDropped shop-dev-nightly',
    ]);
  });

  it('graphs the HTTP API as the REST API, by its id and stage, with the thresholds of its alarms', () => {
    // Assess
    expect(titled('HTTP API requests and errors').metrics).toEqual([
      ['AWS/ApiGateway', 'Count', 'ApiId', '${HttpApi}', 'Stage', '$default', { stat: 'Sum', label: 'requests' }],
      ['AWS/ApiGateway', '4xx', 'ApiId', '${HttpApi}', 'Stage', '$default', { stat: 'Sum', label: '4XX' }],
      ['AWS/ApiGateway', '5xx', 'ApiId', '${HttpApi}', 'Stage', '$default', { stat: 'Sum', label: '5XX' }],
    ]);
    expect(line(/^HTTP API error rates/).map((l: Props) => l.label)).toEqual(['http-api-5xx-rate: critical > 5', 'http-api-4xx-rate: info > 20']);
    expect(line('HTTP API latency (5-minute periods)')).toEqual([{ label: 'http-api-latency-p99: warning > 800', value: 800, color: TIER_COLOURS.warning }]);
    expect(titled('API requests and errors').metrics[0]).toEqual(['AWS/ApiGateway', 'Count', 'ApiName', 'dev-shop', 'Stage', 'dev', { stat: 'Sum', label: 'requests' }]);
  });

  it('fills in the names CloudFormation gives at deploy time for a body written out without it', () => {
    // Act
    const text = fillPseudoParameters(JSON.stringify(ops.body), {
      region: 'eu-west-1',
      accountId: '123456789012',
      references: { HttpApi: 'a1b2c3', NightlyEventsRuleSchedule1: 'shop-dev-NightlyEventsRuleSchedule1-XYZ' },
    });

    // Assess
    expect(text).toContain('"ApiId","a1b2c3"');
    expect(text).toContain('"RuleName","shop-dev-NightlyEventsRuleSchedule1-XYZ"');
    expect(text).not.toContain('${');
  });
});
