import type { ServiceDefinition } from '../src/catalog';
import { type ActionsByState, apiMetric, BatchMetric } from '../src/cloudwatch';
import { alarmStateEventResources } from './alarm-state-events';
import { type Member, renderPair, renderTierComposite, SUPPRESSION } from './composites';
import { deployMarkerConfig, stackUpdateEventResources, stackUpdatesRuleName } from './deploy-events';
import { deployMarkerWindowMinutes } from './deployments/strategy';
import type { DescriptionContext } from './describe-alarm';
import { AlarmGenerationError } from './errors';
import { deadLetterPolicy, deadLetterPolicyId } from './event-rules';
import { createAlertPathAlarms } from './factories/alert-path';
import { createApiAlarms, refusalMetricsOf } from './factories/api';
import { createBurnRateAlarms, invocationEvents, type SliEvents, type SliSource } from './factories/burn-rate';
import { createBusinessAlarms } from './factories/business';
import { createConcurrencyAlarms } from './factories/concurrency';
import { createDynamoDbAlarms } from './factories/dynamodb';
import { createLambdaAlarms } from './factories/lambda';
import { createAlertDeliveryAlarm, createDeployInProgressAlarm } from './factories/meta';
import { createQuietFailureAlarm } from './factories/quiet-failures';
import { deadLetterQueueName, naming } from './naming';
import { renderMetricAlarm } from './render-alarm';
import { createRouting, ROUTED_TIERS } from './routing';
import { accountConcurrencyLimitOf, resolveThresholds } from './thresholds';
import { batchMetric, restApiSurface } from './trigger-metrics';
import { createTriggerAlarms, withTriggers } from './triggers';
import type { CfnResource, CfnValue, DeployedFunction, GeneratedAlarmSummary, GeneratedAlarms, MetricAlarmSpec, ServiceResources } from './types';
import { watchesOf } from './watched-series';

const TIER_ORDER = ['critical', 'warning', 'info'];

const logGroupOf = (fn: DeployedFunction): string => `/aws/lambda/${fn.functionName}`;

/** CloudWatch bills alarms per metric they read; an anomaly band reads three (the metric and its two bounds). */
const billedMetrics = (spec: MetricAlarmSpec): number => spec.metrics.filter((q) => q.MetricStat !== undefined).length + (spec.thresholdMetricId === undefined ? 0 : 2);

/** The catalog's functions as deployed, in catalog order, each with its triggers checked against the catalog's. */
function deployedFunctions(catalog: ServiceDefinition, resources: ServiceResources): DeployedFunction[] {
  const deployed = new Set(resources.functions.map((fn) => fn.name));
  const missing = catalog.functions.filter((fn) => !deployed.has(fn.name)).map((fn) => fn.name);
  if (missing.length > 0) {
    throw new AlarmGenerationError(`the catalog's function(s) ${missing.join(', ')} are not deployed by this service (deployed: ${[...deployed].join(', ') || 'none'})`);
  }
  return withTriggers(catalog, resources.functions);
}

/** The metric alarms that watch the service itself, before tiers and routing. */
function signalAlarms(catalog: ServiceDefinition, resources: ServiceResources, functions: readonly DeployedFunction[]): MetricAlarmSpec[] {
  const allLogGroups = functions.map(logGroupOf);
  const latencies = catalog.slos.map((slo) => slo.latencyP99Ms);
  const latencyP99Ms = latencies.length > 0 ? Math.min(...latencies) : undefined;
  const refusalMetrics = refusalMetricsOf(catalog);
  const thresholds = resolveThresholds(catalog);
  const sloFunctions = sloFunctionsOf(catalog);
  return [
    ...functions.flatMap((fn) => createLambdaAlarms(fn, thresholds)),
    ...functions.map((fn) => createQuietFailureAlarm(fn, sloFunctions, thresholds)),
    ...createConcurrencyAlarms(functions, thresholds, accountConcurrencyLimitOf(catalog)),
    ...(resources.api ? createApiAlarms({ api: restApiSurface(resources.api), latencyP99Ms, logGroups: allLogGroups, refusalMetrics, thresholds }) : []),
    ...createTriggerAlarms({ catalog, functions, thresholds, latencyP99Ms, refusalMetrics }),
    ...resources.tables.flatMap((table) => createDynamoDbAlarms(table, allLogGroups, thresholds)),
    ...createBusinessAlarms(catalog, allLogGroups),
  ];
}

/** The functions some SLO counts (all of them for an SLO that names none). */
const sloFunctionsOf = (catalog: ServiceDefinition): ReadonlySet<string> => new Set(catalog.slos.flatMap((slo) => slo.functions ?? catalog.functions.map((fn) => fn.name)));

