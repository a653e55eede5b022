import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { type LocalDynamoDb, localDynamoDbClient, startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { type CompletedTrace, renderTraceTree, startXRayCollector, type TraceNode, type XRayCollector, XRayCollectorError, XRayPacketError } from '../../tools/emulators/xray-daemon';

type XRaySdk = typeof import('aws-xray-sdk-core');
type PowertoolsTracer = typeof import('@aws-lambda-powertools/tracer');

const HEADER = '{"format":"json","version":1}\n';
const newTraceId = (): string => `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
const newSpanId = (): string => randomBytes(8).toString('hex');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends datagrams the way the SDK does, one document each. */
const sendDatagrams = async (port: number, ...bodies: string[]): Promise<void> => {
  const socket = createSocket('udp4');
  for (const body of bodies) {
    await new Promise<void>((resolve, reject) => socket.send(Buffer.from(body), port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
  }
  socket.close();
};
const segmentPacket = (doc: Record<string, unknown>): string => HEADER + JSON.stringify(doc);

/** Makes the next subsegments belong to a fresh Lambda invocation, as the Lambda runtime does per request. */
const startInvocation = (): { traceId: string; facadeId: string } => {
  const traceId = newTraceId();
  const facadeId = newSpanId();
  process.env._X_AMZN_TRACE_ID = `Root=${traceId};Parent=${facadeId};Sampled=1`;
  return { traceId, facadeId };
};

const names = (nodes: readonly TraceNode[]): string[] => nodes.map((node) => node.document.name);

describe('X-Ray collector fed by the real X-Ray SDK in Lambda mode', () => {
  const savedEnv = { ...process.env };
  const reported: CompletedTrace[] = [];
  let collector: XRayCollector;
  let xray: XRaySdk;
  let powertools: PowertoolsTracer;
  let dynamo: LocalDynamoDb;

  beforeAll(async () => {
    collector = await startXRayCollector({ port: 0, quietMs: 100, onTrace: (trace) => reported.push(trace) });
    dynamo = await startDynalite(0);
    // The SDK reads all of this when it is first required, so it must be set before.
    Object.assign(process.env, {
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${collector.address.port}`,
      AWS_LAMBDA_FUNCTION_NAME: 'periscope-orders-dev-createOrder',
      LAMBDA_TASK_ROOT: process.cwd(),
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      POWERTOOLS_TRACE_ENABLED: 'true',
      POWERTOOLS_SERVICE_NAME: 'orders',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    startInvocation();
    xray = require('aws-xray-sdk-core') as XRaySdk;
    powertools = require('@aws-lambda-powertools/tracer') as PowertoolsTracer;
  });

  afterAll(async () => {
    process.env = savedEnv;
    await collector?.close();
    await dynamo?.close();
  });

  it('reassembles a handler and its DynamoDB call streamed as separate datagrams', async () => {
    // Prepare
    const { traceId, facadeId } = startInvocation();
    const facade = xray.getSegment() as InstanceType<XRaySdk['Segment']>;

    // Act
    const handler = facade.addNewSubsegment('## handler');
    handler.addAnnotation('Service', 'orders');
    const call = handler.addNewSubsegment('DynamoDB');
    call.addAttribute('namespace', 'aws');
    call.addAttribute('aws', { operation: 'PutItem', table_name: 'periscope-orders-dev', region: 'us-east-1', retries: 0 });
    call.addAttribute('http', { response: { status: 200 } });
    await sleep(5);
    call.close();
    await sleep(5);
    handler.close();
    const trace = await collector.waitForTrace((t) => t.traceId === traceId, 5_000);

    // Assess
    expect(reported.filter((t) => t.traceId === traceId)).toHaveLength(1);
    expect(trace).toMatchObject({ nodeCount: 2, inProgress: false });
    expect(names(trace.roots)).toEqual(['## handler']);
    expect(trace.roots[0]?.parentId).toBe(facadeId);
    expect(names(trace.roots[0]?.children ?? [])).toEqual(['DynamoDB']);
    const text = renderTraceTree(trace);
    expect(text).toMatch(new RegExp(`^trace ${traceId}  \\(2 segments, \\d+\\.\\d ms\\)\n`));
    expect(text).toMatch(/└─ ## handler {2}\d+\.\d ms {2}\[annotations: Service=orders\]\n/);
    expect(text).toMatch(/ {3}└─ DynamoDB PutItem {2}\d+\.\d ms {2}table=periscope-orders-dev$/);
  });

  it('traces a real DynamoDB ListTables call made through Powertools Tracer', async () => {
    // Prepare
    const { traceId } = startInvocation();
    const tracer = new powertools.Tracer({ serviceName: 'orders', captureHTTPsRequests: false });
    const client = tracer.captureAWSv3Client(localDynamoDbClient(dynamo.endpoint));
    const facade = tracer.getSegment();
    if (facade === undefined) throw new Error('test setup: Powertools Tracer found no Lambda facade segment');

    // Act
    const handler = facade.addNewSubsegment('## handlers/orders/handler.listTables');
    tracer.setSegment(handler);
    tracer.putAnnotation('Outcome', 'success');
    const result = await client.send(new ListTablesCommand({}));
    handler.close();
    tracer.setSegment(facade);
    client.destroy();
    const trace = await collector.waitForTrace((t) => t.traceId === traceId, 5_000);

    // Assess
    expect(result.TableNames).toEqual(expect.any(Array));
    expect(names(trace.roots)).toEqual(['## handlers/orders/handler.listTables']);
    const call = trace.roots[0]?.children[0];
    expect(call?.document).toMatchObject({ name: 'DynamoDB', namespace: 'aws', aws: { operation: 'ListTables', region: 'us-east-1' }, http: { response: { status: 200 } } });
    expect(renderTraceTree(trace)).toMatch(/└─ ## handlers\/orders\/handler\.listTables {2}\d+\.\d ms {2}\[annotations: Outcome=success\]\n {3}└─ DynamoDB ListTables {2}\d+\.\d ms$/);
  });
});

