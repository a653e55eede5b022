import { DELIVERY_METRICS, DELIVERY_NAMESPACE, type DeliveryTargets, deliveryTargetsOf } from '../../src/catalog';
import type { MetricId, Statistic } from '../../src/cloudwatch';
import type { ViewContext } from '../context';
import type { HorizontalAnnotation, MetricRow, WidgetSpec } from '../types';
import { expressionRow, gaugeWidget, metricWidget, row, textWidget } from '../widgets';

const DAY = 86_400;
const HOUR = 3_600;
/** CloudWatch's palette: green where the target is met, red where it is missed. */
const MET_COLOUR = '#2ca02c';
const MISSED_COLOUR = '#d62728';

/** A delivery metric by its key in `DELIVERY_METRICS`, which is also its query id in every widget here. */
type DeliveryMetricKey = keyof typeof DELIVERY_METRICS;

/** Counts add up over the range; durations are averaged, one value per change. */
const STATISTIC: Readonly<Record<DeliveryMetricKey, Statistic>> = { deployments: 'Sum', leadTime: 'Average', changeFailed: 'Sum', recovery: 'Average', rework: 'Sum' };

/** One of the five DORA numbers: how it is computed from the delivery metrics, and the target it is held to. */
interface DeliveryNumber {
  readonly name: string;
  /** Query id of its value; the verdict is `<id>Met`. */
  readonly id: string;
  readonly unit: 'per day' | 'hours' | '%';
  /** Metric math over the ids of `reads`, for one period spanning the dashboard's range. */
  readonly expression: string;
  readonly reads: readonly DeliveryMetricKey[];
  readonly target: number;
  /** Deployment frequency is a floor ("at least"); the other four are ceilings ("at most"). */
  readonly atLeast: boolean;
  /** What it means and how it is counted, in markdown. */
  readonly meaning: string;
}

/**
 * The five numbers. With `setPeriodToTimeRange` each query has one period spanning the range, so a
 * Sum is the range's total and an Average the range's mean; `PERIOD(deployments)` is then the range in
 * seconds (PERIOD takes a metric, not an expression). FILL(…, 0) makes "nothing reported" a 0 where 0
 * is the truth (no deployment: 0 per day; no failure reported: a 0% rate); a rate over no deployment
 * and a mean of no duration stay empty, as there is nothing to measure.
 */
const deliveryNumbers = (targets: Required<DeliveryTargets>): DeliveryNumber[] => [
  {
    name: 'Deployment frequency',
    id: 'frequency',
    unit: 'per day',
    expression: `FILL(deployments, 0) / (PERIOD(deployments) / ${DAY})`,
    reads: ['deployments'],
    target: targets.deploymentsPerDay,
    atLeast: true,
    meaning: 'deployments finished per day, whatever their outcome: the sum of `Deployments` (1 per finished deployment) divided by the days in the range.',
  },
  {
    name: 'Change lead time',
    id: 'leadTimeHours',
    unit: 'hours',
    expression: `leadTime / ${HOUR}`,
    reads: ['leadTime'],
    target: targets.leadTimeHours,
    atLeast: false,
    meaning: 'the average time from commit to the end of a succeeded deployment: `LeadTimeSeconds`, one value per succeeded deployment.',
  },
  {
    name: 'Change fail rate',
    id: 'failRate',
    unit: '%',
    expression: '100 * FILL(changeFailed, 0) / deployments',
    reads: ['deployments', 'changeFailed'],
    target: targets.changeFailRatePercent,
    atLeast: false,
    meaning: 'the share of deployments that rolled back, failed or caused an incident: the sum of `ChangeFailed` (1 per failed change) over the sum of `Deployments`.',
  },
  {
    name: 'Failed deployment recovery time',
    id: 'recoveryHours',
    unit: 'hours',
    expression: `recovery / ${HOUR}`,
    reads: ['recovery'],
    target: targets.recoveryHours,
    atLeast: false,
    meaning:
      "the average time from a failed change reaching users to their recovery: a rolled-back or failed deployment from its start to its end; one that caused an incident from its end (or the incident's opening, if earlier) to the incident's close. `FailedDeploymentRecoverySeconds`, one value per failed change.",
  },
  {
    name: 'Deployment rework rate',
    id: 'reworkRate',
    unit: '%',
    expression: '100 * FILL(rework, 0) / deployments',
    reads: ['deployments', 'rework'],
    target: targets.reworkRatePercent,
    atLeast: false,
    meaning: 'the share of deployments made while an incident was open, or marked as a fix: the sum of `ReworkDeployments` over the sum of `Deployments`.',
  },
];

const formatted = (value: number): string => String(Number(value.toPrecision(4)));

/** `at least 1 per day`, `at most 1 h`, `at most 15%`. */
function targetText(number: DeliveryNumber): string {
  const amount = number.unit === '%' ? `${formatted(number.target)}%` : `${formatted(number.target)} ${number.unit === 'hours' ? 'h' : number.unit}`;
  return `${number.atLeast ? 'at least' : 'at most'} ${amount}`;
}

/** The verdict: 1 where the value meets its target, 0 where it misses it, nothing where there is no value. */
const verdictExpression = (number: DeliveryNumber): string => `IF(${number.id} ${number.atLeast ? '>=' : '<='} ${number.target}, 1, 0)`;

