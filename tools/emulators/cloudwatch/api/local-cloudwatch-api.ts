import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  close(): Promise<void>;
}

const TARGET_PREFIX = 'GraniteServiceVersion20100801.';

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

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
 * A CloudWatch API on loopback that answers `DescribeAlarms` from the local alarm evaluator's states,
 * so a function that reads alarm states (the Slack notifier) runs unchanged against it. Any other
 * operation is refused with a 400 that names it.
 */
export async function startLocalCloudWatchApi(): Promise<LocalCloudWatchApi> {
  let source: AlarmStateSource = () => undefined;
  const server = createServer((request, response) => {
    void (async () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const body = await readBody(request);
      if (target !== `${TARGET_PREFIX}DescribeAlarms`) {
        send(response, 400, { __type: 'InvalidAction', message: `the local CloudWatch API answers DescribeAlarms only, not ${target.replace(TARGET_PREFIX, '') || 'this request'}` });
        return;
      }
      send(response, 200, describeAlarms(JSON.parse(body || '{}') as { AlarmNames?: string[]; AlarmTypes?: string[] }, source));
    })().catch((error: unknown) => send(response, 500, { __type: 'InternalFailure', message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    useStates: (next) => {
      source = next;
    },
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
