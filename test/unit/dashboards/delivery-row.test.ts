import { generateAlarms, type ServiceResources } from '../../../alarms';
import { dashboardMetrics, generateDashboards, type MetricRow, type Widget } from '../../../dashboards';
import { readRow } from '../../../dashboards/series-key';
import { DELIVERY_TARGET_DEFAULTS, type DeliveryTargets, defineService, type ServiceDefinition } from '../../../src/catalog';
import { evaluateExpression, type MathValue, parseExpression } from '../../../tools/emulators/cloudwatch/metric-store';
import { validDefinition } from '../../support/catalogs';

type Props = Record<string, any>;

const DELIVERY = { functionLogicalId: 'DeliveryMetricsLambdaFunction', roleLogicalId: 'DeliveryMetricsRole', functionName: 'shop-prod-deliveryMetrics' };
const RANGE_DAYS = 28;

const catalogWith = (targets?: DeliveryTargets): ServiceDefinition => defineService({ ...validDefinition(), ...(targets === undefined ? {} : { delivery: { targets } }) });

/** The shop service deployed at `prod`, with the delivery-metrics function unless told otherwise. */
const resourcesOf = (catalog: ServiceDefinition, withDelivery = true): ServiceResources => ({
  stage: 'prod',
  functions: catalog.functions.map((fn) => ({ name: fn.name, functionName: `shop-prod-${fn.name}`, timeoutSeconds: 10 })),
  api: { name: 'prod-shop', stage: 'prod' },
  tables: [],
  ...(withDelivery ? { delivery: DELIVERY } : {}),
});

const executiveOf = (catalog: ServiceDefinition, withDelivery = true): Widget[] => {
  const resources = resourcesOf(catalog, withDelivery);
  return [...generateDashboards(catalog, resources, { alarms: generateAlarms(catalog, resources).alarms }).exec.body.widgets];
};

const titleOf = (widget: Widget): string => ('title' in widget.properties ? (widget.properties as Props).title : '');
const markdownOf = (widget: Widget): string => (widget.type === 'text' ? widget.properties.markdown : '');
const titled = (widgets: readonly Widget[], prefix: string): Props => {
  const found = widgets.find((widget) => titleOf(widget).startsWith(prefix));
  if (found === undefined) throw new Error(`no widget titled "${prefix}…": ${widgets.map(titleOf).join(' | ')}`);
  return found.properties as Props;
};

/** Each metric's value over the whole range, by metric name; a metric left out reported nothing. */
type RangeTotals = Partial<Record<'Deployments' | 'LeadTimeSeconds' | 'ChangeFailed' | 'FailedDeploymentRecoverySeconds' | 'ReworkDeployments', number>>;

/**
 * What CloudWatch shows for a widget with `setPeriodToTimeRange`: one period spanning the range, so
 * each metric row is one value (its Sum or Average over the range) or none, and each visible
 * expression is computed from them with the local metric math evaluator. That evaluator has no
 * PERIOD, so `PERIOD(id)` is put in as the number CloudWatch gives: the range in seconds.
 */
function shownValues(properties: Props, totals: RangeTotals, rangeDays = RANGE_DAYS): Record<string, number | undefined> {
  const reads = (properties.metrics as MetricRow[]).map(readRow);
  const values = new Map<string, MathValue>();
  const resolve = (id: string): MathValue => {
    const known = values.get(id);
    if (known !== undefined) return known;
    const read = reads.find((r) => ('expression' in r ? r.expression.id : r.options?.id) === id);
    if (read === undefined) throw new Error(`no query ${id}`);
    let value: MathValue;
    if ('expression' in read) {
      const text = read.expression.expression.replace(/PERIOD\([a-z]\w*\)/g, String(rangeDays * 86_400));
      value = evaluateExpression(parseExpression(text), { resolve, grid: [0] });
    } else {
      const total = totals[read.metric.metricName as keyof RangeTotals];
      value = { kind: 'series', points: new Map(total === undefined ? [] : [[0, total]]) };
    }
    values.set(id, value);
    return value;
  };
  return Object.fromEntries(
    reads.flatMap((read) => {
      if (!('expression' in read) || read.expression.visible === false) return [];
      const value = resolve(read.expression.id);
      return [[read.expression.label, value.kind === 'series' ? value.points.get(0) : undefined]];
    }),
  );
}

