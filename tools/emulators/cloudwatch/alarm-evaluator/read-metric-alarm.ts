import { AwsNamespace, COMPARISON_OPERATOR_NAMES, COMPARISON_OPERATORS, type MetricId, SIMPLE_STATISTICS, TREAT_MISSING_DATA } from '../../../../src/cloudwatch';
import { COMPUTED_STATISTICS, type Expression, getMetricData, MetricStore, parseExpression, readStatistic } from '../metric-store';
import { type CfnProperties, checkProperties, invalid, isObject, type ReadContext, readBoolean, readChoice, readInteger, readNumber, readString, unsupported } from './cfn-read';
import type { AlarmQuery, AlarmThreshold, CfnValue, MetricAlarmDefinition } from './types';

const METRIC_ALARM_PROPERTIES = [
  'AlarmName',
  'AlarmDescription',
  'ActionsEnabled',
  'AlarmActions',
  'OKActions',
  'InsufficientDataActions',
  'ComparisonOperator',
  'DatapointsToAlarm',
  'Dimensions',
  'EvaluateLowSampleCountPercentile',
  'EvaluationPeriods',
  'ExtendedStatistic',
  'MetricName',
  'Metrics',
  'Namespace',
  'Period',
  'Statistic',
  'Threshold',
  'ThresholdMetricId',
  'TreatMissingData',
  'Tags',
];
const UNIT_REFUSED = 'filters datapoints by unit, which the local metric store does not: remove it (alarms on a metric recorded in one unit do not need it)';
const QUERY_ID = /^[a-z][A-Za-z0-9_]*$/;
const BAND_FUNCTION = 'ANOMALY_DETECTION_BAND';
const DAY_SECONDS = 86_400;

/** `Period`: 10 or 30 seconds (high resolution), or a multiple of 60. */
function readPeriod(ctx: ReadContext, value: CfnValue | undefined, path: string): number | undefined {
  const period = readInteger(ctx, value, path, 1);
  if (period !== undefined && period !== 10 && period !== 30 && period % 60 !== 0) throw invalid(ctx, path, `is ${period}: a period is 10, 30 or a multiple of 60 seconds`);
  return period;
}

/** A statistic the local store computes: `Sum`, `p99`... anything else (trimmed means, `TC90`, `IQM`) is refused. */
function readStat(ctx: ReadContext, value: CfnValue | undefined, path: string): string {
  const stat = readString(ctx, value, path);
  if (stat === undefined) throw invalid(ctx, path, 'is required');
  try {
    readStatistic(stat);
  } catch (error) {
    throw unsupported(ctx, path, `is "${stat}", a statistic the local evaluator does not compute (${COMPUTED_STATISTICS})`, error);
  }
  return stat;
}

function readMetric(ctx: ReadContext, source: CfnProperties, path: string, keys: { namespace: string; metricName: string; dimensions: string }): MetricId {
  const namespace = readString(ctx, source[keys.namespace], `${path}${keys.namespace}`);
  const metricName = readString(ctx, source[keys.metricName], `${path}${keys.metricName}`);
  if (namespace === undefined || metricName === undefined) throw invalid(ctx, `${path}${namespace === undefined ? keys.namespace : keys.metricName}`, 'is required');
  const list = source[keys.dimensions] ?? [];
  if (!Array.isArray(list)) throw invalid(ctx, `${path}${keys.dimensions}`, 'must be a list of { Name, Value }');
  const dimensions: Record<string, string> = {};
  (list as readonly CfnValue[]).forEach((dimension, i) => {
    const at = `${path}${keys.dimensions}[${i}]`;
    if (!isObject(dimension)) throw invalid(ctx, at, 'must be { Name, Value }');
    checkProperties(ctx, dimension, `${at}.`, ['Name', 'Value']);
    const name = readString(ctx, dimension.Name, `${at}.Name`);
    const value = readString(ctx, dimension.Value, `${at}.Value`);
    if (name === undefined || value === undefined) throw invalid(ctx, at, 'needs both Name and Value');
    dimensions[name] = value;
  });
  return { namespace, metricName, dimensions };
}