/** Whether the REST API counts a function's requests: it serves it (or, its triggers unknown, nothing says otherwise). */
const servedByRestApi = (catalog: ServiceDefinition, fn: DeployedFunction): boolean => {
  if (fn.triggers !== undefined && fn.triggers.length > 0) return fn.triggers.some((trigger) => trigger.kind === 'rest-api');
  const declared = catalog.functions.find((entry) => entry.name === fn.name)?.trigger;
  return declared === undefined || declared === 'rest-api';
};

/** A function's events: an SQS consumer that reports its failed records counts records, any other function its invocations. */
const eventsOf = (catalog: ServiceDefinition, fn: DeployedFunction): SliEvents =>
  (fn.triggers ?? []).some((trigger) => trigger.kind === 'sqs' && trigger.reportsBatchItemFailures)
    ? { failed: batchMetric(catalog, fn.functionName, BatchMetric.ItemFailures), total: batchMetric(catalog, fn.functionName, BatchMetric.Records) }
    : invocationEvents(fn.functionName);

/**
 * An SLO's requests are counted at the REST API when it serves every function the SLO counts (its
 * 5XX and requests, which see what the functions' own metrics miss: throttles, integration
 * failures). Otherwise each source is summed: the REST API for the functions it serves, and each
 * other function's invocations, or records for an SQS consumer that reports its failed records.
 */
function sliOf(catalog: ServiceDefinition, resources: ServiceResources, functions: readonly DeployedFunction[], sloFunctions: readonly string[] | undefined): SliSource {
  const chosen = sloFunctions === undefined ? functions : functions.filter((fn) => sloFunctions.includes(fn.name));
  const api = resources.api;
  const behindApi = api === undefined ? [] : chosen.filter((fn) => servedByRestApi(catalog, fn));
  if (api !== undefined && behindApi.length === chosen.length) return { kind: 'api', api };
  const apiEvents: SliEvents[] = api !== undefined && behindApi.length > 0 ? [{ failed: apiMetric(api, '5XXError'), total: apiMetric(api, 'Count') }] : [];
  return { kind: 'events', events: [...apiEvents, ...chosen.filter((fn) => !behindApi.includes(fn)).map((fn) => eventsOf(catalog, fn))] };
}

/**
 * Generates every alarm of a service from its catalog and its deployed resources, as CloudFormation:
 * metric alarms on Lambda, API Gateway (REST and HTTP APIs), DynamoDB, what invokes each function
 * (SQS queues and their dead letter queues, EventBridge rules and schedules, Lambda's asynchronous
 * event queue) and the catalog's own metrics; multiwindow burn-rate alarms per SLO; one composite
 * per routed tier (the only alarms with actions); the KMS-encrypted SNS topics they notify, their
 * subscriptions (email and pager only where the catalog's stage policy pages: by default `prod`),
 * and the Slack notifier's wiring.
 *
 * Pure: the same catalog and resources give the same JSON, with no clock, environment or network.
 *
 * @throws {@link AlarmGenerationError} when a catalog function is not deployed or compiles to another
 * trigger than the catalog says, two alarms would share a name, or a composite would exceed CloudWatch's limits
 *
 * @example
 * ```ts
 * const { resources, alarms } = generateAlarms(catalog, {
 *   stage: 'dev',
 *   functions: [{ name: 'createOrder', functionName: 'orders-dev-createOrder', timeoutSeconds: 10 }],
 *   api: { name: 'dev-orders', stage: 'dev' },
 *   tables: [{ logicalId: 'OrdersTable', tableName: 'orders-dev', operations: ['PutItem'] }],
 * });
 * ```
 */
