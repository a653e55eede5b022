import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

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

/** Raised for a `PutMetricData` request CloudWatch would refuse: the message says what is missing. */
export class InvalidMetricDataError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InvalidMetricDataError';
  }
}

const TARGET_PREFIX = 'GraniteServiceVersion20100801.';

/** The request's body; the SDK gzips a large `PutMetricData` (`Content-Encoding: gzip`). */
const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return (request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
};

interface WireDatum {
  MetricName?: string;
  Dimensions?: { Name?: string; Value?: string }[];
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
      dimensions: Object.fromEntries((datum.Dimensions ?? []).map((d) => [String(d.Name), String(d.Value)])),
      timestamp: datum.Timestamp === undefined ? now : Math.round(datum.Timestamp * 1000),
      unit: datum.Unit ?? 'None',
    };
    return values.flatMap((value, j) => Array.from({ length: datum.Counts?.[j] ?? 1 }, () => ({ ...common, value })));
  });
}

const send = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
  response.end(JSON.stringify(body));
};

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

/**
 * A CloudWatch API on loopback that answers `DescribeAlarms` from the local alarm evaluator's states
 * and hands `PutMetricData`'s data to a sink (the drill's metric store), so a function that reads
 * alarm states or publishes metrics (the Slack notifier) runs unchanged against it. Any other
 * operation, or `PutMetricData` with no sink set, is refused with a 400 that names it.
 */
export async function startLocalCloudWatchApi(): Promise<LocalCloudWatchApi> {
  let source: AlarmStateSource = () => undefined;
  let sink: MetricSink | undefined;
  const server = createServer((request, response) => {
    void (async () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const body = await readBody(request);
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      if (target === `${TARGET_PREFIX}DescribeAlarms`) {
        send(response, 200, describeAlarms(input as { AlarmNames?: string[]; AlarmTypes?: string[] }, source));
        return;
      }
      if (target === `${TARGET_PREFIX}PutMetricData` && sink !== undefined) {
        try {
          sink(putMetricData(input as { Namespace?: string; MetricData?: WireDatum[] }, Date.now()));
        } catch (error) {
          if (!(error instanceof InvalidMetricDataError)) throw error;
          send(response, 400, { __type: 'InvalidParameterValue', message: error.message });
          return;
        }
        send(response, 200, {});
        return;
      }
      const answered = sink === undefined ? 'DescribeAlarms only' : 'DescribeAlarms and PutMetricData only';
      send(response, 400, { __type: 'InvalidAction', message: `the local CloudWatch API answers ${answered}, not ${target.replace(TARGET_PREFIX, '') || 'this request'}` });
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
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
