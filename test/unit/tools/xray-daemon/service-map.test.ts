import type { ReceivedDocument, SegmentDocument } from '../../../../tools/emulators/xray-daemon/segment-document';
import { buildServiceMap, renderServiceMap, type ServiceMapEdge } from '../../../../tools/emulators/xray-daemon/service-map';
import { type AssembledTrace, assembleTraces } from '../../../../tools/emulators/xray-daemon/trace-assembler';

const T0 = 1732289970;
const TABLE = 'periscope-orders-dev-orders';
const at = (ms: number): number => T0 + ms / 1000;

/** A call the handler makes, as the X-Ray SDK records it; times in ms from the handler's start. */
interface CallSpec {
  readonly name?: string;
  readonly namespace?: 'aws' | 'remote';
  readonly operation?: string;
  readonly table?: string | null;
  readonly from: number;
  readonly to: number;
  readonly status?: number;
  readonly flags?: Pick<SegmentDocument, 'error' | 'fault' | 'throttle'>;
  readonly cause?: string;
  /** Wraps the call in a local subsegment of this name. */
  readonly within?: string;
}

interface InvocationSpec {
  readonly handler?: string;
  readonly ms?: number;
  readonly annotations?: Record<string, string | boolean>;
  readonly flags?: Pick<SegmentDocument, 'error' | 'fault'>;
  readonly inProgress?: boolean;
  readonly calls?: readonly CallSpec[];
}

let traceSeq = 0;
/** One Lambda invocation as the collector assembles it: the `## handler` subsegment (parent: the unseen facade) and its calls. */
const invocation = (spec: InvocationSpec = {}): AssembledTrace => {
  traceSeq += 1;
  const traceId = `1-6740a1b2-${String(traceSeq).padStart(24, '0')}`;
  const doc = (fields: SegmentDocument): ReceivedDocument => ({ type: 'subsegment', ...fields, trace_id: traceId });
  const handler = doc({
    id: `h${traceSeq}`,
    parent_id: 'facade00facade00',
    name: `## ${spec.handler ?? 'handlers/orders/handler.createOrder'}`,
    start_time: T0,
    ...(spec.inProgress === true ? { in_progress: true } : { end_time: at(spec.ms ?? 40) }),
    annotations: { ColdStart: false, Service: 'orders', Route: 'POST /orders', ...spec.annotations },
    ...spec.flags,
  });
  const docs = (spec.calls ?? []).flatMap((call, index) => {
    const parent = call.within === undefined ? handler.id : `w${traceSeq}-${index}`;
    const wrapper = call.within === undefined ? [] : [doc({ id: parent, parent_id: handler.id, name: call.within, start_time: at(call.from), end_time: at(call.to) })];
    const table = call.table === undefined ? TABLE : call.table;
    return [
      ...wrapper,
      doc({
        id: `c${traceSeq}-${index}`,
        parent_id: parent,
        name: call.name ?? 'DynamoDB',
        namespace: call.namespace ?? 'aws',
        start_time: at(call.from),
        end_time: at(call.to),
        aws: { operation: call.operation ?? 'PutItem', region: 'us-east-1', ...(table === null ? {} : { table_name: table }) },
        http: { response: { status: call.status ?? 200 } },
        ...call.flags,
        ...(call.cause === undefined ? {} : { cause: { exceptions: [{ message: call.cause, type: call.cause, remote: true }] } }),
      }),
    ];
  });
  const [trace] = assembleTraces([handler, ...docs]);
  if (trace === undefined) throw new Error('test setup: no trace assembled');
  return trace;
};

const putItem = (from = 10, to = 20, extra: Partial<CallSpec> = {}): CallSpec => ({ from, to, ...extra });
/** What the X-Ray SDK records for a throttled PutItem: status 400 and all three flags (it closes the subsegment with the error). */
const throttledPutItem: CallSpec = {
  from: 10,
  to: 15,
  status: 400,
  flags: { error: true, throttle: true, fault: true },
  cause: 'ProvisionedThroughputExceededException',
};
const edge = (edges: readonly ServiceMapEdge[], from: string, to: string): ServiceMapEdge | undefined => edges.find((e) => e.from === from && e.to === to);
const times = <T>(count: number, make: (index: number) => T): T[] => Array.from({ length: count }, (_, index) => make(index));