export function generateAlarms(catalog: ServiceDefinition, resources: ServiceResources): GeneratedAlarms {
  const names = naming(catalog.service, resources.stage);
  const context: DescriptionContext = { prefix: names.prefix, service: catalog.service, runbookBaseUrl: catalog.runbookBaseUrl };
  const functions = deployedFunctions(catalog, resources);
  const routing = createRouting(catalog, names, resources.notifier, resources.stage);
  const out: Record<string, CfnResource> = { ...routing.resources };
  const summary: GeneratedAlarmSummary[] = [];
  const members: Record<'critical' | 'warning', Member[]> = { critical: [], warning: [] };

  const add = (logicalId: string, resource: CfnResource, entry: Omit<GeneratedAlarmSummary, 'logicalId' | 'name'>): Member => {
    const name = resource.Properties.AlarmName as string;
    if (out[logicalId] !== undefined || summary.some((s) => s.name === name)) {
      throw new AlarmGenerationError(`two alarms would be named '${name}': rename the catalog alarm whose signal is the same as a generated one`);
    }
    out[logicalId] = resource;
    summary.push({ name, logicalId, ...entry });
    return { name, logicalId };
  };
  const addMetricAlarm = (spec: MetricAlarmSpec, actions?: ActionsByState<CfnValue>): Member => {
    const name = names.alarm(spec.signal, spec.tier);
    return add(names.logicalId(name), renderMetricAlarm(spec, names, context, actions), {
      kind: spec.kind,
      tier: spec.tier,
      billedMetrics: billedMetrics(spec),
      hasActions: actions !== undefined,
      ...watchesOf(spec),
    });
  };

  for (const spec of signalAlarms(catalog, resources, functions)) {
    const member = addMetricAlarm(spec);
    if (spec.tier !== 'info') members[spec.tier].push(member);
  }
  for (const slo of catalog.slos) {
    const sloLogGroups = functions.filter((fn) => slo.functions === undefined || slo.functions.includes(fn.name)).map(logGroupOf);
    for (const pair of createBurnRateAlarms(slo, sliOf(catalog, resources, functions, slo.functions), sloLogGroups)) {
      const windows = [addMetricAlarm(pair.windows[0]), addMetricAlarm(pair.windows[1])] as const;
      const name = names.alarm(pair.signal, pair.tier);
      const member = add(names.logicalId(name), renderPair(pair, names, context, windows), { kind: 'composite', tier: pair.tier, billedMetrics: 0, hasActions: false });
      if (pair.tier !== 'info') members[pair.tier].push(member);
    }
  }
  const suppressor = addMetricAlarm(createDeployInProgressAlarm(catalog.service, resources.stage, deployMarkerWindowMinutes(catalog, resources.stage)));
  if (resources.notifier !== undefined && routing.ids.deadLetterQueue !== undefined) {
    const topic = { Ref: routing.ids.topics.critical };
    addMetricAlarm(createAlertDeliveryAlarm(deadLetterQueueName(names.prefix), `/aws/lambda/${resources.notifier.functionName}`), { ALARM: [topic], OK: [topic] });
    // The alert path's own alarms notify directly, never through a composite that may already be in
    // ALARM; a topic's failed deliveries are reported through the other tier's topic, the rest through
    // the critical topic, whose email and pager subscriptions do not go through the notifier.
    const path = createAlertPathAlarms({
      topics: { critical: names.tier('critical'), warning: names.tier('warning') },
      notifierFunctionName: resources.notifier.functionName,
      deadLetterQueueName: deadLetterQueueName(names.prefix),
    });
    const warningTopic = { Ref: routing.ids.topics.warning };
    addMetricAlarm(path.topicAlarms.critical, { ALARM: [warningTopic], OK: [warningTopic] });
    addMetricAlarm(path.topicAlarms.warning, { ALARM: [topic], OK: [topic] });
    for (const spec of path.notifierAlarms) addMetricAlarm(spec, { ALARM: [topic], OK: [topic] });
  }

  const composites: GeneratedAlarmSummary[] = [];
  for (const tier of ROUTED_TIERS) {
    const logicalId = names.logicalId(names.tier(tier));
    const resource = renderTierComposite(
      {
        tier,
        description: catalog.tiers[tier].description,
        members: members[tier],
        topic: { Ref: routing.ids.topics[tier] },
        suppressor,
        logGroups: functions.map(logGroupOf),
      },
      names,
      context,
    );
    out[logicalId] = resource;
    composites.push({ name: names.tier(tier), logicalId, kind: 'composite', tier, billedMetrics: 0, hasActions: true });
  }

  if (resources.notifier !== undefined) {
    const config = {
      tiers: { critical: names.tier('critical'), warning: names.tier('warning') },
      suppressor: suppressor.name,
      suppressorWaitSeconds: SUPPRESSION.waitSeconds,
      suppressorExtensionSeconds: SUPPRESSION.extensionSeconds,
    };
    Object.assign(out, alarmStateEventResources(names, routing.ids, resources.notifier, config));
    const queue = routing.ids.deadLetterQueue as string;
    const rules = [names.logicalId(`${names.prefix}-alarm-state-changes`)];
    if (resources.stackName !== undefined) {
      Object.assign(out, stackUpdateEventResources(names, resources.notifier, resources.stackName, queue, { marker: deployMarkerConfig(catalog.service, resources.stage) }));
      rules.push(names.logicalId(stackUpdatesRuleName(names)));
    }
    out[deadLetterPolicyId(names)] = deadLetterPolicy(queue, rules);
  }

  return {
    resources: out,
    outputs: Object.fromEntries(
      ROUTED_TIERS.map((tier) => [`${routing.ids.topics[tier]}Arn`, { Value: { Ref: routing.ids.topics[tier] }, Description: `SNS topic of ${names.prefix}'s ${tier} alerts` }]),
    ),
    alarms: [...composites, ...summary.sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier) || a.name.localeCompare(b.name))],
  };
}
