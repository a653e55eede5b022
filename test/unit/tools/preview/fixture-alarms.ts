import { apiMetric, mathExpression, metricStat } from '../../../../src/cloudwatch';
import type { CfnResources } from '../../../../tools/emulators/cloudwatch/alarm-evaluator';

/** The fixture dashboard's API. */
export const FIXTURE_API = { name: 'dev-periscope-orders', stage: 'dev' };

/**
 * A hand-written template with the two alarms the fixture dashboard's alarm widget names, as
 * `generateAlarms` writes them: the API's 5XX rate over 5% in 3 of 5 minutes, and the critical tier
 * composite over it.
 */
export const fixtureAlarmResources: CfnResources = {
  PeriscopeOrdersDevApi5xxRateCritical: {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: 'orders-dev-api-5xx-rate-critical',
      Metrics: [
        metricStat('errors', apiMetric(FIXTURE_API, '5XXError'), 'Sum', 60),
        metricStat('requests', apiMetric(FIXTURE_API, 'Count'), 'Sum', 60),
        mathExpression('rate', '100 * FILL(errors, 0) / requests', '5XX rate (%)'),
      ],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 5,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    },
  },
  PeriscopeOrdersDevCritical: {
    Type: 'AWS::CloudWatch::CompositeAlarm',
    Properties: { AlarmName: 'orders-dev-critical', AlarmRule: 'ALARM("orders-dev-api-5xx-rate-critical")' },
  },
};
