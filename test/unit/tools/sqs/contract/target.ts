import { createHash } from 'node:crypto';
import { CreateQueueCommand, GetQueueAttributesCommand, type QueueAttributeName, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * An SQS server the contract runs against (test/integration/sqs-emulator.test.ts): Periscope's local
 * one, or moto's, the reference.
 */
export interface Target {
  readonly kind: 'local' | 'moto';
  readonly endpoint: string;
  readonly client: SQSClient;
  /** Lets `seconds` pass on the target's clock: ours is moved by hand, moto's is real time. */
  passTime(seconds: number): Promise<void>;
}

/** A queue name no other test uses (moto keeps every queue for the whole run). */
let queues = 0;
export const uniqueName = (label: string): string => `contract-${label}-${process.pid}-${++queues}`;

/** One attribute of each data type. */
export const ATTRIBUTES = {
  a: { DataType: 'String', StringValue: 'x' },
  b: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
  n: { DataType: 'Number', StringValue: '12' },
};

export const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** The calls every contract test makes, on the target of the moment. */
export function contractCalls(target: () => Target) {
  return {
    createQueue: async (label: string, attributes: Record<string, string> = {}): Promise<string> =>
      (await target().client.send(new CreateQueueCommand({ QueueName: uniqueName(label), Attributes: attributes }))).QueueUrl as string,
    attributesOf: async (queueUrl: string, names: string[] = ['All']): Promise<Record<string, string>> =>
      (await target().client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: names as QueueAttributeName[] }))).Attributes ?? {},
    /** A receive asking for every system and message attribute. */
    receive: (queueUrl: string, extra: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {}) =>
      target()
        .client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'], ...extra }))
        .then((output) => output.Messages ?? []),
  };
}
