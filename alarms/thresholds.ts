/**
 * Periscope's default thresholds, in one place so they can be read, argued about and tested.
 * Each says why it is what it is.
 */
export const Thresholds = {
  /** Rates over tiny traffic are noise: one failed request out of two is not an incident. */
  minRequestsPerMinute: 10,
  lambdaErrorRatePercent: 5,
  /** Any sustained throttling means requests are being refused. */
  lambdaThrottlesPerMinute: 1,
  /** p99 duration this close to the timeout means some invocations are about to time out. */
  durationShareOfTimeout: 0.8,
  /** API 5XX share that pages: users are failing now, not merely burning budget. */
  api5xxRatePercent: 5,
  /** Clients getting many 4XX: worth knowing (a broken client, an attack), not a page. */
  api4xxRatePercent: 20,
  dynamoDbThrottledRequestsPerMinute: 10,
  dynamoDbSystemErrorsPerMinute: 1,
  /** "1 minute periods, 3 of the last 5 breaching": quick, yet one bad minute does not alarm. */
  fast: { periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 },
  /** For percentiles, which need more samples per data point to mean anything. */
  steady: { periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3 },
} as const;
