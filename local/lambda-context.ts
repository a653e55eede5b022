import type { Context } from 'aws-lambda';

/** What differs between the Lambda contexts the local tools build. */
export interface LambdaContextOptions {
  readonly functionName: string;
  readonly requestId: string;
  /** The invocation's deadline counts down from this. @default 10000 */
  readonly timeoutMs?: number;
  /** @default '512' */
  readonly memoryLimitInMB?: string;
  /** @default `arn:aws:lambda:us-east-1:123456789012:function:<functionName>` */
  readonly invokedFunctionArn?: string;
}

/**
 * A Lambda context as the Node.js runtime passes it to a handler, for one invocation run here:
 * `getRemainingTimeInMillis` counts down from `timeoutMs` from now.
 * @example
 * ```ts
 * await handler(event, lambdaContext({ functionName: 'periscope-orders-dev-createOrder', requestId: randomUUID() }));
 * ```
 */
export function lambdaContext(options: LambdaContextOptions): Context {
  const { functionName, requestId } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: options.invokedFunctionArn ?? `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: options.memoryLimitInMB ?? '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${requestId.replace(/-/g, '').slice(0, 32)}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
