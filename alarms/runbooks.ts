import type { ServiceDefinition } from '../src/catalog';
import { LogQueries } from '../src/runtime/log-queries';
import { refusalMetricsOf } from './factories/api';
import { BURN_RATE_ALERTS, burnFactor, errorBudget } from './factories/burn-rate';
import { DEPLOY_MARKER } from './factories/meta';
import { Thresholds as T } from './thresholds';
import { AlarmKind, type AlarmKindName } from './types';

interface Section {
  readonly title: string;
  readonly means: string;
  readonly check: readonly string[];
  readonly fix: readonly string[];
  readonly tune: string;
}

const code = (text: string): string => `\`\`\`\n${text}\n\`\`\``;

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
  const errorsFirst = `Open the Logs link of the alert (Logs Insights over the function's log groups, around the time it fired) and run:\n\n${code(LogQueries.errors)}`;
  return {
    composite: {
      title: 'Tier composite (critical / warning)',
      means: 'One or more alarms of the tier are in ALARM. Only these composites notify, so an incident that trips several alarms sends one page. The notification lists the triggering alarm.',
      check: ['Open the triggering alarm named in the notification and follow its runbook.', 'The operations dashboard shows every alarm’s state at the top.'],
      fix: ['Fix the cause; the composite returns to OK when its alarms do (critical announces recovery).'],
      tune: 'Tiers are data in the catalog (`tiers`); what belongs where is in `alarms/factories/`.',
    },
    [AlarmKind.LambdaErrors]: {
      title: 'Lambda error rate',
      means: `More than ${T.lambdaErrorRatePercent}% of a function's invocations end in an unhandled error, crash or timeout. Handled errors become 4xx/5xx responses and are counted by the API alarms instead.`,
      check: [errorsFirst, 'Did it start with a deploy? Compare with the deploy time.'],
      fix: ['Roll back a bad deploy.', 'A timeout: see the Lambda duration runbook.'],
      tune: '`Thresholds.lambdaErrorRatePercent` in alarms/thresholds.ts.',
    },
    [AlarmKind.LambdaThrottles]: {
      title: 'Lambda throttles',
      means: 'Lambda refused invocations because the function or the account ran out of concurrency. API callers get 5XX (429 from Lambda).',
      check: ['Lambda console → Concurrency: account limit, reserved concurrency of this function, what else consumes it.'],
      fix: ['Raise reserved concurrency or the account quota; find the runaway consumer.'],
      tune: '`Thresholds.lambdaThrottlesPerMinute`.',
    },
    [AlarmKind.LambdaDuration]: {
      title: 'Lambda p99 duration near the timeout',
      means: `The p99 duration is above ${T.durationShareOfTimeout * 100}% of the function's timeout: the slowest requests are about to time out.`,
      check: [`Find the slowest requests:\n\n${code(LogQueries.slowest)}`, 'Open their `xray_trace_id` in X-Ray: which subsegment is slow (DynamoDB, cold start)?'],
      fix: ['A slow dependency: check its own alarms.', 'More memory also means more CPU for a CPU-bound handler.'],
      tune: '`Thresholds.durationShareOfTimeout`, or the function timeout in serverless.yml.',
    },
    [AlarmKind.Api5xx]: {
      title: 'API 5XX rate',
      means: `More than ${T.api5xxRatePercent}% of API requests fail with a 5XX for 3 of the last 5 minutes: customers are failing now. It pages.`,
      check: [errorsFirst, 'DynamoDB alarms firing too? Then the table is the cause.', 'Did it start with a deploy?'],
      fix: ['Roll back a bad deploy.', 'DynamoDB errors: follow the DynamoDB runbooks; the API alarms clear when the table recovers.'],
      tune: '`Thresholds.api5xxRatePercent`.',
    },
    [AlarmKind.Api4xx]: {
      title: 'API 4XX rate (info)',
      means: `More than ${T.api4xxRatePercent}% of requests are refused: a broken client, a scanner, or a contract change. It never pages.`,
      check: [
        ...refusalMetricsOf(catalog).map((name) => `\`${name}\` by \`reason\`: this service's own count of what it refused, and why.`),
        'The refused requests: `filter statusCode >= 400 and statusCode < 500`, by `route` and `statusCode`.',
      ],
      fix: ['Tell the client’s owner what they send wrong; the 400 response names the field.'],
      tune: '`Thresholds.api4xxRatePercent`.',
    },
    [AlarmKind.ApiLatency]: {
      title: 'API p99 latency over the SLO',
      means: `The API's p99 latency is above the SLO's target${slo ? ` (${slo.latencyP99Ms} ms)` : ''} for 15 minutes.`,
      check: [`The slowest requests:\n\n${code(LogQueries.slowest)}`, 'Cold starts (`cold_start: true`) among them? DynamoDB latency on the operations dashboard?'],
      fix: ['A slow dependency: fix or shed it.', 'Cold starts: provisioned concurrency, or a smaller bundle.'],
      tune: 'The SLO’s `latencyP99Ms` in the catalog.',
    },
    [AlarmKind.DynamoDbThrottles]: {
      title: 'DynamoDB throttled requests',
      means: `DynamoDB throttled ${T.dynamoDbThrottledRequestsPerMinute}+ requests a minute, summed over the operations the service performs. The SDK retries; users feel it only when retries run out (then the API alarms fire).`,
      check: ['Operations dashboard → DynamoDB throttles by operation.', 'A hot partition key (one customer, one order id)? A spike above twice the previous peak (on-demand)?'],
      fix: ['Spread a hot key; pre-warm or switch to provisioned capacity for a known spike.'],
      tune: '`Thresholds.dynamoDbThrottledRequestsPerMinute`.',
    },
    [AlarmKind.DynamoDbSystemErrors]: {
      title: 'DynamoDB system errors',
      means: 'DynamoDB itself answered with internal errors (HTTP 500). Nothing in our code causes these.',
      check: ['The AWS Health Dashboard for DynamoDB in this region.'],
      fix: ['Wait it out: the SDK retries, and clients see 5XX only when its retries run out. Consider failing over to another region if it lasts.'],
      tune: '`Thresholds.dynamoDbSystemErrorsPerMinute`.',
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
      means: `A deploy pipeline reports \`${DEPLOY_MARKER.metricName}\` in \`${DEPLOY_MARKER.namespace}\`. While it is in ALARM, the tier composites hold their actions; a failure that outlasts the deploy by 5 minutes still notifies.`,
      check: ['Is a deploy running? If not, the pipeline forgot to report its end: the marker lapses one minute after its last data point.'],
      fix: [
        `Report the deploy from the pipeline every minute while it runs:\n\n${code(`aws cloudwatch put-metric-data --namespace ${DEPLOY_MARKER.namespace} --metric-name ${DEPLOY_MARKER.metricName} --dimensions Service=${catalog.service},Stage=<stage> --value 1`)}`,
      ],
      tune: '`SUPPRESSION` in alarms/composites.ts.',
    },
    [AlarmKind.AlertDelivery]: {
      title: 'Alert delivery failed',
      means: 'The Slack notifier could not deliver an alert after all its retries and Lambda’s; the alert waits in the dead letter queue. It may be a page nobody saw in Slack.',
      check: ['Read the queue (SQS console → Poll for messages): each message holds the original alarm in `requestPayload`.', 'The notifier’s logs say why (`SlackFailed` by `reason`).'],
      fix: ['Fix the webhook (rotate the SSM parameter if Slack revoked it), then redrive the queue to the notifier.'],
      tune: 'Retries: `NOTIFIER_RETRY_ATTEMPTS` in alarms/routing.ts.',
    },
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
