import { type DrillTracing, startDrillTracing } from '../../local/drill/lambda-sandbox';
import type { DrillResult } from '../../local/drill/drill';
import { SCENARIOS } from '../../local/drill/scenarios';

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
    const { runDrill } = await import('../../local/drill/drill');
    drill = await runDrill({ tracing, scenarios: SCENARIOS, short: true });
  }, 600_000);
  afterAll(() => tracing?.collector.close());

  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario.summary]))('%s: %s', (name) => {
    // Assess
    const result = drill.results.find((r) => r.scenario.name === name);
    expect(result?.failures).toEqual([]);
  });

  it('pages exactly once when every request fails, and announces the recovery', () => {
    // Assess
    const outcome = drill.results.find((r) => r.scenario.name === 'all-requests-fail')!.outcome;
    const critical = outcome.deliveries.filter((d) => d.alarmName === 'orders-dev-critical');
    expect(critical.map((d) => [d.state, d.pages.length > 0, d.slack])).toEqual([
      ['ALARM', true, 'delivered'],
      ['OK', true, 'delivered'],
    ]);
  });

  it('lists the generated alarms no scenario fired, and only those', () => {
    // Assess
    const fired = new Set(drill.results.flatMap((r) => r.outcome.transitions.filter((t) => t.to === 'ALARM').map((t) => t.alarmName)));
    expect(drill.uncovered.filter((name) => fired.has(name))).toEqual([]);
    expect(drill.uncovered).not.toContain('orders-dev-critical');
    expect(drill.uncovered).not.toContain('orders-dev-api-5xx-rate-critical');
    expect(drill.uncovered).not.toContain('orders-dev-orders-stopped-warning');
  });

  it('draws the service map of the traced requests and names DynamoDB, where the faults were, as the bottleneck', () => {
    // Assess
    expect(drill.serviceMap).toMatch(/^orders POST \/orders → DynamoDB periscope-orders-dev-orders +\d+ calls/m);
    expect(drill.serviceMap).toMatch(/^bottleneck: DynamoDB periscope-orders-dev-orders \(own failure rate/m);
  });
});
