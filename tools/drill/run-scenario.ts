import { sqsMetric } from '../../src/cloudwatch';
import { AlarmEvaluator, alarmNotificationMessage } from '../emulators/cloudwatch/alarm-evaluator';
import type { LocalCloudWatchApi } from '../emulators/cloudwatch/api/local-cloudwatch-api';
import { MetricStore, parseEmfLine } from '../emulators/cloudwatch/metric-store';
import type { HookVerdict, SimulatedGroup } from '../emulators/codedeploy/stack-update';
import { type FakeSlack, SlackResponses } from '../emulators/slack-webhook/fake-slack';
import type { AsyncHandler } from '../emulators/sns-lambda/async-invoke';
import { AlertRouter, eventSubject } from './alert-router';
import type { DrillDeployments } from './deployments';
import { DrillDeploy } from './drill-deploy';
import type { OrdersHost } from './orders-host';
import type { AlarmNames, BusEventRecord, Outcome, Phase, Scenario, Transition } from './scenario';
import { SimClock } from './sim-clock';
import { strayMessageBody } from './stray-messages';
import { countOf, type DrillRequest, dailyShape, minuteOfTraffic, requestOf, seededRandom } from './traffic';

const MINUTE = 60_000;
/** The account and region the drill's alarms live in. */
const CONTEXT = { region: 'us-east-1', accountId: '123456789012' } as const;
/** Ordinary traffic before minute 0, so the alarms start from a running service's history, not from nothing. */
const DEFAULT_WARM_UP_MINUTES = 30;
/** How often a warm-up reports progress, in simulated minutes. */
const WARM_UP_PROGRESS_MINUTES = 6 * 60;

/** What every scenario runs against: the hosted handlers, the template, Slack. */
export interface DrillEnvironment {
  readonly host: OrdersHost;
  /** The packaged template's resources: alarms, composites, topics, subscriptions. */
  readonly resources: Readonly<Record<string, { readonly Type: string; readonly Properties: Record<string, unknown> }>>;
  /** The real Slack notifier: SNS events from the tier topics, and the alarm state change rule's events. */
  readonly notifier: AsyncHandler<unknown>;
  /** The CloudWatch API the notifier reads alarm states from (its `AWS_ENDPOINT_URL_CLOUDWATCH`). */
  readonly cloudWatchApi: LocalCloudWatchApi;
  readonly slack: FakeSlack;
  readonly names: AlarmNames;
  /** The Slack notifier's dead letter queue name (its depth is `AWS/SQS` `ApproximateNumberOfMessagesVisible`). */
  readonly deadLetterQueueName: string;
  /** The notifier's deployed function name, for the Lambda metrics of its invocations. */
  readonly notifierFunctionName: string;
  /** The catalog's deployment groups and gate alarms at the drill's stage (their resources are in `resources`). */
  readonly deployments: DrillDeployments;
  /** Every function key of the service. */
  readonly functions: readonly string[];
  /** The service's CloudFormation stack (`periscope-orders-prod`): its status changes are the deploy markers' source. */
  readonly stackName: string;
  /** Runs the real pre-traffic hook for a group that smoke-tests its new versions; none: the hook succeeds. */
  readonly runHook?: (group: SimulatedGroup, deploymentId: string, at: number) => Promise<HookVerdict>;
}

/** Progress of a long scenario: every simulated hour, and every 6 hours of a long warm-up (negative minutes). */
export type ScenarioProgress = (minute: number, of: number) => void;

const activeAt = (phases: readonly Phase[], minute: number): Phase[] => phases.filter((p) => minute >= p.fromMinute && (p.toMinute === undefined || minute < p.toMinute));

/** The day's traffic at this minute, as the active phases change it, plus their extra requests, shuffled. */
function requestsOfMinute(scenario: Scenario, peak: number, phases: readonly Phase[], minute: number, random: () => number): DrillRequest[] {
  const factor = phases.reduce((f, p) => f * (p.traffic ?? 1), 1);
  const only = phases.find((p) => p.onlyKinds !== undefined)?.onlyKinds;
  const minuteOfDay = (((scenario.startHour * 60 + minute) % 1440) + 1440) % 1440;
  const ordinary = minuteOfTraffic(dailyShape(minuteOfDay, peak) * factor, random).filter((r) => only === undefined || only.includes(r.kind));
  const extra = phases.flatMap((p) => p.extra ?? []).flatMap(({ kind, perMinute }) => Array.from({ length: countOf(perMinute, random) }, () => requestOf(kind, random)));
  if (extra.length === 0) return ordinary;
  const batch = [...ordinary, ...extra];
  for (let i = batch.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [batch[i], batch[j]] = [batch[j] as DrillRequest, batch[i] as DrillRequest];
  }
  return batch;
}

/** The text of a Slack message as the notifier posts it (Block Kit: the fallback `text`). */
const slackText = (payload: unknown): string => {
  const text = (payload as { text?: unknown }).text;
  return typeof text === 'string' ? text : JSON.stringify(payload).slice(0, 200);
};

