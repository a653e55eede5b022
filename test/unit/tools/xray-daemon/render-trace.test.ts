import { renderTraceTree } from '../../../../tools/emulators/xray-daemon/render-trace';
import type { ReceivedDocument, SegmentDocument } from '../../../../tools/emulators/xray-daemon/segment-document';
import { type AssembledTrace, assembleTraces } from '../../../../tools/emulators/xray-daemon/trace-assembler';

const TRACE = '1-6740a1b2-3c4d5e6f7a8b9c0d1e2f3a4b';
const FACADE = '0f1e2d3c4b5a6978';

const doc = (fields: SegmentDocument): ReceivedDocument => ({ type: 'subsegment', ...fields, trace_id: TRACE });
const traceOf = (...docs: ReceivedDocument[]): AssembledTrace => {
  const [trace] = assembleTraces(docs);
  if (trace === undefined) throw new Error('test setup: no trace assembled');
  return trace;
};

const handler = doc({
  id: 'h1',
  parent_id: FACADE,
  name: '## handlers/orders/handler.createOrder',
  start_time: 1732289970,
  end_time: 1732289970.0389,
  annotations: { Service: 'orders', Route: 'POST /orders', Outcome: 'success' },
});
const putItem = doc({
  id: 'c1',
  parent_id: 'h1',
  name: 'DynamoDB',
  namespace: 'aws',
  start_time: 1732289970.02,
  end_time: 1732289970.0323,
  aws: { operation: 'PutItem', table_name: 'periscope-orders-dev', region: 'us-east-1', retries: 0 },
  http: { response: { status: 200 } },
});

describe('renderTraceTree', () => {
  it('prints the handler and its DynamoDB call as a tree with durations, table and annotations', () => {
    // Prepare
    const trace = traceOf(putItem, handler);

    // Act
    const text = renderTraceTree(trace);

    // Assess
    expect(text).toBe(
      [
        `trace ${TRACE}  (2 segments, 38.9 ms)`,
        '└─ ## handlers/orders/handler.createOrder  38.9 ms  [annotations: Service=orders Route=POST /orders Outcome=success]',
        '   └─ DynamoDB PutItem  12.3 ms  table=periscope-orders-dev',
      ].join('\n'),
    );
  });

  it('draws siblings with ├─ and continues the parent line with │', () => {
    // Prepare
    const validate = doc({ id: 'v1', parent_id: 'h1', name: 'validate', start_time: 1732289970.001, end_time: 1732289970.002 });
    const schema = doc({ id: 's1', parent_id: 'v1', name: 'schema', start_time: 1732289970.0012, end_time: 1732289970.0015 });

    // Act
    const text = renderTraceTree(traceOf(handler, putItem, validate, schema));

    // Assess
    expect(text.split('\n').slice(1)).toEqual([
      '└─ ## handlers/orders/handler.createOrder  38.9 ms  [annotations: Service=orders Route=POST /orders Outcome=success]',
      '   ├─ validate  1.0 ms',
      '   │  └─ schema  0.3 ms',
      '   └─ DynamoDB PutItem  12.3 ms  table=periscope-orders-dev',
    ]);
  });

  it('flags a failed AWS call with its status and the exception message', () => {
    // Prepare
    const failed = doc({
      ...putItem,
      error: true,
      http: { response: { status: 400 } },
      cause: { exceptions: [{ message: 'The conditional request failed', type: 'ConditionalCheckFailedException', remote: true }] },
    });

    // Act
    const text = renderTraceTree(traceOf(handler, failed));

    // Assess
    expect(text).toContain('DynamoDB PutItem  12.3 ms  table=periscope-orders-dev  status=400  [error: The conditional request failed]');
  });

  it('flags faults and throttles together', () => {
    // Prepare
    const throttled = doc({ ...putItem, fault: true, throttle: true, http: { response: { status: 503 } } });

    // Act
    const text = renderTraceTree(traceOf(handler, throttled));

    // Assess
    expect(text).toContain('status=503  [fault, throttle]');
  });

  it('says "in progress" for a node that has not ended', () => {
    // Prepare
    const open = doc({ id: 'h1', parent_id: FACADE, name: '## handler', start_time: 10, in_progress: true });

    // Act
    const text = renderTraceTree(traceOf(open));

    // Assess
    expect(text).toBe([`trace ${TRACE}  (1 segment, in progress)`, '└─ ## handler  in progress'].join('\n'));
  });

  it('keeps one line per node when an exception message spans lines', () => {
    // Prepare
    const failed = doc({ ...handler, fault: true, cause: { exceptions: [{ message: 'boom\n  at handler.ts:3' }] } });

    // Act
    const text = renderTraceTree(traceOf(failed));

    // Assess
    expect(text.split('\n')).toHaveLength(2);
    expect(text).toContain('[fault: boom at handler.ts:3]');
  });

  it('adds ANSI colours only when asked', () => {
    // Prepare
    const trace = traceOf(handler, doc({ ...putItem, fault: true }));

    // Act
    const plain = renderTraceTree(trace);
    const colored = renderTraceTree(trace, { color: true });

    // Assess
    expect(plain).not.toContain('\u001b[');
    expect(colored).toContain('\u001b[31m[fault]\u001b[0m');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the ANSI colour codes being stripped
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });
});
