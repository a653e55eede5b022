import type { BusinessMetrics, SqsRecordHandler } from 'periscope';
import type { OrdersCatalog } from '../../../observability.config';
import { parseOrderPlaced } from '../domain/order-placed';
import type { OrderService } from '../domain/order-service';

/**
 * One `OrderPlaced` message: marks its order fulfilled and records `OrderFulfilled` and how long
 * after it was placed (`FulfilmentDelay`). A message that is not an `OrderPlaced` event, or whose
 * order is not stored, fails: SQS redelivers it, and after its last retry it moves to the dead
 * letter queue. The other records of the batch are unaffected.
 */
export function fulfilOrderRecord(orders: OrderService, metrics: BusinessMetrics<OrdersCatalog>): SqsRecordHandler {
  return async function fulfilOrder(record) {
    const { delayMs } = await orders.fulfilOrder(parseOrderPlaced(record.body));
    metrics.record('OrderFulfilled', 1);
    metrics.record('FulfilmentDelay', delayMs);
  };
}
