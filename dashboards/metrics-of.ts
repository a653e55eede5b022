import type { MetricId } from '../src/cloudwatch';
import type { DashboardBody, MetricRowOptions } from './types';

/** A metric a dashboard graphs: one series, or every series a SEARCH matches. */
export type DashboardMetric =
  | (MetricId & { readonly kind: 'metric'; readonly stat: string | undefined })
  | { readonly kind: 'search'; readonly namespace: string; readonly metricName: string; readonly dimensionNames: readonly string[]; readonly stat: string };

const SEARCH = /^SEARCH\('\{([^}]*)\} MetricName="([^"]+)"', '([^']+)', \d+\)$/;

/**
 * Every metric a dashboard body names, from its metric rows and SEARCH expressions: what a test
 * compares with what the handlers really emit.
 */
export function dashboardMetrics(body: DashboardBody): DashboardMetric[] {
  return body.widgets.flatMap((widget) => {
    if (widget.type !== 'metric') return [];
    return widget.properties.metrics.flatMap((metricRow): DashboardMetric[] => {
      const [first] = metricRow;
      if (typeof first === 'object' && first !== null && 'expression' in first) {
        const match = SEARCH.exec(first.expression);
        if (!match) return [];
        const [namespace = '', ...dimensionNames] = match[1]!.split(',');
        return [{ kind: 'search', namespace, metricName: match[2]!, dimensionNames, stat: match[3]! }];
      }
      const parts = metricRow.filter((part): part is string => typeof part === 'string');
      const options = metricRow.find((part): part is MetricRowOptions => typeof part === 'object');
      const [namespace = '', metricName = '', ...pairs] = parts;
      const dimensions: Record<string, string> = {};
      for (let i = 0; i + 1 < pairs.length; i += 2) dimensions[pairs[i]!] = pairs[i + 1]!;
      return [{ kind: 'metric', namespace, metricName, dimensions, stat: options?.stat ?? widget.properties.stat }];
    });
  });
}
