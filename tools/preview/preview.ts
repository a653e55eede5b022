import { createLocalMetricsFeed, MetricStore } from '../emulators/cloudwatch/metric-store';
import { serviceNamesAt } from '../stack/service-names';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../stack/stack';
import type { PreviewDashboard } from './dashboard-data';
import { loadPreviewDashboards } from './dashboards';
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
}

/** A running preview: the local stack, what it has recorded, and the page that shows it. */
export interface RunningPreview {
  readonly stack: LocalStack;
  readonly server: PreviewServer;
  readonly store: MetricStore;
  readonly logs: LogBuffer;
  /** Stops the page, then the stack. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the local stack with its output feeding a metric store and a log buffer, and the preview
 * server drawing the generated dashboards from them. The caller's own `onLine` / `onTrace` still
 * see everything.
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
  let server: PreviewServer;
  try {
    server = await startPreviewServer({ port: options.previewPort ?? 4000, dashboards, sources: { store, logs } });
  } catch (error) {
    await stack.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    stack,
    server,
    store,
    logs,
    close: () => (closing ??= server.close().then(() => stack.close())),
  };
}
