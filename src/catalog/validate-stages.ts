import { describe, type IssueCollector, isRecord } from './issue-collector';
import { CatalogRules as R } from './rules';
import { checkNotifications } from './validate-alarms';

const POLICY_KEYS: readonly string[] = ['page', 'notify'];
const ROUTED_TIERS: readonly string[] = R.routedTiers;

/** Where one stage's routed tiers notify: a tier with a topic, and subscriptions checked as the tiers' own are. */
function checkStageNotify(issues: IssueCollector, at: string, notify: unknown): void {
  if (!isRecord(notify)) {
    issues.add(at, `${describe(notify)} must be { critical?: { email?, https? }, warning?: { email?, https? } }`);
    return;
  }
  for (const [tier, subscriptions] of Object.entries(notify)) {
    if (ROUTED_TIERS.includes(tier)) {
      if (subscriptions !== undefined) checkNotifications(issues, `${at}.${tier}`, subscriptions);
    } else if (tier === 'info') {
      issues.add(`${at}.${tier}`, 'the info tier stays on dashboards: it has no topic to notify from');
    } else {
      issues.add(`${at}.${tier}`, `unknown tier (the tiers with a topic are ${ROUTED_TIERS.join(', ')})`);
    }
  }
}

/** One stage's policy: `page`, and `notify` only where it would subscribe something. */
function checkStagePolicy(issues: IssueCollector, at: string, policy: unknown): void {
  if (!isRecord(policy)) {
    issues.add(at, `${describe(policy)} must be { page: true | false, notify?: {...} }`);
    return;
  }
  if (typeof policy.page !== 'boolean') issues.add(`${at}.page`, `${describe(policy.page)} must be true or false`);
  for (const key of Object.keys(policy)) {
    if (!POLICY_KEYS.includes(key)) issues.add(`${at}.${key}`, `unknown key (a stage policy has ${POLICY_KEYS.join(' and ')})`);
  }
  if (policy.notify === undefined) return;
  // A stage that does not page subscribes no one: a notify there would be read as a promise and kept as none.
  if (policy.page === false) issues.add(`${at}.notify`, 'this stage does not page, so nothing here is subscribed: set page: true or remove notify');
  else checkStageNotify(issues, `${at}.notify`, policy.notify);
}

/**
 * Checks the catalog's stage policies: stage names as serverless takes them, and each policy's keys.
 * @param issues - where problems go
 * @param stages - the catalog's `stages` as written
 */
export function checkStages(issues: IssueCollector, stages: unknown): void {
  if (stages === undefined) return;
  if (!isRecord(stages)) {
    issues.add('stages', `${describe(stages)} must map stage names to { page, notify? }`);
    return;
  }
  for (const [stage, policy] of Object.entries(stages)) {
    const at = `stages.${stage}`;
    issues.pattern(at, stage, R.stagePattern, 'a stage name (letters, digits and dashes, as serverless takes it)');
    checkStagePolicy(issues, at, policy);
  }
}
