import type { AlertTierName } from '../src/catalog';
import type { ComparisonOperator, MetricDataQuery, TreatMissingData } from '../src/cloudwatch';

/** A CloudFormation value: a literal or an intrinsic function (`{ Ref }`, `{ 'Fn::Sub' }`, ...). */
export type CfnValue = string | number | boolean | null | readonly CfnValue[] | { readonly [key: string]: CfnValue };

/** One CloudFormation resource. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties: { readonly [key: string]: CfnValue };
  readonly DependsOn?: readonly string[];
  /** How CloudFormation updates it: an alias's `CodeDeployLambdaAliasUpdate`. */
  readonly UpdatePolicy?: CfnValue;
  /**
   * What CloudFormation does with it when the stack deletes it or the template removes it. Periscope
   * sets it on the stateful resources it generates (key, queues, table), so the choice is written down.
   * @default 'Delete' (CloudFormation's, for these types)
   */
  readonly DeletionPolicy?: 'Delete' | 'Retain' | 'RetainExceptOnCreate' | 'Snapshot';
  /**
   * What CloudFormation does with the old resource when an update replaces it.
   * @default 'Delete' (CloudFormation's)
   */
  readonly UpdateReplacePolicy?: 'Delete' | 'Retain' | 'Snapshot';
}

/** A Lambda function of the service as deployed. */
export interface DeployedFunction {
  /** Its name in the catalog and `serverless.yml` (`createOrder`). */
  readonly name: string;
  /** The deployed function name (`periscope-orders-dev-createOrder`): the `FunctionName` dimension. */
  readonly functionName: string;
  /** Its timeout, from which the duration alarm's threshold is derived. */
  readonly timeoutSeconds: number;
  /**
   * Its reserved concurrency (`reservedConcurrency` in `serverless.yml`), both guaranteed and its
   * ceiling: its concurrency alarm compares with it.
   * @default none: it shares the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;
  /**
   * What invokes it, as the compiled template says (the plugin reads them; see {@link DeployedTrigger}):
   * each has its own alarms. `[]` when nothing in the template does.
   * @default unknown: only the catalog's `trigger` is used, for the triggers that need no resource named
   */
  readonly triggers?: readonly DeployedTrigger[];
  /**
   * Whether Lambda keeps the asynchronous events it gives up on (an on-failure destination or a dead
   * letter queue): dropped events then wait there instead of being lost, and their alarm warns instead of paging.
   * @default false
   */
  readonly keepsFailedEvents?: boolean;
}

/**
 * A name CloudFormation only knows at deploy time: `{ Ref }` of the resource in the same template
 * whose `Ref` is that name (an `AWS::Events::Rule` on the default bus, an `AWS::Events::EventBus`, an
 * `AWS::ApiGatewayV2::Api`'s id). Alarms write it as the `{ Ref }` in their dimensions; dashboards as
 * `${LogicalId}` in their `Fn::Sub` body.
 */
export type DeployedName = string | { readonly Ref: string };

/** An SQS queue a function consumes through an event source mapping. */
export interface DeployedQueueTrigger {
  readonly kind: 'sqs';
  /** The `QueueName` dimension. */
  readonly queueName: string;
  /** Its dead letter queue's name (the queue's `RedrivePolicy`), if it has one. */
  readonly deadLetterQueueName?: string;
  /** Whether the function reports failed records (`ReportBatchItemFailures`): then its batch failure rate is alarmed on. */
  readonly reportsBatchItemFailures: boolean;
}

/** An EventBridge rule (an event pattern, or a schedule) that targets a function. */
export interface DeployedRuleTrigger {
  readonly kind: 'eventbridge' | 'schedule';
  /**
   * The `RuleName` dimension. Absent for an EventBridge Scheduler schedule (`method: scheduler`),
   * whose target failures are not alarmed on (its asynchronous invocations are).
   */
  readonly ruleName?: DeployedName;
  /** The `EventBusName` dimension, for a rule on a custom event bus. @default the default bus */
  readonly eventBusName?: DeployedName;
}

/** An SNS topic a function subscribes to. */
export interface DeployedTopicTrigger {
  readonly kind: 'sns';
  /** The topic's name, when the template names it. */
  readonly topicName?: string;
}

