import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlarmGenerationError, type CfnResource, type GeneratedAlarms, generateAlarms, type ServiceResources } from '../../../alarms';
import { dashboardResources, generateDashboards } from '../../../dashboards';
import type { ServiceDefinition } from '../../../src/catalog';
import { cfnLint, cfnLintVersion, findingLine } from '../../support/cfn-lint';
import { triggerCatalog, triggerResources } from './trigger-service';

type Props = Record<string, any>;

/** The generated alarm named `<service>-<stage>-<name>`, as CloudFormation gets it. */
const alarmIn = (generated: GeneratedAlarms, name: string): Props => {
  const found = Object.values(generated.resources).find((r) => r.Properties.AlarmName === `shop-dev-${name}`);
  if (found === undefined) throw new Error(`no alarm shop-dev-${name}; have ${generated.alarms.map((a) => a.name).join(', ')}`);
  return found.Properties as Props;
};
const meaningOf = (alarm: Props): string => String(alarm.AlarmDescription['Fn::Sub']).split('\n')[0] ?? '';
const metricOf = (alarm: Props, index = 0): Props => alarm.Metrics[index].MetricStat;

describe('alarms on what invokes each function', () => {
  const generated = generateAlarms(triggerCatalog(), triggerResources());
  const alarm = (name: string): Props => alarmIn(generated, name);

  it('pages when a message has waited in an SQS consumer’s queue longer than the catalog promises', () => {
    // Act
    const age = alarm('fulfil-queue-age-critical');

    // Assess
    expect(metricOf(age)).toEqual({
      Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Dimensions: [{ Name: 'QueueName', Value: 'shop-dev-orders' }] },
      Period: 60,
      Stat: 'Maximum',
    });
    expect(age).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', Threshold: 120, EvaluationPeriods: 3, DatapointsToAlarm: 3, TreatMissingData: 'notBreaching' });
    expect(meaningOf(age)).toMatch(/^A message has waited more than 120 s in shop-dev-orders without fulfil processing it, for 3 minutes: users' work is stuck/);
  });

  it('warns when a consumer’s backlog stays above the depth the catalog gives it', () => {
    // Act
    const depth = alarm('fulfil-queue-depth-warning');

    // Assess
    expect(metricOf(depth)).toMatchObject({ Metric: { MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: 'shop-dev-orders' }] }, Stat: 'Maximum' });
    expect(depth).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', Threshold: 500, EvaluationPeriods: 10, DatapointsToAlarm: 10, TreatMissingData: 'notBreaching' });
    expect(meaningOf(depth)).toMatch(/^More than 500 messages wait in shop-dev-orders for fulfil, for 10 minutes/);
  });

  it('uses the sqs-queue-age and sqs-queue-depth defaults for a consumer whose catalog entry sets no queue', () => {
    // Assess
    expect(alarm('audit-queue-age-critical').Threshold).toBe(300);
    expect(alarm('audit-queue-depth-warning').Threshold).toBe(1000);
  });

  it('warns on any message in a dead letter queue, and on one left there for an hour', () => {
    // Act
    const waiting = alarm('fulfil-dead-letters-warning');
    const unread = alarm('fulfil-dead-letter-age-warning');

    // Assess
    expect(metricOf(waiting)).toMatchObject({ Metric: { MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: 'shop-dev-orders-dlq' }] }, Stat: 'Maximum' });
    expect(waiting).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 1, EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
    expect(meaningOf(waiting)).toContain('A message waits in shop-dev-orders-dlq, the dead letter queue of shop-dev-orders: fulfil failed it on every receive.');
    expect(meaningOf(waiting)).toContain('aws sqs start-message-move-task');
    expect(metricOf(unread)).toMatchObject({
      Metric: { MetricName: 'ApproximateAgeOfOldestMessage', Dimensions: [{ Name: 'QueueName', Value: 'shop-dev-orders-dlq' }] },
      Period: 300,
      Stat: 'Maximum',
    });
    expect(unread).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', Threshold: 3600, TreatMissingData: 'notBreaching' });
    expect(meaningOf(unread)).toMatch(/more than 3600 s in the dead letter queue shop-dev-orders-dlq/);
  });

  it('counts a consumer’s failed records from the batch metrics its runtime writes, only where it reports them', () => {
    // Act
    const failures = alarm('fulfil-batch-failures-warning');

    // Assess
    const dimensions = [
      { Name: 'service', Value: 'shop' },
      { Name: 'function_name', Value: 'shop-dev-fulfil' },
    ];
    expect(failures.Metrics).toEqual([
      { Id: 'failed', MetricStat: { Metric: { Namespace: 'Test/Shop', MetricName: 'BatchItemFailures', Dimensions: dimensions }, Period: 60, Stat: 'Sum' }, ReturnData: false },
      { Id: 'records', MetricStat: { Metric: { Namespace: 'Test/Shop', MetricName: 'BatchRecords', Dimensions: dimensions }, Period: 60, Stat: 'Sum' }, ReturnData: false },
      { Id: 'rate', Expression: 'IF(FILL(failed, 0) >= 5, 100 * FILL(failed, 0) / records, 0)', Label: 'fulfil failed records (%)', ReturnData: true },
    ]);
    expect(failures).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', Threshold: 5, EvaluationPeriods: 5, DatapointsToAlarm: 3, TreatMissingData: 'notBreaching' });
    expect(meaningOf(failures)).toMatch(/^More than 5% of the records fulfil was given \(and at least 5 a minute\) failed/);
    const names = generated.alarms.map((a) => a.name);
    expect(names).not.toContain('shop-dev-audit-batch-failures-warning');
    expect(names.filter((name) => name.startsWith('shop-dev-audit-dead-letter'))).toEqual([]);
  });

  it('warns when an EventBridge rule on a custom bus could not deliver an event, by bus and rule', () => {
    // Act
    const failed = alarm('react-rule-failed-invocations-warning');

    // Assess
    expect(metricOf(failed)).toEqual({
      Metric: {
        Namespace: 'AWS/Events',
        MetricName: 'FailedInvocations',
        Dimensions: [
          { Name: 'EventBusName', Value: 'shop-events' },
          { Name: 'RuleName', Value: 'shop-dev-react-rule-1' },
        ],
      },
      Period: 60,
      Stat: 'Sum',
    });
    expect(failed).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 1, TreatMissingData: 'notBreaching' });
    expect(meaningOf(failed)).toMatch(/^The EventBridge rule shop-dev-react-rule-1 could not deliver events to react after all its retries \(1 or more a minute, for 1 minute\)/);
  });

  it('names a schedule CloudFormation names by its Ref, which the alarm resolves at deploy time', () => {
    // Act
    const failed = alarm('nightly-schedule-failed-invocations-warning');

    // Assess
    expect(metricOf(failed).Metric.Dimensions).toEqual([{ Name: 'RuleName', Value: { Ref: 'NightlyEventsRuleSchedule1' } }]);
    expect(meaningOf(failed)).toMatch(/^The schedule NightlyEventsRuleSchedule1 could not deliver events to nightly/);
  });

  it('watches the asynchronous event queue of functions SNS, EventBridge and schedules invoke, and only theirs', () => {
    // Act
    const age = alarm('nightly-async-event-age-warning');

    // Assess
    expect(metricOf(age)).toMatchObject({ Metric: { Namespace: 'AWS/Lambda', MetricName: 'AsyncEventAge', Dimensions: [{ Name: 'FunctionName', Value: 'shop-dev-nightly' }] }, Stat: 'Maximum' });
    // AsyncEventAge is in milliseconds: 300 s
    expect(age).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', Threshold: 300_000, EvaluationPeriods: 5, DatapointsToAlarm: 3, TreatMissingData: 'notBreaching' });
    expect(meaningOf(age)).toMatch(/^Events waited more than 300 s in Lambda's queue before nightly got them/);
    const asyncAlarms = generated.alarms.filter((a) => a.kind === 'lambda-async-event-age').map((a) => a.name);
    expect(asyncAlarms).toEqual(['shop-dev-nightly-async-event-age-warning', 'shop-dev-notify-async-event-age-warning', 'shop-dev-react-async-event-age-warning']);
  });

  it('pages on dropped asynchronous events when the function keeps none, and warns when it keeps them', () => {
    // Act
    const lost = alarm('nightly-async-events-dropped-critical');
    const kept = alarm('notify-async-events-dropped-warning');

    // Assess
    expect(metricOf(lost)).toMatchObject({ Metric: { MetricName: 'AsyncEventsDropped', Dimensions: [{ Name: 'FunctionName', Value: 'shop-dev-nightly' }] }, Stat: 'Sum' });
    expect(lost).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 1, TreatMissingData: 'notBreaching' });
    expect(meaningOf(lost)).toContain('It keeps no failed events: they are lost.');
    expect(meaningOf(kept)).toContain('Its on-failure destination or dead letter queue keeps them.');
  });

  it('alarms on an HTTP API as on the REST API, by ApiId and Stage, with its own metric names', () => {
    // Act
    const serverErrors = alarm('http-api-5xx-rate-critical');

    // Assess
    const dimensions = [
      { Name: 'ApiId', Value: { Ref: 'HttpApi' } },
      { Name: 'Stage', Value: '$default' },
    ];
    expect(serverErrors.Metrics.slice(0, 2).map((q: Props) => [q.MetricStat.Metric.MetricName, q.MetricStat.Metric.Dimensions])).toEqual([
      ['5xx', dimensions],
      ['Count', dimensions],
    ]);
    expect(meaningOf(serverErrors)).toMatch(/^More than 5% of HTTP API requests \(and at least 5 a minute\) fail with a 5XX/);
    expect(metricOf(alarm('http-api-latency-p99-warning'))).toMatchObject({ Metric: { MetricName: 'Latency', Dimensions: dimensions }, Stat: 'p99' });
    expect(alarm('http-api-4xx-rate-info').Metrics[0].MetricStat.Metric.MetricName).toBe('4xx');
    // The REST API keeps its own
    expect(alarm('api-5xx-rate-critical').Metrics[0].MetricStat.Metric.Dimensions).toEqual([
      { Name: 'ApiName', Value: 'dev-shop' },
      { Name: 'Stage', Value: 'dev' },
    ]);
  });

  it('rolls the trigger alarms into their tier composites', () => {
    // Act
    const critical = alarm('critical').AlarmRule as string;
    const warning = alarm('warning').AlarmRule as string;

    // Assess
    for (const name of ['fulfil-queue-age-critical', 'audit-queue-age-critical', 'nightly-async-events-dropped-critical', 'http-api-5xx-rate-critical']) {
      expect(critical).toContain(`ALARM("shop-dev-${name}")`);
    }
    for (const name of [
      'fulfil-queue-depth-warning',
      'fulfil-dead-letters-warning',
      'fulfil-dead-letter-age-warning',
      'fulfil-batch-failures-warning',
      'react-rule-failed-invocations-warning',
      'nightly-schedule-failed-invocations-warning',
      'notify-async-event-age-warning',
      'notify-async-events-dropped-warning',
      'http-api-latency-p99-warning',
    ]) {
      expect(warning).toContain(`ALARM("shop-dev-${name}")`);
    }
    expect(`${critical} ${warning}`).not.toContain('http-api-4xx-rate-info');
  });

  it('lets alarmThresholds tune every trigger kind, each description stating the threshold in force', () => {
    // Prepare
    const tuned = triggerCatalog({
      alarmThresholds: {
        'sqs-queue-age': { threshold: 600 },
        'sqs-dead-letters': { threshold: 5 },
        'sqs-batch-failures': { threshold: 10, evaluationPeriods: 10 },
        'eventbridge-failed-invocations': { threshold: 3, evaluationPeriods: 5, datapointsToAlarm: 2 },
        'lambda-async-event-age': { threshold: 900 },
        'lambda-async-events-dropped': { evaluationPeriods: 3 },
      },
    });

    // Act
    const alarms = generateAlarms(tuned, triggerResources());
    const tunedAlarm = (name: string) => alarmIn(alarms, name);

    // Assess: the catalog's own queue.maxAgeSeconds still wins for fulfil
    expect(tunedAlarm('fulfil-queue-age-critical').Threshold).toBe(120);
    expect(tunedAlarm('audit-queue-age-critical').Threshold).toBe(600);
    expect(meaningOf(tunedAlarm('audit-queue-age-critical'))).toMatch(/more than 600 s/);
    expect(tunedAlarm('fulfil-dead-letters-warning').Threshold).toBe(5);
    expect(meaningOf(tunedAlarm('fulfil-dead-letters-warning'))).toMatch(/^5 or more messages wait/);
    expect(tunedAlarm('fulfil-batch-failures-warning')).toMatchObject({ Threshold: 10, EvaluationPeriods: 10, DatapointsToAlarm: 3 });
    expect(tunedAlarm('react-rule-failed-invocations-warning')).toMatchObject({ Threshold: 3, EvaluationPeriods: 5, DatapointsToAlarm: 2 });
    expect(meaningOf(tunedAlarm('react-rule-failed-invocations-warning'))).toContain('(3 or more a minute, in 2 of the last 5 minutes)');
    expect(tunedAlarm('nightly-async-event-age-warning').Threshold).toBe(900_000);
    expect(tunedAlarm('nightly-async-events-dropped-critical')).toMatchObject({ EvaluationPeriods: 3, DatapointsToAlarm: 1 });
  });

  it('counts an SLO of a queue consumer from its records, and keeps the REST API’s SLO at the API', () => {
    // Act
    const fulfilment = alarm('fulfilment-fast-burn-1h-critical');
    const checkout = alarm('checkout-fast-burn-1h-critical');

    // Assess
    expect(fulfilment.Metrics.filter((q: Props) => q.MetricStat).map((q: Props) => q.MetricStat.Metric.MetricName)).toEqual(['BatchItemFailures', 'BatchRecords']);
    expect(checkout.Metrics.filter((q: Props) => q.MetricStat).map((q: Props) => `${q.MetricStat.Metric.Namespace} ${q.MetricStat.Metric.MetricName}`)).toEqual([
      'AWS/ApiGateway 5XXError',
      'AWS/ApiGateway Count',
    ]);
  });

  it('counts an SLO over the REST API and a function it does not serve at each: the API’s 5XX, the function’s errors', () => {
    // Prepare
    const service = triggerCatalog({ slos: [{ name: 'nightly', functions: ['checkout', 'nightly'], availabilityTarget: 99, latencyP99Ms: 60_000 }] });

    // Act
    const burn = alarmIn(generateAlarms(service, triggerResources()), 'nightly-fast-burn-1h-critical');

    // Assess
    expect(burn.Metrics.filter((q: Props) => q.MetricStat).map((q: Props) => `${q.MetricStat.Metric.MetricName}:${q.MetricStat.Metric.Dimensions[0].Value}`)).toEqual([
      '5XXError:dev-shop',
      'Errors:shop-dev-nightly',
      'Count:dev-shop',
      'Invocations:shop-dev-nightly',
    ]);
    expect(burn.Metrics.at(-1).Expression).toMatch(/^IF\(\(FILL\(i0, 0\) \+ FILL\(i1, 0\)\) >= \d+, \(\(FILL\(e0, 0\) \+ FILL\(e1, 0\)\) \/ \(FILL\(i0, 0\) \+ FILL\(i1, 0\)\)\) \/ 0.01, 0\)$/);
  });

  it('gives a function’s second queue and second schedule signals of their own', () => {
    // Prepare
    const resources = triggerResources();
    const twice: ServiceResources = {
      ...resources,
      functions: resources.functions.map((fn) =>
        fn.name === 'audit'
          ? { ...fn, triggers: [...fn.triggers!, { kind: 'sqs', queueName: 'shop-dev-audit-2', reportsBatchItemFailures: false }] }
          : fn.name === 'nightly'
            ? { ...fn, triggers: [...fn.triggers!, { kind: 'schedule', ruleName: 'shop-dev-hourly' }] }
            : fn,
      ),
    };

    // Act
    const names = generateAlarms(triggerCatalog(), twice).alarms.map((a) => a.name);

    // Assess
    expect(names).toEqual(expect.arrayContaining(['shop-dev-audit-2-queue-age-critical', 'shop-dev-audit-2-queue-depth-warning', 'shop-dev-nightly-schedule-2-failed-invocations-warning']));
  });
});

