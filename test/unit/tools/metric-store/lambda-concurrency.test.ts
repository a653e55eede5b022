import { type Datapoint, LambdaConcurrency } from '../../../../tools/emulators/cloudwatch/metric-store';

const T0 = 1_795_428_000_000;
const CHECKOUT = 'shop-prod-checkout';
const BROWSE = 'shop-prod-browse';

/** `MetricName{FunctionName?}=value` of each datapoint. */
const values = (points: readonly Datapoint[]): Record<string, number> =>
  Object.fromEntries(points.map((p) => [`${p.metricName}${p.dimensions['FunctionName'] === undefined ? '' : `{${p.dimensions['FunctionName']}}`}`, p.value]));

describe('LambdaConcurrency', () => {
  it('counts invocations that arrive before the earlier ones end as running at once', () => {
    // Prepare
    const lambda = new LambdaConcurrency({ accountLimit: 1000, reserved: {} });
    lambda.arrive(BROWSE, T0).done(30);
    lambda.arrive(BROWSE, T0 + 10).done(30);

    // Act: the first ended at +30 ms, the second runs until +40 ms
    const third = lambda.arrive(BROWSE, T0 + 35);

    // Assess
    expect(third.throttled).toBe(false);
    expect(values(third.datapoints)).toEqual({ [`ConcurrentExecutions{${BROWSE}}`]: 2, ConcurrentExecutions: 2, UnreservedConcurrentExecutions: 2, ClaimedAccountConcurrency: 2 });
    expect(third.datapoints.every((p) => p.timestamp === T0 + 35 && p.unit === 'Count' && p.namespace === 'AWS/Lambda')).toBe(true);
  });

  it('counts a burst arriving at one instant one execution each, however fast each ran', () => {
    // Prepare
    const lambda = new LambdaConcurrency({ accountLimit: 1000, reserved: { [CHECKOUT]: 20 } });

    // Act
    const peaks = Array.from({ length: 5 }, () => {
      const admission = lambda.arrive(CHECKOUT, T0);
      admission.done(0);
      return values(admission.datapoints)[`ConcurrentExecutions{${CHECKOUT}}`];
    });

    // Assess
    expect(peaks).toEqual([1, 2, 3, 4, 5]);
  });

  it('throttles an arrival that finds its function’s reservation full, and adds reservations to the claimed concurrency', () => {
    // Prepare
    const lambda = new LambdaConcurrency({ accountLimit: 1000, reserved: { [CHECKOUT]: 2 } });
    lambda.arrive(CHECKOUT, T0).done(100);
    lambda.arrive(CHECKOUT, T0).done(100);

    // Act
    const refused = lambda.arrive(CHECKOUT, T0 + 50);
    refused.done(100);
    const later = lambda.arrive(CHECKOUT, T0 + 100);

    // Assess
    expect(refused.throttled).toBe(true);
    expect(values(refused.datapoints)).toMatchObject({ [`ConcurrentExecutions{${CHECKOUT}}`]: 2, UnreservedConcurrentExecutions: 0, ClaimedAccountConcurrency: 2 });
    // The throttled one held nothing: at +100 ms both earlier ones have ended
    expect(later.throttled).toBe(false);
    expect(values(later.datapoints)[`ConcurrentExecutions{${CHECKOUT}}`]).toBe(1);
  });

  it('shares the unreserved pool with the account’s other functions, and throttles unreserved functions when it is full', () => {
    // Prepare: 1000 less the 20 reserved leaves 980 unreserved
    const lambda = new LambdaConcurrency({ accountLimit: 1000, reserved: { [CHECKOUT]: 20 } });
    lambda.setOthers(790);

    // Act
    const browsing = lambda.arrive(BROWSE, T0);
    lambda.setOthers(980);
    const crowded = lambda.arrive(BROWSE, T0 + 60_000);
    const reserved = lambda.arrive(CHECKOUT, T0 + 60_000);

    // Assess
    expect(browsing.throttled).toBe(false);
    expect(values(browsing.datapoints)).toMatchObject({ ConcurrentExecutions: 791, UnreservedConcurrentExecutions: 791, ClaimedAccountConcurrency: 811 });
    expect(crowded.throttled).toBe(true);
    // A reservation is guaranteed whatever the others use
    expect(reserved.throttled).toBe(false);
  });
});
