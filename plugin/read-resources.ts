import type { DeployedDeliveryFunction, DeployedFunction, DeployedNotifier, DeployedTable, ServiceResources } from '../alarms';
import { type CompiledTemplate, ResourceReadError } from './read-template';
import { keepsFailedEvents, readTriggers } from './read-triggers';

export { type CompiledTemplate, ResourceReadError } from './read-template';

/** What the plugin knows of a function from `serverless.yml`. */
export interface ServerlessFunction {
  /** Deployed name (`periscope-orders-dev-createOrder`). */
  readonly name: string;
  readonly timeout?: number;
  readonly environment?: Readonly<Record<string, unknown>>;
}

/** What {@link readServiceResources} needs besides the template. */
export interface ReadInput {
  readonly template: CompiledTemplate;
  readonly stage: string;
  /** `provider.timeout`, the default of every function's. */
  readonly defaultTimeoutSeconds: number;
  /** `serverless.yml`'s functions by key. */
  readonly functions: Readonly<Record<string, ServerlessFunction>>;
  /** Logical id of a function's resource, by key (the provider's naming). */
  readonly functionLogicalId: (key: string) => string;
  /** The function key of the Slack notifier, if any. */
  readonly notifierKey?: string;
  /** The function key of the pre-traffic hook, if any: like the notifier, Periscope's own function, not the service's. */
  readonly preTrafficHookKey?: string;
  /** The function key of the delivery-metrics function, if any: Periscope's own function too. */
  readonly deliveryKey?: string;
  /** The CloudFormation stack the service deploys as (the provider's `getStackName()`). */
  readonly stackName?: string;
}

/** Lambda's default timeout when neither the function nor the provider sets one. */
const LAMBDA_DEFAULT_TIMEOUT = 6;

/** DynamoDB operations that have their own `Operation` metrics. */
const OPERATIONS = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem', 'TransactGetItems', 'TransactWriteItems']);

/** Every IAM statement in the template (inline role policies and standalone policies). */
function statements(template: CompiledTemplate): { Action?: unknown; Resource?: unknown }[] {
  return Object.values(template.Resources).flatMap((resource) => {
    const props = resource.Properties ?? {};
    // biome-ignore lint/suspicious/noExplicitAny: a policy is free-form JSON; missing parts read as none
    if (resource.Type === 'AWS::IAM::Role') return (props.Policies ?? []).flatMap((p: any) => p?.PolicyDocument?.Statement ?? []);
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') return props.PolicyDocument?.Statement ?? [];
    return [];
  });
}

/** The DynamoDB operations IAM lets the service perform on a table: the ones worth watching. */
function operationsOn(template: CompiledTemplate, logicalId: string, tableName: string): string[] {
  const found = new Set<string>();
  for (const statement of statements(template)) {
    const resource = JSON.stringify(statement.Resource ?? '');
    if (!resource.includes(`"${logicalId}"`) && !resource.includes(`/${tableName}`)) continue;
    for (const action of [statement.Action].flat()) {
      const operation = typeof action === 'string' && action.startsWith('dynamodb:') ? action.slice('dynamodb:'.length) : '';
      if (OPERATIONS.has(operation)) found.add(operation);
    }
  }
  return [...found].sort();
}

/** The tag that leaves a table out of Periscope's alarms and dashboards: `periscope:monitor` = `false`. */
export const UNMONITORED_TABLE_TAG = { Key: 'periscope:monitor', Value: 'false' } as const;

/** Whether a table opted out with {@link UNMONITORED_TABLE_TAG} (bookkeeping whose failures already show on the functions using it). */
const optedOut = (resource: CompiledTemplate['Resources'][string]): boolean =>
  Array.isArray(resource.Properties?.Tags) &&
  resource.Properties.Tags.some((tag: { Key?: unknown; Value?: unknown }) => tag?.Key === UNMONITORED_TABLE_TAG.Key && String(tag?.Value) === UNMONITORED_TABLE_TAG.Value);

