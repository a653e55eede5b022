import type { ServiceDefinition } from '../src/catalog';
import { BatchMetric } from '../src/cloudwatch';
import { code, type RunbookSection, tuneOf } from './runbook-section';
import { type ResolvedThresholds, windowText } from './thresholds';
import { AlarmKind } from './types';

/** The alarm kinds of what invokes a function. */
type TriggerKind =
  | typeof AlarmKind.SqsQueueAge
  | typeof AlarmKind.SqsQueueDepth
  | typeof AlarmKind.SqsDeadLetters
  | typeof AlarmKind.SqsDeadLetterAge
  | typeof AlarmKind.SqsBatchFailures
  | typeof AlarmKind.EventBridgeFailedInvocations
  | typeof AlarmKind.LambdaAsyncEventAge
  | typeof AlarmKind.LambdaAsyncEventsDropped;

/** Everything a consumer logged about one message, by the `message_id` its log lines carry. */
const MESSAGE_QUERY = ['fields @timestamp, level, message, message_id, error.name, error.message, xray_trace_id, @logStream', '| filter message_id = "<message-id>"', '| sort @timestamp asc'].join(
  '\n',
);

/** Each SQS consumer of the catalog with the age and backlog its alarms compare with. */
function consumers(catalog: ServiceDefinition, t: ResolvedThresholds): string {
  const sqs = catalog.functions.filter((fn) => fn.trigger === 'sqs');
  if (sqs.length === 0) return "This catalog declares no SQS consumer (`trigger: 'sqs'`); consumers read from the template use the defaults.";
  const lines = sqs.map(
    (fn) =>
      `- **${fn.name}**: ${fn.queue?.maxAgeSeconds ?? t['sqs-queue-age'].threshold} s, ${fn.queue?.maxDepth ?? t['sqs-queue-depth'].threshold} messages${fn.queue === undefined ? ' (the defaults)' : ''}`,
  );
  return `This catalog's consumers, oldest message / backlog:\n\n${lines.join('\n')}`;
}

/** Tuning through the function's `queue` first, then the kind's default. */
const queueTune = (t: ResolvedThresholds, kind: 'sqs-queue-age' | 'sqs-queue-depth', field: string, unit: string): string =>
  `The function's \`queue.${field}\` in the catalog (its own promise); for every consumer without one, ${tuneOf(t, kind, unit)}`;

/**
 * The runbooks of the alarms on what invokes a function: SQS queues and their dead letter queues,
 * partial batch failures, EventBridge rules and schedules, and Lambda's asynchronous event queue.
 *
 * @param errorsFirst - the first step the other runbooks share: the errors query over the alert's log groups
 */