describe('checking the catalog’s triggers against what serverless.yml compiles', () => {
  const resourcesWith = (name: string, triggers: ServiceResources['functions'][number]['triggers']): ServiceResources => {
    const resources = triggerResources();
    return { ...resources, functions: resources.functions.map((fn) => (fn.name === name ? { ...fn, triggers } : fn)) };
  };

  it('stops when a function compiles to another trigger than the catalog says, naming both', () => {
    // Act
    const generate = () => generateAlarms(triggerCatalog(), resourcesWith('fulfil', [{ kind: 'rest-api' }]));

    // Assess
    expect(generate).toThrow(new AlarmGenerationError("function 'fulfil': the catalog says trigger 'sqs', but serverless.yml compiles it to rest-api"));
  });

  it('stops when a function the catalog says is a consumer has no trigger at all', () => {
    // Act
    const generate = () => generateAlarms(triggerCatalog(), resourcesWith('nightly', []));

    // Assess
    expect(generate).toThrow("function 'nightly': the catalog says trigger 'schedule', but serverless.yml compiles it to no trigger at all");
  });

  it('stops when it is not told which queue a declared consumer reads', () => {
    // Act
    const generate = () => generateAlarms(triggerCatalog(), resourcesWith('fulfil', undefined));

    // Assess
    expect(generate).toThrow(
      "function 'fulfil': the catalog says trigger 'sqs', but the deployed resources do not say which queue (give the function's triggers, as the plugin reads them from the template)",
    );
  });

  it('alarms on a declared SNS subscriber’s event queue from the catalog alone', () => {
    // Prepare
    const resources = triggerResources();
    const unknown = { ...resources, functions: resources.functions.map((fn) => (fn.name === 'notify' ? { name: fn.name, functionName: fn.functionName, timeoutSeconds: 6 } : fn)) };

    // Act
    const names = generateAlarms(triggerCatalog(), unknown).alarms.map((a) => a.name);

    // Assess: not told that it keeps failed events, its dropped events page
    expect(names).toEqual(expect.arrayContaining(['shop-dev-notify-async-event-age-warning', 'shop-dev-notify-async-events-dropped-critical']));
  });

  it('reads triggers it is given for a function the catalog says nothing about', () => {
    // Prepare
    const catalog = triggerCatalog();
    const silent: ServiceDefinition = { ...catalog, functions: catalog.functions.map(({ trigger: _t, queue: _q, ...fn }) => fn) };

    // Act
    const names = generateAlarms(silent, triggerResources()).alarms.map((a) => a.name);

    // Assess
    expect(names).toEqual(expect.arrayContaining(['shop-dev-fulfil-queue-age-critical', 'shop-dev-react-rule-failed-invocations-warning']));
    expect(alarmIn(generateAlarms(silent, triggerResources()), 'fulfil-queue-age-critical').Threshold).toBe(300);
  });
});

