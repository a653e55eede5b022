/**
 * One side of the warm benchmark, as `node warm-child.js <variant.js> <name>` forked with IPC in a
 * process with a Lambda sandbox's environment (tracing on). It builds the variant's handler on
 * DynamoDB and SQS clients that answer in memory, then runs blocks of invocations when told, each timed alone with
 * `process.hrtime.bigint()`. One process per side, so the bare side never pays for what loading
 * a variant loads (the stock X-Ray SDK's cls-hooked hooks every promise of a process).
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import createOrderEvent from '../../../events/create-order.json';
import { lambdaContext, newTraceHeader } from '../../emulators/lambda-sandbox/lambda-context';
import { type Sampling, type WarmCommand, type WarmReply, xraySdkLoaded } from './child-protocol';
import { inMemoryRequestHandler } from './in-memory-dynamodb';
import { inMemorySqsHandler } from './in-memory-sqs';
import type { WarmRequestHandlers } from './warm-request-handlers';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const event = createOrderEvent as unknown as APIGatewayProxyEvent;
const functionName = process.env['AWS_LAMBDA_FUNCTION_NAME'] ?? 'bench';

const reply = (message: WarmReply): void => {
  process.send?.(message);
};

/** What the Lambda runtime does around one invocation, with only the handler call timed. */
async function invoke(name: string, handler: Handler, sampling: Sampling): Promise<number> {
  const header = newTraceHeader();
  process.env['_X_AMZN_TRACE_ID'] = sampling === 'sampled' ? header : header.replace('Sampled=1', 'Sampled=0');
  const context = lambdaContext({ functionName, requestId: crypto.randomUUID() });
  const started = process.hrtime.bigint();
  const response = await handler(event, context);
  const elapsedNs = process.hrtime.bigint() - started;
  if (response.statusCode !== 201) throw new Error(`${name} answered ${response.statusCode}, not 201: ${response.body}`);
  return Number(elapsedNs) / 1000;
}

function main([variantFile, name]: readonly (string | undefined)[]): void {
  if (variantFile === undefined || name === undefined) throw new Error(`usage: warm-child <variant.js> <name>; got ${JSON.stringify(process.argv.slice(2))}`);
  // The handlers' logs and EMF go nowhere, as cheaply as possible.
  process.stdout.write = (() => true) as typeof process.stdout.write;

  const dynamoDb = inMemoryRequestHandler();
  const sqs = inMemorySqsHandler();
  const variant = require(variantFile) as { createWarmHandler?: (handlers: WarmRequestHandlers) => Handler };
  if (typeof variant.createWarmHandler !== 'function') throw new Error(`${variantFile} exports no function createWarmHandler`);
  const handler = variant.createWarmHandler({ dynamoDb, sqs } as unknown as WarmRequestHandlers);

  process.on('message', (command: WarmCommand) => {
    if (command.type === 'finish') {
      reply({ type: 'finished', dynamoDbRequests: dynamoDb.requests, sqsRequests: sqs.requests, xraySdkLoaded: xraySdkLoaded() });
      // The last X-Ray datagrams leave before the process does.
      setTimeout(() => process.exit(0), 50);
      return;
    }
    void (async () => {
      const timesUs: number[] = [];
      for (let i = 0; i < command.count; i += 1) timesUs.push(await invoke(name, handler, command.sampling));
      reply({ type: 'times', timesUs });
    })().catch(fail);
  });
  reply({ type: 'ready' });
}

function fail(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  reply({ type: 'failed', message });
  process.stderr.write(`${message}\n`);
  setTimeout(() => process.exit(1), 50);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  fail(error);
}
