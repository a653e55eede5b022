import { Metrics } from '@aws-lambda-powertools/metrics';
import { DELIVERY_NAMESPACE } from '../../src/catalog/delivery';
import type { DeliverySink } from './delivery-recorder';

/**
 * Writes the delivery metrics with Powertools Metrics as EMF in `Periscope/Delivery`, with the
 * dimensions `service` (the measured service, not this function) and `stage`, each emission at the
 * time of what it counts (CloudWatch takes timestamps up to 14 days old).
 */
export function powertoolsDeliverySink(measured: { readonly service: string; readonly stage: string }): DeliverySink {
  const metrics = new Metrics({ namespace: DELIVERY_NAMESPACE, serviceName: measured.service, defaultDimensions: { stage: measured.stage } });
  return {
    emit(at, points) {
      metrics.setTimestamp(at);
      for (const point of points) metrics.addMetric(point.name, point.unit, point.value);
      metrics.publishStoredMetrics();
    },
  };
}
