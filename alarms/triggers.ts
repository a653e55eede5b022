import type { FunctionDefinition, FunctionTriggerName, ServiceDefinition } from '../src/catalog';
import { AlarmGenerationError } from './errors';
import { createApiAlarms } from './factories/api';
import { createAsyncInvocationAlarms } from './factories/async-invocations';
import { createRuleAlarm } from './factories/eventbridge';
import { createBatchFailureAlarm, createQueueAlarms } from './factories/sqs';
import { kebab } from './naming';
import type { ResolvedThresholds } from './thresholds';
import { httpApiSurface } from './trigger-metrics';
import type { DeployedFunction, DeployedHttpApiTrigger, DeployedName, DeployedQueueTrigger, DeployedRuleTrigger, DeployedTrigger, MetricAlarmSpec } from './types';

/** The triggers the catalog's word is enough for: their alarms name nothing but the function (or none). */
const FROM_CATALOG_ALONE: Partial<Record<FunctionTriggerName, DeployedTrigger>> = { sns: { kind: 'sns' }, 'rest-api': { kind: 'rest-api' }, 'function-url': { kind: 'function-url' } };

/** What each trigger's alarms must be told of. */
const NEEDS: Readonly<Record<FunctionTriggerName & DeployedTrigger['kind'], string>> = {
  'rest-api': 'API',
  'http-api': 'HTTP API',
  'function-url': 'function URL',
  sqs: 'queue',
  sns: 'topic',
  eventbridge: 'rule',
  schedule: 'schedule rule',
};

/** Lambda invokes these asynchronously: their functions have Lambda's asynchronous event queue. */
const ASYNC: readonly DeployedTrigger['kind'][] = ['sns', 'eventbridge', 'schedule'];

const compiledKinds = (triggers: readonly DeployedTrigger[]): string => (triggers.length === 0 ? 'no trigger at all' : [...new Set(triggers.map((t) => t.kind))].join(', '));

/**
 * A function's triggers: the deployed ones (read from the template), checked against the catalog's
 * `trigger`; or, when they are not known, the catalog's own where its word is enough.
 *
 * @throws {@link AlarmGenerationError} when the catalog's trigger is not one the template compiles
 * for the function (both named), or when its alarms need a resource nobody named
 */
export function triggersOf(fn: FunctionDefinition, deployed: DeployedFunction): readonly DeployedTrigger[] {
  const declared = fn.trigger;
  const compiled = deployed.triggers;
  if (compiled === undefined) {
    if (declared === undefined) return [];
    const alone = FROM_CATALOG_ALONE[declared];
    if (alone === undefined) {
      throw new AlarmGenerationError(
        `function '${fn.name}': the catalog says trigger '${declared}', but the deployed resources do not say which ${NEEDS[declared]} (give the function's triggers, as the plugin reads them from the template)`,
      );
    }
    return [alone];
  }
  if (declared !== undefined && !compiled.some((trigger) => trigger.kind === declared)) {
    throw new AlarmGenerationError(`function '${fn.name}': the catalog says trigger '${declared}', but serverless.yml compiles it to ${compiledKinds(compiled)}`);
  }
  return compiled;
}

/** The catalog's functions as deployed, each with its triggers (see {@link triggersOf}), in catalog order; functions not deployed are left out. */
export function withTriggers(catalog: ServiceDefinition, functions: readonly DeployedFunction[]): DeployedFunction[] {
  const byName = new Map(functions.map((fn) => [fn.name, fn]));
  return catalog.functions.flatMap((fn) => {
    const deployed = byName.get(fn.name);
    return deployed === undefined ? [] : [{ ...deployed, triggers: triggersOf(fn, deployed) }];
  });
}

/** Whether a function is invoked asynchronously by one of its triggers. */
export const invokedAsynchronously = (fn: DeployedFunction): boolean => (fn.triggers ?? []).some((trigger) => ASYNC.includes(trigger.kind));

/** The first of a kind keeps the plain signal; the second is `<signal>-2`. */
const numbered = (signal: string, index: number): string => (index === 0 ? signal : `${signal}-${index + 1}`);