/** One entry of `Metrics`. */
function readQuery(ctx: ReadContext, entry: CfnValue, i: number): AlarmQuery {
  const path = `Metrics[${i}]`;
  if (!isObject(entry)) throw invalid(ctx, path, 'must be a MetricDataQuery object');
  checkProperties(ctx, entry, `${path}.`, ['Id', 'Expression', 'Label', 'MetricStat', 'Period', 'ReturnData'], {
    AccountId: 'reads a metric of another account, which the local store does not hold',
  });
  const id = readString(ctx, entry.Id, `${path}.Id`);
  if (id === undefined || !QUERY_ID.test(id)) throw invalid(ctx, `${path}.Id`, `is ${JSON.stringify(id ?? null)}: an id starts with a lower-case letter, then letters, digits or _`);
  const label = readString(ctx, entry.Label, `${path}.Label`);
  const returnData = readBoolean(ctx, entry.ReturnData, `${path}.ReturnData`) ?? true;
  const common = { id, returnData, ...(label === undefined ? {} : { label }) };
  const expression = readString(ctx, entry.Expression, `${path}.Expression`);
  if ((expression === undefined) === (entry.MetricStat === undefined)) throw invalid(ctx, path, `(id "${id}") needs exactly one of Expression and MetricStat`);
  if (expression !== undefined) return { ...common, expression };
  const stat = entry.MetricStat;
  if (!isObject(stat)) throw invalid(ctx, `${path}.MetricStat`, 'must be { Metric, Period, Stat }');
  checkProperties(ctx, stat, `${path}.MetricStat.`, ['Metric', 'Period', 'Stat'], { Unit: UNIT_REFUSED });
  if (!isObject(stat.Metric)) throw invalid(ctx, `${path}.MetricStat.Metric`, 'must be { Namespace, MetricName, Dimensions }');
  checkProperties(ctx, stat.Metric, `${path}.MetricStat.Metric.`, ['Namespace', 'MetricName', 'Dimensions']);
  const metric = readMetric(ctx, stat.Metric, `${path}.MetricStat.Metric.`, { namespace: 'Namespace', metricName: 'MetricName', dimensions: 'Dimensions' });
  const periodSeconds = readPeriod(ctx, stat.Period, `${path}.MetricStat.Period`);
  if (periodSeconds === undefined) throw invalid(ctx, `${path}.MetricStat.Period`, 'is required');
  return { ...common, metric, stat: readStat(ctx, stat.Stat, `${path}.MetricStat.Stat`), periodSeconds };
}

/** The names of the functions an expression calls. */
function functionsCalled(expression: Expression): string[] {
  switch (expression.kind) {
    case 'call':
      return [expression.name, ...expression.args.flatMap(functionsCalled)];
    case 'binary':
      return [...functionsCalled(expression.left), ...functionsCalled(expression.right)];
    case 'unary':
      return functionsCalled(expression.operand);
    case 'array':
      return expression.items.flatMap(functionsCalled);
    default:
      return [];
  }
}

/** `ANOMALY_DETECTION_BAND(id[, width])` as the threshold of an anomaly detection alarm. */
function readBand(ctx: ReadContext, query: AlarmQuery, parsed: Expression, ids: ReadonlySet<string>): AlarmThreshold {
  const path = `ThresholdMetricId ("${query.id}")`;
  if (parsed.kind !== 'call' || parsed.name !== BAND_FUNCTION) throw unsupported(ctx, path, `must name an ${BAND_FUNCTION}(...) expression: other threshold expressions are not evaluated locally`);
  const [of, width] = parsed.args;
  if (of?.kind !== 'id' || !ids.has(of.name) || parsed.args.length > 2 || (width !== undefined && width.kind !== 'number')) {
    throw invalid(ctx, path, `takes a query id and an optional number of standard deviations: ${BAND_FUNCTION}(m1, 2)`);
  }
  return { kind: 'band', id: query.id, of: of.name, width: width?.value ?? 2 };
}

/**
 * Checks every expression up front: it parses, calls no function the local evaluator lacks (an
 * empty-store dry run through `getMetricData`), uses no SEARCH, and an anomaly band only as the threshold.
 */
