import { randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { DynamoDbThrottleException } from './dynamodb-fault';

/** The DynamoDB errors the proxy can answer with. */
export type DynamoDbWireError = DynamoDbThrottleException | 'InternalServerError';

/** An HTTP response exactly as DynamoDB would send it. */
export interface DynamoDbErrorResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Status and message per error, as DynamoDB's awsJson1_0 protocol sends them. The SDK
 * (`@aws-sdk/core` `AwsJsonRpcProtocol.handleError` → `loadJsonRpcErrorCode`) reads the error name from the
 * body's `__type` first (then `code`, then the `x-amzn-errortype` header) and keeps what follows `#`, so
 * the namespace is only there to look like the real thing.
 */
const WIRE_ERRORS: Readonly<Record<DynamoDbWireError, { readonly status: number; readonly message: string }>> = {
  ProvisionedThroughputExceededException: {
    status: 400,
    message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  ThrottlingException: {
    status: 400,
    message:
      'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. ' +
      'If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html',
  },
  InternalServerError: { status: 500, message: 'Internal server error' },
};

const REQUEST_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A request id shaped like DynamoDB's: 52 upper-case letters and digits. */
export function newDynamoDbRequestId(): string {
  return Array.from({ length: 52 }, () => REQUEST_ID_ALPHABET[randomInt(REQUEST_ID_ALPHABET.length)]).join('');
}

/**
 * The response DynamoDB sends for `error`: its status, the JSON body with `__type` and `message`, and the
 * headers the SDK reads (`x-amzn-RequestId` becomes `$metadata.requestId`) or DynamoDB always sends
 * (`x-amz-crc32`, the CRC32 of the body).
 *
 * @example
 * ```ts
 * const { statusCode, headers, body } = dynamoDbErrorResponse('ProvisionedThroughputExceededException');
 * // 400, { 'Content-Type': 'application/x-amz-json-1.0', … }, '{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",…}'
 * ```
 */
export function dynamoDbErrorResponse(error: DynamoDbWireError, requestId: string = newDynamoDbRequestId()): DynamoDbErrorResponse {
  const { status, message } = WIRE_ERRORS[error];
  const body = JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${error}`, message });
  return {
    statusCode: status,
    headers: {
      'x-amzn-RequestId': requestId,
      'x-amz-crc32': String(crc32(body)),
      'Content-Type': 'application/x-amz-json-1.0',
      'Content-Length': String(Buffer.byteLength(body)),
    },
    body,
  };
}
