import { parseDaemonPacket, XRayPacketError } from '../../../../tools/emulators/xray-daemon/segment-document';

const HEADER = '{"format":"json","version":1}';
const packet = (body: string, header = HEADER): Buffer => Buffer.from(`${header}\n${body}`);

/** Captures what a call throws, so the assertions run outside the catch block and can fail. */
const thrownBy = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('parseDaemonPacket', () => {
  it('reads a subsegment streamed by the SDK in Lambda mode, keeping its AWS call data', () => {
    // Prepare
    const body = JSON.stringify({
      id: 'a1b2c3d4e5f60718',
      name: 'DynamoDB',
      start_time: 1732289970.123,
      end_time: 1732289970.1353,
      namespace: 'aws',
      aws: { operation: 'PutItem', region: 'us-east-1', table_name: 'periscope-orders-dev', retries: 0 },
      http: { response: { status: 200 } },
      type: 'subsegment',
      parent_id: '0f1e2d3c4b5a6978',
      trace_id: '1-6740a1b2-3c4d5e6f7a8b9c0d1e2f3a4b',
    });

    // Act
    const doc = parseDaemonPacket(packet(body));

    // Assess
    expect(doc).toMatchObject({
      trace_id: '1-6740a1b2-3c4d5e6f7a8b9c0d1e2f3a4b',
      id: 'a1b2c3d4e5f60718',
      parent_id: '0f1e2d3c4b5a6978',
      type: 'subsegment',
      aws: { operation: 'PutItem', table_name: 'periscope-orders-dev' },
      http: { response: { status: 200 } },
    });
  });

  it('accepts the header as other SDKs space it', () => {
    // Prepare
    const body = '{"trace_id":"1-a-b","id":"s1","name":"svc","start_time":1,"end_time":2}';

    // Act
    const doc = parseDaemonPacket(packet(body, '{"format": "json", "version": 1}'));

    // Assess
    expect(doc.name).toBe('svc');
  });

  it('rejects a datagram without the header line, saying so', () => {
    // Prepare
    const datagram = Buffer.from('{"trace_id":"1-a-b","id":"s1","name":"svc","start_time":1}');

    // Act
    const error = thrownBy(() => parseDaemonPacket(datagram));

    // Assess
    expect(error).toBeInstanceOf(XRayPacketError);
    expect(error).toMatchObject({ name: 'XRayPacketError', message: expect.stringContaining('no header line') });
  });

  it('rejects a header for another protocol version', () => {
    // Act
    const error = thrownBy(() => parseDaemonPacket(packet('{}', '{"format":"json","version":2}')));

    // Assess
    expect(error).toMatchObject({ name: 'XRayPacketError', message: expect.stringMatching(/header is not \{"format":"json","version":1\}: .*version.*2/) });
  });

  it('rejects a truncated document, naming the bad JSON and keeping the parser error as cause', () => {
    // Act
    const error = thrownBy(() => parseDaemonPacket(packet('{"trace_id":"1-a-b","id":')));

    // Assess
    expect(error).toBeInstanceOf(XRayPacketError);
    expect((error as Error).message).toMatch(/not valid JSON: .*"trace_id/);
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it('rejects a header with nothing after it', () => {
    // Act
    const error = thrownBy(() => parseDaemonPacket(packet('')));

    // Assess
    expect(error).toMatchObject({ name: 'XRayPacketError', message: expect.stringContaining('no segment document') });
  });

  it('rejects a document without trace_id', () => {
    // Act
    const error = thrownBy(() => parseDaemonPacket(packet('{"id":"s1","name":"svc","start_time":1}')));

    // Assess
    expect(error).toMatchObject({ name: 'XRayPacketError', message: expect.stringContaining('no trace_id') });
  });

  it('rejects a document without id', () => {
    // Act
    const error = thrownBy(() => parseDaemonPacket(packet('{"trace_id":"1-a-b","name":"svc","start_time":1}')));

    // Assess
    expect(error).toMatchObject({ name: 'XRayPacketError', message: expect.stringContaining('has no id') });
  });

  it('rejects a nested subsegment without a start time, naming its parent', () => {
    // Prepare
    const body = JSON.stringify({ trace_id: '1-a-b', id: 'p1', name: 'handler', start_time: 1, subsegments: [{ id: 'c1', name: 'DynamoDB' }] });

    // Act
    const error = thrownBy(() => parseDaemonPacket(packet(body)));

    // Assess
    expect(error).toMatchObject({ name: 'XRayPacketError', message: 'X-Ray subsegment of p1 c1 (DynamoDB) has no numeric start_time' });
  });

  it('rejects JSON that is not an object', () => {
    // Act
    const error = thrownBy(() => parseDaemonPacket(packet('[1,2]')));

    // Assess
    expect(error).toMatchObject({ name: 'XRayPacketError', message: expect.stringContaining('must be a JSON object') });
  });

  it('shortens a huge bad packet in the message', () => {
    // Act
    const error = thrownBy(() => parseDaemonPacket(packet(`{"x":"${'a'.repeat(60_000)}`)));

    // Assess
    expect((error as Error).message.length).toBeLessThan(300);
  });
});
