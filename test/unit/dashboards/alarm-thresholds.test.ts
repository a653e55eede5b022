import type { GeneratedAlarmSummary } from '../../../alarms';
import { ratePercent } from '../../../alarms/metric-factory';
import { drawAlarmThresholds } from '../../../dashboards/alarm-thresholds';
import { graphQueries, seriesKeys } from '../../../dashboards/series-key';
import type { MetricWidgetProperties, WidgetSpec } from '../../../dashboards/types';
import { expressionRow, metricWidget, row } from '../../../dashboards/widgets';
import { type ComparisonOperator, lambdaMetric, type MetricDataQuery, mathExpression, metricStat } from '../../../src/cloudwatch';

const PREFIX = 'orders-dev';
const ERRORS = lambdaMetric('orders-dev-createOrder', 'Errors');
const INVOCATIONS = lambdaMetric('orders-dev-createOrder', 'Invocations');
const THROTTLES = (fn: string) => lambdaMetric(`orders-dev-${fn}`, 'Throttles');

/** A metric alarm's summary as `generateAlarms` reports it, watching `metrics`' returned query. */
function alarm(
  signal: string,
  tier: GeneratedAlarmSummary['tier'],
  metrics: readonly MetricDataQuery[],
  threshold: number,
  comparison: ComparisonOperator = 'GreaterThanThreshold',
): GeneratedAlarmSummary {
  const returnedId = metrics.find((query) => query.ReturnData)?.Id ?? '';
  return { name: `${PREFIX}-${signal}-${tier}`, logicalId: signal, kind: 'lambda-errors', tier, billedMetrics: 2, hasActions: false, watches: { metrics, returnedId, comparison, threshold } };
}

/** The error-rate alarm's queries, ids as the factories write them. */
const errorRateQueries = (period = 60): MetricDataQuery[] => [
  metricStat('errors', ERRORS, 'Sum', period),
  metricStat('invocations', INVOCATIONS, 'Sum', period),
  mathExpression('rate', ratePercent('errors', 'invocations', 5), 'error rate (%)'),
];

/** A graph of the error rate, ids as a dashboard writes them. */
const errorRateGraph = (overrides: Partial<MetricWidgetProperties> = {}): WidgetSpec =>
  metricWidget({
    title: 'Lambda error rate',
    period: 60,
    metrics: [row(ERRORS, { id: 'e0', stat: 'Sum', visible: false }), row(INVOCATIONS, { id: 'i0', stat: 'Sum', visible: false }), expressionRow('r0', ratePercent('e0', 'i0', 5), 'createOrder')],
    ...overrides,
  });

const linesOf = (widget: WidgetSpec | undefined) => (widget?.type === 'metric' ? (widget.properties.annotations?.horizontal ?? []) : []);

