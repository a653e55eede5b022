import type { SNSEventRecord } from 'aws-lambda';
import { generateAlarms } from '../../../alarms';
import { ordersServiceResources } from '../../../deploy/service-resources';
import { parseSnsRecord } from '../../../handlers/alerts/alarm-message';
import { formatSlackMessage } from '../../../handlers/alerts/slack-message';
import { catalog } from '../../../observability.config';

/** What CloudWatch sends to SNS for a generated alarm, its description's `Fn::Sub` resolved in us-east-1. */
function notificationOf(alarmName: string): SNSEventRecord {
  const props = Object.values(generateAlarms(catalog, ordersServiceResources('dev')).resources).find((r) => r.Properties.AlarmName === alarmName)!.Properties as Record<string, any>;
  const description = (props.AlarmDescription['Fn::Sub'] as string).replaceAll('${AWS::Region}', 'us-east-1');
  const message = {
    AlarmName: alarmName,
    AlarmDescription: description,
    AWSAccountId: '123456789012',
    NewStateValue: 'ALARM',
    NewStateReason: 'Threshold Crossed: 3 out of the last 5 datapoints were greater than the threshold (5.0).',
    StateChangeTime: '2026-11-22T09:59:06.512+0000',
    Region: 'US East (N. Virginia)',
    AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${alarmName}`,
    OldStateValue: 'OK',
    Trigger: {
      Period: 60,
      EvaluationPeriods: props.EvaluationPeriods,
      ComparisonOperator: props.ComparisonOperator,
      Threshold: props.Threshold,
      TreatMissingData: props.TreatMissingData,
      Metrics: props.Metrics,
    },
  };
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:orders-dev-critical:sub',
    Sns: {
      Type: 'Notification',
      MessageId: 'm-1',
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:orders-dev-critical',
      Subject: `ALARM: "${alarmName}"`,
      Message: JSON.stringify(message),
      Timestamp: '2026-11-22T09:59:06.601Z',
      SignatureVersion: '1',
      Signature: 'x',
      SigningCertUrl: 'x',
      UnsubscribeUrl: 'x',
      MessageAttributes: {},
    },
  };
}

describe('a generated alarm as the Slack notifier receives it', () => {
  it('reads back the tier, runbook, dashboard, log groups and traces the generator wrote', () => {
    // Act
    const notification = parseSnsRecord(notificationOf('orders-dev-create-order-errors-warning'));

    // Assess
    expect(notification).toMatchObject({
      kind: 'metric',
      description: {
        tier: 'warning',
        runbookUrl: 'https://runbooks.example.com/orders/lambda-errors.md',
        dashboardUrl: 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/orders-dev-operations',
        logGroups: ['/aws/lambda/periscope-orders-dev-createOrder'],
        tracesService: 'orders',
      },
    });
  });

  it('becomes a Slack message linking the runbook, the dashboard, the logs and the traces', () => {
    // Act
    const message = JSON.stringify(formatSlackMessage(parseSnsRecord(notificationOf('orders-dev-api-5xx-rate-critical'))));

    // Assess
    expect(message).toContain('https://runbooks.example.com/orders/api-5xx.md');
    expect(message).toContain('#dashboards/dashboard/orders-dev-operations');
    expect(message).toContain('#logsV2:logs-insights');
    expect(message).toContain('xray/home');
    expect(message).toContain('orders-dev-api-5xx-rate-critical');
  });
});
