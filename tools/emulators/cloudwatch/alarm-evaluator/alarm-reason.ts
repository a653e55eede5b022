import { COMPARISON_OPERATORS } from '../../../../src/cloudwatch';
import type { AlarmDecision, DatapointClass } from './missing-data';
import type { AlarmState, MetricAlarmDefinition, TriggeringChild } from './types';

/** One period of an evaluation range, as the reason reports it. */
export interface RangeDatapoint {
  /** Start of the period, epoch ms. */
  readonly timestamp: number;
  readonly value?: number;
  /** The anomaly band at that period, for band alarms. */
  readonly band?: { readonly lower: number; readonly upper: number };
  readonly class: DatapointClass;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A number as CloudWatch prints one (Java's double): `45.0`, `12.5`. */
export const formatValue = (value: number): string => (Number.isInteger(value) ? value.toFixed(1) : String(Number(value.toPrecision(15))));

/** A period's time as CloudWatch prints it in a reason: `23/11/26 10:05:00`, UTC. */
export function formatReasonTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
const wasWere = (count: number): string => (count === 1 ? 'was' : 'were');

/** `[lower]`, `[upper]` or `[lower] or greater than the upper thresholds [upper]`, one value per listed datapoint. */
function thresholdText(alarm: MetricAlarmDefinition, listed: readonly RangeDatapoint[]): string {
  if (alarm.threshold.kind === 'static') return `(${formatValue(alarm.threshold.value)})`;
  const bounds = (pick: 'lower' | 'upper'): string => `[${listed.map((p) => formatValue(p.band?.[pick] ?? Number.NaN)).join(', ')}]`;
  if (alarm.comparison === 'GreaterThanUpperThreshold') return bounds('upper');
  if (alarm.comparison === 'LessThanLowerThreshold') return bounds('lower');
  return `${bounds('lower')} or greater than the upper thresholds ${bounds('upper')}`;
}

/**
 * CloudWatch's `StateReason` for a metric alarm's new state, in its words: "Threshold Crossed: 2 out
 * of the last 3 datapoints [45.0 (23/11/26 10:05:00), 40.0 (23/11/26 10:04:00)] were greater than or
 * equal to the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition)." Datapoints are
 * listed newest first; filled-in missing datapoints are counted and said so.
 */
export function describeDecision(alarm: MetricAlarmDefinition, range: readonly RangeDatapoint[], decision: AlarmDecision, state: AlarmState): string {
  const n = alarm.evaluationPeriods;
  const evaluated = decision.evaluated.map((i) => range[i] as RangeDatapoint);
  if (state === 'INSUFFICIENT_DATA') return `Insufficient Data: ${plural(n - evaluated.length, 'datapoint')} ${wasWere(n - evaluated.length)} unknown.`;
  const prefix = alarm.threshold.kind === 'band' ? 'Thresholds Crossed' : 'Threshold Crossed';
  const filledAs = decision.filledAs === 'breaching' ? 'Breaching' : 'NonBreaching';
  if (evaluated.length === 0) {
    return `${prefix}: no datapoints were received for ${plural(n, 'period')} and ${plural(decision.filled, 'missing datapoint')} ${wasWere(decision.filled)} treated as [${filledAs}].`;
  }
  const alarming = state === 'ALARM';
  const listed = evaluated.filter((p) => (p.class === 'breaching') === alarming).reverse();
  const total = evaluated.length + decision.filled;
  const count = alarming ? decision.breaching : total - decision.breaching;
  const head = total === 1 ? '1 datapoint' : `${count} out of the last ${total} datapoints`;
  const values = listed.length === 0 ? '' : ` [${listed.map((p) => `${formatValue(p.value as number)} (${formatReasonTime(p.timestamp)})`).join(', ')}]`;
  const filled = decision.filled === 0 ? '' : ` (${plural(decision.filled, 'missing datapoint')} ${wasWere(decision.filled)} treated as [${filledAs}])`;
  const needed = alarming ? alarm.datapointsToAlarm : n - alarm.datapointsToAlarm + 1;
  const minimum = n === 1 || total < n ? '' : ` (minimum ${plural(needed, 'datapoint')} for ${alarming ? 'OK -> ALARM' : 'ALARM -> OK'} transition)`;
  return `${prefix}: ${head}${values} ${wasWere(count)} ${alarming ? '' : 'not '}${COMPARISON_OPERATORS[alarm.comparison].stateReason} ${thresholdText(alarm, listed)}${filled}${minimum}.`;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A time as a composite's reason gives it: `Sunday 22 November, 2026 09:59:06 UTC`. */
export function formatLongTime(epochMs: number): string {
  const d = new Date(epochMs);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${WEEKDAYS[d.getUTCDay()]} ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]}, ${d.getUTCFullYear()} ${time} UTC`;
}

/**
 * A composite's `StateReason`, after its first triggering child: "orders-dev-api-5xx-rate-critical
 * transitioned to ALARM at Sunday 22 November, 2026 09:59:06 UTC" (CloudWatch names the child by ARN:
 * pass `display` to do the same).
 */
export function describeComposite(children: readonly TriggeringChild[], ruleValue: boolean, display: (name: string) => string = (name) => name): string {
  const first = children[0];
  if (first === undefined) return `The rule is ${ruleValue ? 'TRUE' : 'FALSE'}.`;
  if (first.at === undefined) return `${display(first.name)} is in ${first.state}, so the rule is ${ruleValue ? 'TRUE' : 'FALSE'}.`;
  return `${display(first.name)} transitioned to ${first.state} at ${formatLongTime(first.at)}`;
}
