import type { ReceivedDocument, SegmentDocument } from '../../../../tools/emulators/xray-daemon/segment-document';
import { assembleTraces, TraceAssembler, type TraceNode } from '../../../../tools/emulators/xray-daemon/trace-assembler';

const TRACE = '1-6740a1b2-3c4d5e6f7a8b9c0d1e2f3a4b';
const FACADE = '0f1e2d3c4b5a6978'; // the Lambda facade segment: its id is the Parent in _X_AMZN_TRACE_ID, it is never sent

const streamed = (doc: Partial<SegmentDocument> & Pick<SegmentDocument, 'id' | 'name' | 'start_time'>, parentId: string): ReceivedDocument => ({
  type: 'subsegment',
  trace_id: TRACE,
  parent_id: parentId,
  ...doc,
});

/** name(child, child…) — the shape of a tree, in order. */
const shape = (node: TraceNode): string => (node.children.length === 0 ? node.document.name : `${node.document.name}(${node.children.map(shape).join(', ')})`);

describe('TraceAssembler', () => {
  it('reassembles a handler and its DynamoDB call streamed as separate datagrams, child first', () => {
    // Prepare: the order the SDK sends them in Lambda mode — each subsegment as it closes
    const dynamo = streamed({ id: 'c1', name: 'DynamoDB', start_time: 10.01, end_time: 10.02, namespace: 'aws', aws: { operation: 'PutItem' } }, 'h1');
    const handler = streamed({ id: 'h1', name: '## handler', start_time: 10, end_time: 10.05 }, FACADE);

    // Act
    const [trace] = assembleTraces([dynamo, handler]);

    // Assess
    expect(trace).toMatchObject({ traceId: TRACE, nodeCount: 2, startTime: 10, endTime: 10.05, inProgress: false });
    expect(trace?.roots.map(shape)).toEqual(['## handler(DynamoDB)']);
    expect(trace?.roots[0]?.parentId).toBe(FACADE);
    expect(trace?.roots[0]?.children[0]?.document.aws?.operation).toBe('PutItem');
  });

  it('gives the same tree when the parent arrives first', () => {
    // Prepare
    const handler = streamed({ id: 'h1', name: '## handler', start_time: 10, end_time: 10.05 }, FACADE);
    const dynamo = streamed({ id: 'c1', name: 'DynamoDB', start_time: 10.01, end_time: 10.02 }, 'h1');

    // Act
    const [trace] = assembleTraces([handler, dynamo]);

    // Assess
    expect(trace?.roots.map(shape)).toEqual(['## handler(DynamoDB)']);
  });

  it('keeps subsegments nested inside a received document alongside streamed ones', () => {
    // Prepare
    const handler = streamed(
      {
        id: 'h1',
        name: '## handler',
        start_time: 10,
        end_time: 10.05,
        subsegments: [{ id: 'v1', name: 'validate', start_time: 10.001, end_time: 10.002, subsegments: [{ id: 'z1', name: 'zod', start_time: 10.0012, end_time: 10.0015 }] }],
      },
      FACADE,
    );
    const dynamo = streamed({ id: 'c1', name: 'DynamoDB', start_time: 10.01, end_time: 10.02 }, 'h1');

    // Act
    const [trace] = assembleTraces([dynamo, handler]);

    // Assess
    expect(trace?.nodeCount).toBe(4);
    expect(trace?.roots.map(shape)).toEqual(['## handler(validate(zod), DynamoDB)']);
    expect(trace?.roots[0]?.document).not.toHaveProperty('subsegments');
  });

  it('orders siblings by start time, not arrival', () => {
    // Prepare
    const docs = [
      streamed({ id: 'c3', name: 'third', start_time: 10.03, end_time: 10.04 }, 'h1'),
      streamed({ id: 'c1', name: 'first', start_time: 10.01, end_time: 10.04 }, 'h1'),
      streamed({ id: 'c2', name: 'second', start_time: 10.02, end_time: 10.025 }, 'h1'),
      streamed({ id: 'h1', name: '## handler', start_time: 10, end_time: 10.05 }, FACADE),
    ];

    // Act
    const [trace] = assembleTraces(docs);

    // Assess
    expect(trace?.roots.map(shape)).toEqual(['## handler(first, second, third)']);
  });

  it('keeps traces apart by trace id', () => {
    // Prepare
    const other = { ...streamed({ id: 'x1', name: '## other', start_time: 20, end_time: 21 }, 'ffffffffffffffff'), trace_id: '1-00000000-000000000000000000000001' };

    // Act
    const traces = assembleTraces([streamed({ id: 'h1', name: '## handler', start_time: 10, end_time: 11 }, FACADE), other]);

    // Assess
    expect(traces.map((t) => [t.traceId, t.roots.map(shape)])).toEqual([
      [TRACE, ['## handler']],
      ['1-00000000-000000000000000000000001', ['## other']],
    ]);
  });

  it('reports a trace in progress until the complete document replaces the in-progress one', () => {
    // Prepare
    const assembler = new TraceAssembler();
    assembler.add(streamed({ id: 'h1', name: '## handler', start_time: 10, in_progress: true }, FACADE));
    const whileOpen = assembler.isInProgress(TRACE);

    // Act
    assembler.add(streamed({ id: 'h1', name: '## handler', start_time: 10, end_time: 10.5, annotations: { Outcome: 'success' } }, FACADE));

    // Assess
    expect(whileOpen).toBe(true);
    expect(assembler.isInProgress(TRACE)).toBe(false);
    expect(assembler.build(TRACE)).toMatchObject({ nodeCount: 1, inProgress: false, endTime: 10.5 });
    expect(assembler.build(TRACE)?.roots[0]?.document.annotations).toEqual({ Outcome: 'success' });
  });

  it('does not let a reordered in-progress datagram undo a complete one', () => {
    // Prepare
    const assembler = new TraceAssembler();
    assembler.add(streamed({ id: 'h1', name: '## handler', start_time: 10, end_time: 10.5 }, FACADE));

    // Act
    assembler.add(streamed({ id: 'h1', name: '## handler', start_time: 10, in_progress: true }, FACADE));

    // Assess
    expect(assembler.isInProgress(TRACE)).toBe(false);
    expect(assembler.build(TRACE)?.endTime).toBe(10.5);
  });

  it('still shows nodes whose parent ids loop, instead of dropping them', () => {
    // Prepare
    const docs = [streamed({ id: 'a', name: 'a', start_time: 1, end_time: 2 }, 'b'), streamed({ id: 'b', name: 'b', start_time: 1.5, end_time: 2 }, 'a')];

    // Act
    const [trace] = assembleTraces(docs);

    // Assess
    expect(trace?.roots.map(shape)).toEqual(['a(b)']);
  });

  it('forgets a deleted trace so the same id starts afresh', () => {
    // Prepare
    const assembler = new TraceAssembler();
    assembler.add(streamed({ id: 'h1', name: '## handler', start_time: 10, end_time: 11 }, FACADE));

    // Act
    assembler.delete(TRACE);

    // Assess
    expect(assembler.has(TRACE)).toBe(false);
    expect(assembler.build(TRACE)).toBeUndefined();
    expect(assembler.traceIds()).toEqual([]);
  });
});
