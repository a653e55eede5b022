import type { Context } from 'aws-lambda';
import { DeadLetterQueue, invokeAsync } from '../../../tools/emulators/sns-lambda/async-invoke';

class FlakyDependencyError extends Error {
  public constructor() {
    super('Slack is down');
    this.name = 'FlakyDependencyError';
  }
}

describe('invokeAsync', () => {
  it('retries a failed invocation with the same event and request id, and stops at the first success', async () => {
    // Prepare
    const contexts: Context[] = [];
    const events: unknown[] = [];
    const handler = async (event: { id: number }, context: Context) => {
      events.push(event);
      contexts.push(context);
      if (contexts.length < 2) throw new FlakyDependencyError();
      return 'done';
    };
    const slept: number[] = [];

    // Act
    const result = await invokeAsync(handler, { id: 7 }, { sleep: async (ms) => void slept.push(ms) });

    // Assess
    expect(result).toEqual({ status: 'succeeded', attempts: 2, response: 'done' });
    expect(events).toEqual([{ id: 7 }, { id: 7 }]);
    expect(new Set(contexts.map((c) => c.awsRequestId)).size).toBe(1);
    expect(slept).toEqual([60_000]);
  });

  it('sends Lambda’s on-failure record to the destination after the last retry', async () => {
    // Prepare
    const dlq = new DeadLetterQueue<{ id: number }>();
    let calls = 0;
    const handler = async () => {
      calls += 1;
      throw new FlakyDependencyError();
    };
    const slept: number[] = [];

    // Act
    const result = await invokeAsync(handler, { id: 7 }, { onFailure: dlq.send, functionName: 'notifier', sleep: async (ms) => void slept.push(ms) });

    // Assess
    expect(calls).toBe(3);
    expect(slept).toEqual([60_000, 120_000]);
    expect(result.status).toBe('failed');
    expect(dlq.records()).toEqual([
      {
        version: '1.0',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        requestContext: {
          requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:notifier:$LATEST',
          condition: 'RetriesExhausted',
          approximateInvokeCount: 3,
        },
        requestPayload: { id: 7 },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: { errorType: 'FlakyDependencyError', errorMessage: 'Slack is down', trace: expect.arrayContaining([expect.stringContaining('FlakyDependencyError: Slack is down')]) },
      },
    ]);
  });

  it('fails an attempt that runs past the function’s timeout, as Lambda does', async () => {
    // Prepare
    const dlq = new DeadLetterQueue<object>();
    const remaining: number[] = [];
    const handler = (_event: object, context: Context) => {
      remaining.push(context.getRemainingTimeInMillis());
      return new Promise<never>(() => undefined);
    };

    // Act
    await invokeAsync(handler, {}, { maximumRetryAttempts: 0, timeoutMs: 50, onFailure: dlq.send });

    // Assess
    expect(remaining[0]).toBeLessThanOrEqual(50);
    expect(dlq.drain()[0]?.responsePayload).toMatchObject({ errorType: 'Sandbox.Timedout', errorMessage: expect.stringMatching(/Task timed out after 0\.05 seconds$/) });
    expect(dlq.length).toBe(0);
  });

  it('refuses a retry count Lambda does not allow', async () => {
    await expect(invokeAsync(async () => undefined, {}, { maximumRetryAttempts: 3 })).rejects.toThrow(RangeError);
  });
});