function checkExpressions(ctx: ReadContext, queries: readonly AlarmQuery[], bandId: string | undefined, periodSeconds: number): void {
  queries.forEach((query, i) => {
    if (!('expression' in query)) return;
    const path = `Metrics[${i}].Expression (id "${query.id}")`;
    let parsed: Expression;
    try {
      parsed = parseExpression(query.expression);
    } catch (error) {
      throw invalid(ctx, path, `does not parse: ${error instanceof Error ? error.message : String(error)}`, error);
    }
    const called = functionsCalled(parsed);
    if (called.includes('SEARCH')) throw unsupported(ctx, path, 'uses SEARCH, which CloudWatch alarms cannot use');
    if (called.includes(BAND_FUNCTION) && query.id !== bandId) throw unsupported(ctx, path, `uses ${BAND_FUNCTION} other than as the alarm's ThresholdMetricId`);
  });
  const dryRun = getMetricData(
    new MetricStore(),
    queries.filter((query) => query.id !== bandId),
    { start: 0, end: periodSeconds * 1000, periodSeconds },
  );
  const failed = dryRun.find((result) => result.error !== undefined);
  if (failed !== undefined) {
    const i = queries.findIndex((query) => query.id === failed.id);
    throw unsupported(ctx, `Metrics[${i}] (id "${failed.id}")`, `cannot be evaluated locally: ${failed.error}`);
  }
}

/** `Metrics`: the queries, the one compared, the threshold, the period. */
function readMath(ctx: ReadContext, props: CfnProperties): Pick<MetricAlarmDefinition, 'queries' | 'valueId' | 'threshold' | 'periodSeconds'> {
  if (!Array.isArray(props.Metrics) || props.Metrics.length === 0) throw invalid(ctx, 'Metrics', 'must be a non-empty list of MetricDataQuery');
  for (const key of ['MetricName', 'Namespace', 'Dimensions', 'Statistic', 'ExtendedStatistic', 'Period']) {
    if (props[key] !== undefined) throw invalid(ctx, key, 'cannot be given together with Metrics');
  }
  const queries = (props.Metrics as readonly CfnValue[]).map((entry, i) => readQuery(ctx, entry, i));
  const ids = new Set<string>();
  for (const query of queries) {
    if (ids.has(query.id)) throw invalid(ctx, 'Metrics', `has the id "${query.id}" twice`);
    ids.add(query.id);
  }
  const periods = new Set(queries.flatMap((query) => ('metric' in query ? [query.periodSeconds] : [])));
  if (periods.size > 1) throw invalid(ctx, 'Metrics', `mixes periods (${[...periods].join(', ')} s): every metric of an alarm uses the same period`);
  const periodSeconds =
    [...periods][0] ??
    readPeriod(
      ctx,
      (props.Metrics as readonly CfnValue[]).map((entry) => (isObject(entry) ? entry.Period : undefined)).find((p) => p !== undefined),
      'Metrics[].Period',
    );
  if (periodSeconds === undefined) throw invalid(ctx, 'Metrics', 'has no MetricStat and no Period: the alarm has no period');

  const thresholdMetricId = readString(ctx, props.ThresholdMetricId, 'ThresholdMetricId');
  checkExpressions(ctx, queries, thresholdMetricId, periodSeconds);
  const returned = queries.filter((query) => query.returnData);
  let threshold: AlarmThreshold;
  let valueId: string;
  if (thresholdMetricId !== undefined) {
    const band = returned.find((query) => query.id === thresholdMetricId);
    if (band === undefined || !('expression' in band)) throw invalid(ctx, 'ThresholdMetricId', `is "${thresholdMetricId}", which is not a returned expression of Metrics`);
    threshold = readBand(ctx, band, parseExpression(band.expression), ids);
    const values = returned.filter((query) => query.id !== thresholdMetricId);
    if (values.length !== 1) throw invalid(ctx, 'Metrics', `must return exactly one query besides the band "${thresholdMetricId}" (ReturnData), not ${values.length}`);
    valueId = (values[0] as AlarmQuery).id;
    if (props.Threshold !== undefined) throw invalid(ctx, 'Threshold', 'cannot be given with ThresholdMetricId');
  } else {
    if (returned.length !== 1) throw invalid(ctx, 'Metrics', `must have exactly one query with ReturnData true (or not given), not ${returned.length}`);
    valueId = (returned[0] as AlarmQuery).id;
    threshold = { kind: 'static', value: readThreshold(ctx, props) };
  }
  return { queries, valueId, threshold, periodSeconds };
}

function readThreshold(ctx: ReadContext, props: CfnProperties): number {
  const value = readNumber(ctx, props.Threshold, 'Threshold');
  if (value === undefined) throw invalid(ctx, 'Threshold', 'is required (or ThresholdMetricId, for an anomaly detection band)');
  return value;
}

