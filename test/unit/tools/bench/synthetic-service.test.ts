import { generateAlarms, kebab } from '../../../../alarms';
import { validateService } from '../../../../src/catalog';
import { generateEverything } from '../../../../tools/bench/generation';
import { SyntheticServiceError, syntheticCatalog, syntheticFunctions, syntheticResources } from '../../../../tools/bench/synthetic-service';

describe('the synthetic 50-function service', () => {
  const catalog = syntheticCatalog(50);

  it('has 50 functions with distinct names and routes, and passes catalog validation', () => {
    // Act
    const names = catalog.functions.map((fn) => fn.name);
    const routes = catalog.functions.flatMap((fn) => fn.routes ?? []);

    // Assess
    expect(new Set(names).size).toBe(50);
    expect(new Set(routes).size).toBe(50);
    expect(names.slice(0, 3)).toEqual(['getOrder', 'listOrders', 'createOrder']);
    expect(validateService(catalog)).toEqual([]);
  });

  it('deploys every catalog function, so alarms are generated for each', () => {
    // Prepare
    const resources = syntheticResources(catalog);

    // Act
    const alarms = generateAlarms(catalog, resources);

    // Assess
    for (const fn of catalog.functions) expect(alarms.alarms.map((alarm) => alarm.name)).toContain(`shop-bench-${kebab(fn.name)}-errors-warning`);
    expect(resources.functions.map((fn) => fn.functionName)).toContain('shop-bench-deleteRefund');
  });

  it('generates alarms, composites and three dashboards in one run', () => {
    // Act
    const counts = generateEverything(catalog, syntheticResources(catalog));

    // Assess
    expect(counts.metricAlarms).toBeGreaterThanOrEqual(150); // errors, throttles and duration per function
    expect(counts.compositeAlarms).toBeGreaterThanOrEqual(2); // a critical and a warning roll-up at least
    expect(Object.values(counts.widgets).every((widgets) => widgets > 0)).toBe(true);
  });

  it('numbers the nouns again past 50 functions', () => {
    expect(syntheticFunctions(51)[50]).toEqual({ name: 'getOrder2', description: 'get order2s', routes: ['GET /order2s/{id}'] });
  });

  it.each([0, 2.5, Number.NaN])('refuses %p functions, naming the count', (count) => {
    expect(() => syntheticCatalog(count)).toThrow(SyntheticServiceError);
    expect(() => syntheticCatalog(count)).toThrow(`functionCount ${String(count)} must be a whole number of at least 1`);
  });
});
