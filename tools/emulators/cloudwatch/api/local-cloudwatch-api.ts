import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { type GetMetricDataQuery, getMetricData } from '../metric-store/metric-data';
import type { MetricStore } from '../metric-store/metric-store';

/** One alarm as `DescribeAlarms` reports it here. */
export interface DescribedAlarmState {
  readonly kind: 'metric' | 'composite';
  readonly state: string;
  /** When it last changed state, epoch ms. */
  readonly since: number;
  readonly reason: string;
  /** A composite's rule. */
  readonly rule?: string;
}

/** The alarm states the API answers from: `undefined` for an alarm that does not exist. */
export type AlarmStateSource = (name: string) => DescribedAlarmState | undefined;

/** A running local CloudWatch API. */
export interface LocalCloudWatchApi {
  /** `http://127.0.0.1:<port>`: the clients' `endpoint` (or `AWS_ENDPOINT_URL_CLOUDWATCH`). */
  readonly endpoint: string;
  /** Answers from `source` from now on. */
  useStates(source: AlarmStateSource): void;
  /** Hands every datum of a `PutMetricData` to `sink` from now on (by default they are refused: no sink, no metrics). */
  useMetricSink(sink: MetricSink | undefined): void;
  /**
   * Answers `GetMetricData` from `store` from now on (by default it is refused: no store, no data).
   * Pair it with `useMetricSink((data) => store.add(...data))` to read back what was put.
   */
  useMetricStore(store: MetricStore | undefined): void;
  /** The dashboards put so far (by `PutDashboard` or {@link LocalCloudWatchApi.putDashboard}), name → body. */
  dashboards(): ReadonlyMap<string, string>;
  /** Seeds or replaces a dashboard, as `PutDashboard` would (the body is stored as given). */
  putDashboard(name: string, body: string): void;
  close(): Promise<void>;
}

/** One datum of a `PutMetricData` call: a value (or one of its `Values`) of a metric at a time. */
export interface PutMetricDatum {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly value: number;
  /** Epoch ms; when the caller sent none, when the API received it. */
  readonly timestamp: number;
  readonly unit: string;
}

/** Where `PutMetricData`'s data go (the drill's metric store). */
export type MetricSink = (data: readonly PutMetricDatum[]) => void;

/**
 * A request CloudWatch would refuse, answered with `statusCode` and CloudWatch's error `code`
 * (`InvalidParameterValue`, `ResourceNotFound`...); the message names the bad input.
 */
export class LocalCloudWatchRequestError extends Error {
  public constructor(
    public readonly code: string,
    public readonly statusCode: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'LocalCloudWatchRequestError';
  }
}

/** Raised for a `PutMetricData` request CloudWatch would refuse: the message says what is missing. */
export class InvalidMetricDataError extends LocalCloudWatchRequestError {
  public constructor(message: string) {
    super('InvalidParameterValue', 400, message);
    this.name = 'InvalidMetricDataError';
  }
}

const invalid = (message: string): LocalCloudWatchRequestError => new LocalCloudWatchRequestError('InvalidParameterValue', 400, message);

const TARGET_PREFIX = 'GraniteServiceVersion20100801.';
/** The account in the dashboards' ARNs: the AWS documentation's example account. */
const ACCOUNT = '123456789012';

/** The request's body; the SDK gzips a large `PutMetricData` (`Content-Encoding: gzip`). */
const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return (request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
};

type WireDimension = { Name?: string; Value?: string };
const dimensionsOf = (dimensions: readonly WireDimension[] | undefined): Record<string, string> => Object.fromEntries((dimensions ?? []).map((d) => [String(d.Name), String(d.Value)]));

interface WireDatum {
  MetricName?: string;
  Dimensions?: WireDimension[];
  /** Epoch seconds in this protocol. */
  Timestamp?: number;
  Value?: number;
  Values?: number[];
  Counts?: number[];
  Unit?: string;
}

/**
 * `PutMetricData` in the AWS JSON 1.0 protocol: each datum's value (or each of its `Values`, as many
 * times as its `Counts` say) with its namespace, name, dimensions, unit and timestamp.
 * `StatisticValues` (pre-aggregated sets) are refused: nothing here sends them.
 */