const NAMES = ['Deployment frequency', 'Change lead time', 'Change fail rate', 'Failed deployment recovery time', 'Deployment rework rate'];
const verdictsOf = (widgets: readonly Widget[], totals: RangeTotals): (number | undefined)[] => {
  const shown = shownValues(titled(widgets, 'Targets met over the range'), totals);
  return NAMES.map((name) => shown[`${name}: meets target (1 = yes)`]);
};

describe('the executive dashboard’s delivery row', () => {
  const widgets = executiveOf(catalogWith());
  const gauges = widgets.filter((widget) => widget.type === 'metric' && widget.properties.view === 'gauge');

  it('is absent when the service does not deploy the delivery-metrics function', () => {
    // Act
    const without = executiveOf(catalogWith(), false);

    // Assess
    expect(dashboardMetrics({ start: '-P28D', periodOverride: 'inherit', widgets: without }).filter((m) => m.namespace === 'Periscope/Delivery')).toEqual([]);
    expect(without.map(markdownOf).join('\n')).not.toMatch(/Delivery|DORA/);
  });

  it('comes after the SLO widgets and before the business KPIs, and says so in the header', () => {
    // Prepare
    const headings = widgets.map((widget) => markdownOf(widget).split('\n')[0] ?? '');
    const at = (prefix: string): number => headings.findIndex((heading) => heading.startsWith(prefix));

    // Assess
    expect(at('## checkout:')).toBeGreaterThan(0);
    expect(at('## Delivery')).toBeGreaterThan(widgets.findIndex((widget) => titleOf(widget).startsWith('p99 latency')));
    expect(at('## Business')).toBeGreaterThan(widgets.findIndex((widget) => titleOf(widget).startsWith('Deployments and change failures per day')));
    expect(markdownOf(widgets[0] as Widget)).toContain('Delivery (DORA) numbers cover the whole range');
  });

  it('shows the five numbers as dials over the whole range, reading the delivery metrics of this service and stage', () => {
    // Assess
    expect(gauges.map(titleOf).map((title) => title.replace(/ \(target: .*\)$/, ''))).toEqual(NAMES);
    for (const gauge of gauges) expect(gauge.properties).toMatchObject({ setPeriodToTimeRange: true, yAxis: { left: { min: 0 } } });
    const delivery = dashboardMetrics({ start: '-P28D', periodOverride: 'inherit', widgets: gauges });
    expect(new Set(delivery.map((m) => JSON.stringify(m)))).toEqual(
      new Set(
        [
          ['Deployments', 'Sum'],
          ['LeadTimeSeconds', 'Average'],
          ['ChangeFailed', 'Sum'],
          ['FailedDeploymentRecoverySeconds', 'Average'],
          ['ReworkDeployments', 'Sum'],
        ].map(([metricName, stat]) => JSON.stringify({ kind: 'metric', namespace: 'Periscope/Delivery', metricName, dimensions: { service: 'shop', stage: 'prod' }, stat })),
      ),
    );
  });

  it('computes each number as DORA counts it: per day, hours, and percentages of deployments', () => {
    // Prepare: 40 deployments in 28 days, 8 failed changes, 4 rework deployments
    const totals: RangeTotals = { Deployments: 40, LeadTimeSeconds: 1_800, ChangeFailed: 8, FailedDeploymentRecoverySeconds: 5_400, ReworkDeployments: 4 };

    // Act
    const shown = gauges.map((gauge) => Object.values(shownValues(gauge.properties as Props, totals)));

    // Assess
    expect(shown).toEqual([[40 / 28], [0.5], [20], [1.5], [10]]);
  });

  it('says 1 where the default DORA elite targets are met and 0 where they are missed, the right way round', () => {
    // Assess: 40/28 per day ≥ 1, 0.5 h ≤ 1, 20% > 15, 1.5 h > 1, 10% ≤ 15
    expect(verdictsOf(widgets, { Deployments: 40, LeadTimeSeconds: 1_800, ChangeFailed: 8, FailedDeploymentRecoverySeconds: 5_400, ReworkDeployments: 4 })).toEqual([1, 1, 0, 0, 1]);
    // The other side of each target: 20 in 28 days is under 1 a day; 2 h; 5%; 0.5 h; 25%
    expect(verdictsOf(widgets, { Deployments: 20, LeadTimeSeconds: 7_200, ChangeFailed: 1, FailedDeploymentRecoverySeconds: 1_800, ReworkDeployments: 5 })).toEqual([0, 0, 1, 1, 0]);
    // Exactly on the target meets it: 28 in 28 days; then 1 h, 21 of 140 (15%), 1 h, 21 of 140
    expect(verdictsOf(widgets, { Deployments: 28 })[0]).toBe(1);
    expect(verdictsOf(widgets, { Deployments: 140, LeadTimeSeconds: 3_600, ChangeFailed: 21, FailedDeploymentRecoverySeconds: 3_600, ReworkDeployments: 21 })).toEqual([1, 1, 1, 1, 1]);
  });

  it('counts no failure reported as a 0% rate, no deployment as 0 per day, and leaves what cannot be measured empty', () => {
    // Assess: deployments but no change failed or was reworked
    expect(verdictsOf(widgets, { Deployments: 56, LeadTimeSeconds: 600 })).toEqual([1, 1, 1, undefined, 1]);
    // No deployment at all: the frequency misses, and no rate or duration exists
    expect(verdictsOf(widgets, {})).toEqual([0, undefined, undefined, undefined, undefined]);
    expect(shownValues(widgets.find((widget) => titleOf(widget) === 'Deployments')?.properties as Props, {})).toEqual({ 'Deployments in the range': 0 });
  });

  it('colours each dial green on the side of its target that meets it: above for deployment frequency, below for the others', () => {
    // Prepare
    const ranges = (gauge: Widget) => {
      const lines = (gauge.properties as Props).annotations.horizontal as Props[];
      const green = lines.find((line) => line.color === '#2ca02c');
      const red = lines.find((line) => line.color === '#d62728');
      return { target: green?.value, green: green?.fill, red: red?.fill, redAt: red?.value, max: (gauge.properties as Props).yAxis.left.max };
    };

    // Assess
    expect(gauges.map(ranges)).toEqual([
      { target: 1, green: 'above', red: 'below', redAt: 1, max: 2 },
      { target: 1, green: 'below', red: 'above', redAt: 1, max: 2 },
      { target: 15, green: 'below', red: 'above', redAt: 15, max: 30 },
      { target: 1, green: 'below', red: 'above', redAt: 1, max: 2 },
      { target: 15, green: 'below', red: 'above', redAt: 15, max: 30 },
    ]);
  });

  it('holds the numbers to the catalog’s targets where it sets them, and to DORA’s elite bands elsewhere', () => {
    // Prepare
    const overridden = executiveOf(catalogWith({ deploymentsPerDay: 2, changeFailRatePercent: 25, recoveryHours: 4 }));
    const totals: RangeTotals = { Deployments: 40, LeadTimeSeconds: 1_800, ChangeFailed: 8, FailedDeploymentRecoverySeconds: 5_400, ReworkDeployments: 4 };

    // Assess: 40/28 per day < 2, 20% ≤ 25, 1.5 h ≤ 4; lead time and rework keep the defaults
    expect(verdictsOf(overridden, totals)).toEqual([0, 1, 1, 1, 1]);
    expect(overridden.filter((w) => w.type === 'metric' && w.properties.view === 'gauge').map(titleOf)).toEqual([
      'Deployment frequency (target: at least 2 per day)',
      `Change lead time (target: at most ${DELIVERY_TARGET_DEFAULTS.leadTimeHours} h)`,
      'Change fail rate (target: at most 25%)',
      'Failed deployment recovery time (target: at most 4 h)',
      `Deployment rework rate (target: at most ${DELIVERY_TARGET_DEFAULTS.reworkRatePercent}%)`,
    ]);
    expect(markdownOf(overridden.find((w) => markdownOf(w).startsWith('## Delivery')) as Widget)).toContain('**Deployment frequency** is deployments finished per day');
  });

  it('explains in words what each number means, which metric counts it, and the target in force', () => {
    // Act
    const text = markdownOf(widgets.find((widget) => markdownOf(widget).startsWith('## Delivery')) as Widget);

    // Assess
    for (const name of NAMES) expect(text).toContain(`**${name}**`);
    for (const metric of ['`Deployments`', '`LeadTimeSeconds`', '`ChangeFailed`', '`FailedDeploymentRecoverySeconds`', '`ReworkDeployments`']) expect(text).toContain(metric);
    for (const target of ['at least 1 per day', 'at most 1 h', 'at most 15%']) expect(text).toContain(`Target: **${target}**`);
  });

  it('places the row on the 24-column grid without overlaps', () => {
    for (const widget of widgets) expect(widget.x + widget.width).toBeLessThanOrEqual(24);
    for (const [i, a] of widgets.entries()) {
      for (const b of widgets.slice(i + 1))
        expect([titleOf(a), titleOf(b), a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height]).toEqual([titleOf(a), titleOf(b), false]);
    }
  });
});
