import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2, SQSEvent } from 'aws-lambda';
import { XRayTracer } from '../../../../src/runtime/tracing';
import { withSqsObservability } from '../../../../src/runtime/triggers/sqs';
import { startXRayCollector, type TraceNode, type XRayCollector } from '../../../../tools/emulators/xray-daemon';
import { type CapturedOutput, captureOutput } from '../../../support/capture-stdout';
import { lambdaContext } from '../../../support/lambda';
import { type LambdaProcess, startLambdaProcess } from '../../../support/lambda-process';
import { shopTelemetry } from '../../../support/shop';
import { type BusEvent, httpApiEvent, loadEvent, withSqsAttribute } from './events';

/** The producers' traces the fixture's two records were sent from (their `AWSTraceHeader`). */
const PRODUCER_TRACES = ['1-5759e988-bd862e3fe1be46a994272793', '1-6447018c-0a1b2c3d4e5f60718293a4b5'];

/** What X-Ray shows of a handler subsegment. */
const shown = (node: TraceNode | undefined) => {
  const document = node?.document;
  return {
    name: document?.name,
    annotations: document?.annotations,
    metadata: document?.metadata,
    fault: document?.fault,
    error: document?.error,
    exceptions: document?.cause?.exceptions?.map((e) => e.message),
  };
};

describe.each(['lean', 'powertools'])('the trigger wrappers’ traces in the %s tracing mode', (mode) => {
  let collector: XRayCollector;
  let fn: LambdaProcess;

  beforeAll(async () => {
    collector = await startXRayCollector({ port: 0, quietMs: 100 });
    fn = await startLambdaProcess({
      module: 'test/unit/runtime/triggers/traced-triggers',
      functionName: 'shop-triggers',
      xrayDaemonAddress: `${collector.address.host}:${collector.address.port}`,
      env: { PERISCOPE_TRACING: mode },
    });
  }, 60_000);
  afterAll(async () => {
    await fn?.stop();
    await collector?.close();
  });

  /** The handler subsegment of the trace `traceId`. */
  const handlerOf = async (traceId: string): Promise<TraceNode | undefined> => (await collector.waitForTrace((trace) => trace.traceId === traceId, 10_000)).roots[0];

  it('annotates an SQS batch, records the failed record’s exception without faulting, and links the producers’ traces', async () => {
    // Prepare
    const event = loadEvent<SQSEvent>('sqs-traced.json');

    // Act
    const { result, traceId } = await fn.invoke<{ batchItemFailures: unknown[] }>('sqs', event);

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }] });
    expect(shown(await handlerOf(traceId))).toEqual({
      name: '## test/unit/runtime/triggers/traced-triggers.sqs',
      annotations: expect.objectContaining({ Trigger: 'sqs', Records: 2, FailedRecords: 1, Service: 'shop', CorrelationId: expect.any(String) }),
      metadata: { shop: { linkedTraces: PRODUCER_TRACES } },
      fault: undefined,
      error: undefined,
      exceptions: ['order o-2 is not stored'],
    });
  });

  it('flags an SNS subscriber that throws as a fault, with the exception', async () => {
    // Act
    const failure = await fn.invoke('sns', loadEvent('sns.json')).catch((error: unknown) => error);

    // Assess
    expect(String(failure)).toContain('Slack is down');
    // The invocation threw, so its trace id never came back: its trace is the collector's only one of the SNS handler.
    const trace = await collector.waitForTrace((candidate) => candidate.roots.some((root) => root.document.name.endsWith('.sns')), 10_000);
    expect(shown(trace.roots[0])).toMatchObject({
      annotations: expect.objectContaining({ Trigger: 'sns', CorrelationId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e' }),
      fault: true,
      exceptions: ['Slack is down'],
    });
  });

  it('annotates an EventBridge event delivered to an SNS subscriber as EventBridge: trigger, detail type, source, the event’s id', async () => {
    // Act: the subscriber throws, so the invocation's trace id never comes back
    await fn.invoke('sns', loadEvent('eventbridge-aws-service.json')).catch(() => undefined);

    // Assess
    const trace = await collector.waitForTrace((candidate) => candidate.roots.some((root) => root.document.name.endsWith('.sns') && root.document.annotations?.['Trigger'] === 'eventbridge'), 10_000);
    expect(shown(trace.roots[0])).toMatchObject({
      annotations: expect.objectContaining({ Trigger: 'eventbridge', DetailType: 'EC2 Instance State-change Notification', Source: 'aws.ec2', CorrelationId: '6a7e8feb-b491-4cf7-a9f1-bf3703467718' }),
      fault: true,
    });
  });

  it('annotates a scheduled rule’s event with the schedule trigger, its detail type and source', async () => {
    // Act
    const { traceId } = await fn.invoke('eventBridge', loadEvent<BusEvent>('eventbridge-scheduled.json'));

    // Assess
    expect(shown(await handlerOf(traceId))).toMatchObject({
      annotations: expect.objectContaining({ Trigger: 'schedule', DetailType: 'Scheduled Event', Source: 'aws.events', CorrelationId: '89d1a02d-5ec7-412e-82f5-13505f849b41' }),
      fault: undefined,
    });
  });

  it('gives correlationOf a trace header naming the handler subsegment as the parent, and annotates the HTTP API route', async () => {
    // Act
    const { result, traceId } = await fn.invoke<APIGatewayProxyStructuredResultV2>('httpApi', httpApiEvent({ 'x-correlation-id': 'checkout-7f3a' }));

    // Assess
    const handler = await handlerOf(traceId);
    expect(JSON.parse(result.body ?? '')).toEqual({ correlationId: 'checkout-7f3a', traceHeader: `Root=${traceId};Parent=${handler?.id};Sampled=1` });
    expect(shown(handler).annotations).toMatchObject({ Route: 'POST /lambda', Outcome: 'success', CorrelationId: 'checkout-7f3a' });
  });
});

describe('the SQS wrapper’s trace links in this process (lean tracer)', () => {
  let collector: XRayCollector;
  let output: CapturedOutput;
  beforeAll(async () => {
    collector = await startXRayCollector({ port: 0, quietMs: 100 });
  });
  afterAll(async () => collector?.close());
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output.restore());

  it('links only the traces other than the invocation’s own: a message sent from the trace Lambda continued is no link', async () => {
    // Prepare: the invocation continues the first producer's trace, as Lambda does for a batch of one message
    const ownTrace = PRODUCER_TRACES[0]!;
    const env = {
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${collector.address.port}`,
      _X_AMZN_TRACE_ID: `Root=${ownTrace};Parent=${randomBytes(8).toString('hex')};Sampled=1`,
    };
    const handler = withSqsObservability(async () => undefined, { telemetry: shopTelemetry({ tracer: new XRayTracer({ serviceName: 'shop', env }) }) });
    const event = loadEvent<SQSEvent>('sqs-traced.json');
    event.Records.push(
      withSqsAttribute({ ...event.Records[1]!, messageId: 'm-3', attributes: { ...event.Records[1]!.attributes, AWSTraceHeader: 'Root=not-a-trace-id;Sampled=1' } }, 'note', 'bad header'),
    );

    // Act
    await handler(event, lambdaContext());

    // Assess
    const trace = await collector.waitForTrace((candidate) => candidate.traceId === ownTrace, 10_000);
    expect(trace.roots[0]?.document).toMatchObject({ annotations: { Trigger: 'sqs', Records: 3, FailedRecords: 0 }, metadata: { shop: { linkedTraces: [PRODUCER_TRACES[1]] } } });
  });
});
