import type { MetricUnitValue } from '../catalog';

/** One data point of a business metric, with every dimension it is published under (`service` included). */
export interface MetricPoint {
  readonly name: string;
  readonly unit: MetricUnitValue;
  readonly value: number;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** CloudWatch's limit of metrics in one EMF document (the rest go in the next). */
export const MAX_METRICS_PER_DOCUMENT = 100;

/** CloudWatch's limit of values in one metric's value array. */
export const MAX_VALUES_PER_METRIC = 100;

interface Directive {
  readonly Namespace: string;
  readonly Dimensions: string[][];
  readonly Metrics: { Name: string; Unit: MetricUnitValue }[];
}

interface DocumentDraft {
  readonly directives: Map<string, Directive>;
  /** Dimension and metric members: `{ service: 'orders', currency: 'EUR', OrderValue: 26.99 }`. */
  readonly members: Record<string, string | number | number[]>;
  /** Each metric name in the document and the dimension set it was published with. */
  readonly metricDimensions: Map<string, string>;
  metricCount: number;
}

/**
 * Packs data points into as few EMF documents as CloudWatch can read them from: one document per
 * invocation unless points disagree. A document holds one `CloudWatchMetrics` directive per
 * dimension set, and its dimension values are shared members, so a point goes to a later document
 * only when a dimension it shares has another value there (two `reason`s), when its metric is
 * already there under other dimensions, or past {@link MAX_METRICS_PER_DOCUMENT}. A metric recorded
 * twice with the same dimensions becomes a value array, as Powertools writes it.
 *
 * Pure: the caller gives the timestamp and writes the lines.
 *
 * @returns one JSON line per document (no trailing newline)
 * @example
 * ```ts
 * emfDocuments('Periscope/Orders', 1700000000000, [
 *   { name: 'OrderCreated', unit: 'Count', value: 1, dimensions: { service: 'orders' } },
 *   { name: 'OrderValue', unit: 'None', value: 26.99, dimensions: { service: 'orders', currency: 'EUR' } },
 * ]);
 * // one line, two directives: [["service"]] OrderCreated and [["service","currency"]] OrderValue
 * ```
 */
export function emfDocuments(namespace: string, timestamp: number, points: readonly MetricPoint[]): string[] {
  const drafts: DocumentDraft[] = [];
  for (const point of points) {
    const dimensionKeys = Object.keys(point.dimensions);
    const dimensionSet = dimensionKeys.join('\u0000');
    const draft = drafts.find((candidate) => fits(candidate, point, dimensionSet)) ?? newDraft(drafts);
    addPoint(draft, namespace, point, dimensionKeys, dimensionSet);
  }
  return drafts.map((draft) => JSON.stringify({ _aws: { Timestamp: timestamp, CloudWatchMetrics: [...draft.directives.values()] }, ...draft.members }));
}

function newDraft(drafts: DocumentDraft[]): DocumentDraft {
  const draft: DocumentDraft = { directives: new Map(), members: {}, metricDimensions: new Map(), metricCount: 0 };
  drafts.push(draft);
  return draft;
}

function fits(draft: DocumentDraft, point: MetricPoint, dimensionSet: string): boolean {
  const publishedWith = draft.metricDimensions.get(point.name);
  if (publishedWith === undefined && draft.metricCount >= MAX_METRICS_PER_DOCUMENT) return false;
  if (publishedWith !== undefined && publishedWith !== dimensionSet) return false;
  const values = draft.members[point.name];
  if (Array.isArray(values) && values.length >= MAX_VALUES_PER_METRIC) return false;
  if (publishedWith === undefined && point.name in draft.members) return false; // the name is a dimension there
  return Object.entries(point.dimensions).every(([key, value]) => {
    const present = draft.members[key];
    return present === undefined ? !draft.metricDimensions.has(key) : present === value;
  });
}

function addPoint(draft: DocumentDraft, namespace: string, point: MetricPoint, dimensionKeys: string[], dimensionSet: string): void {
  Object.assign(draft.members, point.dimensions);
  const existing = draft.members[point.name];
  if (typeof existing === 'number') {
    draft.members[point.name] = [existing, point.value];
    return;
  }
  if (Array.isArray(existing)) {
    existing.push(point.value);
    return;
  }
  draft.members[point.name] = point.value;
  draft.metricDimensions.set(point.name, dimensionSet);
  draft.metricCount += 1;
  let directive = draft.directives.get(dimensionSet);
  if (!directive) {
    directive = { Namespace: namespace, Dimensions: [dimensionKeys], Metrics: [] };
    draft.directives.set(dimensionSet, directive);
  }
  directive.Metrics.push({ Name: point.name, Unit: point.unit });
}