/** An HTTP API (API Gateway v2) that integrates a function. */
export interface DeployedHttpApiTrigger {
  readonly kind: 'http-api';
  /** The `ApiId` dimension: `{ Ref: 'HttpApi' }` for osls's, whose id AWS chooses. */
  readonly apiId: DeployedName;
  /** The `Stage` dimension: `$default` for osls's. */
  readonly stage: string;
}

/** What invokes a function, by kind (the catalog's `FunctionTrigger`). */
export type DeployedTrigger = DeployedQueueTrigger | DeployedRuleTrigger | DeployedTopicTrigger | DeployedHttpApiTrigger | { readonly kind: 'function-url' } | { readonly kind: 'rest-api' };

/** A DynamoDB table of the service as deployed. */
export interface DeployedTable {
  /** Its logical id in the template (`OrdersTable`). */
  readonly logicalId: string;
  /** The `TableName` dimension. */
  readonly tableName: string;
  /** DynamoDB operations the service performs on it (`GetItem`, `Query`...): per-operation metrics are summed over these. */
  readonly operations: readonly string[];
  /** Its global secondary indexes (`byCustomer`): each has its own throttle events (`GlobalSecondaryIndexName`). @default [] */
  readonly globalSecondaryIndexes?: readonly string[];
}

/** The Slack notifier function the tier topics deliver to. */
export interface DeployedNotifier {
  /** The function's logical id (`SlackNotifierLambdaFunction`). */
  readonly functionLogicalId: string;
  /** Logical id of its IAM role, which is given access to its dead letter queue and webhook parameters. */
  readonly roleLogicalId: string;
  /** Deployed function name, for its log group. */
  readonly functionName: string;
  /** SSM parameter path of the webhook URLs, `{tier}` standing for the tier (`/periscope/orders/dev/slack/{tier}`). */
  readonly webhookParameter: string;
}

/** Periscope's delivery-metrics function (`custom.periscope.delivery`): DORA metrics, incident records and review drafts. */
export interface DeployedDeliveryFunction {
  /** The function's logical id (`DeliveryMetricsLambdaFunction`). */
  readonly functionLogicalId: string;
  /** Logical id of its own IAM role, which is given its table, its events' rules and its dashboard. */
  readonly roleLogicalId: string;
  /** Deployed function name, for its log group. */
  readonly functionName: string;
}

/** What the generator needs to know of the deployed service besides its catalog. */
export interface ServiceResources {
  /** Deployment stage (`dev`, `prod`): part of every name. */
  readonly stage: string;
  /** The catalog's functions as deployed. */
  readonly functions: readonly DeployedFunction[];
  /** The REST API in front of them (`ApiName` and `Stage` dimensions), if any. */
  readonly api?: { readonly name: string; readonly stage: string };
  /** The service's tables. */
  readonly tables: readonly DeployedTable[];
  /** The Slack notifier, if the service deploys one. */
  readonly notifier?: DeployedNotifier;
  /**
   * The CloudFormation stack the service deploys as (`<service>-<stage>` in serverless): with a
   * notifier, its stack status changes mark each deploy for the alert tiers' suppressor.
   */
  readonly stackName?: string;
  /** The delivery-metrics function, if the service deploys one: the executive dashboard then shows the delivery row. */
  readonly delivery?: DeployedDeliveryFunction;
}

