import {
  BatchEntryIdsNotDistinct,
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  EmptyBatchRequest,
  GetQueueUrlCommand,
  InvalidAttributeName,
  QueueDoesNotExist,
  ReceiptHandleIsInvalid,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSServiceException,
  TooManyEntriesInBatchRequest,
} from '@aws-sdk/client-sqs';
import { documentedAttributesMd5, rejectionOf } from '../support';
import { ATTRIBUTES, contractCalls, md5, type Target, uniqueName } from './target';

/** The contract for batch actions with per-entry failures, and for the errors the SDK raises. */
export function batchAndErrorContract(target: () => Target): void {
  const { createQueue, attributesOf, receive } = contractCalls(target);

  describe('batches', () => {
    it('sends the valid entries of a SendMessageBatch and reports the one SQS refuses', async () => {
      // Prepare
      const queueUrl = await createQueue('send-batch');

      // Act
      const result = await target().client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: [
            { Id: 'first', MessageBody: 'one', MessageAttributes: { a: ATTRIBUTES.a } },
            { Id: 'too-late', MessageBody: 'two', DelaySeconds: 1800 },
            { Id: 'third', MessageBody: 'three' },
          ],
        }),
      );

      // Assess
      expect(result.Successful?.map((entry) => entry.Id).sort()).toEqual(['first', 'third']);
      expect(result.Successful?.find((entry) => entry.Id === 'first')).toMatchObject({ MD5OfMessageBody: md5('one'), MD5OfMessageAttributes: documentedAttributesMd5({ a: ATTRIBUTES.a }) });
      // SenderFault is a boolean in SQS's API; moto sends the string "true".
      expect(result.Failed).toEqual([{ Id: 'too-late', SenderFault: target().kind === 'moto' ? 'true' : true, Code: 'InvalidParameterValue', Message: expect.stringContaining('DelaySeconds') }]);
      expect((await receive(queueUrl, { MaxNumberOfMessages: 10 })).map((message) => message.Body).sort()).toEqual(['one', 'three']);
    });

    it('deletes the valid receipt handles of a DeleteMessageBatch and reports an invalid one', async () => {
      // Prepare
      const queueUrl = await createQueue('delete-batch');
      await target().client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'a', MessageBody: 'a' }] }));
      const [message] = await receive(queueUrl);

      // Act
      const result = await target().client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: [
            { Id: 'valid', ReceiptHandle: message?.ReceiptHandle },
            { Id: 'made-up', ReceiptHandle: 'not-a-receipt-handle' },
          ],
        }),
      );

      // Assess
      expect(result.Successful).toEqual([{ Id: 'valid' }]);
      expect(result.Failed).toEqual([{ Id: 'made-up', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: expect.any(String) }]);
    });

    it('changes the visibility of the valid entries of a ChangeMessageVisibilityBatch and reports an invalid one', async () => {
      // Prepare
      const queueUrl = await createQueue('visibility-batch');
      await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a' }));
      const [message] = await receive(queueUrl, { VisibilityTimeout: 300 });

      // Act
      const result = await target().client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: [
            { Id: 'valid', ReceiptHandle: message?.ReceiptHandle, VisibilityTimeout: 0 },
            { Id: 'made-up', ReceiptHandle: 'not-a-receipt-handle', VisibilityTimeout: 0 },
          ],
        }),
      );

      // Assess
      expect(result.Successful).toEqual([{ Id: 'valid' }]);
      expect(result.Failed?.map((entry) => [entry.Id, entry.Code])).toEqual([['made-up', 'ReceiptHandleIsInvalid']]);
      expect((await receive(queueUrl)).map((m) => m.MessageId)).toEqual([message?.MessageId]);
    });

    it('refuses a batch with no entries, more than 10, or a repeated id', async () => {
      // Prepare
      const queueUrl = await createQueue('bad-batch');
      const entries = (count: number) => Array.from({ length: count }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' }));

      // Act
      const empty = await rejectionOf(target().client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [] })));
      const tooMany = await rejectionOf(target().client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries(11) })));
      const repeated = await rejectionOf(target().client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [...entries(1), ...entries(1)] })));

      // Assess
      expect(empty).toBeInstanceOf(EmptyBatchRequest);
      expect(tooMany).toBeInstanceOf(TooManyEntriesInBatchRequest);
      expect(repeated).toBeInstanceOf(BatchEntryIdsNotDistinct);
    });
  });

  describe('errors', () => {
    it('raises QueueDoesNotExist for a queue that is not there', async () => {
      // Act
      const error = await rejectionOf(target().client.send(new GetQueueUrlCommand({ QueueName: uniqueName('missing') })));

      // Assess
      expect(error).toBeInstanceOf(QueueDoesNotExist);
    });

    it('raises InvalidParameterValue for MaxNumberOfMessages above 10', async () => {
      // Prepare
      const queueUrl = await createQueue('eleven');

      // Act
      const error = await rejectionOf(receive(queueUrl, { MaxNumberOfMessages: 11 }));

      // Assess
      expect(error).toBeInstanceOf(SQSServiceException);
      expect(error.name).toBe('InvalidParameterValue');
      expect(error.message).toContain('MaxNumberOfMessages');
    });

    it('raises ReceiptHandleIsInvalid for a receipt handle the queue never gave', async () => {
      // Prepare
      const queueUrl = await createQueue('made-up-handle');

      // Act
      const error = await rejectionOf(target().client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: 'not-a-receipt-handle' })));

      // Assess
      expect(error).toBeInstanceOf(ReceiptHandleIsInvalid);
      // AWS's API reference gives ReceiptHandleIsInvalid HTTP 404; moto answers 400.
      expect(error.$metadata.httpStatusCode).toBe(target().kind === 'moto' ? 400 : 404);
    });

    it('raises InvalidAttributeName for an attribute SQS does not have', async () => {
      // Prepare
      const queueUrl = await createQueue('bad-attribute');

      // Act
      const error = await rejectionOf(attributesOf(queueUrl, ['Colour']));

      // Assess
      expect(error).toBeInstanceOf(InvalidAttributeName);
    });
  });
}
