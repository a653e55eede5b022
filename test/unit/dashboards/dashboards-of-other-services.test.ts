import { generateAlarms, type ServiceResources } from '../../../alarms';
import { dashboardMetrics, generateDashboards, type Widget } from '../../../dashboards';
import { defineService, type ServiceDefinition } from '../../../src/catalog';

type Props = Record<string, any>;

const TIERS: ServiceDefinition['tiers'] = {
  critical: { description: 'Users are hurt now.', page: true, slackChannel: '#fleet-incidents' },
  warning: { description: 'Look today.', page: false },
  info: { description: 'Worth knowing.', page: false },
};

/** A service's resources at `dev`: each catalog function deployed as `<service>-dev-<name>`, no API unless given. */
const deployed = (catalog: ServiceDefinition, extra: Partial<ServiceResources> = {}): ServiceResources => ({
  stage: 'dev',
  functions: catalog.functions.map((fn) => ({ name: fn.name, functionName: `${catalog.service}-dev-${fn.name}`, timeoutSeconds: 30 })),
  tables: [],
  ...extra,
});

const dashboardsOf = (catalog: ServiceDefinition, resources: ServiceResources) => {
  const alarms = generateAlarms(catalog, resources).alarms;
  return { alarms, dashboards: generateDashboards(catalog, resources, { alarms }) };
};

const titleOf = (widget: Widget): string | undefined => ('title' in widget.properties ? (widget.properties as Props).title : undefined);
const alarmArn = (name: string): string => `arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${name}`;

describe('generateDashboards for a service with more than 100 alarms', () => {
  // 40 functions × 3 Lambda alarms, an SLO's 3 burn-rate pairs (9 alarms), the deploy marker, 2 tier composites: 132.
  const catalog = defineService({
    service: 'fleet',
    namespace: 'Test/Fleet',
    functions: Array.from({ length: 40 }, (_, i) => ({ name: `worker${String(i + 1).padStart(2, '0')}` })),
    metrics: [],
    // Its fast burn is the critical tier's member (a tier composite needs one).
    slos: [{ name: 'fleet-jobs', availabilityTarget: 99.9, latencyP99Ms: 10_000 }],
    tiers: TIERS,
  });
  const { alarms, dashboards } = dashboardsOf(catalog, deployed(catalog));
  const alarmWidgets = dashboards.ops.body.widgets.filter((w) => w.type === 'alarm');

  it('splits the alarm status into widgets of at most 100 alarms, titled as a continuation after the first', () => {
    // Assess
    expect(alarms.length).toBeGreaterThan(100);
    expect(alarmWidgets.map((w) => [titleOf(w), (w.properties as Props).alarms.length])).toEqual([
      ['Alarms (tier composites first)', 100],
      [`Alarms, continued (101–${alarms.length})`, alarms.length - 100],
    ]);
  });

  it('shows every generated alarm exactly once across the widgets, tier composites first', () => {
    // Act
    const shown: string[] = alarmWidgets.flatMap((w) => (w.properties as Props).alarms);

    // Assess
    expect(shown).toEqual(alarms.map((alarm) => alarmArn(alarm.name)));
    expect(new Set(shown).size).toBe(alarms.length);
    expect(shown.slice(0, 2)).toEqual([alarmArn('fleet-dev-critical'), alarmArn('fleet-dev-warning')]);
  });
});

describe('generateDashboards for a service with no API', () => {
  // Functions fed by a queue and a schedule: no API Gateway in front, one table behind.
  const catalog = defineService({
    service: 'ingest',
    namespace: 'Test/Ingest',
    functions: [{ name: 'readBatch' }, { name: 'compactFiles' }, { name: 'publishReport' }],
    metrics: [{ name: 'RecordsIngested', unit: 'Count', description: 'Records stored.', views: ['executive', 'operations'] }],
    slos: [{ name: 'ingest-pipeline', availabilityTarget: 99.5, latencyP99Ms: 5000 }],
    tiers: TIERS,
  });
  const resources = deployed(catalog, { tables: [{ logicalId: 'RecordsTable', tableName: 'ingest-dev-records', operations: ['PutItem'] }] });
  const { dashboards } = dashboardsOf(catalog, resources);
  const all = [...dashboards.exec.body.widgets, ...dashboards.ops.body.widgets, ...dashboards.dev.body.widgets];
  const functionNames = resources.functions.map((fn) => fn.functionName);

  it('draws no API widget and names API Gateway nowhere', () => {
    // Assess
    expect(all.map(titleOf).filter((title) => title !== undefined && /^(API |Availability|Error budget)/.test(title))).toEqual([]);
    expect(JSON.stringify(dashboards)).not.toContain('AWS/ApiGateway');
    expect(
      Object.values(dashboards)
        .flatMap((d) => dashboardMetrics(d.body))
        .filter((m) => m.namespace === 'AWS/ApiGateway'),
    ).toEqual([]);
  });

  it('tells executives that availability is on the operations dashboard, under the SLO it is about', () => {
    // Act
    const text = dashboards.exec.body.widgets.filter((w) => w.type === 'text').map((w) => (w.properties as Props).markdown as string);

    // Assess
    const sloHeading = text.findIndex((markdown) => markdown.startsWith('## ingest-pipeline:'));
    expect(sloHeading).toBeGreaterThan(-1);
    expect(text[sloHeading + 1]).toBe('This service has no API: availability is shown on the operations dashboard from Lambda errors.');
  });

  it('lists each function, in catalog order, on every Lambda graph of the operations and developer dashboards', () => {
    // Prepare: the function each series of a widget is about (Lambda's dimension, or the runtime's on ColdStart)
    const seriesOf = (widget: Widget) => dashboardMetrics({ start: '-PT3H', periodOverride: 'inherit', widgets: [widget] });
    const functionsGraphed = (widget: Widget): (string | undefined)[] =>
      seriesOf(widget).map((m) => (m.kind === 'metric' ? (m.dimensions['FunctionName'] ?? m.dimensions['function_name']) : undefined));
    const lambdaWidgets = all.filter((w) => seriesOf(w).some((m) => m.namespace === 'AWS/Lambda' || m.metricName === 'ColdStart'));

    // Assess
    expect(lambdaWidgets.map(titleOf)).toEqual([
      'Lambda invocations',
      'Lambda errors',
      'Lambda error rate, % of invocations (0 in a minute with fewer than 5 errors, as the alarms count)',
      'Lambda throttles',
      'Lambda p99 duration (5-minute periods)',
      'Lambda concurrency',
      'Cold starts per function (ColdStart metric)',
    ]);
    // The error rate reads two metrics of each function (errors, invocations).
    for (const widget of lambdaWidgets) expect([titleOf(widget), [...new Set(functionsGraphed(widget))]]).toEqual([titleOf(widget), functionNames]);
  });

  it('searches the logs of each function on every Logs Insights widget', () => {
    // Prepare
    const sources = functionNames.map((name) => `SOURCE '/aws/lambda/${name}'`).join(' | ');

    // Assess
    const logWidgets = all.filter((w) => w.type === 'log');
    expect(logWidgets.length).toBeGreaterThan(0);
    for (const widget of logWidgets) expect((widget.properties as Props).query.startsWith(`${sources} | `)).toBe(true);
  });
});
