import type { AlarmStateChangeEvent } from './alarm-state-event';

/** What the notifier reads of an alarm's current state (`DescribeAlarms`). */
export interface AlarmStateView {
  readonly state: string;
  /** When it last changed state, epoch ms. */
  readonly since: number;
  /** A composite's rule. */
  readonly rule?: string;
  /** Why it is in its state, as CloudWatch words it (`StateReason`). */
  readonly reason?: string;
}

/** Reads the current states of some alarms by name; an alarm that does not exist is left out. */
export type AlarmStateReader = (names: readonly string[]) => Promise<ReadonlyMap<string, AlarmStateView>>;

/** Whether the notifier announces a member's change itself, and why (logged either way). */
export interface HiddenAlarmVerdict {
  readonly announce: boolean;
  readonly why: string;
}

/** The alarm names an {@link hiddenAlarmVerdict} needs the states of, for one change. */
export const alarmsToRead = (change: AlarmStateChangeEvent): string[] => [change.config.tiers.critical, change.config.tiers.warning, change.config.suppressor];

const quoted = (name: string): string => `"${name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/**
 * Decides whether a member alarm's state change would reach nobody unless the notifier announces it:
 * a tier composite already in ALARM does not notify again when another of its members fires, nor when
 * one of several recovers. Announced: a change of a member of the critical or warning composite
 * while that composite has been in ALARM since before the change. Not announced:
 *
 * - a change the composite itself notifies: it is OK, or it went into ALARM less than its wait for
 *   the suppressor before (its notification, sent when the wait ends, covers the same incident);
 * - an alarm that is no tier composite's member (the composites, burn-rate windows, info alarms);
 * - during a deploy and its extension period, when the composites' actions are held too;
 * - a warning while the critical composite is in ALARM: it is part of an incident that has paged.
 */
export function hiddenAlarmVerdict(change: AlarmStateChangeEvent, states: ReadonlyMap<string, AlarmStateView>): HiddenAlarmVerdict {
  const { config, notification, changedAt } = change;
  const tier = notification.tier === 'critical' || notification.tier === 'warning' ? notification.tier : undefined;
  const composite = tier === undefined ? undefined : states.get(config.tiers[tier]);
  if (tier === undefined || composite === undefined || !(composite.rule ?? '').includes(`ALARM(${quoted(notification.name)})`)) {
    return { announce: false, why: 'not a member of a tier composite' };
  }
  const suppressor = states.get(config.suppressor);
  if (suppressor !== undefined && (suppressor.state === 'ALARM' || (changedAt - suppressor.since < config.suppressorExtensionSeconds * 1000 && changedAt >= suppressor.since))) {
    return { announce: false, why: 'a deploy is in progress: alerts are held' };
  }
  if (composite.state !== 'ALARM') return { announce: false, why: `the ${tier} composite is ${composite.state}: it notifies this change itself` };
  // A composite entering ALARM notifies once its wait for the suppressor is over: what fires until then is part of that notification's incident.
  if (changedAt < composite.since + config.suppressorWaitSeconds * 1000) return { announce: false, why: `the ${tier} composite went into ALARM with it: its notification covers it` };
  const critical = states.get(config.tiers.critical);
  if (tier === 'warning' && critical?.state === 'ALARM') return { announce: false, why: 'the critical composite is in ALARM: this warning is part of that incident' };
  return { announce: true, why: `the ${tier} composite has been in ALARM since ${new Date(composite.since).toISOString()}: it will not notify this change` };
}