describe('X-Ray collector', () => {
  const open: XRayCollector[] = [];
  const start = async (options: Parameters<typeof startXRayCollector>[0]): Promise<XRayCollector> => {
    const collector = await startXRayCollector({ port: 0, ...options });
    open.push(collector);
    return collector;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((collector) => collector.close()));
  });

  it('reports a bad datagram to onError and keeps collecting', async () => {
    // Prepare
    const errors: Error[] = [];
    const collector = await start({ quietMs: 30, onError: (error) => errors.push(error) });
    const traceId = newTraceId();

    // Act
    await sendDatagrams(collector.address.port, 'not an x-ray packet', segmentPacket({ trace_id: traceId, id: 'a1', name: 'ok', start_time: 1, end_time: 2 }));
    const trace = await collector.waitForTrace((t) => t.traceId === traceId, 2_000);

    // Assess
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(XRayPacketError);
    expect(errors[0]?.message).toContain('no header line');
    expect(names(trace.roots)).toEqual(['ok']);
  });

  it('holds a trace while a node is in progress and reports it once, complete', async () => {
    // Prepare
    const reported: CompletedTrace[] = [];
    const collector = await start({ quietMs: 30, onTrace: (trace) => reported.push(trace) });
    const traceId = newTraceId();

    // Act
    await sendDatagrams(collector.address.port, segmentPacket({ trace_id: traceId, id: 'h1', name: '## handler', start_time: 1, in_progress: true }));
    await sleep(120);
    const whileOpen = reported.length;
    await sendDatagrams(collector.address.port, segmentPacket({ trace_id: traceId, id: 'h1', name: '## handler', start_time: 1, end_time: 1.5 }));
    await collector.waitForTrace((t) => t.traceId === traceId, 2_000);
    await sleep(100);

    // Assess
    expect(whileOpen).toBe(0);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ traceId, inProgress: false, endTime: 1.5 });
  });

  it('reports a trace still in progress after maxWaitMs rather than holding it forever', async () => {
    // Prepare
    const collector = await start({ quietMs: 20, maxWaitMs: 100 });
    const traceId = newTraceId();

    // Act
    await sendDatagrams(collector.address.port, segmentPacket({ trace_id: traceId, id: 'h1', name: '## crashed', start_time: 1, in_progress: true }));
    const trace = await collector.waitForTrace((t) => t.traceId === traceId, 2_000);

    // Assess
    expect(trace.inProgress).toBe(true);
    expect(renderTraceTree(trace)).toContain('## crashed  in progress');
  });

  it('reports a straggler arriving after its trace completed as a separate trace', async () => {
    // Prepare
    const collector = await start({ quietMs: 30 });
    const traceId = newTraceId();
    await sendDatagrams(collector.address.port, segmentPacket({ trace_id: traceId, id: 'h1', name: '## handler', start_time: 1, end_time: 2 }));
    await collector.waitForTrace((t) => t.traceId === traceId, 2_000);

    // Act
    await sendDatagrams(collector.address.port, segmentPacket({ trace_id: traceId, id: 'late', parent_id: 'h1', name: 'late', start_time: 1.5, end_time: 1.6 }));
    await collector.waitForTrace((t) => t.traceId === traceId && names(t.roots).includes('late'), 2_000);

    // Assess
    expect(collector.traces().map((t) => [t.traceId, names(t.roots)])).toEqual([
      [traceId, ['## handler']],
      [traceId, ['late']],
    ]);
  });

  it('keeps only the most recent traces', async () => {
    // Prepare
    const collector = await start({ quietMs: 20, historySize: 2 });
    const ids = [newTraceId(), newTraceId(), newTraceId()];

    // Act
    for (const id of ids) {
      await sendDatagrams(collector.address.port, segmentPacket({ trace_id: id, id: 'h1', name: id, start_time: 1, end_time: 2 }));
      await collector.waitForTrace((t) => t.traceId === id, 2_000);
    }

    // Assess
    expect(collector.traces().map((t) => t.traceId)).toEqual(ids.slice(1));
  });

  it('gives up waiting for a trace with an error naming the timeout', async () => {
    // Prepare
    const collector = await start({ quietMs: 20 });

    // Act
    const waiting = collector.waitForTrace(() => false, 50);

    // Assess
    await expect(waiting).rejects.toThrow(XRayCollectorError);
    await expect(waiting).rejects.toThrow(/timed out after 50 ms waiting for a matching trace/);
  });

  it('refuses to start on a port already taken, naming the port', async () => {
    // Prepare
    const first = await start({});

    // Act
    const second = startXRayCollector({ port: first.address.port });

    // Assess
    await expect(second).rejects.toThrow(new RegExp(`cannot listen on udp 127\\.0\\.0\\.1:${first.address.port}: the port is already in use`));
  });
});