/** The names of a table's global secondary indexes, each a dimension of its own throttle metrics. */
function indexNamesOf(logicalId: string, indexes: unknown): string[] {
  if (indexes === undefined) return [];
  if (!Array.isArray(indexes)) throw new ResourceReadError(`table ${logicalId} has GlobalSecondaryIndexes that are not a list (found ${JSON.stringify(indexes)})`);
  return indexes.map((index: { IndexName?: unknown }) => {
    if (typeof index?.IndexName !== 'string') throw new ResourceReadError(`table ${logicalId} needs a literal IndexName for each global secondary index (found ${JSON.stringify(index?.IndexName)})`);
    return index.IndexName;
  });
}

/**
 * A function's reserved concurrency as osls compiles `reservedConcurrency` (`ReservedConcurrentExecutions`
 * on its resource), or undefined when it has none.
 */
function reservedConcurrencyOf(input: ReadInput, key: string): number | undefined {
  const logicalId = input.functionLogicalId(key);
  const reserved = input.template.Resources[logicalId]?.Properties?.ReservedConcurrentExecutions;
  if (reserved === undefined) return undefined;
  if (typeof reserved !== 'number' || !Number.isInteger(reserved) || reserved < 0) {
    throw new ResourceReadError(`function '${key}' needs a literal whole reservedConcurrency for its concurrency alarm (found ${JSON.stringify(reserved)} on ${logicalId})`);
  }
  return reserved;
}

function readTables(template: CompiledTemplate): DeployedTable[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table' && !optedOut(resource))
    .map(([logicalId, resource]) => {
      const tableName = resource.Properties?.TableName;
      if (typeof tableName !== 'string') throw new ResourceReadError(`table ${logicalId} needs a literal TableName for its alarms' TableName dimension (found ${JSON.stringify(tableName)})`);
      const indexes = indexNamesOf(logicalId, resource.Properties?.GlobalSecondaryIndexes);
      return { logicalId, tableName, operations: operationsOn(template, logicalId, tableName), ...(indexes.length > 0 ? { globalSecondaryIndexes: indexes } : {}) };
    });
}

function readApi(template: CompiledTemplate, stage: string): ServiceResources['api'] {
  const apis = Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::ApiGateway::RestApi');
  if (apis.length === 0) return undefined;
  if (apis.length > 1) throw new ResourceReadError(`found ${apis.length} REST APIs (${apis.map(([id]) => id).join(', ')}); Periscope alarms on one`);
  const [logicalId, api] = apis[0]!;
  const name = api.Properties?.Name;
  if (typeof name !== 'string') throw new ResourceReadError(`REST API ${logicalId} needs a literal Name for its alarms' ApiName dimension`);
  return { name, stage };
}

/**
 * The logical id of the role a function has to itself (`role: <RoleResource>`), which Periscope grants
 * what the function needs; a function on the service's shared role would share those grants.
 */
export function ownRoleOf(input: Pick<ReadInput, 'template' | 'functionLogicalId'>, key: string, what: string, needs: string): string {
  const functionLogicalId = input.functionLogicalId(key);
  const roleLogicalId = roleOf(input.template.Resources[functionLogicalId]);
  const needsOwnRole = `${what} function '${key}' needs its own role in this template (set \`role:\` to a role resource) so it can be granted ${needs}`;
  if (roleLogicalId === undefined) throw new ResourceReadError(needsOwnRole);
  // osls puts every function without `role:` on its shared IamRoleLambdaExecution: a grant there is every function's.
  const sharers = Object.entries(input.template.Resources)
    .filter(([id, resource]) => id !== functionLogicalId && resource.Type === 'AWS::Lambda::Function' && roleOf(resource) === roleLogicalId)
    .map(([id]) => id);
  if (sharers.length > 0) throw new ResourceReadError(`${needsOwnRole}; it shares ${roleLogicalId} with ${sharers.join(', ')}`);
  return roleLogicalId;
}

