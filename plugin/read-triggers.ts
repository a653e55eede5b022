import type { DeployedHttpApiTrigger, DeployedName, DeployedQueueTrigger, DeployedRuleTrigger, DeployedTrigger } from '../alarms';
import { arnName, type CompiledTemplate, getAttOf, pointsAt, ResourceReadError, refOf, type TemplateResource } from './read-template';

type Resources = CompiledTemplate['Resources'];

const SQS_QUEUE = 'AWS::SQS::Queue';
/** Event source mappings of streams, Kafka and MQ brokers say where to start or what to read; SQS mappings do not. */
const NOT_SQS = ['StartingPosition', 'Topics', 'Queues', 'SelfManagedEventSource', 'DocumentDBEventSourceConfig'];

/** A queue resource's literal `QueueName`, which its alarms' `QueueName` dimension needs. */
function queueNameOf(resources: Resources, queueId: string, from: string): string {
  const name = resources[queueId]?.Properties?.QueueName;
  if (typeof name !== 'string') {
    throw new ResourceReadError(`${from} reads queue ${queueId}, which needs a literal QueueName for its alarms' QueueName dimension (set QueueName on ${queueId}; found ${JSON.stringify(name)})`);
  }
  return name;
}

/** The name of the queue an SQS ARN names: a queue of the template (`Fn::GetAtt`), or a literal ARN; undefined when it names something else. */
function queueOfArn(resources: Resources, arn: unknown, from: string, what: string): { name: string; queueId?: string } | undefined {
  const literal = arnName(arn, 'sqs');
  if (literal !== undefined) return { name: literal };
  if (typeof arn === 'string') return undefined;
  const queueId = getAttOf(arn, 'Arn');
  if (queueId !== undefined && resources[queueId] !== undefined) return resources[queueId]!.Type === SQS_QUEUE ? { name: queueNameOf(resources, queueId, from), queueId } : undefined;
  throw new ResourceReadError(
    `${from} needs ${what} as { "Fn::GetAtt": [<queue in this template>, "Arn"] } or a literal queue ARN, to name its alarms' QueueName dimension (found ${JSON.stringify(arn)})`,
  );
}

/** The dead letter queue of a queue in the template, from its `RedrivePolicy`. */
function deadLetterQueueOf(resources: Resources, queueId: string): string | undefined {
  const policy = resources[queueId]?.Properties?.RedrivePolicy;
  if (policy === undefined) return undefined;
  const parsed = typeof policy === 'string' ? JSON.parse(policy) : policy;
  const target = parsed?.deadLetterTargetArn;
  const from = `queue ${queueId}'s RedrivePolicy`;
  const queue = queueOfArn(resources, target, from, 'its deadLetterTargetArn');
  if (queue === undefined) throw new ResourceReadError(`${from} names a dead letter queue that is not an SQS queue (found ${JSON.stringify(target)})`);
  return queue.name;
}

/** An SQS event source mapping of the function, read; undefined for a mapping of a stream, Kafka or MQ. */
function readQueue(resources: Resources, mappingId: string, mapping: TemplateResource): DeployedQueueTrigger | undefined {
  const properties = mapping.Properties ?? {};
  if (NOT_SQS.some((key) => properties[key] !== undefined)) return undefined;
  const queue = queueOfArn(resources, properties.EventSourceArn, `event source mapping ${mappingId}`, 'its EventSourceArn');
  if (queue === undefined) return undefined;
  const deadLetterQueueName = queue.queueId === undefined ? undefined : deadLetterQueueOf(resources, queue.queueId);
  const responseTypes: unknown = properties.FunctionResponseTypes;
  return {
    kind: 'sqs',
    queueName: queue.name,
    ...(deadLetterQueueName === undefined ? {} : { deadLetterQueueName }),
    reportsBatchItemFailures: Array.isArray(responseTypes) && responseTypes.includes('ReportBatchItemFailures'),
  };
}