/** What kind of signal an alarm watches; each kind has its own runbook. */
export const AlarmKind = {
  LambdaErrors: 'lambda-errors',
  LambdaThrottles: 'lambda-throttles',
  LambdaDuration: 'lambda-duration',
  Api5xx: 'api-5xx',
  Api4xx: 'api-4xx',
  ApiLatency: 'api-latency',
  DynamoDbReadThrottles: 'dynamodb-read-throttles',
  DynamoDbWriteThrottles: 'dynamodb-write-throttles',
  DynamoDbSystemErrors: 'dynamodb-system-errors',
  DynamoDbLatency: 'dynamodb-latency',
  LambdaConcurrency: 'lambda-concurrency',
  LambdaAccountConcurrency: 'lambda-account-concurrency',
  BusinessThreshold: 'business-threshold',
  BusinessAnomaly: 'business-anomaly',
  BurnRate: 'slo-burn-rate',
  DeployInProgress: 'deploy-in-progress',
  AlertDelivery: 'alert-delivery',
  LambdaQuietFailures: 'lambda-quiet-failures',
  AlertTopicDelivery: 'alert-topic-delivery',
  NotifierErrors: 'notifier-errors',
  NotifierThrottles: 'notifier-throttles',
  NotifierEventAge: 'notifier-event-age',
  NotifierEventsDropped: 'notifier-events-dropped',
  NotifierDestinationFailures: 'notifier-destination-failures',
  AlertQueueAge: 'alert-queue-age',
  DeployGate: 'deploy-gate',
  SqsQueueAge: 'sqs-queue-age',
  SqsQueueDepth: 'sqs-queue-depth',
  SqsDeadLetters: 'sqs-dead-letters',
  SqsDeadLetterAge: 'sqs-dead-letter-age',
  SqsBatchFailures: 'sqs-batch-failures',
  EventBridgeFailedInvocations: 'eventbridge-failed-invocations',
  LambdaAsyncEventAge: 'lambda-async-event-age',
  LambdaAsyncEventsDropped: 'lambda-async-events-dropped',
} as const;

/** One of {@link AlarmKind}'s values. */
export type AlarmKindName = (typeof AlarmKind)[keyof typeof AlarmKind];

/** A metric alarm before it becomes CloudFormation: what the factories produce. */
export interface MetricAlarmSpec {
  readonly kind: AlarmKindName;
  /** Part of the name: `<service>-<stage>-<signal>-<tier>`. */
  readonly signal: string;
  readonly tier: AlertTierName;
  /** What it means when it fires. */
  readonly meaning: string;
  /** What to do first. */
  readonly action: string;
  /** The queries; exactly one has `ReturnData: true` (the one compared), or two for anomaly bands. */
  readonly metrics: readonly MetricDataQuery[];
  readonly comparison: ComparisonOperator;
  /** The threshold; absent for anomaly bands, which compare with `thresholdMetricId`. */
  readonly threshold?: number;
  readonly thresholdMetricId?: string;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
  /** Log groups where its cause shows, for the notifier's Logs Insights link. */
  readonly logGroups: readonly string[];
  /** True for the burn-rate windows, which only count as part of a pair (and join no tier composite alone). */
  readonly partOfPair?: boolean;
}

/** An `ALARM(a) AND ALARM(b)` composite of a burn-rate window pair. */
export interface PairSpec {
  readonly signal: string;
  readonly tier: AlertTierName;
  readonly meaning: string;
  readonly action: string;
  /** Signals of the long and short window alarms. */
  readonly windows: readonly [MetricAlarmSpec, MetricAlarmSpec];
}

/** A generated alarm, as the plugin reports it and the dashboards list it. */
export interface GeneratedAlarmSummary {
  readonly name: string;
  readonly logicalId: string;
  readonly kind: AlarmKindName | 'composite';
  readonly tier: AlertTierName;
  /** Metrics CloudWatch bills for (anomaly bands count three), 0 for composites. */
  readonly billedMetrics: number;
  /** Whether it carries actions (only tier composites and the alert-delivery alarm do). */
  readonly hasActions: boolean;
  /** For a metric alarm with a static threshold: the series it compares, so a dashboard can draw the threshold on the graph of it. */
  readonly watches?: WatchedSeries;
}

/** The series a metric alarm compares with a static threshold: its queries, the returned one, and the comparison. */
export interface WatchedSeries {
  /** The alarm's queries, as in its `Metrics`. */
  readonly metrics: readonly MetricDataQuery[];
  /** The id of the query compared (`ReturnData: true`). */
  readonly returnedId: string;
  readonly comparison: ComparisonOperator;
  readonly threshold: number;
}

/** What {@link generateAlarms} returns. */
export interface GeneratedAlarms {
  /** CloudFormation resources keyed by logical id, ready to merge into `Resources`. */
  readonly resources: Readonly<Record<string, CfnResource>>;
  /** CloudFormation outputs (topic ARNs). */
  readonly outputs: Readonly<Record<string, { readonly Value: CfnValue; readonly Description: string }>>;
  /** Every alarm, composites first, then by tier and name. */
  readonly alarms: readonly GeneratedAlarmSummary[];
}
