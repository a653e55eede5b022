import { Agent, request } from 'node:http';
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** The commands Lambda's event source mapping stand-in sends (`createSqsEventSource`). */
type EventSourceCommand = GetQueueAttributesCommand | ReceiveMessageCommand | DeleteMessageBatchCommand;

const ACTIONS = new Map<unknown, string>([
  [GetQueueAttributesCommand, 'GetQueueAttributes'],
  [ReceiveMessageCommand, 'ReceiveMessage'],
  [DeleteMessageBatchCommand, 'DeleteMessageBatch'],
]);

/** Raised when the local SQS server refuses a call; the message is its `__type` and message. */
export class SqsJsonClientError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SqsJsonClientError';
  }
}

/** A message attribute as the JSON protocol carries it, binary values in base64. */
interface WireAttribute {
  readonly DataType?: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
  readonly StringListValues?: readonly string[];
  readonly BinaryListValues?: readonly string[];
}

/** What the SDK makes of an attribute: binary values as bytes. */
const deserialiseAttribute = (attribute: WireAttribute) => ({
  ...attribute,
  ...(attribute.BinaryValue === undefined ? {} : { BinaryValue: Buffer.from(attribute.BinaryValue, 'base64') }),
  ...(attribute.BinaryListValues === undefined ? {} : { BinaryListValues: attribute.BinaryListValues.map((value) => Buffer.from(value, 'base64')) }),
});

/** `ReceiveMessage`'s answer as the SDK deserialises it. */
function deserialiseReceive(output: { Messages?: { MessageAttributes?: Record<string, WireAttribute> }[] }) {
  if (output.Messages === undefined) return output;
  return {
    ...output,
    Messages: output.Messages.map((message) =>
      message.MessageAttributes === undefined
        ? message
        : { ...message, MessageAttributes: Object.fromEntries(Object.entries(message.MessageAttributes).map(([name, value]) => [name, deserialiseAttribute(value)])) },
    ),
  };
}

/**
 * A lean SQS client for the drill's event source mapping, which `createSqsEventSource` takes in place
 * of an `SQSClient`: it posts the AWS JSON 1.0 request the SDK would send for the three calls the
 * event source makes (same `X-Amz-Target`, same body) to the local SQS server over keep-alive
 * connections, and answers what the SDK would deserialise. No signing, retries, middleware or MD5
 * checks: across a drill's thousands of batches they cost more than the rest of the event source,
 * and the local server checks none of them. The handlers' own clients stay the SDK's.
 *
 * @param endpoint the local server's `http://host:port`
 */
export function sqsJsonClient(endpoint: string): SQSClient & { destroy(): void } {
  const agent = new Agent({ keepAlive: true });
  const url = new URL(endpoint);
  const post = (action: string, input: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(input);
      const call = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          agent,
          headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${action}`, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const answer = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { __type?: string; message?: string };
            if (response.statusCode === 200) resolve(answer);
            else reject(new SqsJsonClientError(`${action} failed: ${answer.__type ?? response.statusCode}: ${answer.message ?? ''}`));
          });
          response.on('error', reject);
        },
      );
      call.on('error', reject);
      call.end(body);
    });
  const client = {
    send: async (command: EventSourceCommand) => {
      const action = ACTIONS.get(command.constructor);
      if (action === undefined) throw new SqsJsonClientError(`the drill's SQS client sends only ${[...ACTIONS.values()].join(', ')}, not ${command.constructor.name}`);
      const output = await post(action, command.input);
      return action === 'ReceiveMessage' ? deserialiseReceive(output as Parameters<typeof deserialiseReceive>[0]) : output;
    },
    destroy: () => agent.destroy(),
  };
  // Only `send` is what the event source calls.
  return client as unknown as SQSClient & { destroy(): void };
}