/** A delivery metric of this service at this stage, as the delivery-metrics function writes it. */
const deliveryMetric = (service: string, stage: string, key: DeliveryMetricKey): MetricId => ({
  namespace: DELIVERY_NAMESPACE,
  metricName: DELIVERY_METRICS[key],
  dimensions: { service, stage },
});

/** The dial reaches twice the target, so the target sits at its top; a percentage stops at 100. */
const dialMax = (number: DeliveryNumber): number => (number.unit === '%' ? (number.target > 0 ? Math.min(100, 2 * number.target) : 100) : 2 * number.target);

/** Green on the side of the target that meets it, red on the other: above for a floor, below for a ceiling. */
const dialRanges = (number: DeliveryNumber): HorizontalAnnotation[] => [
  { label: `Target met (${targetText(number)})`, value: number.target, color: MET_COLOUR, fill: number.atLeast ? 'above' : 'below' },
  { label: 'Target missed', value: number.target, color: MISSED_COLOUR, fill: number.atLeast ? 'below' : 'above' },
];

/**
 * The executive view's delivery row: what the five DORA numbers mean and the targets in force, the
 * five numbers over the dashboard's whole range with whether each meets its target, and deployments
 * and change failures per day. Shown when the service deploys the delivery-metrics function.
 *
 * Why dials and a 1/0 strip: the CloudWatch API Reference ("Dashboard Body Structure and Syntax")
 * defines a `gauge` view, which needs `yAxis.left` min and max, and horizontal annotations whose
 * `fill` shades `above` or `below` their value; two annotations at the target, green on the meeting
 * side and red on the other, colour the dial the same way round as the target (a floor for deployment
 * frequency, a ceiling for the other four), so it reads at a glance. Colour is not a verdict one can
 * copy, alarm on, or see where dials are not drawn (the local preview), so a strip below repeats it
 * with metric math `IF(value >= target, 1, 0)` (`<=` for a ceiling), labelled "meets target
 * (1 = yes)"; IF, PERIOD and FILL are as the CloudWatch User Guide's "Using metric math" defines them.
 *
 * @example
 * ```ts
 * const widgets = context.resources.delivery === undefined ? [] : deliveryWidgets(context);
 * ```
 */
export function deliveryWidgets(context: ViewContext): WidgetSpec[] {
  const { catalog, resources } = context;
  const targets = deliveryTargetsOf(catalog);
  const numbers = deliveryNumbers(targets);
  const metric = (key: DeliveryMetricKey): MetricId => deliveryMetric(catalog.service, resources.stage, key);
  const hidden = (key: DeliveryMetricKey): MetricRow => row(metric(key), { id: key, stat: STATISTIC[key], label: DELIVERY_METRICS[key], visible: false });
  const value = (number: DeliveryNumber, options: { visible?: boolean } = {}): MetricRow => expressionRow(number.id, number.expression, `${number.name} (${number.unit})`, options);

  return [
    textWidget(
      [
        `## Delivery: ${catalog.service} at ${resources.stage}, over the whole range`,
        ...numbers.map((number) => `- **${number.name}** is ${number.meaning} Target: **${targetText(number)}**.`),
        '',
        "Targets are the catalog's `delivery.targets`, DORA's elite bands where it sets none. Each dial is green where its target is met and red where it is missed; below them, 1 means met, 0 missed, and an empty value that there was nothing to measure (no deployment, or no change of that kind).",
      ].join('\n'),
      24,
      6,
    ),
    ...numbers.map((number) =>
      gaugeWidget({
        title: `${number.name} (target: ${targetText(number)})`,
        period: DAY,
        setPeriodToTimeRange: true,
        width: 4,
        min: 0,
        max: dialMax(number),
        metrics: [...number.reads.map(hidden), value(number)],
        annotations: { horizontal: dialRanges(number) },
      }),
    ),
    metricWidget({
      title: 'Deployments',
      view: 'singleValue',
      setPeriodToTimeRange: true,
      period: DAY,
      width: 4,
      metrics: [hidden('deployments'), expressionRow('count', 'FILL(deployments, 0)', 'Deployments in the range')],
    }),
    metricWidget({
      title: 'Targets met over the range (1 = yes, 0 = no, empty = nothing to measure)',
      view: 'singleValue',
      setPeriodToTimeRange: true,
      period: DAY,
      width: 24,
      height: 3,
      metrics: [
        ...(Object.keys(DELIVERY_METRICS) as DeliveryMetricKey[]).map(hidden),
        ...numbers.map((number) => value(number, { visible: false })),
        ...numbers.map((number) => expressionRow(`${number.id}Met`, verdictExpression(number), `${number.name}: meets target (1 = yes)`)),
      ],
    }),
    metricWidget({
      title: 'Deployments and change failures per day',
      period: DAY,
      width: 24,
      metrics: [row(metric('deployments'), { stat: 'Sum', label: 'Deployments' }), row(metric('changeFailed'), { stat: 'Sum', label: 'Change failures' })],
      annotations: { horizontal: [{ label: `Deployment frequency target (at least ${formatted(targets.deploymentsPerDay)} per day)`, value: targets.deploymentsPerDay }] },
      yAxis: { left: { min: 0, label: 'per day', showUnits: false } },
    }),
  ];
}