describe('drawAlarmThresholds', () => {
  it("draws an alarm's threshold on the graph of the expression it compares, whatever the queries' ids", () => {
    // Act
    const [graph] = drawAlarmThresholds([errorRateGraph()], [alarm('create-order-errors', 'warning', errorRateQueries(), 5)], PREFIX);

    // Assess
    expect(linesOf(graph)).toEqual([{ label: 'create-order-errors: warning > 5', value: 5, color: '#ff7f0e', fill: 'above' }]);
  });

  it.each([
    ['another period', errorRateQueries(300)],
    ['another statistic', [metricStat('errors', ERRORS, 'Average', 60), ...errorRateQueries().slice(1)]],
    ['another function', [metricStat('errors', lambdaMetric('orders-dev-getOrder', 'Errors'), 'Sum', 60), ...errorRateQueries().slice(1)]],
    ['another expression', [...errorRateQueries().slice(0, 2), mathExpression('rate', '100 * errors / invocations', 'raw rate')]],
  ])('draws no line when the alarm compares %s than the graph shows', (_what, metrics) => {
    // Act
    const [graph] = drawAlarmThresholds([errorRateGraph()], [alarm('create-order-errors', 'warning', metrics, 5)], PREFIX);

    // Assess
    expect(linesOf(graph)).toEqual([]);
  });

  it('draws no line for a series the graph hides, on a single number, or for an alarm without a static threshold', () => {
    // Prepare: an alarm on the hidden errors row; an anomaly band alarm; a composite
    const onErrors = alarm('create-order-error-count', 'info', [metricStat('errors', ERRORS, 'Sum', 60, true)], 1);
    const band = { ...alarm('orders-below-normal', 'info', errorRateQueries(), 0), watches: { ...alarm('x', 'info', errorRateQueries(), 0).watches!, comparison: 'LessThanLowerThreshold' as const } };
    const composite: GeneratedAlarmSummary = { name: `${PREFIX}-critical`, logicalId: 'Critical', kind: 'composite', tier: 'critical', billedMetrics: 0, hasActions: true };
    const rate = alarm('create-order-errors', 'warning', errorRateQueries(), 5);

    // Act
    const [graph, number] = drawAlarmThresholds([errorRateGraph(), errorRateGraph({ view: 'singleValue' })], [onErrors, band, composite, rate], PREFIX);

    // Assess
    expect(linesOf(graph).map((line) => line.label)).toEqual(['create-order-errors: warning > 5']);
    expect(linesOf(number)).toEqual([]);
  });

  it('puts alarms with the same threshold, comparison and tier on one line, naming each', () => {
    // Prepare
    const graph = metricWidget({ title: 'Lambda throttles', period: 60, metrics: ['createOrder', 'getOrder'].map((fn) => row(THROTTLES(fn), { stat: 'Sum', label: fn })) });
    const throttles = (fn: string, signal: string, tier: GeneratedAlarmSummary['tier'], threshold: number) =>
      alarm(signal, tier, [metricStat('throttles', THROTTLES(fn), 'Sum', 60, true)], threshold, 'GreaterThanOrEqualToThreshold');

    // Act
    const [drawn] = drawAlarmThresholds(
      [graph],
      [throttles('createOrder', 'create-order-throttles', 'warning', 1), throttles('getOrder', 'get-order-throttles', 'warning', 1), throttles('getOrder', 'get-order-throttles', 'critical', 20)],
      PREFIX,
    );

    // Assess
    expect(linesOf(drawn)).toEqual([
      { label: 'create-order-throttles, get-order-throttles: warning ≥ 1', value: 1, color: '#ff7f0e', fill: 'above' },
      { label: 'get-order-throttles: critical ≥ 20', value: 20, color: '#d62728', fill: 'above' },
    ]);
  });

  it("keeps a graph's own lines first and shades below the line of an alarm on too little", () => {
    // Prepare
    const orders = { namespace: 'Periscope/Orders', metricName: 'OrderCreated', dimensions: { service: 'orders' } };
    const graph = metricWidget({ title: 'Orders', period: 900, metrics: [row(orders, { stat: 'Sum' })], annotations: { horizontal: [{ label: 'target', value: 100 }] } });
    const stopped = alarm('orders-stopped', 'warning', [metricStat('value', orders, 'Sum', 900, true)], 1, 'LessThanThreshold');

    // Act
    const [drawn] = drawAlarmThresholds([graph], [stopped], PREFIX);

    // Assess
    expect(linesOf(drawn)).toEqual([
      { label: 'target', value: 100 },
      { label: 'orders-stopped: warning < 1', value: 1, color: '#ff7f0e', fill: 'below' },
    ]);
  });

  it('leaves text, logs and graphs no alarm watches as they were', () => {
    // Prepare
    const text: WidgetSpec = { type: 'text', width: 24, height: 2, properties: { markdown: '# hi' } };
    const graph = errorRateGraph();

    // Act
    const drawn = drawAlarmThresholds([text, graph], [], PREFIX);

    // Assess
    expect(drawn[0]).toBe(text);
    expect(drawn[1]).toBe(graph);
  });
});

describe('seriesKeys', () => {
  it('gives the same key to the same series whatever the ids, and never reads a word in a SEARCH string as an id', () => {
    // Prepare
    const search = `SEARCH('{Periscope/Orders,service,currency} MetricName="OrderValue"', 'Sum', 300)`;
    const queries = graphQueries({
      period: 300,
      metrics: [
        row(ERRORS, { id: 'service', stat: 'Sum' }),
        row(INVOCATIONS, { stat: 'Sum' }),
        expressionRow('total', 'service   +  m2', 'sum'),
        expressionRow('found', search, 'search'),
        expressionRow('loop', 'loop + 1', 'refers to itself'),
      ],
    });

    // Act
    const keys = seriesKeys(queries);

    // Assess
    const [errorsKey, invocationsKey] = [keys.get('service'), keys.get('m2')];
    expect(keys.get('total')).toBe(`{${errorsKey}}+{${invocationsKey}}`);
    expect(keys.get('found')).toBe(`SEARCH('{Periscope/Orders,service,currency} MetricName="OrderValue"','Sum',300)`);
    expect(keys.get('loop')).toBe('{loop}+1');
  });
});