export function triggerSections(catalog: ServiceDefinition, t: ResolvedThresholds, errorsFirst: string): Record<TriggerKind, RunbookSection> {
  const mapping = code('aws lambda list-event-source-mappings --function-name <function>');
  const byMessage = `Find a message's story in the consumer's logs by its \`message_id\` (the SQS \`MessageId\`):\n\n${code(MESSAGE_QUERY)}`;
  return {
    [AlarmKind.SqsQueueAge]: {
      title: 'SQS queue: oldest message too old',
      means: `A message has waited in an SQS consumer's queue longer than the function promises (its \`queue.maxAgeSeconds\`, else ${t['sqs-queue-age'].threshold} s), ${windowText(t['sqs-queue-age'])}: users' work is stuck. It pages. SQS leaves a message received three times out of this age, so one poison message retried until its dead letter queue takes it does not page; a consumer that stopped or fell far behind does. ${consumers(catalog, t)}`,
      check: [
        `Is the consumer running? Its invocations, errors and throttles on the operations dashboard; its event source mapping enabled:\n\n${mapping}`,
        errorsFirst,
        'Too slow or too few? Its duration against its timeout, its reserved concurrency and the mapping’s maximum concurrency; the queue’s messages sent against messages deleted.',
      ],
      fix: [
        'A bad deploy: roll back.',
        'Not keeping up: more concurrency (reserved, or the mapping’s `maximumConcurrency`), larger batches, or a faster handler.',
        'A disabled mapping: enable it (`aws lambda update-event-source-mapping --uuid <uuid> --enabled`).',
      ],
      tune: queueTune(t, 'sqs-queue-age', 'maxAgeSeconds', ' s'),
    },
    [AlarmKind.SqsQueueDepth]: {
      title: 'SQS queue: backlog',
      means: `More messages wait in an SQS consumer's queue than it should ever hold (its \`queue.maxDepth\`, else ${t['sqs-queue-depth'].threshold}), ${windowText(t['sqs-queue-depth'])}: it is not keeping up. Nothing is late yet (that is the oldest-message alarm, which pages), but it will be.`,
      check: [
        'The queue on the operations dashboard: messages visible and in flight, and the oldest message’s age. Did producers send more (a burst, a replay), or did the consumer slow down?',
        'The consumer’s throttles, duration and concurrency; its event source mapping’s maximum concurrency.',
      ],
      fix: ['A burst: let it drain, watching the oldest message’s age.', 'A slower consumer: fix the slow dependency, or give it more concurrency.'],
      tune: queueTune(t, 'sqs-queue-depth', 'maxDepth', ' messages'),
    },
    [AlarmKind.SqsDeadLetters]: {
      title: 'SQS dead letter queue: failed messages',
      means: `${t['sqs-dead-letters'].threshold} or more messages are in an SQS consumer's dead letter queue: each failed every receive its queue allows (\`maxReceiveCount\`), and nobody will process it until it is moved back. It stays in ALARM until the queue is empty.`,
      check: [
        'Read a few without deleting them (SQS console → Poll for messages, or the command below): the body and `ApproximateReceiveCount` say what was tried.\n\n' +
          code('aws sqs receive-message --queue-url <dead-letter-queue-url> --max-number-of-messages 10 --visibility-timeout 30 --attribute-names All'),
        byMessage,
      ],
      fix: [
        `Fix what failed them, deploy, then move them back to the queue they came from:\n\n${code('aws sqs start-message-move-task --source-arn <dead-letter-queue-arn>')}`,
        'A message that can never succeed (bad data): record why and delete it on purpose.',
      ],
      tune: tuneOf(t, 'sqs-dead-letters', ' messages'),
    },
    [AlarmKind.SqsDeadLetterAge]: {
      title: 'SQS dead letter queue: failed messages left there',
      means: `A failed message has waited more than ${t['sqs-dead-letter-age'].threshold} s in a dead letter queue since it was moved there, ${windowText(t['sqs-dead-letter-age'])}: nobody has redriven or deleted it, and the queue's retention (\`MessageRetentionPeriod\`) will delete it for good.`,
      check: ['The dead letters runbook: what failed them, and whether the cause is fixed.', byMessage],
      fix: [`Move them back once the consumer can process them:\n\n${code('aws sqs start-message-move-task --source-arn <dead-letter-queue-arn>')}`, 'Or delete them on purpose, with a note of why.'],
      tune: tuneOf(t, 'sqs-dead-letter-age', ' s'),
    },
    [AlarmKind.SqsBatchFailures]: {
      title: 'SQS consumer: failed records',
      means: `More than ${t['sqs-batch-failures'].threshold}% of the records an SQS consumer was given failed (and at least 5 a minute), ${windowText(t['sqs-batch-failures'])}: it reported them in its partial batch response, so SQS retries them alone and, after the queue's \`maxReceiveCount\`, moves them to the dead letter queue. Counted from Periscope's \`${BatchMetric.ItemFailures}\` and \`${BatchMetric.Records}\` metrics (dimensions \`service\`, \`function_name\`).`,
      check: [errorsFirst, byMessage, 'Did it start with a deploy, or with a change in what producers send?'],
      fix: ['A bad deploy: roll back; the retried records then succeed.', 'Bad messages: fix the producer; the consumer’s dead letter queue keeps what cannot be processed.'],
      tune: tuneOf(t, 'sqs-batch-failures', '%'),
    },
    [AlarmKind.EventBridgeFailedInvocations]: {
      title: 'EventBridge rule or schedule: failed deliveries',
      means: `An EventBridge rule or schedule could not invoke its function after all its retries (\`FailedInvocations\` in \`AWS/Events\`, by \`RuleName\`, with \`EventBusName\` on a custom bus; ${t['eventbridge-failed-invocations'].threshold} or more a minute, ${windowText(t['eventbridge-failed-invocations'])}). The function never got those events: a scheduled job did not run, an event was not handled.`,
      check: [
        `The function exists, and its resource policy lets \`events.amazonaws.com\` invoke it from this rule:\n\n${code('aws lambda get-policy --function-name <function>')}`,
        'The rule’s target and its retry policy: `aws events list-targets-by-rule --rule <rule> [--event-bus-name <bus>]`. A target dead letter queue keeps the failed events (`InvocationsSentToDlq`).',
      ],
      fix: ['Restore the permission or the target (`serverless deploy` restores both); then replay what was lost, from the target’s dead letter queue or the event bus archive.'],
      tune: tuneOf(t, 'eventbridge-failed-invocations', ' a minute'),
    },
    [AlarmKind.LambdaAsyncEventAge]: {
      title: 'Asynchronous events waiting',
      means: `Events for a function invoked asynchronously (SNS, EventBridge, a schedule) waited more than ${t['lambda-async-event-age'].threshold} s in Lambda's own queue before it got them (\`AsyncEventAge\`, Maximum), ${windowText(t['lambda-async-event-age'])}. Retries after a function error come 1 and 2 minutes later, so this is throttling or a backlog; events older than the function's maximum event age (6 hours by default) are dropped.`,
      check: [
        'The function’s throttles and concurrency on the operations dashboard, and the account’s concurrency: what else is using it?',
        'Its errors: each failed event comes back twice, which adds to the queue.',
      ],
      fix: ['Throttled: reserve concurrency for it, or stop the runaway consumer of the account’s.', 'Failing: fix the errors; the retries stop with them.'],
      tune: tuneOf(t, 'lambda-async-event-age', ' s'),
    },
    [AlarmKind.LambdaAsyncEventsDropped]: {
      title: 'Asynchronous events dropped',
      means: `Lambda gave up on events for a function invoked asynchronously (\`AsyncEventsDropped\`; ${t['lambda-async-events-dropped'].threshold} or more a minute, ${windowText(t['lambda-async-events-dropped'])}): every retry failed, the event grew older than its maximum age, or the function had no concurrency. It pages when the function keeps no failed events (no on-failure destination, no dead letter queue): they are lost, and only its logs say what they were. With a place that keeps them, it warns: the events wait there.`,
      check: [
        errorsFirst,
        'Is it throttled, or is its reserved concurrency 0 (every event dropped at once)?',
        'Where failed events go: `aws lambda get-function-event-invoke-config --function-name <function>`.',
      ],
      fix: [
        'Kept events: fix the cause, then replay them from the destination to the function.',
        'Lost events: redo their work from the logs (the failing invocations’ events), and give the function an on-failure destination (`destinations.onFailure` in serverless.yml) so the next ones are kept.',
      ],
      tune: tuneOf(t, 'lambda-async-events-dropped', ' a minute'),
    },
  };
}
