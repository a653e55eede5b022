import { CloudFormationClient, GetTemplateCommand, paginateListStackResources } from '@aws-sdk/client-cloudformation';

/** One resource of a stack's template. */
export interface StackResource {
  readonly logicalId: string;
  readonly type: string;
  /** Its name or id where the emulator created it. */
  readonly physicalId?: string;
}

/** What a deployed stack holds, against what its template asked for. */
export interface CreatedStack {
  readonly stack: string;
  /** The resources the emulator created. */
  readonly created: readonly StackResource[];
  /**
   * The template's resources its resource list does not name: moto's CloudFormation skips the types
   * it does not model (and says so in its log), and has been seen to list one it did create (a layer
   * version) without a name.
   */
  readonly unlisted: readonly StackResource[];
}

/** Reads a stack's resources and its deployed template back through CloudFormation. */
export async function readCreatedStack(config: object, stack: string): Promise<CreatedStack> {
  const client = new CloudFormationClient(config);
  const created: StackResource[] = [];
  for await (const page of paginateListStackResources({ client }, { StackName: stack })) {
    for (const summary of page.StackResourceSummaries ?? []) {
      // moto lists the resources it skipped with an empty logical id and type.
      if (summary.LogicalResourceId && summary.ResourceType) created.push({ logicalId: summary.LogicalResourceId, type: summary.ResourceType, physicalId: summary.PhysicalResourceId || undefined });
    }
  }
  const { TemplateBody } = await client.send(new GetTemplateCommand({ StackName: stack }));
  const template = JSON.parse(TemplateBody ?? '{}') as { Resources?: Record<string, { Type: string }> };
  const createdIds = new Set(created.map((resource) => resource.logicalId));
  const unlisted = Object.entries(template.Resources ?? {})
    .filter(([logicalId]) => !createdIds.has(logicalId))
    .map(([logicalId, resource]) => ({ logicalId, type: resource.Type }));
  return { stack, created, unlisted };
}

/** The types whose names a reader looks for first, in the order printed. */
const NAMED_TYPES: Readonly<Record<string, string>> = {
  'AWS::Lambda::LayerVersion': 'layer versions',
  'AWS::Lambda::Function': 'functions',
  'AWS::DynamoDB::Table': 'tables',
  'AWS::SNS::Topic': 'topics',
  'AWS::SQS::Queue': 'queues',
  'AWS::CloudWatch::Dashboard': 'dashboards',
  'AWS::Events::Rule': 'EventBridge rules',
  'AWS::IAM::Role': 'roles',
};

const shortName = (resource: StackResource): string => {
  const id = resource.physicalId ?? resource.logicalId;
  return id.includes(':') || id.includes('/') ? (id.split(/[:/]/).at(-1) as string) : id;
};

const countByType = (resources: readonly StackResource[]): string => {
  const counts = new Map<string, number>();
  for (const resource of resources) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  return [...counts]
    .sort(([a, first], [b, second]) => second - first || a.localeCompare(b))
    .map(([type, count]) => `${count} ${type}`)
    .join(', ');
};

/**
 * What a stack holds, for a reader: its named resources by kind, every type counted, and what the
 * emulator skipped. `unmodelled` are the types the emulator said it skipped; without them, the
 * resources it does not list are only counted.
 */
export function describeCreated(stack: CreatedStack, unmodelled?: ReadonlySet<string>): string[] {
  const skipped = stack.unlisted.filter((resource) => unmodelled?.has(resource.type) === true);
  const unnamed = stack.unlisted.filter((resource) => !skipped.includes(resource));
  const lines = [
    `${stack.stack}: ${stack.created.length + (unmodelled === undefined ? 0 : unnamed.length)} resources created${skipped.length > 0 ? `, ${skipped.length} skipped by the emulator` : ''}`,
  ];
  for (const [type, label] of Object.entries(NAMED_TYPES)) {
    const named = stack.created.filter((resource) => resource.type === type);
    if (named.length > 0) lines.push(`  ${named.length} ${label}: ${named.map(shortName).join(', ')}`);
  }
  const others = stack.created.filter((resource) => NAMED_TYPES[resource.type] === undefined);
  if (others.length > 0) lines.push(`  and ${countByType(others)}`);
  if (unnamed.length > 0) lines.push(`  ${unmodelled === undefined ? 'not in its resource list' : 'created, but listed without a name'}: ${countByType(unnamed)}`);
  if (skipped.length > 0) lines.push(`  skipped (moto's CloudFormation does not model them; cfn-lint and the template tests cover them): ${countByType(skipped)}`);
  return lines;
}
