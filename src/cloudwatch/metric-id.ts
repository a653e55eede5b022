/**
 * A metric as CloudWatch identifies it: namespace, name and the full set of dimensions. Two
 * datapoints with different dimension sets are two metrics (`{ service }` is not `{ service, currency }`).
 *
 * @example
 * ```ts
 * const errors: MetricId = { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'orders-dev-createOrder' } };
 * ```
 */
export interface MetricId {
  /** `Namespace` (`AWS/Lambda`, `Periscope/Orders`). */
  readonly namespace: string;
  /** `MetricName` (`Errors`). */
  readonly metricName: string;
  /** `Dimensions`, name → value; `{}` for a metric without dimensions. */
  readonly dimensions: Readonly<Record<string, string>>;
}

/** The namespaces of the AWS services Periscope watches, as CloudWatch spells them. */
export const AwsNamespace = {
  Lambda: 'AWS/Lambda',
  ApiGateway: 'AWS/ApiGateway',
  DynamoDB: 'AWS/DynamoDB',
  SQS: 'AWS/SQS',
} as const;

/**
 * An `AWS/Lambda` metric of one function (dimension `FunctionName`).
 * @example
 * ```ts
 * lambdaMetric('orders-dev-createOrder', 'Errors');
 * ```
 */
export const lambdaMetric = (functionName: string, metricName: string): MetricId => ({ namespace: AwsNamespace.Lambda, metricName, dimensions: { FunctionName: functionName } });

/**
 * An `AWS/Lambda` metric of one version invoked through an alias (dimensions `FunctionName`,
 * `Resource` = `<function>:<alias>`, `ExecutedVersion`): what Lambda publishes while an alias
 * splits traffic between two versions.
 * @example
 * ```ts
 * lambdaVersionMetric('orders-prod-createOrder', 'live', '7', 'Errors');
 * ```
 */
export const lambdaVersionMetric = (functionName: string, alias: string, version: string, metricName: string): MetricId => ({
  namespace: AwsNamespace.Lambda,
  metricName,
  dimensions: { FunctionName: functionName, Resource: `${functionName}:${alias}`, ExecutedVersion: version },
});

/**
 * An `AWS/ApiGateway` metric of a REST API stage (dimensions `ApiName`, `Stage`).
 * @example
 * ```ts
 * apiMetric({ name: 'dev-periscope-orders', stage: 'dev' }, '5XXError');
 * ```
 */
export const apiMetric = (api: { readonly name: string; readonly stage: string }, metricName: string): MetricId => ({
  namespace: AwsNamespace.ApiGateway,
  metricName,
  dimensions: { ApiName: api.name, Stage: api.stage },
});

/**
 * An `AWS/DynamoDB` metric of a table (dimension `TableName`), per operation (`Operation`) for the
 * metrics DynamoDB publishes per operation (`ThrottledRequests`, `SystemErrors`, `SuccessfulRequestLatency`).
 * @example
 * ```ts
 * dynamoDbMetric('orders-dev', 'ThrottledRequests', 'PutItem');
 * ```
 */
export const dynamoDbMetric = (tableName: string, metricName: string, operation?: string): MetricId => ({
  namespace: AwsNamespace.DynamoDB,
  metricName,
  dimensions: operation === undefined ? { TableName: tableName } : { TableName: tableName, Operation: operation },
});

/**
 * An `AWS/DynamoDB` metric of one global secondary index of a table (dimensions `TableName`,
 * `GlobalSecondaryIndexName`): `ReadThrottleEvents`, `WriteThrottleEvents` and consumed capacity,
 * which DynamoDB publishes for the table without its indexes under `TableName` alone.
 * @example
 * ```ts
 * dynamoDbIndexMetric('orders-dev', 'byCustomer', 'ReadThrottleEvents');
 * ```
 */
export const dynamoDbIndexMetric = (tableName: string, indexName: string, metricName: string): MetricId => ({
  namespace: AwsNamespace.DynamoDB,
  metricName,
  dimensions: { TableName: tableName, GlobalSecondaryIndexName: indexName },
});

/**
 * An `AWS/Lambda` metric of the whole account and Region, without dimensions (`ClaimedAccountConcurrency`,
 * `UnreservedConcurrentExecutions`, `ConcurrentExecutions` across every function).
 * @example
 * ```ts
 * lambdaAccountMetric('ClaimedAccountConcurrency');
 * ```
 */
export const lambdaAccountMetric = (metricName: string): MetricId => ({ namespace: AwsNamespace.Lambda, metricName, dimensions: {} });

/**
 * An `AWS/SQS` metric of a queue (dimension `QueueName`).
 * @example
 * ```ts
 * sqsMetric('orders-dev-alerts-dead-letter', 'ApproximateNumberOfMessagesVisible');
 * ```
 */
export const sqsMetric = (queueName: string, metricName: string): MetricId => ({ namespace: AwsNamespace.SQS, metricName, dimensions: { QueueName: queueName } });
