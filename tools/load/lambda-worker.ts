/**
 * A Lambda worker for `npm run load`'s memory check: a process that loads the real orders handlers
 * as the Lambda runtime does and, when told over IPC, serves a block of invocations (alternately
 * `POST /orders` and `GET /orders/{id}`), then collects garbage twice and reports the heap still in
 * use. Run with `--expose-gc`; its environment points the handlers at the runner's DynamoDB and
 * OrderPlaced queue (each order created is published there, as on Lambda).
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import createOrderEvent from '../../events/create-order.json';
import { lambdaContext, newTraceHeader } from '../emulators/lambda-sandbox/lambda-context';

/** What the runner sends. */
export type WorkerCommand = { readonly type: 'run'; readonly count: number } | { readonly type: 'stop' };
/** What the worker answers. */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'ran'; readonly count: number; readonly heapUsedBytes: number; readonly failures: readonly string[] }
  | { readonly type: 'failed'; readonly message: string };

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const reply = (message: WorkerReply): void => {
  process.send?.(message);
};

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the load worker with --expose-gc');
  process.stdout.write = (() => true) as typeof process.stdout.write; // the handlers' lines are not this check
  const handlers = require('../../handlers/orders/handler') as { createOrder: Handler; getOrder: Handler };
  const create = createOrderEvent as unknown as APIGatewayProxyEvent;
  let invocation = 0;
  let lastOrderId = 'none';

  const invokeOnce = async (): Promise<string | undefined> => {
    invocation += 1;
    process.env._X_AMZN_TRACE_ID = newTraceHeader();
    const context = lambdaContext({ functionName: 'periscope-orders-load-createOrder', requestId: `load-${invocation}` });
    if (invocation % 2 === 1) {
      const response = await handlers.createOrder(create, context);
      if (response.statusCode !== 201) return `POST /orders answered ${response.statusCode}`;
      lastOrderId = (JSON.parse(response.body) as { orderId: string }).orderId;
      return undefined;
    }
    const response = await handlers.getOrder(
      { ...create, httpMethod: 'GET', resource: '/orders/{orderId}', path: `/orders/${lastOrderId}`, body: null, pathParameters: { orderId: lastOrderId } },
      context,
    );
    return response.statusCode === 200 ? undefined : `GET /orders/{id} answered ${response.statusCode}`;
  };

  process.on('message', (command: WorkerCommand) => {
    if (command.type === 'stop') process.exit(0);
    void (async () => {
      const failures: string[] = [];
      for (let i = 0; i < command.count; i += 1) {
        const failure = await invokeOnce();
        if (failure && failures.length < 5) failures.push(failure);
      }
      gc();
      gc();
      reply({ type: 'ran', count: command.count, heapUsedBytes: process.memoryUsage().heapUsed, failures });
    })().catch((error: unknown) => reply({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
  });
  reply({ type: 'ready' });
}

main().catch((error: unknown) => {
  reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