/** The single-metric form: `Namespace`, `MetricName`, `Dimensions`, `Statistic` or `ExtendedStatistic`, `Period`. */
function readSingleMetric(ctx: ReadContext, props: CfnProperties): Pick<MetricAlarmDefinition, 'queries' | 'valueId' | 'threshold' | 'periodSeconds'> {
  if (props.ThresholdMetricId !== undefined) throw invalid(ctx, 'ThresholdMetricId', 'needs Metrics (an anomaly detection band is a metric math query)');
  const metric = readMetric(ctx, props, '', { namespace: 'Namespace', metricName: 'MetricName', dimensions: 'Dimensions' });
  const periodSeconds = readPeriod(ctx, props.Period, 'Period');
  if (periodSeconds === undefined) throw invalid(ctx, 'Period', 'is required');
  if ((props.Statistic === undefined) === (props.ExtendedStatistic === undefined)) throw invalid(ctx, 'Statistic', 'or ExtendedStatistic is required, not both');
  let stat: string;
  if (props.Statistic !== undefined) stat = readChoice(ctx, props.Statistic, 'Statistic', SIMPLE_STATISTICS);
  else {
    stat = readStat(ctx, props.ExtendedStatistic, 'ExtendedStatistic');
    if (readStatistic(stat).kind !== 'percentile') throw invalid(ctx, 'ExtendedStatistic', `is "${stat}": use Statistic for it`);
  }
  return { queries: [{ id: 'm1', metric, stat, periodSeconds, returnData: true }], valueId: 'm1', threshold: { kind: 'static', value: readThreshold(ctx, props) }, periodSeconds };
}

/**
 * Reads one `AWS::CloudWatch::Alarm` into a {@link MetricAlarmDefinition}.
 *
 * @throws {@link UnsupportedAlarmError} for what it cannot evaluate faithfully, {@link InvalidAlarmError}
 * for what CloudWatch would reject; both name the alarm and the property.
 */
export function readMetricAlarm(name: string, logicalId: string, props: CfnProperties): Omit<MetricAlarmDefinition, 'actions' | 'description'> {
  const ctx = { alarm: name };
  checkProperties(ctx, props, '', METRIC_ALARM_PROPERTIES, { Unit: UNIT_REFUSED });
  const lowSample = readString(ctx, props.EvaluateLowSampleCountPercentile, 'EvaluateLowSampleCountPercentile');
  if (lowSample !== undefined && lowSample !== 'evaluate') {
    throw unsupported(ctx, 'EvaluateLowSampleCountPercentile', `is "${lowSample}": percentiles are always evaluated locally, however few the samples (only "evaluate" is honoured)`);
  }
  const shape = props.Metrics !== undefined ? readMath(ctx, props) : readSingleMetric(ctx, props);
  const comparison = readChoice(ctx, props.ComparisonOperator, 'ComparisonOperator', COMPARISON_OPERATOR_NAMES);
  if (COMPARISON_OPERATORS[comparison].band !== (shape.threshold.kind === 'band')) {
    throw invalid(ctx, 'ComparisonOperator', `is ${comparison}, which ${shape.threshold.kind === 'band' ? 'does not compare with a band' : 'needs an anomaly band (ThresholdMetricId)'}`);
  }
  const evaluationPeriods = readInteger(ctx, props.EvaluationPeriods, 'EvaluationPeriods', 1);
  if (evaluationPeriods === undefined) throw invalid(ctx, 'EvaluationPeriods', 'is required');
  const datapointsToAlarm = readInteger(ctx, props.DatapointsToAlarm, 'DatapointsToAlarm', 1) ?? evaluationPeriods;
  if (datapointsToAlarm > evaluationPeriods) throw invalid(ctx, 'DatapointsToAlarm', `is ${datapointsToAlarm}, more than EvaluationPeriods (${evaluationPeriods})`);
  if (evaluationPeriods * shape.periodSeconds > DAY_SECONDS) {
    throw invalid(ctx, 'EvaluationPeriods', `× Period is ${evaluationPeriods * shape.periodSeconds} s: CloudWatch evaluates at most one day`);
  }
  const treatMissingData = readChoice(ctx, props.TreatMissingData, 'TreatMissingData', TREAT_MISSING_DATA, 'missing');
  const readsDynamoDb = shape.queries.some((query) => 'metric' in query && query.metric.namespace === AwsNamespace.DynamoDB);
  return {
    kind: 'metric',
    name,
    logicalId,
    form: props.Metrics !== undefined ? 'math' : 'metric',
    ...shape,
    comparison,
    evaluationPeriods,
    datapointsToAlarm,
    treatMissingData,
    effectiveTreatMissingData: readsDynamoDb ? 'ignore' : treatMissingData,
  };
}