const isQueue = (trigger: DeployedTrigger): trigger is DeployedQueueTrigger => trigger.kind === 'sqs';
const isNamedRule = (trigger: DeployedTrigger): trigger is DeployedRuleTrigger & { ruleName: DeployedName } =>
  (trigger.kind === 'eventbridge' || trigger.kind === 'schedule') && trigger.ruleName !== undefined;

/** The HTTP APIs in front of the functions, each once, with the functions behind it. */
export function httpApisOf(functions: readonly DeployedFunction[]): { api: DeployedHttpApiTrigger; functions: DeployedFunction[] }[] {
  const apis = new Map<string, { api: DeployedHttpApiTrigger; functions: DeployedFunction[] }>();
  for (const fn of functions) {
    for (const trigger of fn.triggers ?? []) {
      if (trigger.kind !== 'http-api') continue;
      const key = JSON.stringify([trigger.apiId, trigger.stage]);
      const known = apis.get(key);
      if (known === undefined) apis.set(key, { api: trigger, functions: [fn] });
      else if (!known.functions.includes(fn)) known.functions.push(fn);
    }
  }
  return [...apis.values()];
}

/** What {@link createTriggerAlarms} needs. */
export interface TriggerAlarmInput {
  readonly catalog: ServiceDefinition;
  /** The catalog's functions as deployed, with their triggers (see {@link withTriggers}). */
  readonly functions: readonly DeployedFunction[];
  readonly thresholds: ResolvedThresholds;
  /** The strictest p99 latency the catalog's SLOs promise, for the HTTP API's latency alarm. */
  readonly latencyP99Ms: number | undefined;
  /** The catalog's metrics that count refusals by reason, for the HTTP API's 4XX alarm. */
  readonly refusalMetrics: readonly string[];
}

/**
 * The alarms of what invokes each function: per SQS queue its age, depth and dead letters, and its
 * failed records; per EventBridge rule or schedule its failed deliveries; per asynchronously invoked
 * function its event age and dropped events; per HTTP API its 5XX rate, 4XX rate and p99 latency.
 * A REST API's alarms are the service's (`createApiAlarms` with its `ApiName`); a function URL has none of its own.
 */
export function createTriggerAlarms({ catalog, functions, thresholds, latencyP99Ms, refusalMetrics }: TriggerAlarmInput): MetricAlarmSpec[] {
  const expectations = new Map(catalog.functions.map((fn) => [fn.name, fn.queue]));
  const perFunction = functions.flatMap((fn): MetricAlarmSpec[] => {
    const signal = kebab(fn.name);
    const triggers = fn.triggers ?? [];
    const queues = triggers.filter(isQueue);
    const rules = triggers.filter(isNamedRule);
    const schedules = rules.filter((rule) => rule.kind === 'schedule');
    const patterns = rules.filter((rule) => rule.kind === 'eventbridge');
    return [
      ...queues.flatMap((queue, i) => createQueueAlarms({ fn, queue, signal: numbered(signal, i), expectations: expectations.get(fn.name), thresholds })),
      ...(queues.some((queue) => queue.reportsBatchItemFailures) ? [createBatchFailureAlarm(catalog, fn, signal, thresholds)] : []),
      ...schedules.map((rule, i) => createRuleAlarm({ fn, rule, signal: numbered(`${signal}-schedule`, i), thresholds })),
      ...patterns.map((rule, i) => createRuleAlarm({ fn, rule, signal: numbered(`${signal}-rule`, i), thresholds })),
      ...(invokedAsynchronously(fn) ? createAsyncInvocationAlarms(fn, signal, thresholds) : []),
    ];
  });
  const httpApis = httpApisOf(functions).flatMap(({ api, functions: behind }, i) =>
    createApiAlarms({ api: httpApiSurface(api, i), latencyP99Ms, logGroups: behind.map((fn) => `/aws/lambda/${fn.functionName}`), refusalMetrics, thresholds }),
  );
  return [...perFunction, ...httpApis];
}
