import type { Statistic } from '../src/cloudwatch';

/** A metric row as CloudWatch dashboards take it: `[namespace, name, dim, value, ..., options]`, or an expression. */
export type MetricRow = readonly (string | MetricRowOptions)[] | readonly [ExpressionRow];

/** Options at the end of a metric row. */
export interface MetricRowOptions {
  readonly id?: string;
  readonly label?: string;
  readonly stat?: Statistic;
  readonly period?: number;
  readonly visible?: boolean;
}

/** A metric math expression row. */
export interface ExpressionRow {
  readonly expression: string;
  readonly label: string;
  readonly id: string;
  /** `false` to compute the expression for another one without showing it. @default true */
  readonly visible?: boolean;
}

/** Grid position, in CloudWatch's units: 24 columns wide, rows of about 6 px... tall. */
export interface Placement {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A horizontal line across a graph: a target, or an alarm's threshold. */
export interface HorizontalAnnotation {
  readonly label: string;
  readonly value: number;
  /** Six-digit hex colour (`#d62728`). @default CloudWatch picks one */
  readonly color?: string;
  /** Shades the side of the line where the graph's values are bad (an alarm's breaching side). @default no shading */
  readonly fill?: 'above' | 'below';
}

/** A metric graph, number or dial. */
export interface MetricWidgetProperties {
  readonly title: string;
  /**
   * A graph over time, a number, or a dial. A `gauge` needs `yAxis.left.min` and `max` (CloudWatch's
   * dashboard body reference: "If you specify gauge, you must set a value for min and max on the left
   * side of yAxis"), and its horizontal annotations colour the dial's ranges: build one with
   * `gaugeWidget`, which asks for both.
   */
  readonly view: 'timeSeries' | 'singleValue' | 'gauge';
  readonly region: string;
  readonly period: number;
  readonly stat?: Statistic;
  readonly stacked?: boolean;
  /** singleValue and gauge: one value over the whole time range rather than the last period (the period becomes the range). */
  readonly setPeriodToTimeRange?: boolean;
  readonly metrics: readonly MetricRow[];
  readonly annotations?: { readonly horizontal?: readonly HorizontalAnnotation[] };
  readonly yAxis?: { readonly left?: { readonly min?: number; readonly max?: number; readonly label?: string; readonly showUnits?: boolean } };
}

/** One widget, before placement. */
export type WidgetSpec =
  | { readonly type: 'metric'; readonly width: number; readonly height: number; readonly properties: MetricWidgetProperties }
  | { readonly type: 'text'; readonly width: number; readonly height: number; readonly properties: { readonly markdown: string } }
  | { readonly type: 'alarm'; readonly width: number; readonly height: number; readonly properties: { readonly title: string; readonly alarms: readonly string[] } }
  | { readonly type: 'log'; readonly width: number; readonly height: number; readonly properties: { readonly title: string; readonly region: string; readonly view: 'table'; readonly query: string } };

/** A placed widget, as in a dashboard body. */
export type Widget = WidgetSpec & Placement;

/** A CloudWatch dashboard body (`DashboardBody`, as JSON). */
export interface DashboardBody {
  /** Default time range, ISO 8601 duration relative to now (`-PT3H`). */
  readonly start: string;
  readonly periodOverride: 'auto' | 'inherit';
  readonly widgets: readonly Widget[];
}

/** The three audiences, by the key of their file in `dashboards/out/`. */
export type DashboardViewKey = 'exec' | 'ops' | 'dev';

/** One generated dashboard. */
export interface GeneratedDashboard {
  /** `<service>-<stage>-<view>`: `orders-dev-executive`. */
  readonly name: string;
  readonly body: DashboardBody;
}
