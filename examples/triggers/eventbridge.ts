/**
 * An EventBridge target: `withEventBridgeObservability`. It takes the `OrderFulfilled` events
 * `./sqs.ts` puts on the bus (logged under the correlation id they carry, `Trigger=eventbridge`) and
 * an hourly schedule's `Scheduled Event` (`Trigger=schedule`, under the event's id).
 */
import { withEventBridgeObservability } from 'periscope';
import { telemetry } from './catalog';

export const onShopEvent = withEventBridgeObservability(
  async (event) => telemetry.logger.info(event['detail-type'] === 'Scheduled Event' ? 'purging expired carts' : 'order fulfilled', { detail: event.detail }),
  { telemetry },
);
