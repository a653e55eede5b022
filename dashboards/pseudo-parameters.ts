import { ACCOUNT, PARTITION, REGION } from './widgets';

/** The stack a dashboard body is filled in for, outside CloudFormation. */
export interface StackPlace {
  /** What {@link REGION} becomes (`us-east-1`). */
  readonly region: string;
  /** What {@link ACCOUNT} becomes (`123456789012`). */
  readonly accountId: string;
  /** What {@link PARTITION} becomes. @default 'aws' */
  readonly partition?: string;
  /**
   * What each `${LogicalId}` the body names becomes, by logical id: names CloudFormation gives at
   * deploy time (an HTTP API's id, a schedule rule's name). @default {} (left as they are)
   */
  readonly references?: Readonly<Record<string, string>>;
}

/**
 * A dashboard body's JSON text with the region, account and partition placeholders (and any
 * `references` to the template's resources) replaced, as the `Fn::Sub` the plugin deploys it in would
 * replace them: for a body written out or loaded without CloudFormation (`periscope dashboards`, the
 * local preview and drills).
 *
 * @example
 * ```ts
 * fillPseudoParameters(JSON.stringify(dashboard.body), { region: 'eu-west-1', accountId: '123456789012' });
 * ```
 */
export const fillPseudoParameters = (text: string, place: StackPlace): string =>
  Object.entries(place.references ?? {}).reduce(
    (filled, [logicalId, value]) => filled.replaceAll(`\${${logicalId}}`, value),
    text
      .replaceAll(REGION, place.region)
      .replaceAll(ACCOUNT, place.accountId)
      .replaceAll(PARTITION, place.partition ?? 'aws'),
  );
