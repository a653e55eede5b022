/** An SNS subscriber: `withSnsObservability`. A throw fails the invocation, so Lambda retries the message. */
import { withSnsObservability } from 'periscope';
import { telemetry } from './catalog';

export const announceOrder = withSnsObservability(async (event) => telemetry.logger.info('order announced', { subject: event.Records[0]?.Sns.Subject }), { telemetry });
