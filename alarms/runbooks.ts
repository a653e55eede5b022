import type { ServiceDefinition } from '../src/catalog';
import { LogQueries } from '../src/runtime/log-queries';
import { ALERT_PATH } from './factories/alert-path';
import { refusalMetricsOf } from './factories/api';
import { BURN_RATE_ALERTS, burnFactor, errorBudget } from './factories/burn-rate';
import { DEPLOY_MARKER } from './factories/meta';
import { code, type RunbookSection as Section, tuneOf } from './runbook-section';
import { accountConcurrencyLimitOf, resolveThresholds, Thresholds, windowText } from './thresholds';
import { triggerSections } from './trigger-runbooks';
import { AlarmKind, type AlarmKindName } from './types';

function sections(catalog: ServiceDefinition): Record<AlarmKindName | 'composite', Section> {
  const slo = catalog.slos[0];
  const burnTable = slo
    ? [
        '| alert | tier | long / short window | budget consumed | burn factor | error rate |',
        '|---|---|---|---|---|---|',
        ...BURN_RATE_ALERTS.map((a) => {
          const factor = burnFactor(a.budgetShare, slo.windowDays ?? 28, a.longMinutes);
          return `| ${a.signal} | ${a.tier} | ${a.longMinutes / 60}h / ${a.shortMinutes}m | ${a.budgetShare * 100}% | ${factor}× | ${Number((factor * errorBudget(slo.availabilityTarget) * 100).toPrecision(4))}% |`;
        }),
      ].join('\n')
    : 'This catalog has no SLO.';
  const business = catalog.metrics.flatMap((m) => (m.alarms ?? []).map((a) => `- **${a.signal}** (${a.tier}, on \`${m.name}\`): ${a.description}${a.action ? ` First: ${a.action}` : ''}`));
  const t = resolveThresholds(catalog);
  const errorsFirst = `Open the Logs link of the alert (Logs Insights over the function's log groups, around the time it fired) and run:\n\n${code(LogQueries.errors)}`;
  return {
    composite: {
      title: 'Tier composite (critical / warning)',
      means: 'One or more alarms of the tier are in ALARM. Only these composites notify, so an incident that trips several alarms sends one page. The notification lists the triggering alarm.',
      check: ['Open the triggering alarm named in the notification and follow its runbook.', 'The operations dashboard shows every alarm’s state at the top.'],
      fix: ['Fix the cause; the composite returns to OK when its alarms do, and announces it. While it stays in ALARM, the Slack notifier announces other members’ changes itself (docs/alerting.md).'],
      tune: 'Tiers are data in the catalog (`tiers`); what belongs where is in `alarms/factories/`.',
    },
    [AlarmKind.LambdaErrors]: {
      title: 'Lambda error rate',
      means: `More than ${t['lambda-errors'].threshold}% of a function's invocations end in an unhandled error, crash or timeout, ${windowText(t['lambda-errors'])}. Handled errors become 4xx/5xx responses and are counted by the API alarms instead.`,
      check: [errorsFirst, 'Did it start with a deploy? Compare with the deploy time.'],
      fix: ['Roll back a bad deploy.', 'A timeout: see the Lambda duration runbook.'],
      tune: tuneOf(t, 'lambda-errors', '%'),
    },
    [AlarmKind.LambdaThrottles]: {
      title: 'Lambda throttles',
      means: 'Lambda refused invocations because the function or the account ran out of concurrency. API callers get 5XX (429 from Lambda).',
      check: ['Lambda console → Concurrency: account limit, reserved concurrency of this function, what else consumes it.'],
      fix: ['Raise reserved concurrency or the account quota; find the runaway consumer.'],
      tune: tuneOf(t, 'lambda-throttles', ' a minute'),
    },
    [AlarmKind.LambdaDuration]: {
      title: 'Lambda p99 duration near the timeout',
      means: `The p99 duration is above ${t['lambda-duration'].threshold}% of the function's timeout, ${windowText(t['lambda-duration'])}: the slowest requests are about to time out.`,
      check: [`Find the slowest requests:\n\n${code(LogQueries.slowest)}`, 'Open their `xray_trace_id` in X-Ray: which subsegment is slow (DynamoDB, cold start)?'],
      fix: ['A slow dependency: check its own alarms.', 'More memory also means more CPU for a CPU-bound handler.'],
      tune: tuneOf(t, 'lambda-duration', '% of the timeout', ', or the function timeout in serverless.yml'),
    },
    [AlarmKind.Api5xx]: {
      title: 'API 5XX rate',
      means: `More than ${t['api-5xx'].threshold}% of API requests fail with a 5XX, ${windowText(t['api-5xx'])}: customers are failing now. It pages.`,
      check: [errorsFirst, 'DynamoDB alarms firing too? Then the table is the cause.', 'Did it start with a deploy?'],
      fix: ['Roll back a bad deploy.', 'DynamoDB errors: follow the DynamoDB runbooks; the API alarms clear when the table recovers.'],
      tune: tuneOf(t, 'api-5xx', '%'),
    },
    [AlarmKind.Api4xx]: {
      title: 'API 4XX rate (info)',
      means: `More than ${t['api-4xx'].threshold}% of requests are refused: a broken client, a scanner, or a contract change. It never pages.`,
      check: [
        ...refusalMetricsOf(catalog).map((name) => `\`${name}\` by \`reason\`: this service's own count of what it refused, and why.`),
        'The refused requests: `filter statusCode >= 400 and statusCode < 500`, by `route` and `statusCode`.',
      ],
      fix: ['Tell the client’s owner what they send wrong; the 400 response names the field.'],
      tune: tuneOf(t, 'api-4xx', '%'),
    },
    [AlarmKind.ApiLatency]: {
      title: 'API p99 latency over the SLO',
      means: `The API's p99 latency is above the SLO's target${slo ? ` (${slo.latencyP99Ms} ms)` : ''} for 15 minutes.`,
      check: [`The slowest requests:\n\n${code(LogQueries.slowest)}`, 'Cold starts (`cold_start: true`) among them? DynamoDB latency on the operations dashboard?'],
      fix: ['A slow dependency: fix or shed it.', 'Cold starts: provisioned concurrency, or a smaller bundle.'],
      tune: 'The SLO’s `latencyP99Ms` in the catalog.',
    },
    [AlarmKind.DynamoDbReadThrottles]: {
      title: 'DynamoDB read throttle events (table or index)',
      means: `DynamoDB refused ${t['dynamodb-read-throttles'].threshold}+ reads a minute for capacity, ${windowText(t['dynamodb-read-throttles'])}, on the table itself or on one of its global secondary indexes: the alarm's name says which (\`…-<table>-read-throttles\` or \`…-<table>-<index>-read-throttles\`). A Query through an index is throttled on the index, not the table. The SDK retries; users feel it only when retries run out (then the API alarms fire).`,
      check: [
        'Operations dashboard → DynamoDB throttles.',
        'A hot partition key (one item read by everyone)? A spike above twice the previous peak (on-demand)?',
        'On an index: a key with few values (one big customer) puts its reads on one partition.',
      ],
      fix: ['Spread or cache a hot key; pre-warm, or switch to provisioned capacity, for a known spike.', 'On an index: a key with more distinct values.'],
      tune: tuneOf(t, 'dynamodb-read-throttles', ' events a minute'),
    },
    [AlarmKind.DynamoDbWriteThrottles]: {
      title: 'DynamoDB write throttle events (table or index)',
      means: `DynamoDB refused ${t['dynamodb-write-throttles'].threshold}+ writes a minute for capacity, ${windowText(t['dynamodb-write-throttles'])}, on the table itself or on one of its indexes (the alarm's name says which). A write to the table also writes every index that holds the item; when an index cannot absorb it, DynamoDB throttles the table write and counts the event on the index.`,
      check: ['Operations dashboard → DynamoDB throttles by operation.', 'A batch job, a retry storm or a hot partition key? On an index: a key with few values.'],
      fix: ['Spread a hot key; smooth the batch job.', 'A provisioned index needs at least the write capacity of its table.'],
      tune: tuneOf(t, 'dynamodb-write-throttles', ' events a minute'),
    },
    [AlarmKind.DynamoDbSystemErrors]: {
      title: 'DynamoDB system errors',
      means: `DynamoDB itself answered ${t['dynamodb-system-errors'].threshold}+ requests a minute with internal errors (HTTP 500), ${windowText(t['dynamodb-system-errors'])}. Nothing in our code causes these.`,
      check: ['The AWS Health Dashboard for DynamoDB in this region.'],
      fix: ['Wait it out: the SDK retries, and clients see 5XX only when its retries run out. Consider failing over to another region if it lasts.'],
      tune: tuneOf(t, 'dynamodb-system-errors', ' a minute'),
    },
    [AlarmKind.DynamoDbLatency]: {
      title: 'DynamoDB latency of one operation',
      means: `DynamoDB's own time to serve one operation's successful requests (\`SuccessfulRequestLatency\`, Average) is above ${t['dynamodb-latency'].threshold} ms, ${windowText(t['dynamodb-latency'])}. It leaves out the network and the client. AWS advises the Average: the Maximum is one slow request, often one DynamoDB retried inside.`,
      check: [
        'The AWS Health Dashboard for DynamoDB in this region.',
        'A Query or Scan: does each call return far more items than it used to (`ReturnedItemCount`)?',
        'Do users feel it yet? Lambda p99 duration and API latency on the operations dashboard.',
      ],
      fix: ['A changed access pattern: a `Limit`, a narrower key condition, or an index for it.', 'DynamoDB degraded: wait it out; fail over to another region if it lasts.'],
      tune: tuneOf(t, 'dynamodb-latency', ' ms'),
    },
    [AlarmKind.LambdaConcurrency]: {
      title: 'Lambda concurrency near a reservation',
      means: `A function ran ${t['lambda-concurrency'].threshold}% or more of its reserved concurrency at once, ${windowText(t['lambda-concurrency'])}. A reservation is both guaranteed and a ceiling: beyond it invocations are throttled (then the throttles alarm fires, and API callers get 5XX).`,
      check: [
        'The function’s monitoring: `ConcurrentExecutions` (Maximum) and `Throttles`. Concurrency is about requests per second × seconds each.',
        'Did invocations grow (a real surge, a retry storm) or duration (a slow dependency holding each invocation longer)?',
      ],
      fix: ['Real growth: raise `reservedConcurrency` in serverless.yml (the account keeps at least 100 unreserved).', 'A slow dependency: fix it; concurrency falls with duration.'],
      tune: tuneOf(t, 'lambda-concurrency', '% of the reservation'),
    },
    [AlarmKind.LambdaAccountConcurrency]: {
      title: 'Lambda account concurrency near the limit',
      means: `The account's \`ClaimedAccountConcurrency\` — executions of functions without a reservation, plus every reservation and provisioned concurrency — reached ${t['lambda-account-concurrency'].threshold}% of its limit of ${accountConcurrencyLimitOf(catalog)}, ${windowText(t['lambda-account-concurrency'])}. It is the whole account's in this Region, so another service's surge counts too. At the limit, every function without a reservation is throttled. \`ConcurrentExecutions\` alone would leave the reservations out.`,
      check: ['CloudWatch → Lambda → `ConcurrentExecutions` by function, across the account: what is using it?', 'Service Quotas → AWS Lambda → Concurrent executions: the applied limit.'],
      fix: ['Real growth: request a quota increase.', 'A runaway function elsewhere: cap it with a small reservation; reserve concurrency for what must keep running.'],
      tune: tuneOf(t, 'lambda-account-concurrency', '% of the limit', ', and `accountConcurrencyLimit` (default 1000)'),
    },
    [AlarmKind.BusinessThreshold]: {
      title: 'Business metric threshold',
      means: 'A business metric from the catalog crossed its threshold. This service declares:',
      check: business.length > 0 ? business : ['No threshold alarms are declared.'],
      fix: ['Each alarm’s description says what to do first.'],
      tune: 'The metric’s `alarms` in the catalog.',
    },
    [AlarmKind.BusinessAnomaly]: {
      title: 'Business metric anomaly',
      means:
        'A business metric left the band CloudWatch anomaly detection learned from two weeks of its history (time of day and week included). It needs about two weeks of data to be useful; until then it may be noisy, which is why these alarms start in a quiet tier.',
      check: business.length > 0 ? business : ['No anomaly alarms are declared.'],
      fix: ['Compare with the same hour last week on the executive dashboard.'],
      tune: '`bandWidth` (standard deviations) on the alarm in the catalog.',
    },
    [AlarmKind.BurnRate]: {
      title: 'SLO burn rate',
      means: `The service is spending its error budget${slo ? ` (${slo.name}: ${slo.availabilityTarget}% over ${slo.windowDays ?? 28} days)` : ''} faster than it can afford. Each alert needs a long window AND a short one (1/12 of it) over the same factor, so it fires fast and stops soon after the errors do (SRE workbook, multiwindow multi-burn-rate alerts):\n\n${burnTable}\n\nCloudWatch looks back one day at most, so the workbook's 3-day window is not used.`,
      check: [errorsFirst],
      fix: ['Fast burn: customers are failing now; roll back or fix the dependency.', 'Slow burn: a steady leak; find it today.'],
      tune: '`BURN_RATE_ALERTS` in alarms/factories/burn-rate.ts; the SLO target in the catalog.',
    },
    [AlarmKind.DeployInProgress]: {
      title: 'Deploy in progress (info)',
      means: `A deploy is running: the latest \`${DEPLOY_MARKER.started}\` in \`${DEPLOY_MARKER.namespace}\` is later than the latest \`${DEPLOY_MARKER.finished}\`. The Slack notifier marks both from CodeDeploy's deployment state changes and CloudFormation's stack status changes, so \`serverless deploy\` needs no pipeline step. While it is in ALARM, the tier composites hold their actions; a failure that outlasts the deploy by 5 minutes still notifies.`,
      check: [
        'Is a deploy running (CloudFormation console → the stack’s events; CodeDeploy console → deployments)? If not, its end was never marked: the start stops counting once it leaves the alarm’s window (the longest traffic shift plus 30 minutes).',
      ],
      fix: [
        `Optional, for deploys that go around CloudFormation and CodeDeploy: mark them from the pipeline, at the start and at the end:\n\n${code(`aws cloudwatch put-metric-data --namespace ${DEPLOY_MARKER.namespace} --metric-name ${DEPLOY_MARKER.started} --dimensions Service=${catalog.service},Stage=<stage> --value "$(date +%s)"\n# … deploy …\naws cloudwatch put-metric-data --namespace ${DEPLOY_MARKER.namespace} --metric-name ${DEPLOY_MARKER.finished} --dimensions Service=${catalog.service},Stage=<stage> --value "$(date +%s)"`)}`,
      ],
      tune: '`SUPPRESSION` in alarms/composites.ts; the window: `DEPLOY_MARKER_MARGIN_MINUTES` in alarms/deployments/strategy.ts.',
    },
    [AlarmKind.DeployGate]: {
      title: 'Deployment rolled back',
      means:
        'A gate alarm of a new version went into ALARM during its canary or linear traffic shift: its error rate or p99 duration, on its own invocations only (`Resource=<function>:live`, `ExecutedVersion=<version>`). CodeDeploy stopped the deployment and moved all traffic back to the previous version; CloudFormation rolled the stack back. The Slack notifier posted one message naming the alarm. Nobody was paged: the previous version serves customers.',
      check: [
        'The Slack message names the gate alarm and its reason; the CodeDeploy console shows the stopped deployment and the rollback.',
        'Open the new version’s errors: Logs Insights over the function’s log group, filtered on the version (`@logStream like /\\[<version>\\]/`), or X-Ray traces of that version.',
        'Was it the service’s critical composite that stopped it? Then customers were hurt already, whatever the new version did: see that incident first.',
      ],
      fix: ['Fix the cause, then deploy again: the next version gets fresh gate alarms (the version is in their names), so this ALARM does not block it.'],
      tune: '`deployment.gate` in the catalog (`errorRatePercent`, `minInvocations`, `windowMinutes`, `onCritical`); the strategy per function and stage (`deployment.strategy`, `deployment.stages`).',
    },
    [AlarmKind.AlertDelivery]: {
      title: 'Alert delivery failed',
      means: 'The Slack notifier could not deliver an alert after all its retries and Lambda’s; the alert waits in the dead letter queue. It may be a page nobody saw in Slack.',
      check: ['Read the queue (SQS console → Poll for messages): each message holds the original alarm in `requestPayload`.', 'The notifier’s logs say why (`SlackFailed` by `reason`).'],
      fix: ['Fix the webhook (rotate the SSM parameter if Slack revoked it), then redrive the queue to the notifier.'],
      tune: 'Retries: `NOTIFIER_RETRY_ATTEMPTS` in alarms/routing.ts.',
    },
    [AlarmKind.LambdaQuietFailures]: {
      title: 'Quiet function failing',
      means: `A function with few invocations (fewer failures than the error-rate alarm's floor of ${Thresholds.minFailuresPerMinute} a minute) failed at least ${t['lambda-quiet-failures'].threshold}% of them, ${windowText(t['lambda-quiet-failures'])}: nearly every request fails, too few for a rate. Critical for functions an SLO counts.`,
      check: [errorsFirst, 'Did it start with a deploy? Compare with the deploy time.'],
      fix: ['Roll back a bad deploy; otherwise fix what every request trips on.'],
      tune: tuneOf(t, 'lambda-quiet-failures', '%'),
    },
    [AlarmKind.AlertTopicDelivery]: {
      title: 'Alert topic delivery failed',
      means: 'SNS could not deliver a tier topic’s alert to one of its subscribers (the Slack notifier, the pager endpoint or an email address). This alarm reports through the other tier’s topic.',
      check: [
        'SNS console → the topic → Subscriptions: a pending or deleted subscription; the notifier’s resource policy (`lambda:InvokeFunction` for sns.amazonaws.com); the topic’s delivery status logs.',
      ],
      fix: ['Restore the subscription or permission (`serverless deploy` restores them); until then, watch the operations dashboard.'],
      tune: 'Any failed delivery alarms: there is nothing to tune.',
    },
    [AlarmKind.NotifierErrors]: {
      title: 'Slack notifier errors',
      means: 'The Slack notifier failed an invocation: an alert did not reach Slack at the first attempt. Lambda retries it twice, then keeps it in the dead letter queue.',
      check: ['The notifier’s logs: `ALERT NOT DELIVERED` lines and `SlackFailed` by `reason`.'],
      fix: ['Fix the webhook (rotate the SSM parameter if Slack revoked it); a Slack outage passes with the retries.'],
      tune: 'Any error alarms: there is nothing to tune.',
    },
    [AlarmKind.NotifierThrottles]: {
      title: 'Slack notifier throttled',
      means: 'Lambda throttled the Slack notifier: alerts wait in its asynchronous queue and reach Slack late.',
      check: ['Lambda console → Concurrency: what consumes the account’s concurrency.'],
      fix: ['Give the notifier reserved concurrency (1 or 2 is enough), or stop the runaway consumer.'],
      tune: 'Any throttle alarms: there is nothing to tune.',
    },
    [AlarmKind.NotifierEventAge]: {
      title: 'Alerts reaching the notifier late',
      means: `An alert waited ${ALERT_PATH.maxEventAgeSeconds / 60} minutes or more in Lambda’s queue before the notifier got it (throttling, or retries after errors).`,
      check: ['The notifier’s throttles and errors alarms, and its logs.'],
      fix: ['As for throttles and errors: reserved concurrency, a working webhook.'],
      tune: '`ALERT_PATH.maxEventAgeSeconds` in alarms/factories/alert-path.ts.',
    },
    [AlarmKind.NotifierEventsDropped]: {
      title: 'Alerts dropped',
      means: 'Lambda dropped alerts for the notifier without keeping them anywhere: they are lost (too old, or the dead letter queue refused them).',
      check: ['The notifier’s logs around the time: which alerts failed.', 'The dead letter queue exists and the notifier may send to it.'],
      fix: ['Restore the queue or its permission (`serverless deploy`); look at the dashboards for what the lost alerts said.'],
      tune: 'Any dropped alert alarms: there is nothing to tune.',
    },
    [AlarmKind.NotifierDestinationFailures]: {
      title: 'Dead letter queue refusing alerts',
      means: 'Lambda could not keep an undelivered alert in the notifier’s dead letter queue.',
      check: ['SQS console: the queue exists; IAM: the notifier’s role may `sqs:SendMessage` to it.'],
      fix: ['Restore the queue or the policy (`serverless deploy`).'],
      tune: 'Any failure alarms: there is nothing to tune.',
    },
    [AlarmKind.AlertQueueAge]: {
      title: 'Undelivered alert unread',
      means: `An alert has waited ${ALERT_PATH.maxDeadLetterAgeSeconds / 60} minutes or more in the dead letter queue: nobody has read it.`,
      check: ['Read the queue (SQS console → Poll for messages): each message holds the original alarm in `requestPayload`.'],
      fix: ['Act on the alert, fix the webhook, then redrive or purge the queue.'],
      tune: '`ALERT_PATH.maxDeadLetterAgeSeconds` in alarms/factories/alert-path.ts.',
    },
    ...triggerSections(catalog, t, errorsFirst),
  };
}

const render = (catalog: ServiceDefinition, section: Section): string =>
  [
    `# ${section.title}`,
    '',
    `_Generated by Periscope from the ${catalog.service} catalog (\`npm run runbooks\`); edit the generator, not this file._`,
    '',
    '## What it means',
    '',
    section.means,
    '',
    '## Check',
    '',
    ...section.check.map((step, i) => `${i + 1}. ${step.replaceAll('\n', '\n   ').replaceAll('\n   \n', '\n\n')}`),
    '',
    '## Fix',
    '',
    ...section.fix.map((step) => `- ${step.replaceAll('\n', '\n  ').replaceAll('\n  \n', '\n\n')}`),
    '',
    '## Tune',
    '',
    section.tune,
    '',
  ].join('\n');

/**
 * One markdown runbook per alarm kind (and the tier composites), named `<kind>.md`: the page every
 * alarm description links to. Pure: the catalog in, the files' contents out.
 */
export function generateRunbooks(catalog: ServiceDefinition): Record<string, string> {
  return Object.fromEntries(Object.entries(sections(catalog)).map(([kind, section]) => [`${kind}.md`, render(catalog, section)]));
}
