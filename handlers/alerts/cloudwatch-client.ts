import { CloudWatchClient, type CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import type { PeriscopeTracer } from 'periscope';

/** The notifier's one CloudWatch client, built when first asked for. */
export type CloudWatchClientSource = () => CloudWatchClient;

/**
 * A CloudWatch client built at the first call, not at import (no work at cold start for an alert
 * that never needs it), traced when a tracer is given, and the same client for every caller: the
 * notifier reads alarm states and writes deploy markers through one.
 */
export function lazyCloudWatchClient(tracer?: Pick<PeriscopeTracer, 'captureAWSv3Client'>, clientConfig: CloudWatchClientConfig = {}): CloudWatchClientSource {
  let client: CloudWatchClient | undefined;
  return () => {
    if (client === undefined) {
      const built = new CloudWatchClient(clientConfig);
      client = tracer ? tracer.captureAWSv3Client(built) : built;
    }
    return client;
  };
}
