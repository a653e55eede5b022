import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  QueueNameExists,
  SendMessageCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { rejectionOf } from '../support';
import { contractCalls, type Target, uniqueName } from './target';

/** The contract for queues: names, URLs, ARNs, attributes, listing, deleting, purging. */
export function queueContract(target: () => Target): void {
  const { createQueue, attributesOf, receive } = contractCalls(target);

  describe('queues', () => {
    it('gives a queue a URL on the endpoint and an ARN from its name', async () => {
      // Prepare
      const name = uniqueName('named');

      // Act
      const { QueueUrl } = await target().client.send(new CreateQueueCommand({ QueueName: name }));
      const found = await target().client.send(new GetQueueUrlCommand({ QueueName: name }));
      const { QueueArn } = await attributesOf(QueueUrl as string, ['QueueArn']);

      // Assess
      expect(QueueUrl).toBe(`${target().endpoint}/123456789012/${name}`);
      expect(found.QueueUrl).toBe(QueueUrl);
      expect(QueueArn).toBe(`arn:aws:sqs:us-east-1:123456789012:${name}`);
    });

    it('answers the attributes a queue was created with, and SQS’s defaults for the others', async () => {
      // Prepare
      const dlqUrl = await createQueue('dlq');
      const { QueueArn: dlqArn } = await attributesOf(dlqUrl, ['QueueArn']);

      // Act
      const queueUrl = await createQueue('configured', {
        VisibilityTimeout: '45',
        MessageRetentionPeriod: '86400',
        DelaySeconds: '0',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }),
      });
      const attributes = await attributesOf(queueUrl);

      // Assess
      expect(attributes).toMatchObject({
        VisibilityTimeout: '45',
        MessageRetentionPeriod: '86400',
        DelaySeconds: '0',
        MaximumMessageSize: '1048576',
        ReceiveMessageWaitTimeSeconds: '0',
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
        ApproximateNumberOfMessagesDelayed: '0',
      });
      expect(JSON.parse(attributes['RedrivePolicy'] as string)).toEqual({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 });
    });

    it('answers only the attributes asked for', async () => {
      // Prepare
      const queueUrl = await createQueue('some-attributes');

      // Act
      const attributes = await attributesOf(queueUrl, ['VisibilityTimeout', 'ApproximateNumberOfMessages']);

      // Assess
      expect(attributes).toEqual({ VisibilityTimeout: '30', ApproximateNumberOfMessages: '0' });
    });

    it('changes an attribute with SetQueueAttributes', async () => {
      // Prepare
      const queueUrl = await createQueue('set');

      // Act
      await target().client.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { VisibilityTimeout: '5', DelaySeconds: '2' } }));

      // Assess
      expect(await attributesOf(queueUrl, ['VisibilityTimeout', 'DelaySeconds'])).toEqual({ VisibilityTimeout: '5', DelaySeconds: '2' });
    });

    it('returns the existing queue for the same name and attributes, and refuses a different attribute value', async () => {
      // Prepare
      const name = uniqueName('again');
      const first = await target().client.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '10' } }));

      // Act
      const again = await target().client.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '10' } }));
      const refused = await rejectionOf(target().client.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '11' } })));

      // Assess
      expect(again.QueueUrl).toBe(first.QueueUrl);
      expect(refused).toBeInstanceOf(QueueNameExists);
    });

    it('lists the queues whose name starts with a prefix', async () => {
      // Prepare
      const prefix = uniqueName('listed');
      await target().client.send(new CreateQueueCommand({ QueueName: `${prefix}-a` }));
      await target().client.send(new CreateQueueCommand({ QueueName: `${prefix}-b` }));

      // Act
      const { QueueUrls } = await target().client.send(new ListQueuesCommand({ QueueNamePrefix: prefix }));

      // Assess
      expect(QueueUrls?.sort()).toEqual([`${target().endpoint}/123456789012/${prefix}-a`, `${target().endpoint}/123456789012/${prefix}-b`]);
    });

    it('forgets a deleted queue', async () => {
      // Prepare
      const queueUrl = await createQueue('deleted');

      // Act
      await target().client.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
      const refused = await rejectionOf(target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'late' })));

      // Assess
      expect(refused).toBeInstanceOf(QueueDoesNotExist);
    });

    it('empties a queue with PurgeQueue', async () => {
      // Prepare
      const queueUrl = await createQueue('purged');
      await target().client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'one' }));

      // Act
      await target().client.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));

      // Assess
      expect(await receive(queueUrl)).toEqual([]);
    });
  });
}
