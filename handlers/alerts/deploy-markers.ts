import { CloudWatchClient, type CloudWatchClientConfig, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { PeriscopeTracer } from 'periscope';
import type { DeployMarkerSettings } from './deployment-event';

/** Puts one deploy marker: `which` metric of `settings`, valued `at` in epoch seconds, timestamped `at`. */
export type DeployMarkerWriter = (settings: DeployMarkerSettings, which: 'started' | 'finished', at: number) => Promise<void>;

/**
 * Writes deploy markers with CloudWatch's `PutMetricData`. The value is the event's time in epoch
 * seconds: the suppressor compares the latest start with the latest end, so a marker delivered twice
 * or late changes nothing. The client is built at the first write and traced when a tracer is given.
 */
export function cloudWatchDeployMarkers(tracer?: Pick<PeriscopeTracer, 'captureAWSv3Client'>, clientConfig: CloudWatchClientConfig = {}): DeployMarkerWriter {
  let client: CloudWatchClient | undefined;
  return async (settings, which, at) => {
    if (client === undefined) {
      const built = new CloudWatchClient(clientConfig);
      client = tracer ? tracer.captureAWSv3Client(built) : built;
    }
    await client.send(
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
