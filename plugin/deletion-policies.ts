import { DELETED_WITH_STACK } from '../alarms/deletion-policy';

/**
 * The resource types whose deletion loses data, as cfn-lint's rule I3011 lists them
 * (`data/AdditionalSpecs/StatefulResources.json`), less `AWS::S3::Bucket`, which CloudFormation
 * cannot delete while it holds objects.
 */
export const STATEFUL_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'AWS::Backup::BackupVault',
  'AWS::CloudFormation::Stack',
  'AWS::Cognito::UserPool',
  'AWS::DocDB::DBCluster',
  'AWS::DocDB::DBInstance',
  'AWS::DynamoDB::GlobalTable',
  'AWS::DynamoDB::Table',
  'AWS::EC2::Volume',
  'AWS::EFS::FileSystem',
  'AWS::EMR::Cluster',
  'AWS::ElastiCache::CacheCluster',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::Elasticsearch::Domain',
  'AWS::FSx::FileSystem',
  'AWS::KMS::Key',
  'AWS::Kinesis::Stream',
  'AWS::Logs::LogGroup',
  'AWS::Neptune::DBCluster',
  'AWS::Neptune::DBInstance',
  'AWS::OpenSearchService::Domain',
  'AWS::Organizations::Account',
  'AWS::QLDB::Ledger',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance',
  'AWS::Redshift::Cluster',
  'AWS::SDB::Domain',
  'AWS::SQS::Queue',
  'AWS::SecretsManager::Secret',
]);

/** A compiled template, as far as {@link setDeletionPolicies} reads and writes it. */
export interface PolicyTemplate {
  readonly Resources: Record<string, { readonly Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;
}

/** What {@link setDeletionPolicies} did and found. */
export interface DeletionPolicies {
  /** osls's stateful resources (the functions' log groups) given `Delete` for a policy they did not set. */
  readonly filled: readonly string[];
  /** The user's stateful resources without both policies: left as they are, named in {@link DeletionPolicies.notice}. */
  readonly unprotected: readonly string[];
  /** The line to print about `unprotected`; undefined when there is none. */
  readonly notice?: string;
}

/**
 * Writes down what CloudFormation does with the stateful resources osls generates (the functions'
 * log groups) when the stack deletes or replaces them: `Delete`, its default, for each policy not
 * already set (a `resources.extensions` entry may have set one). The user's own resources (the keys
 * of `resources.Resources` in serverless.yml) are theirs to decide: they are not changed, and those
 * without both policies are named in a notice (cfn-lint I3011 reports them too).
 *
 * @param userResourceIds the logical ids serverless.yml's `resources.Resources` declares
 * @example
 * ```ts
 * const { notice } = setDeletionPolicies(template, Object.keys(service.resources?.Resources ?? {}));
 * if (notice !== undefined) log.notice(notice);
 * ```
 */
export function setDeletionPolicies(template: PolicyTemplate, userResourceIds: readonly string[]): DeletionPolicies {
  const users = new Set(userResourceIds);
  const filled: string[] = [];
  const unprotected: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (!STATEFUL_RESOURCE_TYPES.has(resource.Type) || (resource.DeletionPolicy !== undefined && resource.UpdateReplacePolicy !== undefined)) continue;
    if (users.has(id)) {
      unprotected.push(id);
      continue;
    }
    resource.DeletionPolicy ??= DELETED_WITH_STACK.DeletionPolicy;
    resource.UpdateReplacePolicy ??= DELETED_WITH_STACK.UpdateReplacePolicy;
    filled.push(id);
  }
  if (unprotected.length === 0) return { filled, unprotected };
  return {
    filled,
    unprotected,
    notice: `Periscope: no DeletionPolicy/UpdateReplacePolicy on ${unprotected.join(', ')}: CloudFormation deletes their data with the stack unless you set them`,
  };
}
