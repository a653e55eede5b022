import type { CfnResources } from '../emulators/cloudwatch/alarm-evaluator';
import { createLocalMetricsFeed, MetricStore, sqsQueueDatapoints } from '../emulators/cloudwatch/metric-store';
import { type SqsQueueMetrics, sqsMetricsSince } from '../emulators/sqs';
import { serviceNamesAt } from '../stack/service-names';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../stack/stack';
import { PreviewAlarms } from './alarm-states';
import type { PreviewDashboard } from './dashboard-data';
import { loadPreviewAlarms, loadPreviewDashboards } from './dashboards';
import { LogBuffer } from './log-buffer';
import { type PreviewServer, startPreviewServer } from './server';

/** Options of {@link startPreview}: the stack's, plus the preview server's. */
export interface PreviewOptions extends LocalStackOptions {
  /** The preview page's port on 127.0.0.1; 0 picks a free one. @default 4000 */
  readonly previewPort?: number;
  /** A line or trace the metrics could not be read from (malformed EMF...). @default ignore */
  readonly onMetricsError?: (error: Error) => void;
  /** The dashboards to show at the stack's stage. @default loadPreviewDashboards: the generator's, as deployed */
  readonly dashboards?: (stage: string) => PreviewDashboard[];
  /** The alarms the alarm widgets show, evaluated on the recorded metrics. @default loadPreviewAlarms: the generator's, as deployed */
  readonly alarms?: (stage: string) => CfnResources;
}

/** A running preview: the local stack, what it has recorded, and the page that shows it. */
export interface RunningPreview {
  readonly stack: LocalStack;
  readonly server: PreviewServer;
  readonly store: MetricStore;
  readonly logs: LogBuffer;
  /** The alarms, evaluated once a minute (when the page asks) on `store`. */
  readonly alarms: PreviewAlarms;
  /** Stops the page, then the stack. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the local stack with its output feeding a metric store and a log buffer, and the preview
 * server drawing the generated dashboards from them, the generated alarms evaluated on that store.
 * The caller's own `onLine` / `onTrace` still see everything.
 *
 * @example
 * ```ts
 * const preview = await startPreview({ previewPort: 4000 });
 * console.log(preview.server.url);
 * await preview.close();
 * ```
 */
export async function startPreview(options: PreviewOptions = {}): Promise<RunningPreview> {
  const stage = options.stage ?? 'dev';
  const store = new MetricStore();
  const logs = new LogBuffer();
  const feed = createLocalMetricsFeed({ store, names: serviceNamesAt(stage), ...(options.onMetricsError ? { onError: options.onMetricsError } : {}) });
  const dashboards = (options.dashboards ?? loadPreviewDashboards)(stage);
  const alarms = new PreviewAlarms((options.alarms ?? loadPreviewAlarms)(stage));
  const stack = await startLocalStack({
    ...options,
    stage,
    onLine: (line, stream) => {
      feed.onLine(line, stream);
      logs.add(line);
      options.onLine?.(line, stream);
    },
    onTrace: (trace) => {
      feed.onTrace(trace);
      options.onTrace?.(trace);
    },
  });
  // SQS publishes its queues' metrics once a minute; the preview samples the local server as often.
  const sampleQueues = queueSampler(stack, store);
  const sampling = setInterval(sampleQueues, 60_000).unref();
  sampleQueues();
  let server: PreviewServer;
  try {
    server = await startPreviewServer({ port: options.previewPort ?? 4000, dashboards, sources: { store, logs, alarms } });
  } catch (error) {
    clearInterval(sampling);
    await stack.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    stack,
    server,
    store,
    logs,
    alarms,
    close: () => {
      clearInterval(sampling);
      closing ??= server.close().then(() => stack.close());
      return closing;
    },
  };
}

/** Adds the OrderPlaced queue's and its dead letter queue's metrics for the minute since the last call to `store`. */
function queueSampler(stack: LocalStack, store: MetricStore): () => void {
  const previous = new Map<string, SqsQueueMetrics>();
  return () => {
    for (const name of [stack.queues.queueName, stack.queues.deadLetterQueueName]) {
      const current = stack.queues.metrics(name);
      const before = previous.get(name);
      previous.set(name, current);
      if (before !== undefined) store.add(...sqsQueueDatapoints(name, sqsMetricsSince(before, current), Date.now()));
    }
  };
}
