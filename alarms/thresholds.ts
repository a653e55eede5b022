/**
 * Periscope's default thresholds, in one place so they can be read, argued about and tested.
 * Each says why it is what it is.
 */
export const Thresholds = {
  /**
   * A minute's failure rate counts only with at least this many failures: one failed request out of
   * two is not an incident, nor are a few failures at low traffic (3 of 42 is already 7%) — a slow
   * leak is the burn-rate alarms' job. The fire drills set it: with no floor a 2.5% leak at 20
   * requests a minute paged; with a floor of 3, a 2% leak at 40 a minute paged in a 5-hour night
   * (3 or more failures in 3 of 5 minutes happens by chance); a floor on requests instead (10 a
   * minute) left a function with 5 invocations a minute, every one failing, without a warning.
   * Below 5 failures a minute, total failure is still caught by the SLO burn-rate alarms.
   */
  minFailuresPerMinute: 5,
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
