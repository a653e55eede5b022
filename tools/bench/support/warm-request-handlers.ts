import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { SQSClientConfig } from '@aws-sdk/client-sqs';

/**
 * What a warm variant's AWS clients send their requests through (`requestHandler`): in the bench,
 * handlers that answer in memory (`inMemoryRequestHandler`, `inMemorySqsHandler`), so every side does
 * all of the SDK's work but the network.
 */
export interface WarmRequestHandlers {
  readonly dynamoDb: NonNullable<DynamoDBClientConfig['requestHandler']>;
  readonly sqs: NonNullable<SQSClientConfig['requestHandler']>;
}
