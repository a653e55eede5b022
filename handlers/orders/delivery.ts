/**
 * The orders service's delivery-metrics function: Periscope's own function, deployed as any service
 * deploys it (`handler: handlers/orders/delivery.handler` in serverless.yml, `custom.periscope.delivery`).
 * The plugin gives it its table, its EventBridge rules and its `PERISCOPE_DELIVERY` configuration.
 */
import { createDeliveryMetrics } from 'periscope/delivery-metrics';

export const handler = createDeliveryMetrics();