/** The event bus a rule is on: undefined for the default bus; a literal name (or ARN), or a bus of the template. */
function eventBusOf(resources: Resources, ruleId: string, bus: unknown): DeployedName | undefined {
  if (bus === undefined || bus === 'default') return undefined;
  if (typeof bus === 'string') return arnName(bus, 'events', '/') ?? bus;
  const busId = refOf(bus) ?? getAttOf(bus, 'Name');
  if (busId !== undefined && resources[busId]?.Type === 'AWS::Events::EventBus') return { Ref: busId };
  throw new ResourceReadError(
    `rule ${ruleId} needs its EventBusName as a literal name or ARN, or a Ref to an event bus in this template, for its alarm's EventBusName dimension (found ${JSON.stringify(bus)})`,
  );
}

/** A rule that targets the function: a schedule (a schedule expression, no pattern) or an event pattern. */
function readRule(resources: Resources, ruleId: string, rule: TemplateResource): DeployedRuleTrigger {
  const properties = rule.Properties ?? {};
  const kind = properties.ScheduleExpression !== undefined && properties.EventPattern === undefined ? 'schedule' : 'eventbridge';
  const eventBusName = eventBusOf(resources, ruleId, properties.EventBusName);
  if (typeof properties.Name === 'string') return { kind, ruleName: properties.Name, ...(eventBusName === undefined ? {} : { eventBusName }) };
  // A rule's Ref is its name on the default bus, but `<bus>|<rule>` on a custom one.
  if (eventBusName !== undefined) {
    throw new ResourceReadError(
      `rule ${ruleId} is on a custom event bus and needs a literal Name for its alarm's RuleName dimension (its Ref there is '<bus>|<rule>'; found ${JSON.stringify(properties.Name)})`,
    );
  }
  return { kind, ruleName: { Ref: ruleId } };
}

/** The name of an SNS topic a subscription names, when the template says it. */
function topicNameOf(resources: Resources, topicArn: unknown): string | undefined {
  const topicId = refOf(topicArn);
  const name = topicId === undefined ? arnName(topicArn, 'sns') : resources[topicId]?.Properties?.TopicName;
  return typeof name === 'string' ? name : undefined;
}

/** The HTTP API an integration belongs to, with its stage; undefined for a WebSocket API's integration. */
function readHttpApi(resources: Resources, integrationId: string, integration: TemplateResource): DeployedHttpApiTrigger | undefined {
  const api: unknown = integration.Properties?.ApiId;
  const apiLogicalId = refOf(api);
  let apiId: DeployedName;
  if (typeof api === 'string') apiId = api;
  else if (apiLogicalId !== undefined && resources[apiLogicalId]?.Type === 'AWS::ApiGatewayV2::Api') {
    if (resources[apiLogicalId]!.Properties?.ProtocolType !== 'HTTP') return undefined;
    apiId = { Ref: apiLogicalId };
  } else {
    throw new ResourceReadError(
      `integration ${integrationId} needs its ApiId as a Ref to an HTTP API in this template or a literal id, for its alarms' ApiId dimension (found ${JSON.stringify(api)})`,
    );
  }
  const stage = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage' && JSON.stringify(r.Properties?.ApiId) === JSON.stringify(api))?.Properties?.StageName;
  if (stage !== undefined && typeof stage !== 'string')
    throw new ResourceReadError(`the stage of HTTP API ${JSON.stringify(api)} needs a literal StageName for its alarms' Stage dimension (found ${JSON.stringify(stage)})`);
  return { kind: 'http-api', apiId, stage: stage ?? '$default' };
}

/** An SNS subscription to the function, as a resource of its own or inline in its topic (osls's default). */
function subscribes(resource: TemplateResource, functionLogicalId: string): boolean {
  const lambda = (subscription: { Protocol?: unknown; Endpoint?: unknown } | undefined) => subscription?.Protocol === 'lambda' && pointsAt(subscription.Endpoint, functionLogicalId);
  if (resource.Type === 'AWS::SNS::Subscription') return lambda(resource.Properties);
  return resource.Type === 'AWS::SNS::Topic' && Array.isArray(resource.Properties?.Subscription) && resource.Properties.Subscription.some(lambda);
}