describe('the generated template of a service with every trigger', () => {
  const version = cfnLintVersion();
  if (version === undefined) process.stderr.write('cfn-lint is not installed: skipping the CloudFormation schema check of the trigger alarms\n');

  (version ? it : it.skip)(`is valid CloudFormation with no finding at all, informational ones included, by ${version ?? 'cfn-lint'}`, () => {
    // Prepare: the resources the alarms and dashboards name, as osls would compile them
    const catalog = triggerCatalog();
    const alarms = generateAlarms(catalog, triggerResources());
    const dashboards = dashboardResources(generateDashboards(catalog, triggerResources(), { alarms: alarms.alarms }));
    const lambdaArn = (name: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:shop-dev-${name}` });
    const named: Record<string, CfnResource> = {
      HttpApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'dev-shop', ProtocolType: 'HTTP' } },
      NightlyEventsRuleSchedule1: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 day)', State: 'ENABLED', Targets: [{ Arn: lambdaArn('nightly'), Id: 'nightlySchedule' }] } },
    };
    const dir = mkdtempSync(join(tmpdir(), 'periscope-triggers-'));
    const file = join(dir, 'template.json');
    writeFileSync(file, JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { ...named, ...alarms.resources, ...dashboards }, Outputs: alarms.outputs }));

    try {
      // Act
      const findings = cfnLint(file);

      // Assess
      expect(findings.map(findingLine)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
