import type { DeploymentOutcome } from './records';

/** One deployment to draw on the dashboard: what a `DeploymentRecord` says of it. Times are epoch ms. */
export interface DeploymentMark {
  readonly id: string;
  readonly startedAt: number;
  /** Absent while it runs. */
  readonly endedAt?: number;
  readonly outcome?: DeploymentOutcome;
  /** The plugin's version of the change; the label falls back to the id without one. */
  readonly version?: string;
}

/** A vertical line on a graph, as a dashboard body writes it (`value`: an ISO 8601 time). */
export interface VerticalLineJson {
  readonly value: string;
  readonly label?: string;
  /** Six-digit hex colour, for the line and its shading. */
  readonly color?: string;
  readonly visible?: boolean;
  /** Shading on one side of the line. @default no shading */
  readonly fill?: 'before' | 'after';
}

/** A shaded band between two times: the first edge carries the label and colour, the second only its time. */
export type VerticalBandJson = readonly [VerticalLineJson, { readonly value: string; readonly label?: string }];

/** One entry of a metric widget's `annotations.vertical`. */
export type VerticalAnnotationJson = VerticalLineJson | VerticalBandJson;

/** A metric widget's `properties`, as far as annotating reads them; everything else is kept as is. */
export interface MetricWidgetPropertiesJson {
  /** `timeSeries` (the default), `singleValue`, `gauge`, `bar`, `pie`. */
  readonly view?: string;
  readonly annotations?: { readonly horizontal?: readonly unknown[]; readonly vertical?: readonly unknown[]; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** One widget of a dashboard body. */
export interface DashboardWidgetJson {
  /** `metric`, `text`, `alarm`, `log`, `explorer`... */
  readonly type?: string;
  readonly properties?: MetricWidgetPropertiesJson;
  readonly [key: string]: unknown;
}

/** A dashboard body (`DashboardBody`), parsed. */
export interface DashboardBodyJson {
  readonly widgets?: readonly DashboardWidgetJson[];
  readonly [key: string]: unknown;
}

/**
 * How Periscope's marks are told from every other vertical annotation: the label (a band's first
 * edge's) starts with it. The prefix is Periscope's on an annotated dashboard: a hand-made
 * annotation labelled `deploy: …` is taken for one of its marks and replaced.
 */
export const DEPLOY_MARK_PREFIX = 'deploy:';

/**
 * How many deployments are drawn: the most recent, by start. The operations dashboard opens on its
 * last 3 hours, and a team that deploys several times a day (DORA's elite band) has its last day or
 * two in 10 marks, which is as far back as someone reading the graphs for a change usually looks.
 * Each mark is copied to every graph, so more would only weigh on the body (PutDashboard takes at
 * most 1 MB) and crowd the graphs with lines from outside their range.
 */
export const MAX_DRAWN_DEPLOYMENTS = 10;

/** A mark's colour by how its deployment stands, from CloudWatch's palette (the alarm tiers' red and orange). */
export const DEPLOY_MARK_COLOURS = {
  running: '#1f77b4',
  succeeded: '#2ca02c',
  'rolled-back': '#ff7f0e',
  failed: '#d62728',
  /** Ended, outcome unknown. */
  ended: '#7f7f7f',
} as const;

type MarkState = keyof typeof DEPLOY_MARK_COLOURS;

const stateOf = (mark: DeploymentMark): MarkState => (mark.endedAt === undefined ? 'running' : (mark.outcome ?? 'ended'));
const iso = (epochMs: number): string => new Date(epochMs).toISOString();
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One deployment as a vertical annotation: a band from its start to its end once it has ended, a
 * line shaded after its start while it runs (what follows is under the change), a plain line for
 * one that ended as it started.
 */
function annotationOf(mark: DeploymentMark): VerticalAnnotationJson {
  const state = stateOf(mark);
  const first: VerticalLineJson = {
    value: iso(mark.startedAt),
    label: `${DEPLOY_MARK_PREFIX} ${mark.version ?? mark.id} ${state.replace('-', ' ')}`,
    color: DEPLOY_MARK_COLOURS[state],
    visible: true,
  };
  if (mark.endedAt === undefined) return { ...first, fill: 'after' };
  return mark.endedAt > mark.startedAt ? [first, { value: iso(mark.endedAt) }] : first;
}

/** Whether a vertical annotation is one of Periscope's marks (see {@link DEPLOY_MARK_PREFIX}). */
export function isDeployMark(annotation: unknown): boolean {
  const edge = Array.isArray(annotation) ? annotation[0] : annotation;
  return isObject(edge) && typeof edge.label === 'string' && edge.label.startsWith(DEPLOY_MARK_PREFIX);
}

/** A graph over time: a metric widget whose view is `timeSeries`, or unset (CloudWatch's default). */
const isTimeSeries = (widget: DashboardWidgetJson): widget is DashboardWidgetJson & { properties: MetricWidgetPropertiesJson } =>
  widget.type === 'metric' && isObject(widget.properties) && (widget.properties.view === undefined || widget.properties.view === 'timeSeries');

/**
 * Draws the deployments on every graph of a dashboard body: each time-series metric widget gets the
 * {@link MAX_DRAWN_DEPLOYMENTS} most recent as vertical annotations, coloured by outcome
 * ({@link DEPLOY_MARK_COLOURS}) and labelled `deploy: <version or id> <state>`, oldest first, after
 * the annotations it keeps. Periscope's previous marks are dropped (see {@link DEPLOY_MARK_PREFIX});
 * every other annotation — the generator's horizontal thresholds, a user's own vertical lines, alarm
 * annotations — stays. Numbers, gauges, text, alarm status and log widgets are returned untouched, as
 * is the rest of the body. Pure: the input is not changed, and the same input gives the same body.
 *
 * @param body a dashboard body as `GetDashboard` returns it, parsed
 * @param marks the deployments, in any order; one without a finite start is skipped
 * @example
 * ```ts
 * const body = JSON.parse(dashboard.DashboardBody);
 * const annotated = annotateDeployments(body, [{ id: 'stack@1764583200000', startedAt: 1764583200000, endedAt: 1764583440000, outcome: 'succeeded', version: '1.4.2' }]);
 * // vertical: [[{ value: '2025-12-01T10:00:00.000Z', label: 'deploy: 1.4.2 succeeded', color: '#2ca02c', visible: true }, { value: '2025-12-01T10:04:00.000Z' }]]
 * ```
 */
export function annotateDeployments(body: DashboardBodyJson, marks: readonly DeploymentMark[]): DashboardBodyJson {
  if (!Array.isArray(body.widgets)) return body;
  const drawn = marks
    .filter((mark) => Number.isFinite(mark.startedAt) && (mark.endedAt === undefined || Number.isFinite(mark.endedAt)))
    .sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? -1 : 1))
    .slice(0, MAX_DRAWN_DEPLOYMENTS)
    .reverse()
    .map(annotationOf);
  const widgets = body.widgets.map((widget) => {
    if (!isObject(widget) || !isTimeSeries(widget)) return widget;
    const annotations = isObject(widget.properties.annotations) ? widget.properties.annotations : {};
    const kept = Array.isArray(annotations.vertical) ? annotations.vertical.filter((annotation) => !isDeployMark(annotation)) : [];
    if (drawn.length === 0 && annotations.vertical === undefined) return widget;
    return { ...widget, properties: { ...widget.properties, annotations: { ...annotations, vertical: [...kept, ...drawn] } } };
  });
  return { ...body, widgets };
}
