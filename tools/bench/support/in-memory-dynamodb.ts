import { Readable } from 'node:stream';
import { HttpResponse } from '@smithy/core/transport';

/** An SDK v3 request handler that answers in memory: what a client's `requestHandler` accepts. */
export interface InMemoryRequestHandler {
  /** Answers one request: `200 {}`. */
  handle(request: unknown): Promise<{ response: HttpResponse }>;
  /** Requests answered so far. */
  readonly requests: number;
}

/**
 * A DynamoDB request handler that never touches the network: every request gets `200 {}`, which
 * is what DynamoDB answers a successful `PutItem` without `ReturnValues`. The client still does
 * everything else: middleware stack, marshalling, signing, serialising, parsing the answer.
 * @example
 * ```ts
 * const client = new DynamoDBClient({ ...dynamoDbClientConfig(), requestHandler: inMemoryRequestHandler() });
 * ```
 */
export function inMemoryRequestHandler(): InMemoryRequestHandler {
  let requests = 0;
  return {
    get requests() {
      return requests;
    },
    handle: async () => {
      requests += 1;
      const response = new HttpResponse({
        statusCode: 200,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `bench-${requests}`, 'content-length': '2' },
        body: Readable.from([Buffer.from('{}')]),
      });
      return { response };
    },
  };
}