/** The order triggers are listed in, whatever the template's. */
const ORDER: readonly DeployedTrigger['kind'][] = ['rest-api', 'http-api', 'function-url', 'sqs', 'sns', 'eventbridge', 'schedule'];

/**
 * What invokes a function, read from the compiled template as osls compiles its events: REST API
 * methods (`http`), HTTP API integrations (`httpApi`), its function URL (`url`), SQS event source
 * mappings with each queue's name, dead letter queue and partial batch responses (`sqs`), SNS
 * subscriptions (`sns`), EventBridge rules and schedules, and EventBridge Scheduler schedules.
 * Resources the user wrote in `resources:` count the same. An API or a URL is listed once.
 *
 * @throws {@link ResourceReadError} naming the resource when a name an alarm needs is not in the
 * template (a queue without a literal `QueueName`, a mapping whose queue cannot be told), and what to set
 */
export function readTriggers(template: CompiledTemplate, functionLogicalId: string): DeployedTrigger[] {
  const resources = template.Resources;
  const found: DeployedTrigger[] = [];
  const once = (trigger: DeployedTrigger): void => {
    if (!found.some((known) => JSON.stringify(known) === JSON.stringify(trigger))) found.push(trigger);
  };
  for (const [logicalId, resource] of Object.entries(resources)) {
    const properties = resource.Properties ?? {};
    if (resource.Type === 'AWS::ApiGateway::Method' && pointsAt(properties.Integration, functionLogicalId)) once({ kind: 'rest-api' });
    else if (resource.Type === 'AWS::ApiGatewayV2::Integration' && pointsAt(properties.IntegrationUri, functionLogicalId)) {
      const api = readHttpApi(resources, logicalId, resource);
      if (api !== undefined) once(api);
    } else if (resource.Type === 'AWS::Lambda::Url' && pointsAt(properties.TargetFunctionArn, functionLogicalId)) once({ kind: 'function-url' });
    else if (resource.Type === 'AWS::Lambda::EventSourceMapping' && pointsAt(properties.FunctionName, functionLogicalId)) {
      const queue = readQueue(resources, logicalId, resource);
      if (queue !== undefined) found.push(queue);
    } else if (subscribes(resource, functionLogicalId)) {
      const topicName = topicNameOf(resources, resource.Type === 'AWS::SNS::Topic' ? { Ref: logicalId } : properties.TopicArn);
      found.push({ kind: 'sns', ...(topicName === undefined ? {} : { topicName }) });
    } else if (resource.Type === 'AWS::Events::Rule' && Array.isArray(properties.Targets) && properties.Targets.some((target: { Arn?: unknown }) => pointsAt(target?.Arn, functionLogicalId))) {
      found.push(readRule(resources, logicalId, resource));
    } else if (resource.Type === 'AWS::Scheduler::Schedule' && pointsAt(properties.Target?.Arn, functionLogicalId)) found.push({ kind: 'schedule' });
  }
  return found
    .map((trigger, i) => ({ trigger, i }))
    .sort((a, b) => ORDER.indexOf(a.trigger.kind) - ORDER.indexOf(b.trigger.kind) || a.i - b.i)
    .map(({ trigger }) => trigger);
}

/**
 * Whether Lambda keeps the asynchronous events it gives up on for a function: a dead letter queue on
 * the function (`onError`) or an on-failure destination (`destinations.onFailure`, an `AWS::Lambda::EventInvokeConfig`).
 */
export function keepsFailedEvents(template: CompiledTemplate, functionLogicalId: string): boolean {
  const fn = template.Resources[functionLogicalId]?.Properties;
  if (fn?.DeadLetterConfig?.TargetArn !== undefined) return true;
  return Object.values(template.Resources).some(
    (resource) =>
      resource.Type === 'AWS::Lambda::EventInvokeConfig' &&
      pointsAt(resource.Properties?.FunctionName, functionLogicalId) &&
      resource.Properties?.DestinationConfig?.OnFailure?.Destination !== undefined,
  );
}