function putMetricData(input: { Namespace?: string; MetricData?: WireDatum[] }, now: number): PutMetricDatum[] {
  const namespace = input.Namespace;
  if (namespace === undefined || namespace === '') throw new InvalidMetricDataError('PutMetricData needs a Namespace');
  return (input.MetricData ?? []).flatMap((datum, i) => {
    if (datum.MetricName === undefined) throw new InvalidMetricDataError(`MetricData.member.${i + 1} has no MetricName`);
    const values = datum.Values ?? (datum.Value === undefined ? [] : [datum.Value]);
    if (values.length === 0) throw new InvalidMetricDataError(`MetricData.member.${i + 1} (${datum.MetricName}) has no Value or Values (StatisticValues are not supported here)`);
    const common = {
      namespace,
      metricName: datum.MetricName,
      dimensions: dimensionsOf(datum.Dimensions),
      timestamp: datum.Timestamp === undefined ? now : Math.round(datum.Timestamp * 1000),
      unit: datum.Unit ?? 'None',
    };
    return values.flatMap((value, j) => Array.from({ length: datum.Counts?.[j] ?? 1 }, () => ({ ...common, value })));
  });
}

/** `DescribeAlarms` by `AlarmNames` (and `AlarmTypes`), in the AWS JSON 1.0 protocol the v3 SDK speaks to CloudWatch. */
function describeAlarms(input: { AlarmNames?: string[]; AlarmTypes?: string[] }, source: AlarmStateSource): Record<string, unknown> {
  const types = input.AlarmTypes ?? ['MetricAlarm'];
  const found = (input.AlarmNames ?? []).flatMap((name) => {
    const alarm = source(name);
    return alarm === undefined ? [] : [{ name, alarm }];
  });
  const entry = ({ name, alarm }: { name: string; alarm: DescribedAlarmState }) => ({
    AlarmName: name,
    StateValue: alarm.state,
    StateReason: alarm.reason,
    // Timestamps are epoch seconds in this protocol.
    StateTransitionedTimestamp: alarm.since / 1000,
    StateUpdatedTimestamp: alarm.since / 1000,
    ...(alarm.rule === undefined ? {} : { AlarmRule: alarm.rule }),
  });
  return {
    MetricAlarms: types.includes('MetricAlarm') ? found.filter((f) => f.alarm.kind === 'metric').map(entry) : [],
    CompositeAlarms: types.includes('CompositeAlarm') ? found.filter((f) => f.alarm.kind === 'composite').map(entry) : [],
  };
}

interface WireQuery {
  Id?: string;
  Label?: string;
  ReturnData?: boolean;
  Expression?: string;
  Period?: number;
  MetricStat?: { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: WireDimension[] }; Period?: number; Stat?: string };
}

interface GetMetricDataInput {
  MetricDataQueries?: WireQuery[];
  /** Epoch seconds in this protocol. */
  StartTime?: number;
  EndTime?: number;
  ScanBy?: string;
}

/** A period CloudWatch takes: 1, 5, 10 or 30 seconds (high resolution), or a multiple of 60. */
const isPeriod = (seconds: unknown): seconds is number => typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0 && (seconds % 60 === 0 || [1, 5, 10, 30].includes(seconds));

/** One `MetricDataQueries` member, read into the metric store's terms; refused as CloudWatch would. */
function readQuery(query: WireQuery, i: number): GetMetricDataQuery {
  const where = `MetricDataQueries.member.${i + 1}`;
  const id = query.Id ?? '';
  if (!/^[a-z][A-Za-z0-9_]*$/.test(id)) throw invalid(`${where} has the Id "${id}": an Id starts with a lowercase letter and holds only letters, digits and underscores`);
  const common = { id, visible: query.ReturnData !== false, ...(query.Label === undefined ? {} : { label: query.Label }) };
  if ((query.MetricStat === undefined) === (query.Expression === undefined)) throw invalid(`${where} (${id}) must have exactly one of MetricStat and Expression`);
  if (query.Expression !== undefined) return { ...common, expression: query.Expression };
  const { Metric, Period, Stat } = query.MetricStat ?? {};
  if (!Metric?.Namespace || !Metric.MetricName) throw invalid(`${where} (${id}) needs MetricStat.Metric.Namespace and MetricName`);
  if (!isPeriod(Period)) throw invalid(`${where} (${id}) has MetricStat.Period ${Period}: a period is 1, 5, 10, 30 or a multiple of 60 seconds`);
  if (!Stat) throw invalid(`${where} (${id}) needs MetricStat.Stat`);
  return { ...common, metric: { namespace: Metric.Namespace, metricName: Metric.MetricName, dimensions: dimensionsOf(Metric.Dimensions) }, stat: Stat, periodSeconds: Period };
}

