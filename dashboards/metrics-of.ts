import type { MetricId } from '../src/cloudwatch';
import { readRow } from './series-key';
import type { DashboardBody } from './types';

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
      const read = readRow(metricRow);
      if ('expression' in read) {
        const match = SEARCH.exec(read.expression.expression);
        if (!match) return [];
        const [namespace = '', ...dimensionNames] = match[1]!.split(',');
        return [{ kind: 'search', namespace, metricName: match[2]!, dimensionNames, stat: match[3]! }];
      }
      return [{ kind: 'metric', ...read.metric, stat: read.options?.stat ?? widget.properties.stat }];
    });
  });
}
