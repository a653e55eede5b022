import type { DrillResult } from '../../tools/drill/drill';
import { type DrillTracing, startDrillTracing } from '../../tools/drill/lambda-sandbox';
import { SCENARIOS } from '../../tools/drill/scenarios';

/**
 * `npm run drill -- --short`: the sample's generated alarms, evaluated with CloudWatch's semantics on
 * what the real orders handlers emit under each scenario's traffic and faults, notifications through
 * SNS to the pager and the real Slack notifier.
 */
describe('fire drills (short variants)', () => {
  let drill: DrillResult;
  let tracing: DrillTracing;

  beforeAll(async () => {
    // As the Lambda runtime sets it, before anything loads the X-Ray SDK.
    tracing = await startDrillTracing();
    const { runDrill } = await import('../../tools/drill/drill');
    drill = await runDrill({ tracing, scenarios: SCENARIOS, short: true });
  }, 1_200_000);
  afterAll(() => tracing?.collector.close());

  /** A scenario's outcome, and `at(alarm)`: its state changes (INSUFFICIENT_DATA aside) as `[state, minute]`. */
  const drillOf = (name: string) => {
    const outcome = drill.results.find((r) => r.scenario.name === name)?.outcome;
    if (outcome === undefined) throw new Error(`the drill ran no ${name}`);
    const at = (alarm: string): [string, number][] => outcome.transitions.filter((t) => t.alarmName === alarm && t.to !== 'INSUFFICIENT_DATA').map((t) => [t.to, (t.at - outcome.start) / 60_000]);
    return { outcome, at };
  };

  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario.summary]))('%s: %s', (name) => {
    // Assess
    const result = drill.results.find((r) => r.scenario.name === name);
    expect(result?.failures).toEqual([]);
  });

  it('pages exactly once when every request fails, and announces the recovery', () => {
    // Assess
    const outcome = drill.results.find((r) => r.scenario.name === 'all-requests-fail')!.outcome;
    const critical = outcome.deliveries.filter((d) => d.via === 'sns' && d.alarmName === 'orders-prod-critical');
    expect(critical.map((d) => [d.state, d.pages.length > 0, d.slack])).toEqual([
      ['ALARM', true, 'delivered'],
      ['OK', true, 'delivered'],
    ]);
  });

  it('takes every alarm generated for the sample, deploy gates included, into ALARM in some scenario, and no other alarm', async () => {
    // Prepare: the alarms the plugin deploys for the sample at the drill's stage, generated here rather than read from the drill
    const { generateAlarms } = await import('../../alarms');
    const { generateDeployments } = await import('../../alarms/deployments/generate-deployments');
    const { ordersServiceResources } = await import('../../deploy/service-resources');
    const { catalog } = await import('../../observability.config');
    const resources = ordersServiceResources('prod');
    // … and the gate alarms of the version the drills' deploys publish (version 2): `${<Fn>LambdaVersion….Version}` in their names
    const functions = resources.functions.map((fn) => ({ ...fn, functionLogicalId: `${fn.name[0]?.toUpperCase()}${fn.name.slice(1)}LambdaFunction`, versionLogicalId: `${fn.name}Version` }));
    const hook = { functionLogicalId: 'DeployHookLambdaFunction', roleLogicalId: 'DeployHookRole' };
    const template = { [hook.functionLogicalId]: { Type: 'AWS::Lambda::Function', Properties: {} } };
    const gates = generateDeployments(catalog, { stage: 'prod', functions, template, preTrafficHook: hook }).alarms.map((alarm) => alarm.name.replace(/\$\{\w+\.Version\}/, '2'));
    expect(gates).toContain('orders-prod-create-order-deploy-errors-gate-v2');
    const generated = [...generateAlarms(catalog, resources).alarms.map((alarm) => alarm.name), ...gates];

    // Act: every alarm some scenario took into ALARM
    const fired = new Set(drill.results.flatMap((r) => r.outcome.transitions.filter((t) => t.to === 'ALARM').map((t) => t.alarmName)));

    // Assess: none of the short drills' alarms is exempt; each, metric or composite, fires in some scenario
    expect(generated.filter((name) => !fired.has(name))).toEqual([]);
    expect([...fired].filter((name) => !generated.includes(name))).toEqual([]);
    // The drill's own report (`npm run drill` prints it) agrees
    expect(drill.uncovered).toEqual([]);
  });

  it('rolls a bad canary back on its gate alarms: CodeDeploy stops, CloudFormation rolls back, traffic returns to version 1', () => {
    // Assess
    const outcome = drill.results.find((r) => r.scenario.name === 'bad-canary')!.outcome;
    const stack = outcome.deployEvents.filter((d) => d.source === 'aws.cloudformation').map((d) => d.state);
    expect(stack).toEqual(['UPDATE_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE']);
    expect(outcome.deployEvents.filter((d) => d.source === 'aws.codedeploy' && d.state === 'STOP').map((d) => d.name)).toEqual([
      'orders-prod-create-order',
      'orders-prod-get-order',
      'orders-prod-list-orders',
      'orders-prod-fulfil-order',
      'orders-prod-route-not-found',
    ]);
    // Version 2 failed half its invocations while it had a tenth of the traffic, for one minute: a handful of 502s, then none
    const failed = outcome.statuses[502] ?? 0;
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(20);
  });

  it('retries only the stray records of a batch, dead-letters exactly them, and still fulfils every real order', () => {
    // Assess
    const { outcome, at } = drillOf('consumer-failing');
    const { fulfilment } = outcome;
    const strays = new Set(fulfilment.strays.map((s) => s.messageId));
    const partial = fulfilment.batches.filter((b) => b.result === 'partial');
    // Some batches held real orders beside strays: the response named the strays, and only them
    expect(partial.filter((b) => b.messageIds.some((id) => !strays.has(id))).length).toBeGreaterThan(0);
    for (const batch of partial) expect([...batch.failedIds].sort()).toEqual(batch.messageIds.filter((id) => strays.has(id)).sort());
    expect(fulfilment.batches.filter((b) => b.result === 'processed').every((b) => b.messageIds.every((id) => !strays.has(id)))).toBe(true);
    // 3 a minute for 20 minutes, each received 3 times, then moved by its 4th receive
    expect(fulfilment.strays).toHaveLength(60);
    expect(new Set(fulfilment.deadLetters.map((m) => m.messageId))).toEqual(strays);
    expect(new Set(fulfilment.deadLetters.map((m) => m.receiveCount))).toEqual(new Set([3]));
    expect(fulfilment.orders.fulfilled).toBe(fulfilment.orders.placed);
    // The first strays (minute 5) reach the dead letter queue 3 minutes later; it warns an hour after that
    expect(at('orders-prod-fulfil-order-batch-failures-warning')).toEqual([
      ['ALARM', 9],
      ['OK', 29],
    ]);
    expect(at('orders-prod-fulfil-order-dead-letters-warning')).toEqual([['ALARM', 9]]);
    expect(at('orders-prod-fulfil-order-dead-letter-age-warning')).toEqual([['ALARM', 69]]);
    expect(outcome.deliveries.filter((d) => d.state === 'ALARM' && d.pages.length > 0)).toEqual([]);
  });

  it('pages once when the oldest order waits past 2 minutes, and announces the recovery once the backlog drains', () => {
    // Assess: the event source mapping is disabled from minute 10 to 25
    const { outcome, at } = drillOf('backlog-growing');
    expect(at('orders-prod-fulfil-order-queue-age-critical')).toEqual([
      ['ALARM', 15],
      ['OK', 26],
    ]);
    const critical = outcome.deliveries.filter((d) => d.via === 'sns' && d.alarmName === 'orders-prod-critical');
    expect(critical.map((d) => [d.state, d.pages.length > 0, d.slack])).toEqual([
      ['ALARM', true, 'delivered'],
      ['OK', true, 'delivered'],
    ]);
    // Held 15 minutes, then drained in the minute the mapping came back: every order fulfilled
    expect(outcome.fulfilment.peak.oldestAgeSeconds).toBeGreaterThanOrEqual(15 * 60 - 60);
    expect(outcome.fulfilment.end.queue).toEqual({ visible: 0, inFlight: 0, oldestAgeSeconds: 0 });
    expect(outcome.fulfilment.orders.fulfilled).toBe(outcome.fulfilment.orders.placed);
  });

  it('warns on a slow consumer’s duration and on its backlog past 500, and pages when its oldest order waits past 2 minutes', () => {
    // Assess
    const { outcome, at } = drillOf('slow-consumer');
    expect(at('orders-prod-fulfil-order-queue-age-critical')[0]).toEqual(['ALARM', expect.any(Number)]);
    expect(at('orders-prod-fulfil-order-duration-p99-warning').map(([state]) => state)).toEqual(['ALARM', 'OK']);
    expect(at('orders-prod-fulfil-order-queue-depth-warning').map(([state]) => state)).toEqual(['ALARM', 'OK']);
    // Depth over 500 for 10 minutes only after the age has been over 2 minutes for long: the page comes first
    expect(at('orders-prod-fulfil-order-queue-age-critical')[0]?.[1]).toBeLessThan(at('orders-prod-fulfil-order-queue-depth-warning')[0]?.[1] as number);
    expect(outcome.fulfilment.peak.visible).toBeGreaterThan(500);
    // Capped at 2 concurrent batches of 10, 9 s each: full batches, none failed, none dead-lettered
    expect(outcome.fulfilment.batches.filter((b) => b.result !== 'processed')).toEqual([]);
    expect(Math.max(...outcome.fulfilment.batches.map((b) => b.messageIds.length))).toBe(10);
    expect(outcome.fulfilment.deadLetters).toEqual([]);
    expect(outcome.fulfilment.orders.fulfilled).toBe(outcome.fulfilment.orders.placed);
  });

  it('warns when every batch of the consumer times out, and dead-letters the orders it could not fulfil', () => {
    // Assess
    const { outcome, at } = drillOf('fulfilment-hangs');
    expect(at('orders-prod-fulfil-order-errors-warning')[0]).toEqual(['ALARM', 9]);
    expect(at('orders-prod-fulfil-order-dead-letters-warning')[0]).toEqual(['ALARM', 9]);
    expect(at('orders-prod-fulfil-order-duration-p99-warning')[0]?.[0]).toBe('ALARM');
    // Every order placed while it hung was tried 3 times, then moved; the API answered every request
    const { fulfilment } = outcome;
    expect(fulfilment.deadLetters.length).toBe(fulfilment.orders.placed - fulfilment.orders.fulfilled);
    expect(new Set(fulfilment.deadLetters.map((m) => m.receiveCount))).toEqual(new Set([3]));
    expect(Object.keys(outcome.statuses).filter((status) => Number(status) >= 500)).toEqual([]);
  });

  it('draws the service map of the traced requests per function, as Lambda names them', () => {
    // Assess
    expect(drill.serviceMap).toMatch(/^client → orders createOrder +\d+ calls/m);
    expect(drill.serviceMap).toMatch(/^orders createOrder → DynamoDB periscope-orders-prod-orders +\d+ calls/m);
    // The asynchronous leg: createOrder publishes to SQS; fulfilOrder (its handler file, as it exports `handler`) writes the table
    expect(drill.serviceMap).toMatch(/^orders createOrder → SQS +\d+ calls/m);
    expect(drill.serviceMap).toMatch(/^orders fulfil-order → DynamoDB periscope-orders-prod-orders +\d+ calls/m);
    expect(drill.serviceMap).toMatch(/^client → slack-notifier +\d+ calls/m);
    // The notifier's posts to Slack (here the fake Slack on loopback), traced with the webhook's origin only
    expect(drill.serviceMap).toMatch(/^slack-notifier → 127\.0\.0\.1:\d+ +\d+ calls/m);
    // … and nothing else on loopback: the fault proxy in front of dynalite is not a second downstream of the handlers
    const loopbackEdges = drill.serviceMap.split('\n').filter((line) => line.includes('127.0.0.1') && !line.startsWith('bottleneck'));
    expect(loopbackEdges.filter((line) => !line.startsWith('slack-notifier → '))).toEqual([]);
  });

  it('never records the Slack webhook URL, which holds its secret, in a trace', () => {
    // Assess
    expect(tracing.traces.length).toBeGreaterThan(0);
    expect(JSON.stringify(tracing.traces)).not.toMatch(/\/services\/T0/);
  });

  it('names where each kind of trouble started as its scenario’s bottleneck', () => {
    // Assess
    const bottleneckOf = (scenario: string) => drill.bottlenecks.find((b) => b.scenario === scenario)?.bottleneck;
    expect(bottleneckOf('dynamodb-throttling-storm')).toMatchObject({ node: 'DynamoDB periscope-orders-prod-orders', rule: 'failures', why: expect.stringMatching(/throttled/) });
    expect(bottleneckOf('lambda-throttles')).toMatchObject({ node: expect.stringMatching(/^orders /), rule: 'failures', why: expect.stringMatching(/throttled/) });
    expect(bottleneckOf('bad-deploy')).toMatchObject({ node: expect.stringMatching(/^orders /), rule: 'failures', why: expect.stringMatching(/faults/) });
    expect(bottleneckOf('bad-canary')).toMatchObject({ node: expect.stringMatching(/^orders /), rule: 'failures' });
    // Slack itself: the webhook's host (the fake Slack on loopback here), which the notifier's traced posts name
    expect(bottleneckOf('slack-down')).toMatchObject({ node: expect.stringMatching(/^127\.0\.0\.1:\d+$/), rule: 'failures' });
    // A consumer whose every batch times out: the function itself, not the table it writes
    expect(bottleneckOf('fulfilment-hangs')).toMatchObject({ node: 'orders fulfil-order', rule: 'failures', why: expect.stringMatching(/faults/) });
    expect(bottleneckOf('healthy-day')?.rule).not.toBe('failures');
  });
});