describe('buildServiceMap', () => {
  it('links client → function → DynamoDB table with call, error and fault counts and rates', () => {
    // Prepare
    const traces = [
      invocation({ calls: [putItem()] }),
      invocation({ calls: [putItem()] }),
      invocation({ annotations: { Outcome: 'client_error' }, flags: { error: true } }),
      invocation({ annotations: { Outcome: 'server_error' }, flags: { fault: true }, calls: [putItem(10, 20, { status: 500, flags: { fault: true } })] }),
    ];

    // Act
    const map = buildServiceMap(traces);

    // Assess
    expect(map.nodes.map((node) => [node.name, node.kind, node.calls])).toEqual([
      ['client', 'client', 0],
      ['orders createOrder', 'function', 4],
      [`DynamoDB ${TABLE}`, 'aws', 3],
    ]);
    expect(map.edges.map((e) => [e.from, e.to])).toEqual([
      ['client', 'orders createOrder'],
      ['orders createOrder', `DynamoDB ${TABLE}`],
    ]);
    expect(map.edges[0]).toMatchObject({ calls: 4, errors: 1, faults: 1, throttles: 0, errorRate: 0.25, faultRate: 0.25, throttleRate: 0 });
    expect(map.edges[1]).toMatchObject({ calls: 3, errors: 0, faults: 1, throttles: 0, errorRate: 0, faultRate: 1 / 3 });
  });

  it('takes latency percentiles by nearest rank, in milliseconds', () => {
    // Prepare: handler durations 10, 20, … 100 ms, in shuffled order.
    const traces = [70, 10, 100, 40, 30, 90, 20, 60, 80, 50].map((ms) => invocation({ ms }));

    // Act
    const [entry] = buildServiceMap(traces).edges;

    // Assess: rank ⌈0.5·10⌉ = 5 → 50 ms; rank ⌈0.99·10⌉ = 10 → 100 ms, not an interpolated 99.1.
    // (Epoch seconds as doubles carry about a quarter of a microsecond of rounding.)
    expect(entry?.latency?.samples).toBe(10);
    expect(entry?.latency?.p50).toBeCloseTo(50, 3);
    expect(entry?.latency?.p99).toBeCloseTo(100, 3);
  });

  it('names functions from the handler subsegment and Service annotation, and downstreams by table or name', () => {
    // Prepare
    const traces = [
      invocation({ handler: 'handlers/orders/handler.getOrder', calls: [putItem(5, 9, { operation: 'GetItem' })] }),
      invocation({ handler: 'handlers/alerts/slack-notifier.handler', annotations: { Service: 'alerts' }, calls: [{ name: 'hooks.slack.com', namespace: 'remote', from: 1, to: 30 }] }),
      invocation({ handler: 'handler', annotations: { Route: 'GET /orders' }, calls: [putItem(2, 8, { operation: 'ListTables', table: null, within: 'listTables' })] }),
    ];

    // Act
    const map = buildServiceMap(traces);

    // Assess
    expect(map.edges.map((e) => `${e.from} → ${e.to}`)).toEqual([
      'client → alerts slack-notifier',
      'client → orders GET /orders',
      'client → orders getOrder',
      'alerts slack-notifier → hooks.slack.com',
      'orders GET /orders → DynamoDB',
      `orders getOrder → DynamoDB ${TABLE}`,
    ]);
    expect(map.nodes.find((node) => node.name === 'hooks.slack.com')?.kind).toBe('remote');
  });

  it('lets the caller name functions, and call the client something else', () => {
    // Prepare
    const functionName = (doc: SegmentDocument): string | undefined => (doc.name.endsWith('createOrder') ? 'periscope-orders-dev-createOrder' : undefined);

    // Act
    const map = buildServiceMap([invocation({ calls: [putItem()] })], { functionName, clientName: 'API Gateway' });

    // Assess
    expect(map.edges.map((e) => `${e.from} → ${e.to}`)).toEqual(['API Gateway → periscope-orders-dev-createOrder', `periscope-orders-dev-createOrder → DynamoDB ${TABLE}`]);
  });

  it('counts a throttled DynamoDB call as the X-Ray SDK records it as an error and a throttle, not a fault', () => {
    // Prepare
    const traces = [invocation({ flags: { fault: true }, annotations: { Outcome: 'server_error' }, calls: [throttledPutItem] }), ...times(3, () => invocation({ calls: [putItem()] }))];

    // Act
    const map = buildServiceMap(traces);

    // Assess
    expect(edge(map.edges, 'orders createOrder', `DynamoDB ${TABLE}`)).toMatchObject({ calls: 4, errors: 1, faults: 0, throttles: 1, throttleRate: 0.25 });
    expect(map.nodes.find((node) => node.kind === 'function')).toMatchObject({ ownFailures: 0 });
    expect(map.bottleneck).toEqual({ node: `DynamoDB ${TABLE}`, rule: 'failures', why: 'own failure rate 25.0%: 1 of 4 calls, 1 throttled' });
  });

  it('blames failures on the node where they start, not on the callers they propagate to', () => {
    // Prepare: the function fails on its own in 2 of 10 invocations; DynamoDB faults once, failing its caller too.
    const traces = [
      ...times(2, () => invocation({ flags: { fault: true }, calls: [putItem()] })),
      invocation({ flags: { fault: true }, calls: [putItem(10, 20, { status: 500, flags: { fault: true } })] }),
      ...times(7, () => invocation({ calls: [putItem()] })),
    ];

    // Act
    const map = buildServiceMap(traces);

    // Assess
    expect(map.nodes.map((node) => [node.name, node.ownFailures, node.ownFailureRate])).toEqual([
      ['client', 0, 0],
      ['orders createOrder', 2, 0.2],
      [`DynamoDB ${TABLE}`, 1, 0.1],
    ]);
    expect(map.bottleneck).toMatchObject({ node: 'orders createOrder', rule: 'failures', why: 'own failure rate 20.0%: 2 of 10 calls, 2 faults' });
  });

  it('picks the node with the largest share of end-to-end time when failures stay under the threshold', () => {
    // Prepare: 40 ms invocations, 30 of them waiting on DynamoDB; one DynamoDB fault in 200 calls (0.5%).
    const slowTable = [invocation({ flags: { fault: true }, calls: [putItem(5, 35, { status: 500, flags: { fault: true } })] }), ...times(199, () => invocation({ calls: [putItem(5, 35)] }))];
    const busyHandler = times(10, () => invocation({ calls: [putItem(5, 10)] }));

    // Act
    const slow = buildServiceMap(slowTable);
    const busy = buildServiceMap(busyHandler);
    const strict = buildServiceMap(slowTable, { failureRateThreshold: 0.001 });

    // Assess
    expect(slow.nodes.map((node) => [node.name, Number(node.timeShare.toFixed(3))])).toEqual([
      ['client', 0],
      ['orders createOrder', 0.25],
      [`DynamoDB ${TABLE}`, 0.75],
    ]);
    expect(slow.bottleneck).toEqual({ node: `DynamoDB ${TABLE}`, rule: 'latency', why: '75.0% of end-to-end time; p99 30 ms over 200 calls' });
    expect(busy.bottleneck).toMatchObject({ node: 'orders createOrder', rule: 'latency', why: '87.5% of end-to-end time; p99 40 ms over 10 calls' });
    expect(strict.bottleneck).toMatchObject({ node: `DynamoDB ${TABLE}`, rule: 'failures', why: 'own failure rate 0.5%: 1 of 200 calls, 1 fault' });
  });

  it('splits the time of overlapping calls between them, so shares add up to the whole', () => {
    // Prepare: 50 ms handler; PutItem 10–40 ms and GetItem 20–45 ms run in parallel, on two tables.
    const trace = invocation({ ms: 50, calls: [putItem(10, 40), putItem(20, 45, { operation: 'GetItem', table: 'periscope-orders-dev-audit' })] });

    // Act
    const map = buildServiceMap([trace]);

    // Assess: the handler alone 0–10 and 45–50 (15 ms); PutItem 10 + 20/2 = 20 ms; GetItem 20/2 + 5 = 15 ms.
    expect(map.nodes.map((node) => [node.name, Number(node.timeShare.toFixed(3))])).toEqual([
      ['client', 0],
      ['orders createOrder', 0.3],
      ['DynamoDB periscope-orders-dev-audit', 0.3],
      [`DynamoDB ${TABLE}`, 0.4],
    ]);
    expect(map.bottleneck?.node).toBe(`DynamoDB ${TABLE}`);
  });

  it("gives a call made outside any handler subsegment to the trace's handler, or to an unknown function", () => {
    // Prepare: an SSM call whose parent is the (never sent) facade, with and without a handler beside it.
    const ssm = (traceId: string): ReceivedDocument => ({
      trace_id: traceId,
      id: `ssm-${traceId}`,
      parent_id: 'facade00facade00',
      type: 'subsegment',
      name: 'SSM',
      namespace: 'aws',
      start_time: T0,
      end_time: at(3),
      aws: { operation: 'GetParameter' },
      http: { response: { status: 200 } },
    });
    const withHandler = invocation();
    const [both] = assembleTraces([...withHandler.roots.map((root) => ({ ...root.document, trace_id: withHandler.traceId })), ssm(withHandler.traceId)]);
    const [alone] = assembleTraces([ssm('1-6740a1b2-ffffffffffffffffffffffff')]);

    // Act
    const map = buildServiceMap([both, alone].filter((trace): trace is AssembledTrace => trace !== undefined));

    // Assess
    expect(map.edges.map((e) => `${e.from} → ${e.to}`)).toEqual(['client → orders createOrder', 'orders createOrder → SSM', 'unknown function → SSM']);
  });

  it('counts an invocation still in progress, without a latency for it', () => {
    // Act
    const map = buildServiceMap([invocation({ inProgress: true })]);

    // Assess
    expect(map.edges).toEqual([expect.objectContaining({ from: 'client', to: 'orders createOrder', calls: 1, latency: undefined })]);
    expect(map.bottleneck).toBeUndefined();
  });

  it('gives an empty map for no traces', () => {
    // Act
    const map = buildServiceMap([]);

    // Assess
    expect(map).toEqual({ traceCount: 0, nodes: [], edges: [], bottleneck: undefined });
    expect(renderServiceMap(map)).toBe('no calls in 0 traces\nbottleneck: none');
  });
});

describe('renderServiceMap', () => {
  const traces = [invocation({ flags: { fault: true }, calls: [throttledPutItem] }), ...times(3, () => invocation({ ms: 12, calls: [putItem(2, 8.5)] }))];

  it('prints one line per edge, then the bottleneck, without colour by default', () => {
    // Act
    const text = renderServiceMap(buildServiceMap(traces));

    // Assess
    expect(text).toBe(
      [
        'client → orders createOrder  4 calls  0.0% errors  25.0% faults  p50 12 ms  p99 40 ms',
        `orders createOrder → DynamoDB ${TABLE}  4 calls  25.0% errors  0.0% faults  25.0% throttled  p50 6.5 ms  p99 6.5 ms`,
        `bottleneck: DynamoDB ${TABLE} (own failure rate 25.0%: 1 of 4 calls, 1 throttled)`,
      ].join('\n'),
    );
  });

  it('colours faults red and throttles yellow when asked', () => {
    // Act
    const text = renderServiceMap(buildServiceMap(traces), { color: true });

    // Assess
    expect(text).toContain('\u001b[31m25.0% faults\u001b[0m');
    expect(text).toContain('\u001b[33m25.0% throttled\u001b[0m');
  });
});
