import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbRequestTimeoutMs } from '../environment';
import type { PeriscopeTracer } from './tracing/periscope-tracer';

/** How long opening a connection to DynamoDB may take. */
export const DYNAMODB_CONNECTION_TIMEOUT_MS = 1000;

/**
 * The DynamoDB client settings Periscope's clients share: a connection timeout of
 * {@link DYNAMODB_CONNECTION_TIMEOUT_MS} and a request timeout of `DYNAMODB_REQUEST_TIMEOUT_MS`
 * (default 2 s), so a DynamoDB that hangs costs a request a 503 instead of the function its whole
 * timeout. The endpoint, region and credentials are the SDK's own, from the environment: a local
 * run points the client at a loopback DynamoDB with `AWS_ENDPOINT_URL_DYNAMODB`, as the SDK reads it.
 *
 * @throws {@link DynamoDbTimeoutSettingError} naming a bad `DYNAMODB_REQUEST_TIMEOUT_MS`
 */
export function dynamoDbClientConfig(env: NodeJS.ProcessEnv = process.env): DynamoDBClientConfig {
  // throwOnRequestTimeout: without it the SDK only logs a warning and keeps waiting.
  return { requestHandler: { connectionTimeout: DYNAMODB_CONNECTION_TIMEOUT_MS, requestTimeout: dynamoDbRequestTimeoutMs(env), throwOnRequestTimeout: true } };
}

/**
 * Builds a DynamoDB document client whose every call is an X-Ray subsegment (through
 * `tracer.captureAWSv3Client`). Build it once per module, outside the handler.
 *
 * @example
 * ```ts
 * const documents = createDocumentClient(telemetry.tracer);
 * ```
 */
export function createDocumentClient(tracer: Pick<PeriscopeTracer, 'captureAWSv3Client'>, config: DynamoDBClientConfig = dynamoDbClientConfig()): DynamoDBDocumentClient {
  const client = tracer.captureAWSv3Client(new DynamoDBClient(config));
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
