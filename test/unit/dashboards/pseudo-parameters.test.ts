import { fillPseudoParameters } from '../../../dashboards';
import { alarmWidget } from '../../../dashboards/widgets';

describe('fillPseudoParameters', () => {
  const widget = JSON.stringify(alarmWidget('Alarms', ['orders-dev-critical']));

  it("fills an alarm widget's ARN for the commercial partition unless told another", () => {
    // Act
    const commercial = JSON.parse(fillPseudoParameters(widget, { region: 'eu-west-1', accountId: '123456789012' }));
    const china = JSON.parse(fillPseudoParameters(widget, { region: 'cn-north-1', accountId: '123456789012', partition: 'aws-cn' }));

    // Assess
    expect(commercial.properties.alarms).toEqual(['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-dev-critical']);
    expect(china.properties.alarms).toEqual(['arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:orders-dev-critical']);
  });
});
