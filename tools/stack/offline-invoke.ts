import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

/** Thrown when a function invoked through serverless-offline fails (its `FunctionError`), with what it returned. */
export class OfflineFunctionError extends Error {
  public constructor(
    message: string,
    public readonly functionName: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'OfflineFunctionError';
  }
}

/**
 * Invokes `functionName` synchronously through serverless-offline's Lambda Invoke API (its
 * `--lambdaPort`), as an event source mapping invokes a function: resolves with what the function
 * returned, rejects with {@link OfflineFunctionError} when it failed.
 */
export function offlineInvoker(lambdaPort: number, functionName: string): { invoke: (event: unknown) => Promise<unknown>; close: () => void } {
  const client = new LambdaClient({ endpoint: `http://127.0.0.1:${lambdaPort}`, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const invoke = async (event: unknown): Promise<unknown> => {
    const answer = await client.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)) }));
    const text = answer.Payload === undefined ? '' : Buffer.from(answer.Payload).toString('utf8');
    const payload: unknown = text === '' ? undefined : JSON.parse(text);
    if (answer.FunctionError !== undefined) {
      const message = (payload as { errorMessage?: unknown } | undefined)?.errorMessage;
      throw new OfflineFunctionError(`${functionName} failed (${answer.FunctionError}): ${typeof message === 'string' ? message : text}`, functionName);
    }
    return payload;
  };
  return { invoke, close: () => client.destroy() };
}
