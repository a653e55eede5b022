import { execFileSync } from 'node:child_process';
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CHANGE_EVENT, type ChangeDetail } from '../src/catalog/delivery';

/** Runs git with arguments in the service's directory; `undefined` when git or the repository is not there. */
export type GitReader = (args: readonly string[]) => string | undefined;

/** git in `cwd`, quietly: no repository (a CI that copies sources) is not an error. */
export const gitIn =
  (cwd: string): GitReader =>
  (args) => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim() || undefined;
    } catch {
      return undefined;
    }
  };

/** The CI variables that hold the commit being built, in the order they are looked at. */
export const CI_COMMIT_VARIABLES = ['PERISCOPE_COMMIT', 'GITHUB_SHA', 'CI_COMMIT_SHA', 'CODEBUILD_RESOLVED_SOURCE_VERSION', 'BITBUCKET_COMMIT', 'CIRCLE_SHA1'] as const;
/** The CI variables that hold the commit's time (ISO 8601), in order; otherwise git is asked. */
export const CI_COMMIT_TIME_VARIABLES = ['PERISCOPE_COMMIT_TIME', 'CI_COMMIT_TIMESTAMP'] as const;
/** Marks a deploy as the fix of a production incident: counted as rework. */
export const FIX_VARIABLE = 'PERISCOPE_DEPLOY_FIX';
/** The version the deploy is known by; otherwise the CI's build number, or the short commit. */
export const VERSION_VARIABLES = ['PERISCOPE_VERSION', 'GITHUB_RUN_NUMBER', 'CI_PIPELINE_IID', 'CODEBUILD_BUILD_NUMBER', 'BITBUCKET_BUILD_NUMBER', 'CIRCLE_BUILD_NUM'] as const;

const first = (env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined => names.map((name) => env[name]).find((value) => value !== undefined && value !== '');

/**
 * What the plugin says about a deploy it is about to make: the commit (a CI's variable, else git's
 * `HEAD`), its commit time (a CI's variable, else git's committer date), the version, whether it is
 * marked as a fix (`PERISCOPE_DEPLOY_FIX=true`), and the strategy.
 */
export function changeDetail(input: { readonly service: string; readonly stage: string; readonly strategy?: string; readonly env: NodeJS.ProcessEnv; readonly git: GitReader }): ChangeDetail {
  const { env, git } = input;
  const commit = first(env, CI_COMMIT_VARIABLES) ?? git(['rev-parse', 'HEAD']);
  const commitTime = first(env, CI_COMMIT_TIME_VARIABLES) ?? (commit === undefined ? undefined : git(['show', '-s', '--format=%cI', commit]));
  const validTime = commitTime !== undefined && Number.isFinite(Date.parse(commitTime)) ? new Date(Date.parse(commitTime)).toISOString() : undefined;
  const version = first(env, VERSION_VARIABLES) ?? commit?.slice(0, 7);
  return {
    service: input.service,
    stage: input.stage,
    ...(commit === undefined ? {} : { commit }),
    ...(validTime === undefined ? {} : { commitTime: validTime }),
    ...(version === undefined ? {} : { version }),
    fix: env[FIX_VARIABLE] === 'true' || env[FIX_VARIABLE] === '1',
    ...(input.strategy === undefined ? {} : { strategy: input.strategy }),
  };
}

/**
 * Puts the change on the account's default event bus, where the delivery function's rule picks it
 * up. A failure is returned, not thrown: the deploy goes on and is still counted, without a lead time.
 */
export async function announceChange(client: Pick<EventBridgeClient, 'send'>, detail: ChangeDetail): Promise<string | undefined> {
  try {
    const answer = await client.send(new PutEventsCommand({ Entries: [{ Source: CHANGE_EVENT.source, DetailType: CHANGE_EVENT.detailType, Detail: JSON.stringify(detail) }] }));
    const failed = answer.Entries?.find((entry) => entry.ErrorCode !== undefined);
    return (answer.FailedEntryCount ?? 0) > 0 ? `EventBridge refused it: ${failed?.ErrorCode ?? 'unknown'} ${failed?.ErrorMessage ?? ''}`.trim() : undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
