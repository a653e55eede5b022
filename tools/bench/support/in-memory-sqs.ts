import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { HttpResponse } from '@smithy/core/transport';

/** An SDK v3 request handler that answers SQS `SendMessage` in memory: what an SQS client's `requestHandler` accepts. */
export interface InMemorySqsHandler {
  /** Answers one `SendMessage` as SQS does: a message id and the body's MD5, which the client checks. */
  handle(request: { readonly body?: unknown }): Promise<{ response: HttpResponse }>;
  /** Requests answered so far. */
  readonly requests: number;
}

/**
 * An SQS request handler that never touches the network: every request is read as a `SendMessage`
 * (AWS JSON 1.0) and answered `200` with a message id and the `MD5OfMessageBody` the client
 * verifies. The client still does everything else: middleware stack, serialising, signing, parsing
 * the answer and checking the digest.
 * @example
 * ```ts
 * const client = new SQSClient({ requestHandler: inMemorySqsHandler() });
 * ```
 */
export function inMemorySqsHandler(): InMemorySqsHandler {
  let requests = 0;
  return {
    get requests() {
      return requests;
    },
    handle: async (request) => {
      requests += 1;
      const { MessageBody = '' } = JSON.parse(String(request.body ?? '{}')) as { MessageBody?: string };
      const body = Buffer.from(JSON.stringify({ MessageId: `bench-${requests}`, MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex') }));
      const response = new HttpResponse({
        statusCode: 200,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `bench-${requests}`, 'content-length': String(body.length) },
        body: Readable.from([body]),
      });
      return { response };
    },
  };
}
