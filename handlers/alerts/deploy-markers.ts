import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchClientSource } from './cloudwatch-client';
import type { DeployMarkerSettings } from './deployment-event';

/** Puts one deploy marker: `which` metric of `settings`, valued `at` in epoch seconds, timestamped `at`. */
export type DeployMarkerWriter = (settings: DeployMarkerSettings, which: 'started' | 'finished', at: number) => Promise<void>;

/**
 * Writes deploy markers with CloudWatch's `PutMetricData`, through the client `client` gives at the
 * first write. The value is the event's time in epoch seconds: the suppressor compares the latest
 * start with the latest end, so a marker delivered twice or late changes nothing.
 */
export function cloudWatchDeployMarkers(client: CloudWatchClientSource): DeployMarkerWriter {
  return async (settings, which, at) => {
    await client().send(
      new PutMetricDataCommand({
        Namespace: settings.namespace,
        MetricData: [
          {
            MetricName: settings[which],
            Dimensions: Object.entries(settings.dimensions).map(([Name, Value]) => ({ Name, Value })),
            Timestamp: new Date(at),
            Value: Math.floor(at / 1000),
            Unit: 'None',
          },
        ],
      }),
    );
  };
}
