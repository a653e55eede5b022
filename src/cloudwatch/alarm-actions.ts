import type { AlarmState } from './alarm-states';

/**
 * The property that lists the actions an alarm runs when it enters each state, as CloudFormation
 * and CloudWatch name them.
 */
export const ACTIONS_PROPERTY = {
  ALARM: 'AlarmActions',
  OK: 'OKActions',
  INSUFFICIENT_DATA: 'InsufficientDataActions',
} as const satisfies { readonly [S in AlarmState]: string };

/** One of {@link ACTIONS_PROPERTY}'s values. */
export type ActionsProperty = (typeof ACTIONS_PROPERTY)[AlarmState];

/**
 * An alarm's actions per state it enters; `A` is how an action is written (an ARN, a CloudFormation
 * `{ Ref }`). A state left out has no actions.
 * @example
 * ```ts
 * const actions: ActionsByState<CfnValue> = { ALARM: [{ Ref: 'CriticalTopic' }], OK: [{ Ref: 'CriticalTopic' }] };
 * ```
 */
export type ActionsByState<A> = { readonly [S in AlarmState]?: readonly A[] };

/** How many actions an alarm has, over every state. */
export const countActions = <A>(actions: ActionsByState<A>): number => (actions.ALARM?.length ?? 0) + (actions.OK?.length ?? 0) + (actions.INSUFFICIENT_DATA?.length ?? 0);

/**
 * An alarm's actions as its CloudFormation properties (`AlarmActions`, `OKActions`,
 * `InsufficientDataActions`, in that order); a state without a list has no property.
 * @example
 * ```ts
 * actionsProperties({ ALARM: [topic] }); // { AlarmActions: [topic] }
 * ```
 */
export function actionsProperties<A>(actions: ActionsByState<A>): { readonly [P in ActionsProperty]?: readonly A[] } {
  return {
    ...(actions.ALARM ? { [ACTIONS_PROPERTY.ALARM]: actions.ALARM } : {}),
    ...(actions.OK ? { [ACTIONS_PROPERTY.OK]: actions.OK } : {}),
    ...(actions.INSUFFICIENT_DATA ? { [ACTIONS_PROPERTY.INSUFFICIENT_DATA]: actions.INSUFFICIENT_DATA } : {}),
  };
}
