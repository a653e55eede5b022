import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isLocalLambda } from './middleware/local-trace-context';
import type { XRayTracer } from './tracing';

/** Where `npm start` serves DynamoDB (dynalite) on loopback. */
export const LOCAL_DYNAMODB_ENDPOINT = 'http://127.0.0.1:4567';

/**
 * The client settings for this environment. On AWS: the SDK's defaults. When `DYNAMODB_ENDPOINT`
 * is set, or when running under serverless-offline / `invoke local`, a loopback endpoint with
 * placeholder credentials, so local runs never reach a real AWS endpoint.
 */
export function dynamoDbClientConfig(env: NodeJS.ProcessEnv = process.env): DynamoDBClientConfig {
  const endpoint = env.DYNAMODB_ENDPOINT || (isLocalLambda(env) ? LOCAL_DYNAMODB_ENDPOINT : undefined);
  if (!endpoint) return {};
  return {
    endpoint,
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local' },
  };
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
export function createDocumentClient(tracer: Pick<XRayTracer, 'captureAWSv3Client'>, config: DynamoDBClientConfig = dynamoDbClientConfig()): DynamoDBDocumentClient {
  const client = tracer.captureAWSv3Client(new DynamoDBClient(config));
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
