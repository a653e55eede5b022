import { catalog } from '../../../observability.config';
import { BusinessMetrics } from '../../../src/runtime/business-metrics';

/**
 * The compile-time half of this test runs in `npm test`'s type-check step: each `@ts-expect-error`
 * fails the build if the line below it ever compiles, e.g. if metric names stopped being typed.
 */
describe('typed business metrics', () => {
  it('accepts only catalog metric names, with exactly the declared dimensions', () => {
    const metrics = new BusinessMetrics(catalog, () => undefined);

    metrics.record('OrderCreated', 1);
    metrics.record('OrderRejected', 1, { reason: 'invalid_order' });
    // @ts-expect-error -- not a catalog metric
    metrics.record('OrderCreatd', 1);
    // @ts-expect-error -- OrderRejected declares the `reason` dimension
    metrics.record('OrderRejected', 1);
    // @ts-expect-error -- OrderCreated declares no dimensions
    metrics.record('OrderCreated', 1, { reason: 'x' });

    // The two valid calls were kept; the three wrong ones are also refused at run time (plain JS callers).
    expect(metrics.pendingCount).toBe(2);
  });
});
