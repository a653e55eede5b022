import { estimateMonthlyCost, type GeneratedAlarms, generateAlarms } from '../../../../alarms';
import { ordersServiceResources } from '../../../../deploy/service-resources';
import { catalog } from '../../../../observability.config';
import { alarmBilling, type CostInput, CostModelError, costModel, DEFAULT_ASSUMPTIONS, sampledShare } from '../../../../tools/bench/cost-model';

/** Requests in a 730-hour month at 100 req/s: 100 × 3,600 × 730. */
const MONTH_AT_100 = 262_800_000;

const input = (change: Partial<CostInput> = {}): CostInput => ({
  logBytesPerRequest: 1000,
  emfSeries: 10,
  monthly: { standardAlarmMetrics: 40, highResolutionAlarmMetrics: 5, compositeAlarms: 4, dashboards: 5, kmsKeys: 1 },
  assumptions: { ...DEFAULT_ASSUMPTIONS, requestsPerSecond: 100 },
  ...change,
});

describe('the X-Ray sampled share', () => {
  it.each([
    [100, 0.0595], // (1 + 0.05 × 99) / 100
    [10, 0.145], // (1 + 0.05 × 9) / 10
    [1, 1], // the reservoir takes every request
    [0.5, 1],
  ])('is the reservoir then 5%% of the rest at %d req/s', (requestsPerSecond, share) => {
    expect(sampledShare(requestsPerSecond, 1, 0.05)).toBeCloseTo(share, 10);
  });
});

describe('costModel', () => {
  it('prices a million requests part by part at 100 req/s', () => {
    // Prepare: 1,000 B/request is 1 GB per million; fixed costs are spread over 262.8 million requests.
    const millionsPerMonth = MONTH_AT_100 / 1e6;

    // Act
    const estimate = costModel(input());

    // Assess
    expect(estimate.requestsPerMonth).toBe(MONTH_AT_100);
    expect(estimate.parts.logsIngestion).toBeCloseTo(0.5, 10); // 1 GB × $0.50
    expect(estimate.parts.logsStorage).toBeCloseTo(0.03, 10); // 1 GB × $0.03 × 1 month
    expect(estimate.parts.customMetrics).toBeCloseTo(3 / millionsPerMonth, 10); // 10 × $0.30 a month
    expect(estimate.parts.xrayRecorded).toBeCloseTo(0.2975, 10); // 59,500 traces × $5 / 1M
    expect(estimate.parts.xrayRead).toBeCloseTo(0.0595, 10); // 59,500 × ($0.50 + $0.50) / 1M
    expect(estimate.parts.alarms).toBeCloseTo(7.5 / millionsPerMonth, 10); // 40 × $0.10 + 5 × $0.30 + 4 × $0.50
    expect(estimate.parts.dashboards).toBeCloseTo(6 / millionsPerMonth, 10); // (5 − 3 free) × $3
    expect(estimate.parts.kms).toBeCloseTo(1 / millionsPerMonth, 10);
    expect(estimate.monthlyFixedUsd).toBeCloseTo(3 + 7.5 + 6 + 1, 10);
    expect(estimate.costPer1MUsd).toBeCloseTo(0.5 + 0.03 + 0.2975 + 0.0595 + 17.5 / millionsPerMonth, 10);
  });

  it('weighs the monthly parts ten times more per request at a tenth of the traffic', () => {
    // Act
    const heavy = costModel(input());
    const light = costModel(input({ assumptions: { ...DEFAULT_ASSUMPTIONS, requestsPerSecond: 10 } }));

    // Assess
    expect(light.parts.logsIngestion).toBeCloseTo(heavy.parts.logsIngestion, 10);
    expect(light.parts.alarms).toBeCloseTo(heavy.parts.alarms * 10, 10);
    expect(light.parts.xrayRecorded).toBeCloseTo(0.725, 10); // 14.5% of a million × $5 / 1M
  });

  it('charges no dashboard within the free three, and stores logs for as many months as retained', () => {
    // Act
    const estimate = costModel(input({ monthly: { ...input().monthly, dashboards: 3 }, assumptions: { ...DEFAULT_ASSUMPTIONS, requestsPerSecond: 100, retentionMonths: 3 } }));

    // Assess
    expect(estimate.parts.dashboards).toBe(0);
    expect(estimate.parts.logsStorage).toBeCloseTo(0.09, 10);
  });

  it.each<[string, Partial<CostInput>, RegExp]>([
    ['negative log bytes', { logBytesPerRequest: -1 }, /^logBytesPerRequest is -1/],
    ['no traffic', { assumptions: { ...DEFAULT_ASSUMPTIONS, requestsPerSecond: 0 } }, /^assumptions\.requestsPerSecond is 0; it must be above 0/],
    ['a sampling rate above 1', { assumptions: { ...DEFAULT_ASSUMPTIONS, requestsPerSecond: 5, samplingFixedRate: 5 } }, /^assumptions\.samplingFixedRate is 5/],
    ['a NaN alarm count', { monthly: { ...input().monthly, compositeAlarms: Number.NaN } }, /^monthly\.compositeAlarms is NaN/],
  ])('refuses %s, naming the input', (_, change, message) => {
    expect(() => costModel(input(change))).toThrow(CostModelError);
    expect(() => costModel(input(change))).toThrow(message);
  });
});

describe('alarmBilling', () => {
  const metricAlarm = (period: number): GeneratedAlarms['resources'][string] => ({
    Type: 'AWS::CloudWatch::Alarm',
    Properties: { Metrics: [{ Id: 'm', MetricStat: { Metric: { Namespace: 'N', MetricName: 'M', Dimensions: [] }, Period: period, Stat: 'Sum' }, ReturnData: true }] },
  });

  it('counts alarm metrics as high resolution when an alarm evaluates a period under a minute', () => {
    // Prepare
    const generated: GeneratedAlarms = {
      resources: { Standard: metricAlarm(60), Band: metricAlarm(900), Fast: metricAlarm(10) },
      outputs: {},
      alarms: [
        { name: 'tier', logicalId: 'Tier', kind: 'composite', tier: 'critical', billedMetrics: 0, hasActions: true },
        { name: 'standard', logicalId: 'Standard', kind: 'lambda-errors', tier: 'warning', billedMetrics: 2, hasActions: false },
        { name: 'band', logicalId: 'Band', kind: 'business-anomaly', tier: 'info', billedMetrics: 3, hasActions: false },
        { name: 'fast', logicalId: 'Fast', kind: 'lambda-throttles', tier: 'warning', billedMetrics: 1, hasActions: false },
      ],
    };

    // Act
    const billing = alarmBilling(generated);

    // Assess
    expect(billing).toEqual({ standardAlarmMetrics: 5, highResolutionAlarmMetrics: 1, compositeAlarms: 1 });
  });

  it("bills the sample's generated alarms as the plugin's estimate does", () => {
    // Prepare
    const generated = generateAlarms(catalog, ordersServiceResources('dev'));

    // Act
    const billing = alarmBilling(generated);

    // Assess
    const estimate = estimateMonthlyCost(generated.alarms);
    expect(billing.standardAlarmMetrics + billing.highResolutionAlarmMetrics).toBe(estimate.metricAlarms.billedMetrics);
    expect(billing.compositeAlarms).toBe(estimate.compositeAlarms.count);
  });
});
