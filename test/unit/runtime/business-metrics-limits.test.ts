import { BusinessMetrics, MAX_DIMENSION_VALUE_CHARS } from '../../../src/runtime/business-metrics';
import { MAX_METRICS_PER_DOCUMENT, MAX_VALUES_PER_METRIC } from '../../../src/runtime/emf-documents';
import type { TelemetryComponent } from '../../../src/runtime/telemetry-fault';
import { shopCatalog } from '../../support/shop';

/** Business metrics writing into `lines`, reporting faults into `faults`. */
function recorder() {
  const lines: string[] = [];
  const faults: { component: TelemetryComponent; message: string }[] = [];
  const metrics = new BusinessMetrics(shopCatalog, (component, error) => faults.push({ component, message: error instanceof Error ? error.message : String(error) }), {
    write: (line) => lines.push(line),
    env: {},
  });
  return { metrics, lines, faults, docs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('business metrics at the EMF limits', () => {
  it('drops a batch count that is not a whole number ≥ 0 with a warning, and keeps the other', () => {
    // Prepare
    const { metrics, faults, docs } = recorder();

    // Act
    metrics.recordBatch('shop-fulfil', 10, -1);
    metrics.flush();

    // Assess
    expect(faults).toEqual([{ component: 'metrics', message: "metric 'BatchItemFailures' got -1; a batch count is a whole number ≥ 0; data point dropped" }]);
    expect(docs()).toEqual([expect.objectContaining({ service: 'shop', function_name: 'shop-fulfil', BatchRecords: 10 })]);
  });

  it(`refuses a dimension value over ${MAX_DIMENSION_VALUE_CHARS} characters with a warning, and keeps the others`, () => {
    // Prepare
    const { metrics, faults, docs } = recorder();

    // Act
    metrics.record('CheckoutFailed', 1, { reason: 'r'.repeat(MAX_DIMENSION_VALUE_CHARS + 1) });
    metrics.record('CheckoutFailed', 1, { reason: 'card_declined' });
    metrics.flush();

    // Assess
    expect(faults).toEqual([{ component: 'metrics', message: expect.stringContaining("dimension 'reason' is 1025 characters; CloudWatch takes at most 1024; data point dropped") }]);
    expect(docs()).toEqual([expect.objectContaining({ reason: 'card_declined', CheckoutFailed: 1 })]);
  });

  it(`splits ${MAX_VALUES_PER_METRIC + 5} values of one metric over two documents, losing none`, () => {
    // Prepare
    const { metrics, docs } = recorder();

    // Act
    for (let i = 0; i < MAX_VALUES_PER_METRIC + 5; i += 1) metrics.record('BasketValue', i);
    metrics.flush();

    // Assess
    const values = docs().map((doc) => [doc['BasketValue']].flat());
    expect(values.map((v) => v.length)).toEqual([MAX_VALUES_PER_METRIC, 5]);
    expect(values.flat()).toHaveLength(MAX_VALUES_PER_METRIC + 5);
    expect(MAX_METRICS_PER_DOCUMENT).toBe(100);
  });

  it('refuses NaN and Infinity with a warning naming the metric', () => {
    const { metrics, faults, lines } = recorder();
    metrics.record('BasketValue', Number.NaN);
    metrics.record('BasketValue', Number.POSITIVE_INFINITY);
    metrics.flush();
    expect(faults.map((fault) => fault.message)).toEqual([expect.stringContaining("metric 'BasketValue' got NaN"), expect.stringContaining("metric 'BasketValue' got Infinity")]);
    expect(lines).toEqual([]);
  });
});