/**
 * `GetMetricData` over the metric store: metrics by statistic and period, and metric math over them
 * (the store's evaluator: arithmetic, FILL, IF, SUM/MIN/MAX/AVG, SEARCH...). Periods start at
 * `StartTime` rounded down to the minute (CloudWatch's rounding for data under 15 days old; the
 * coarser rounding of older data is not modelled) and end before `EndTime`. Only the queries with
 * `ReturnData` not false are answered, newest point first unless `ScanBy` is `TimestampAscending`;
 * every datapoint comes in one page. A query the store cannot answer (an unknown id or function,
 * a bad statistic) refuses the request, naming it.
 */
function getMetricDataFrom(store: MetricStore, input: GetMetricDataInput): Record<string, unknown> {
  const wire = input.MetricDataQueries ?? [];
  if (wire.length === 0 || wire.length > 500) throw invalid(`MetricDataQueries holds ${wire.length} queries: GetMetricData takes 1 to 500`);
  if (typeof input.StartTime !== 'number' || typeof input.EndTime !== 'number') throw new LocalCloudWatchRequestError('MissingParameter', 400, 'GetMetricData needs a StartTime and an EndTime');
  const start = Math.floor(input.StartTime / 60) * 60_000;
  const end = input.EndTime * 1000;
  if (!(end > start)) throw invalid(`StartTime ${new Date(start).toISOString()} must be before EndTime ${new Date(end).toISOString()}`);
  const queries = wire.map(readQuery);
  const periods = [...queries.flatMap((q) => ('metric' in q ? [q.periodSeconds] : [])), ...wire.flatMap((q) => (isPeriod(q.Period) ? [q.Period] : []))];
  const results = getMetricData(store, queries, { start, end, periodSeconds: periods.length === 0 ? 60 : Math.min(...periods) });
  const failed = results.find((result) => result.error !== undefined);
  if (failed !== undefined) throw invalid(`the query "${failed.id}" cannot be answered: ${failed.error}`);
  const ascending = input.ScanBy === 'TimestampAscending';
  return {
    MetricDataResults: results
      .filter((result) => result.visible)
      .flatMap((result) =>
        result.series.map((series) => {
          const order = series.timestamps.map((_, i) => i).sort((a, b) => ((series.timestamps[a] as number) - (series.timestamps[b] as number)) * (ascending ? 1 : -1));
          // Timestamps are epoch seconds in this protocol.
          return { Id: result.id, Label: series.label, Timestamps: order.map((i) => (series.timestamps[i] as number) / 1000), Values: order.map((i) => series.values[i]), StatusCode: 'Complete' };
        }),
      ),
    Messages: [],
  };
}

/** A dashboard's name as CloudWatch takes it: letters, digits, `-` and `_`, up to 255. */
const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** `PutDashboard`: a name CloudWatch takes, and a body that is a JSON object with a `widgets` array. */
function putDashboard(dashboards: Map<string, string>, input: { DashboardName?: string; DashboardBody?: string }): Record<string, unknown> {
  const name = input.DashboardName ?? '';
  if (!DASHBOARD_NAME.test(name)) throw new LocalCloudWatchRequestError('InvalidParameterInput', 400, `the dashboard name "${name}" is not 1 to 255 letters, digits, "-" or "_"`);
  let body: unknown;
  try {
    body = JSON.parse(input.DashboardBody ?? '');
  } catch (error) {
    throw new LocalCloudWatchRequestError('InvalidParameterInput', 400, `the body of dashboard "${name}" is not JSON`, { cause: error });
  }
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { widgets?: unknown }).widgets)) {
    throw new LocalCloudWatchRequestError('InvalidParameterInput', 400, `the body of dashboard "${name}" has no "widgets" array`);
  }
  dashboards.set(name, input.DashboardBody as string);
  return { DashboardValidationMessages: [] };
}

