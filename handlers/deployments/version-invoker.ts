import { InvokeCommand, LambdaClient, type LambdaClientConfig } from '@aws-sdk/client-lambda';
import type { PeriscopeTracer } from 'periscope';
import { InvokeTimeoutError } from './errors';
import type { VersionInvoker } from './smoke-test';

/** The function's answer: JSON parsed, the raw text when it is not JSON, `undefined` when there is none. */
function decodePayload(bytes: Uint8Array | undefined): unknown {
  const text = bytes === undefined ? '' : new TextDecoder().decode(bytes);
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Invokes function versions synchronously (`RequestResponse`) through the AWS SDK, with the payload
 * as JSON; a call that has not answered after `timeoutMs` is aborted and rejects with an
 * {@link InvokeTimeoutError}. The client is built at the first invoke, not at import, and is traced
 * when a tracer is given.
 *
 * @example
 * ```ts
 * const invoker = lambdaVersionInvoker(telemetry.tracer);
 * const { functionError, payload } = await invoker.invoke('arn:aws:lambda:us-east-1:123456789012:function:orders-getOrder:7', event, 11_000);
 * ```
 */
export function lambdaVersionInvoker(tracer?: Pick<PeriscopeTracer, 'captureAWSv3Client'>, clientConfig: LambdaClientConfig = {}): VersionInvoker {
  let client: LambdaClient | undefined;
  return {
    async invoke(versionArn, payload, timeoutMs) {
      if (client === undefined) {
        const built = new LambdaClient(clientConfig);
        client = tracer ? tracer.captureAWSv3Client(built) : built;
      }
      const command = new InvokeCommand({ FunctionName: versionArn, InvocationType: 'RequestResponse', Payload: new TextEncoder().encode(JSON.stringify(payload ?? null)) });
      const abortSignal = AbortSignal.timeout(timeoutMs);
      try {
        const answer = await client.send(command, { abortSignal });
        return { ...(answer.FunctionError ? { functionError: answer.FunctionError } : {}), payload: decodePayload(answer.Payload) };
      } catch (error) {
        if (abortSignal.aborted) throw new InvokeTimeoutError(versionArn, timeoutMs, { cause: error });
        throw error;
      }
    },
  };
}