/**
 * Runs one scenario on a fresh CloudWatch (metric store and alarm states, all alarms starting OK as
 * in a running stack) and fresh OrderPlaced queues: each simulated minute sends that minute's traffic
 * through the real handlers, lets fulfilOrder's event source mapping take what the minute put on the
 * queue, samples both queues' `AWS/SQS` metrics, then evaluates every alarm as CloudWatch does once a
 * minute, and delivers each state change with actions through SNS to the pager and the real Slack notifier.
 */
export async function runScenario(scenario: Scenario, env: DrillEnvironment, options: { short?: boolean; seed?: number; onProgress?: ScenarioProgress } = {}): Promise<Outcome> {
  const minutes = (options.short === true ? scenario.short?.minutes : undefined) ?? scenario.minutes;
  const peak = (options.short === true ? scenario.short?.peak : undefined) ?? scenario.peak;
  const warmUp = scenario.warmUpMinutes ?? DEFAULT_WARM_UP_MINUTES;
  const clock = new SimClock(Date.parse('2026-11-23T00:00:00Z') + (scenario.startHour * 60 - warmUp) * MINUTE);
  const start = clock.now() + warmUp * MINUTE;
  const store = new MetricStore();
  const evaluator = new AlarmEvaluator(env.resources, { initialState: 'OK' });
  const router = new AlertRouter({
    resources: env.resources,
    notifier: env.notifier,
    onNotifierLines: (lines, at) => {
      for (const line of lines) store.add(...(parseEmfLine(line) ?? []).map((point) => ({ ...point, timestamp: at })));
    },
    notifierFunctionName: env.notifierFunctionName,
    onMetrics: (points) => store.add(...points),
  });
  env.cloudWatchApi.useStates((name) => {
    if (!evaluator.alarms().some((alarm) => alarm.name === name)) return undefined;
    const { kind, state, since, reason } = evaluator.state(name);
    const alarm = evaluator.alarm(name);
    return { kind, state, since: since ?? start - warmUp * MINUTE, reason, ...(alarm.kind === 'composite' ? { rule: alarm.rule } : {}) };
  });
  const random = seededRandom(options.seed ?? 7);
  const transitions: Transition[] = [];
  const statuses: Record<number, number> = {};
  const slack: { at: number; text: string }[] = [];
  // Only what Slack accepted is a message people see; refused attempts are retries.
  const accepted = () => env.slack.requests().filter((request) => request.answer === 200);
  let slackSeen = accepted().length;
  let requests = 0;
  let strays = 0;
  env.host.useStore(store);
  // Empty queues, the event source mapping as deployed: from the history's first minute on.
  await env.host.startScenario(clock.now());
  // What the notifier puts with PutMetricData (the deploy markers) lands in this scenario's CloudWatch.
  env.cloudWatchApi.useMetricSink((data) => store.add(...data));
  const deploy =
    scenario.deploy === undefined
      ? undefined
      : new DrillDeploy(scenario.deploy, {
          start,
          deployments: env.deployments,
          functions: env.functions,
          origin: CONTEXT,
          stackName: env.stackName,
          setAliasTraffic: (fn, traffic) => env.host.setAliasTraffic(fn, traffic),
          ...(env.runHook === undefined ? {} : { runHook: env.runHook }),
        });
  const deployEvents: BusEventRecord[] = [];

  try {
    for (let minute = -warmUp; minute < minutes; minute += 1) {
      // A long warm-up's history (the days anomaly bands learn from) is the API's only: no alarm looks
      // back that far at fulfilment, so its orders' messages are dropped with the queues as the
      // settling half hour begins, instead of fulfilling days of orders nobody measures.
      const history = minute < -DEFAULT_WARM_UP_MINUTES;
      if (minute === -DEFAULT_WARM_UP_MINUTES && warmUp > DEFAULT_WARM_UP_MINUTES) await env.host.startScenario(clock.now());
      const hourDone = minute > 0 && minute % 60 === 0;
      const historyDone = minute < 0 && minute > -warmUp && (minute + warmUp) % WARM_UP_PROGRESS_MINUTES === 0;
      if (hourDone || historyDone) options.onProgress?.(minute, minutes);
      const phases = activeAt(scenario.phases, minute);
      env.host.setDynamoDbFault(phases.find((p) => p.dynamoDb !== undefined)?.dynamoDb);
      env.host.setLambdaThrottling(phases.find((p) => p.lambdaThrottling !== undefined)?.lambdaThrottling ?? {});
      env.host.setLambdaTimeouts(phases.find((p) => p.lambdaTimeouts !== undefined)?.lambdaTimeouts ?? {});
      env.host.setLambdaSlowdowns(phases.find((p) => p.lambdaSlowdowns !== undefined)?.lambdaSlowdowns ?? {});
      env.host.setConsumer(phases.find((p) => p.consumer !== undefined)?.consumer ?? {});
      env.host.setOtherConcurrency(phases.find((p) => p.otherConcurrency !== undefined)?.otherConcurrency ?? 0);
      env.slack.setDefault(phases.some((p) => p.slackDown === true) ? SlackResponses.serverError : SlackResponses.ok);
      router.setFaults(Object.assign({}, ...phases.map((p) => p.alertPath ?? {})));
      await router.tick(clock.now());
      if (deploy !== undefined) {
        // CodeDeploy polls the alarms as CloudWatch has them now; its and CloudFormation's events go through EventBridge.
        for (const event of await deploy.tick(minute, clock.now(), (name) => evaluator.state(name).state)) {
          await router.deliverEvent(event, clock.now());
          const { name, state } = eventSubject(event);
          deployEvents.push({ at: Date.parse(event.time), source: event.source, name, state });
        }
      }
      const batch = requestsOfMinute(scenario, peak, phases, minute, random);
      // A burst arrives all at once at the minute's start; the minute's other requests are spread over it.
      const burst = phases.flatMap(({ burst }) => (burst === undefined ? [] : Array.from({ length: burst.size }, () => requestOf(burst.kind, random))));
      const arrivals = [...burst.map((request) => ({ request, at: clock.now() })), ...batch.map((request, i) => ({ request, at: clock.now() + Math.floor((i * MINUTE) / Math.max(1, batch.length)) }))];
      // One request of the minute fails (hangs into its timeout) every `oneFailureEvery` minutes of a phase: the first to arrive.
      const failsOne = phases.some((p) => p.oneFailureEvery !== undefined && (minute - p.fromMinute) % p.oneFailureEvery === 0);
      for (const [i, { request, at }] of arrivals.entries()) {
        if (failsOne && i === 0) env.host.setLambdaTimeouts({ '*': 1 });
        const response = await env.host.send(request, at);
        if (failsOne && i === 0) env.host.setLambdaTimeouts(phases.find((p) => p.lambdaTimeouts !== undefined)?.lambdaTimeouts ?? {});
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        requests += 1;
      }
      // Another producer's messages, spread over the minute.
      for (const { strayMessages } of phases) {
        if (strayMessages === undefined) continue;
        for (let i = 0; i < strayMessages.perMinute; i += 1) {
          const at = clock.now() + Math.floor((i * MINUTE) / strayMessages.perMinute);
          await env.host.sendStrayMessages([strayMessageBody(strayMessages.kind, strays, at)], at);
          strays += 1;
        }
      }
      // fulfilOrder's pollers take the minute's messages (and those that came back) as Lambda's would.
      if (!history) await env.host.runConsumer(clock.now(), clock.now() + MINUTE);
      clock.advance(MINUTE);
      if (!history) env.host.recordQueueMetrics(clock.now() - 1);
      store.add({ ...sqsMetric(env.deadLetterQueueName, 'ApproximateNumberOfMessagesVisible'), timestamp: clock.now() - 1, value: router.deadLetters(), unit: 'Count' });
      const oldest = router.oldestDeadLetterAge(clock.now());
      if (oldest !== undefined) store.add({ ...sqsMetric(env.deadLetterQueueName, 'ApproximateAgeOfOldestMessage'), timestamp: clock.now() - 1, value: Math.floor(oldest / 1000), unit: 'Seconds' });
      // A long warm-up is history only: alarm states settle over its last half hour, as a deployed stack's already have.
      if (history) continue;
      const changes = evaluator.evaluate(store, clock.now());
      if (minute < 0) continue;
      for (const change of changes) {
        const message = alarmNotificationMessage(change, evaluator.alarm(change.alarmName), CONTEXT);
        if (change.event === 'transition') transitions.push({ alarmName: change.alarmName, from: change.from, to: change.to, at: change.at, suppressed: change.suppressed });
        if (change.actions.length > 0 && !change.suppressed) await router.deliver({ alarmName: change.alarmName, state: change.to, actions: change.actions, message }, clock.now());
      }
      // CloudWatch sends EventBridge every state change, whatever the alarm's actions; after the
      // composites have moved, as the notifier reads them.
      for (const change of changes.filter((c) => c.event === 'transition' && c.to !== 'INSUFFICIENT_DATA')) {
        await router.deliverStateChange(alarmNotificationMessage(change, evaluator.alarm(change.alarmName), CONTEXT), clock.now());
      }
      const received = accepted();
      slack.push(...received.slice(slackSeen).map((request) => ({ at: clock.now(), text: slackText(request.payload) })));
      slackSeen = received.length;
    }
  } finally {
    env.host.setDynamoDbFault(undefined);
    env.host.setLambdaThrottling({});
    env.host.setLambdaTimeouts({});
    env.host.setLambdaSlowdowns({});
    env.host.setConsumer({});
    env.host.setOtherConcurrency(0);
    for (const functionKey of env.functions) env.host.setAliasTraffic(functionKey, undefined);
    env.cloudWatchApi.useMetricSink(undefined);
    env.slack.setDefault(SlackResponses.ok);
    router.setFaults({});
  }
  const fulfilment = await env.host.fulfilmentReport(clock.now());
  return { start, end: clock.now(), requests, statuses, transitions, deliveries: router.deliveries(), slack, deadLetters: router.deadLetters(), deployEvents, fulfilment };
}