/** `GetDashboard`: the body as put, or CloudWatch's `ResourceNotFound` (404). */
function getDashboard(dashboards: ReadonlyMap<string, string>, input: { DashboardName?: string }): Record<string, unknown> {
  const name = input.DashboardName ?? '';
  const body = dashboards.get(name);
  if (body === undefined) throw new LocalCloudWatchRequestError('ResourceNotFound', 404, `Dashboard ${name} does not exist`);
  return { DashboardArn: `arn:aws:cloudwatch::${ACCOUNT}:dashboard/${name}`, DashboardBody: body, DashboardName: name };
}

const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', ...headers });
  response.end(JSON.stringify(body));
};

/**
 * A refusal in the JSON protocol: the error code in `__type`, and in `x-amzn-query-error`
 * (`<code>;Sender`), which the v3 SDK reads first for CloudWatch (a query-compatible service) and
 * maps to its error class (`ResourceNotFound`, `InvalidParameterValueException`...).
 */
const refuse = (response: ServerResponse, error: LocalCloudWatchRequestError): void =>
  send(
    response,
    error.statusCode,
    { __type: `com.amazonaws.cloudwatch#${error.code}`, message: error.message },
    { 'x-amzn-query-error': `${error.code};${error.statusCode < 500 ? 'Sender' : 'Receiver'}` },
  );

/** Joins names as a sentence: `A`, `A and B`, `A, B and C`. */
const sentence = (names: readonly string[]): string => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/**
 * A CloudWatch API on loopback, in the AWS JSON 1.0 protocol the v3 SDK speaks to CloudWatch: it
 * answers `DescribeAlarms` from the local alarm evaluator's states, keeps dashboards in memory
 * (`PutDashboard`, `GetDashboard`), hands `PutMetricData`'s data to a sink (the drill's metric
 * store) and answers `GetMetricData` from a metric store, so a function that reads alarm states,
 * publishes or reads metrics, or annotates a dashboard runs unchanged against it. Any other
 * operation, or `PutMetricData` / `GetMetricData` with no sink / store set, is refused with a 400
 * that names it and what is answered.
 *
 * @example
 * ```ts
 * const api = await startLocalCloudWatchApi();
 * const store = new MetricStore();
 * api.useMetricSink((data) => store.add(...data));
 * api.useMetricStore(store);
 * const client = new CloudWatchClient({ endpoint: api.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
 * ```
 */
export async function startLocalCloudWatchApi(): Promise<LocalCloudWatchApi> {
  let source: AlarmStateSource = () => undefined;
  let sink: MetricSink | undefined;
  let store: MetricStore | undefined;
  const dashboards = new Map<string, string>();
  /** The operations answered now, by name; each reads its own input shape from the parsed JSON. */
  const operations = (): Record<string, (input: unknown) => unknown> => ({
    DescribeAlarms: (input) => describeAlarms(input as { AlarmNames?: string[]; AlarmTypes?: string[] }, source),
    GetDashboard: (input) => getDashboard(dashboards, input as { DashboardName?: string }),
    PutDashboard: (input) => putDashboard(dashboards, input as { DashboardName?: string; DashboardBody?: string }),
    ...(sink === undefined
      ? {}
      : {
          PutMetricData: (input: unknown) => {
            sink?.(putMetricData(input as { Namespace?: string; MetricData?: WireDatum[] }, Date.now()));
            return {};
          },
        }),
    ...(store === undefined ? {} : { GetMetricData: (input: unknown) => getMetricDataFrom(store as MetricStore, input as GetMetricDataInput) }),
  });
  const server = createServer((request, response) => {
    void (async () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const input = JSON.parse((await readBody(request)) || '{}') as unknown;
      const answered = operations();
      const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      const operation = Object.hasOwn(answered, name) ? answered[name] : undefined;
      if (operation === undefined) {
        const names = sentence(Object.keys(answered).sort());
        send(response, 400, { __type: 'InvalidAction', message: `the local CloudWatch API answers ${names} only, not ${target.replace(TARGET_PREFIX, '') || 'this request'}` });
        return;
      }
      try {
        send(response, 200, operation(input));
      } catch (error) {
        if (!(error instanceof LocalCloudWatchRequestError)) throw error;
        refuse(response, error);
      }
    })().catch((error: unknown) => send(response, 500, { __type: 'InternalFailure', message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    useStates: (next) => {
      source = next;
    },
    useMetricSink: (next) => {
      sink = next;
    },
    useMetricStore: (next) => {
      store = next;
    },
    dashboards: () => new Map(dashboards),
    putDashboard: (name, body) => {
      dashboards.set(name, body);
    },
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
