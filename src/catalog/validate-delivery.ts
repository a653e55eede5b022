import { DELIVERY_TARGET_DEFAULTS } from './delivery';
import { describe, type IssueCollector, isRecord } from './issue-collector';

const POLICY_KEYS = ['targets', 'changeWindowMinutes'];
const TARGET_KEYS = Object.keys(DELIVERY_TARGET_DEFAULTS);
const PERCENT_TARGETS = new Set(['changeFailRatePercent', 'reworkRatePercent']);

/**
 * Checks the catalog's `delivery`: known keys, positive targets (percentages at most 100), and a
 * change window of whole minutes up to a day.
 * @param issues - where problems go
 * @param delivery - the catalog's `delivery` as written
 */
export function checkDelivery(issues: IssueCollector, delivery: unknown): void {
  if (delivery === undefined) return;
  if (!isRecord(delivery)) {
    issues.add('delivery', `${describe(delivery)} must be { targets?, changeWindowMinutes? }`);
    return;
  }
  for (const key of Object.keys(delivery)) if (!POLICY_KEYS.includes(key)) issues.add(`delivery.${key}`, `unknown key (${POLICY_KEYS.join(', ')})`);
  if (delivery.changeWindowMinutes !== undefined) {
    issues.range('delivery.changeWindowMinutes', delivery.changeWindowMinutes, (n) => Number.isInteger(n) && n >= 1 && n <= 1440, 'whole minutes from 1 to 1440');
  }
  const targets = delivery.targets;
  if (targets === undefined) return;
  if (!isRecord(targets)) {
    issues.add('delivery.targets', `${describe(targets)} must be { ${TARGET_KEYS.map((key) => `${key}?`).join(', ')} }`);
    return;
  }
  for (const [key, value] of Object.entries(targets)) {
    const at = `delivery.targets.${key}`;
    if (!TARGET_KEYS.includes(key)) issues.add(at, `unknown key (${TARGET_KEYS.join(', ')})`);
    else if (PERCENT_TARGETS.has(key)) issues.range(at, value, (n) => n >= 0 && n <= 100, 'a percentage from 0 to 100');
    else issues.range(at, value, (n) => n > 0, 'a number above 0');
  }
}