/** The logical id of the role a function's resource names (`Role: { 'Fn::GetAtt': [<Role>, 'Arn'] }`), if it names one in the template. */
function roleOf(resource: CompiledTemplate['Resources'][string] | undefined): string | undefined {
  const role = resource?.Properties?.Role;
  const roleLogicalId = Array.isArray(role?.['Fn::GetAtt']) ? role['Fn::GetAtt'][0] : undefined;
  return typeof roleLogicalId === 'string' ? roleLogicalId : undefined;
}

function readNotifier(input: ReadInput): DeployedNotifier | undefined {
  const key = input.notifierKey;
  if (key === undefined) return undefined;
  const fn = input.functions[key];
  if (fn === undefined) throw new ResourceReadError(`custom.periscope.notifier is '${key}', but serverless.yml has no function '${key}' (functions: ${Object.keys(input.functions).join(', ')})`);
  const functionLogicalId = input.functionLogicalId(key);
  const roleLogicalId = ownRoleOf(input, key, 'the notifier', 'its dead letter queue');
  const webhookParameter = fn.environment?.SLACK_WEBHOOK_PARAMETER;
  if (typeof webhookParameter !== 'string' || !webhookParameter.startsWith('/')) {
    throw new ResourceReadError(`the notifier function '${key}' needs environment SLACK_WEBHOOK_PARAMETER, the SSM parameter path of the Slack webhook ('/periscope/<service>/<stage>/slack/{tier}')`);
  }
  return { functionLogicalId, roleLogicalId, functionName: fn.name, webhookParameter };
}

function readDelivery(input: ReadInput): DeployedDeliveryFunction | undefined {
  const key = input.deliveryKey;
  if (key === undefined) return undefined;
  const fn = input.functions[key];
  if (fn === undefined) throw new ResourceReadError(`custom.periscope.delivery is '${key}', but serverless.yml has no function '${key}' (functions: ${Object.keys(input.functions).join(', ')})`);
  if (input.stackName === undefined) throw new ResourceReadError('the delivery-metrics function needs the stack name, which the provider did not give');
  const roleLogicalId = ownRoleOf(input, key, 'the delivery-metrics', 'its table, its dashboard and its dead letter queue');
  return { functionLogicalId: input.functionLogicalId(key), roleLogicalId, functionName: fn.name };
}

/**
 * Reads what the alarms need from the compiled template and `serverless.yml`: each function's deployed
 * name, timeout, reserved concurrency, triggers (see `readTriggers`) and whether it keeps the
 * asynchronous events it fails, the REST API's name, each table's name, global secondary
 * indexes and the DynamoDB operations the roles allow on it (but tables tagged `periscope:monitor` =
 * `false`), and the notifier's and the delivery-metrics function's function and role.
 */
export function readServiceResources(input: ReadInput): ServiceResources {
  const notifier = readNotifier(input);
  const delivery = readDelivery(input);
  const periscopeOwn = new Set([input.notifierKey, input.preTrafficHookKey, input.deliveryKey]);
  const functions = Object.entries(input.functions)
    .filter(([key]) => !periscopeOwn.has(key))
    .map(([key, fn]): DeployedFunction => {
      const reserved = reservedConcurrencyOf(input, key);
      const logicalId = input.functionLogicalId(key);
      return {
        name: key,
        functionName: fn.name,
        timeoutSeconds: fn.timeout ?? input.defaultTimeoutSeconds ?? LAMBDA_DEFAULT_TIMEOUT,
        ...(reserved === undefined ? {} : { reservedConcurrency: reserved }),
        triggers: readTriggers(input.template, logicalId),
        ...(keepsFailedEvents(input.template, logicalId) ? { keepsFailedEvents: true } : {}),
      };
    });
  const api = readApi(input.template, input.stage);
  return {
    stage: input.stage,
    functions,
    ...(api ? { api } : {}),
    tables: readTables(input.template),
    ...(notifier ? { notifier } : {}),
    ...(input.stackName === undefined ? {} : { stackName: input.stackName }),
    ...(delivery ? { delivery } : {}),
  };
}
