import type { MetricDataQuery } from '../src/cloudwatch';
import type { CfnValue, DeployedName } from './types';

/** A dimension value that stands for a `{ Ref }`: `${LogicalId}`, exactly. */
const REFERENCE = /^\$\{([A-Za-z0-9]+)\}$/;

/**
 * A deployed name as a metric's dimension value: the name itself, or `${LogicalId}` for one
 * CloudFormation gives at deploy time. A dashboard body is an `Fn::Sub`, which fills it in as is; an
 * alarm's dimensions turn it into a `{ Ref }` (see {@link cfnMetrics}).
 * @example
 * ```ts
 * dimensionValue('orders-dev-order-placed'); // 'orders-dev-order-placed'
 * dimensionValue({ Ref: 'HttpApi' }); // '${HttpApi}'
 * ```
 */
export const dimensionValue = (name: DeployedName): string => (typeof name === 'string' ? name : `\${${name.Ref}}`);

/** A deployed name as a sentence says it: the name, or the resource that has it (`HttpApi`). */
export const nameText = (name: DeployedName): string => (typeof name === 'string' ? name : name.Ref);

/**
 * An alarm's queries as CloudFormation takes them: every dimension value written `${LogicalId}` (see
 * {@link dimensionValue}) becomes `{ Ref: LogicalId }`, which CloudFormation resolves in
 * `Dimensions[].Value`. Other queries are returned as they are.
 */
export function cfnMetrics(metrics: readonly MetricDataQuery[]): CfnValue {
  return metrics.map((query) => {
    const stat = query.MetricStat;
    if (stat === undefined || !stat.Metric.Dimensions.some((d) => REFERENCE.test(d.Value))) return query as unknown as CfnValue;
    const Dimensions = stat.Metric.Dimensions.map(({ Name, Value }) => {
      const reference = REFERENCE.exec(Value);
      return { Name, Value: reference === null ? Value : { Ref: reference[1]! } };
    });
    return { ...query, MetricStat: { ...stat, Metric: { ...stat.Metric, Dimensions } } } as unknown as CfnValue;
  });
}
