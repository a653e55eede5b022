import { describe, type IssueCollector, isRecord, type Record_ } from './issue-collector';
import { CatalogRules as R } from './rules';
import { FunctionTrigger, type FunctionTriggerName } from './types';

const TRIGGERS: readonly string[] = Object.values(FunctionTrigger);
/** The triggers whose requests have API routes. */
const ROUTED: readonly FunctionTriggerName[] = [FunctionTrigger.RestApi, FunctionTrigger.HttpApi];
const QUEUE_KEYS = ['maxAgeSeconds', 'maxDepth'];

/** `queue`: the age and backlog an SQS consumer promises, only on a function declared `trigger: 'sqs'`. */
function checkQueue(issues: IssueCollector, at: string, fn: Record_): void {
  const queue = fn.queue;
  if (queue === undefined) return;
  if (fn.trigger !== FunctionTrigger.Sqs) {
    const declared = fn.trigger === undefined ? 'this function declares no trigger' : `this function's trigger is ${describe(fn.trigger)}`;
    issues.add(`${at}.queue`, `only an SQS consumer has a queue: declare trigger: 'sqs' (${declared})`);
  }
  if (!isRecord(queue)) {
    issues.add(`${at}.queue`, `${describe(queue)} must be { maxAgeSeconds, maxDepth? }`);
    return;
  }
  for (const key of Object.keys(queue)) if (!QUEUE_KEYS.includes(key)) issues.add(`${at}.queue.${key}`, `unknown key (${QUEUE_KEYS.join(', ')})`);
  issues.range(
    `${at}.queue.maxAgeSeconds`,
    queue.maxAgeSeconds,
    (n) => n > 0 && n <= R.maxMessageAgeSeconds,
    `seconds a message may wait, above 0 and at most ${R.maxMessageAgeSeconds} (14 days, SQS's longest retention)`,
  );
  if (queue.maxDepth !== undefined) issues.range(`${at}.queue.maxDepth`, queue.maxDepth, (n) => Number.isInteger(n) && n >= 1, 'a whole number of waiting messages, at least 1');
}

/**
 * Checks a function's `trigger` and `queue`: a known trigger; routes only on an API trigger; `queue`
 * only on an SQS consumer, with a positive age and depth.
 * @param issues - where problems go, each at its key path (`functions[2] (fulfilOrder).queue.maxAgeSeconds`)
 * @param at - the function's path
 * @param fn - the function as written
 */
export function checkFunctionTrigger(issues: IssueCollector, at: string, fn: Record_): void {
  const { trigger } = fn;
  if (trigger !== undefined) {
    if (typeof trigger !== 'string' || !TRIGGERS.includes(trigger)) {
      issues.add(`${at}.trigger`, `${describe(trigger)} is not a trigger (one of ${TRIGGERS.join(', ')})`);
    } else if (Array.isArray(fn.routes) && fn.routes.length > 0 && !(ROUTED as readonly string[]).includes(trigger)) {
      issues.add(`${at}.routes`, `a function triggered by ${trigger} serves no API routes (routes belong to ${ROUTED.join(' or ')})`);
    }
  }
  checkQueue(issues, at, fn);
}
