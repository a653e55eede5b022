import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  MessageNotInflight,
  PurgeQueueCommand,
  PurgeQueueInProgress,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { documentedAttributesMd5 } from '../support';
import { contractCalls, type Target } from './target';

/** Where the two differ on purpose: each test says what each answers; ours follows AWS’s documentation (or API model) where moto does not. */
export function documentedDifferences(target: () => Target): void {
  const { createQueue, attributesOf, receive } = contractCalls(target);

  describe('where ours follows AWS’s documentation and moto does not', () => {
    it('takes AWSTraceHeader from the sender’s X-Amzn-Trace-Id header (moto: ignores it)', async () => {
      // Prepare: the SDK sends _X_AMZN_TRACE_ID as X-Amzn-Trace-Id inside a Lambda function.
      const queueUrl = await createQueue('header-traced');
      const header = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
      const saved = { name: process.env['AWS_LAMBDA_FUNCTION_NAME'], trace: process.env['_X_AMZN_TRACE_ID'] };
      process.env['AWS_LAMBDA_FUNCTION_NAME'] = 'orders-dev-createOrder';
      process.env['_X_AMZN_TRACE_ID'] = header;

      // Act
      try {
        await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'traced' }));
      } finally {
        for (const [key, value] of [
          ['AWS_LAMBDA_FUNCTION_NAME', saved.name],
          ['_X_AMZN_TRACE_ID', saved.trace],
        ] as const) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      }
      const [message] = await receive(queueUrl);

      // Assess
      expect(message?.Attributes?.['AWSTraceHeader']).toBe(target().kind === 'moto' ? undefined : header);
    });

    it('keeps a message deleted with the receipt handle of an earlier receive (moto: deletes it)', async () => {
      // Prepare: "you must provide the most recently received ReceiptHandle … otherwise, the request succeeds, but the message will not be deleted" (DeleteMessage API reference)
      const queueUrl = await createQueue('stale-handle');
      await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'kept' }));
      const [first] = await receive(queueUrl, { VisibilityTimeout: 0 });
      await receive(queueUrl, { VisibilityTimeout: 0 });

      // Act
      await target().client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first?.ReceiptHandle }));
      const after = await receive(queueUrl);

      // Assess
      expect(after.map((message) => message.Body)).toEqual(target().kind === 'moto' ? [] : ['kept']);
    });

    it('refuses to change the visibility of a message no longer in flight (moto: accepts)', async () => {
      // Prepare
      const queueUrl = await createQueue('not-in-flight');
      await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'visible' }));
      const [message] = await receive(queueUrl, { VisibilityTimeout: 1 });
      await target().passTime(1.5);

      // Act
      const outcome = await target()
        .client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message?.ReceiptHandle, VisibilityTimeout: 10 }))
        .then(
          () => 'changed',
          (error: unknown) => error,
        );

      // Assess
      if (target().kind === 'moto') expect(outcome).toBe('changed');
      else expect(outcome).toBeInstanceOf(MessageNotInflight);
    });

    it('refuses a second PurgeQueue within 60 seconds (moto: purges again)', async () => {
      // Prepare
      const queueUrl = await createQueue('purged-twice');
      await target().client.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));

      // Act
      const outcome = await target()
        .client.send(new PurgeQueueCommand({ QueueUrl: queueUrl }))
        .then(
          () => 'purged',
          (error: unknown) => error,
        );

      // Assess
      if (target().kind === 'moto') expect(outcome).toBe('purged');
      else expect(outcome).toBeInstanceOf(PurgeQueueInProgress);
    });

    it('tells where a dead-lettered message came from with DeadLetterQueueSourceArn (moto: does not)', async () => {
      // Prepare
      const dlqUrl = await createQueue('source-dlq');
      const { QueueArn: dlqArn } = await attributesOf(dlqUrl, ['QueueArn']);
      const queueUrl = await createQueue('source', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) });
      const { QueueArn: sourceArn } = await attributesOf(queueUrl, ['QueueArn']);
      await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'dead' }));
      await receive(queueUrl, { VisibilityTimeout: 0 });
      await receive(queueUrl, { VisibilityTimeout: 0 });

      // Act
      const [dead] = await receive(dlqUrl);

      // Assess
      expect(dead?.Attributes?.['DeadLetterQueueSourceArn']).toBe(target().kind === 'moto' ? undefined : sourceArn);
    });

    it('answers CreatedTimestamp in whole seconds (moto: with a fraction)', async () => {
      // Prepare
      const queueUrl = await createQueue('created');

      // Act
      const { CreatedTimestamp } = await attributesOf(queueUrl, ['CreatedTimestamp']);

      // Assess
      expect(CreatedTimestamp).toMatch(target().kind === 'moto' ? /^\d+\.\d+$/ : /^\d+$/);
    });

    it('refuses message attributes SQS’s rules refuse: a reserved name, a Number that is no number, more than 10 (moto: accepts them)', async () => {
      // Prepare
      const queueUrl = await createQueue('attribute-rules');
      const send = (MessageAttributes: Record<string, { DataType: string; StringValue: string }>) =>
        target()
          .client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x', MessageAttributes }))
          .then(
            () => 'sent',
            (error: any) => error.name,
          );

      // Act
      const outcomes = [
        await send({ 'AWS.trace': { DataType: 'String', StringValue: 'v' } }),
        await send({ total: { DataType: 'Number', StringValue: 'twelve' } }),
        await send(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]))),
      ];

      // Assess
      expect(outcomes).toEqual(target().kind === 'moto' ? ['sent', 'sent', 'sent'] : ['InvalidParameterValue', 'InvalidParameterValue', 'InvalidParameterValue']);
    });

    it('refuses a body with a character SQS does not accept, or an empty one (moto: accepts both)', async () => {
      // Prepare
      const queueUrl = await createQueue('body-rules');
      const send = (MessageBody: string) =>
        target()
          .client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody }))
          .then(
            () => 'sent',
            (error: any) => error.name,
          );

      // Act
      const outcomes = [await send('a\u0000b'), await send('')];

      // Assess
      expect(outcomes).toEqual(target().kind === 'moto' ? ['sent', 'sent'] : ['InvalidMessageContents', 'InvalidParameterValue']);
    });

    it('refuses a queue attribute out of SQS’s range (moto: accepts it)', async () => {
      // Prepare
      const queueUrl = await createQueue('attribute-range');

      // Act
      const outcome = await target()
        .client.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { VisibilityTimeout: '50000' } }))
        .then(
          () => 'set',
          (error: any) => error.name,
        );

      // Assess
      expect(outcome).toBe(target().kind === 'moto' ? 'set' : 'InvalidAttributeValue');
    });

    it('reports a batch entry with invalid attributes in Failed and sends the others (moto: refuses the whole batch)', async () => {
      // Prepare
      const queueUrl = await createQueue('batch-attribute');

      // Act
      const outcome = await target()
        .client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: [
              { Id: 'good', MessageBody: 'x' },
              { Id: 'bad', MessageBody: 'x', MessageAttributes: { n: { DataType: 'Colour', StringValue: 'v' } } },
            ],
          }),
        )
        .then(
          (result) => [result.Successful?.map((entry) => entry.Id), result.Failed?.map((entry) => entry.Id)],
          (error: any) => error.name,
        );

      // Assess
      expect(outcome).toEqual(target().kind === 'moto' ? 'InvalidParameterValue' : [['good'], ['bad']]);
    });

    it('answers MD5OfMessageSystemAttributes for a message sent with system attributes (moto: does not)', async () => {
      // Prepare
      const queueUrl = await createQueue('system-digest');
      const trace = { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1' };

      // Act
      const sent = await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x', MessageSystemAttributes: { AWSTraceHeader: trace } }));

      // Assess
      expect(sent.MD5OfMessageSystemAttributes).toBe(target().kind === 'moto' ? undefined : documentedAttributesMd5({ AWSTraceHeader: trace }));
    });
  });
}
