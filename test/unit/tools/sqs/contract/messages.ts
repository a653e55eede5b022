import { ChangeMessageVisibilityCommand, DeleteMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { documentedAttributesMd5, sleep } from '../support';
import { ATTRIBUTES, contractCalls, md5, type Target } from './target';

/** The contract for messages: delivery, attributes and digests, visibility, delay, deletion, redrive, long polling. */
export function messageContract(target: () => Target): void {
  const { createQueue, attributesOf, receive } = contractCalls(target);

  describe('messages', () => {
    it('delivers a sent message with its attributes and the digests the SDK checks', async () => {
      // Prepare
      const queueUrl = await createQueue('delivered');

      // Act
      const sent = await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"orderId":"o-1"}', MessageAttributes: ATTRIBUTES }));
      const [message] = await receive(queueUrl);

      // Assess
      expect(sent.MD5OfMessageBody).toBe(md5('{"orderId":"o-1"}'));
      expect(sent.MD5OfMessageAttributes).toBe(documentedAttributesMd5(ATTRIBUTES));
      expect(message).toMatchObject({ MessageId: sent.MessageId, Body: '{"orderId":"o-1"}', MD5OfBody: sent.MD5OfMessageBody, MD5OfMessageAttributes: sent.MD5OfMessageAttributes });
      expect(message?.MessageAttributes).toEqual({ ...ATTRIBUTES, b: { DataType: 'Binary', BinaryValue: expect.any(Uint8Array) } });
      expect([...(message?.MessageAttributes?.['b']?.BinaryValue ?? [])]).toEqual([1, 2, 3]);
      expect(message?.ReceiptHandle).toEqual(expect.any(String));
    });

    it('stamps a message with its sender, sent time, first receive and receive count', async () => {
      // Prepare
      const queueUrl = await createQueue('stamped');
      await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'hello' }));

      // Act
      const [message] = await receive(queueUrl);

      // Assess
      const attributes = message?.Attributes ?? {};
      expect(Object.keys(attributes).sort()).toEqual(['ApproximateFirstReceiveTimestamp', 'ApproximateReceiveCount', 'SenderId', 'SentTimestamp']);
      expect(attributes['ApproximateReceiveCount']).toBe('1');
      expect(attributes['SenderId']).toMatch(/^[A-Z0-9:]+$/);
      expect(Number(attributes['ApproximateFirstReceiveTimestamp'])).toBeGreaterThanOrEqual(Number(attributes['SentTimestamp']));
      expect(message?.MessageAttributes).toBeUndefined();
      expect(message?.MD5OfMessageAttributes).toBeUndefined();
    });

    it('returns only the system and message attributes asked for, with the digest of those returned', async () => {
      // Prepare
      const queueUrl = await createQueue('filtered');
      await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'hello', MessageAttributes: ATTRIBUTES }));

      // Act
      const [message] = await receive(queueUrl, { MessageSystemAttributeNames: ['SentTimestamp'], MessageAttributeNames: ['a'] });

      // Assess
      expect(Object.keys(message?.Attributes ?? {})).toEqual(['SentTimestamp']);
      expect(message?.MessageAttributes).toEqual({ a: ATTRIBUTES.a });
      expect(message?.MD5OfMessageAttributes).toBe(documentedAttributesMd5({ a: ATTRIBUTES.a }));
    });

    it('returns the message attributes whose names match a prefix pattern', async () => {
      // Prepare
      const queueUrl = await createQueue('prefixed');
      const value = { DataType: 'String', StringValue: 'v' };
      await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'hello', MessageAttributes: { 'order.id': value, orderly: value, tenant: value } }));

      // Act
      const [message] = await receive(queueUrl, { MessageAttributeNames: ['order.*'] });

      // Assess
      expect(Object.keys(message?.MessageAttributes ?? {}).sort()).toEqual(['order.id', 'orderly']);
    });

    it('keeps the AWSTraceHeader a sender gives as a system attribute', async () => {
      // Prepare
      const queueUrl = await createQueue('traced');
      const header = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

      // Act
      await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'hello', MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: header } } }));
      const [message] = await receive(queueUrl);

      // Assess
      expect(message?.Attributes?.['AWSTraceHeader']).toBe(header);
    });

    it('hides a received message for its visibility timeout, then delivers it again with a new receipt handle and ApproximateReceiveCount 2', async () => {
      // Prepare
      const queueUrl = await createQueue('redelivered');
      await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'again' }));
      // 3 s: moto's clock is the real one, and a busy machine must not let the timeout pass before the checks below
      const [first] = await receive(queueUrl, { VisibilityTimeout: 3 });

      // Act
      const whileHidden = await receive(queueUrl);
      const depthsWhileHidden = await attributesOf(queueUrl, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']);
      await target().passTime(3.5);
      const [second] = await receive(queueUrl);

      // Assess
      expect(whileHidden).toEqual([]);
      expect(depthsWhileHidden).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });
      expect(second?.MessageId).toBe(first?.MessageId);
      expect(second?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
      expect(second?.Attributes?.['ApproximateReceiveCount']).toBe('2');
      expect(second?.Attributes?.['ApproximateFirstReceiveTimestamp']).toBe(first?.Attributes?.['ApproximateFirstReceiveTimestamp']);
    });

    it('makes a message receivable at once when its visibility timeout is changed to 0', async () => {
      // Prepare
      const queueUrl = await createQueue('released');
      await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'back' }));
      const [first] = await receive(queueUrl, { VisibilityTimeout: 300 });

      // Act
      await target().client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: first?.ReceiptHandle, VisibilityTimeout: 0 }));
      const [second] = await receive(queueUrl);

      // Assess
      expect(second?.MessageId).toBe(first?.MessageId);
    });

    it('holds back a delayed message until its delay has passed', async () => {
      // Prepare
      const queueUrl = await createQueue('delayed');

      // Act
      await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'later', DelaySeconds: 1 }));
      const early = await receive(queueUrl);
      const { ApproximateNumberOfMessagesDelayed } = await attributesOf(queueUrl, ['ApproximateNumberOfMessagesDelayed']);
      await target().passTime(1.5);
      const [late] = await receive(queueUrl);

      // Assess
      expect(early).toEqual([]);
      expect(ApproximateNumberOfMessagesDelayed).toBe('1');
      expect(late?.Body).toBe('later');
    });

    it('deletes a message for good with its receipt handle', async () => {
      // Prepare
      const queueUrl = await createQueue('deleted-message');
      await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'done' }));
      const [message] = await receive(queueUrl, { VisibilityTimeout: 1 });

      // Act
      await target().client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message?.ReceiptHandle }));
      await target().passTime(1.5);

      // Assess
      expect(await receive(queueUrl)).toEqual([]);
      expect(await attributesOf(queueUrl, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'])).toEqual({
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
      });
    });

    it('moves a message to the dead-letter queue on the receive after maxReceiveCount receives, keeping its id, body and receive count', async () => {
      // Prepare
      const dlqUrl = await createQueue('poison-dlq');
      const { QueueArn: dlqArn } = await attributesOf(dlqUrl, ['QueueArn']);
      const queueUrl = await createQueue('poison', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) });
      const sent = await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'poison' }));

      // Act
      const receives = [await receive(queueUrl, { VisibilityTimeout: 0 }), await receive(queueUrl, { VisibilityTimeout: 0 }), await receive(queueUrl, { VisibilityTimeout: 0 })];
      const [dead] = await receive(dlqUrl);

      // Assess
      expect(receives.map((messages) => messages.map((m) => m.Attributes?.['ApproximateReceiveCount']))).toEqual([['1'], ['2'], []]);
      expect(dead).toMatchObject({ MessageId: sent.MessageId, Body: 'poison' });
      expect(dead?.Attributes?.['ApproximateReceiveCount']).toBe('3');
    });

    it('answers a long poll as soon as a message arrives', async () => {
      // Prepare
      const queueUrl = await createQueue('long-poll');
      const started = Date.now();

      // Act
      const waiting = receive(queueUrl, { WaitTimeSeconds: 10 });
      await sleep(300);
      await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'arrived' }));
      const [message] = await waiting;

      // Assess
      expect(message?.Body).toBe('arrived');
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it('answers a long poll empty once WaitTimeSeconds have passed', async () => {
      // Prepare
      const queueUrl = await createQueue('long-poll-empty');
      const started = Date.now();

      // Act
      const messages = await receive(queueUrl, { WaitTimeSeconds: 1 });

      // Assess
      expect(messages).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });
  });
}
