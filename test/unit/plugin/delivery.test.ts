import { generateDelivery, type ServiceResources } from '../../../alarms';
import { ordersServiceResources } from '../../../deploy/service-resources';
import { catalog } from '../../../observability.config';
import { addDelivery } from '../../../plugin/delivery';
import { ResourceClashError } from '../../../plugin/generated-resources';
import { type CompiledTemplate, ResourceReadError } from '../../../plugin/read-resources';

type Resources = Record<string, { Type: string; Properties?: Record<string, any> }>;

/** The orders service at prod, with its delivery-metrics function, as `readServiceResources` reads it. */
const resources = (): ServiceResources => ordersServiceResources('prod');

/** The part of the compiled template the delivery wiring touches: the function, as serverless.yml declares it. */
const compiled = (environment?: Record<string, unknown>): { Resources: Resources } => ({
  Resources: {
    DeliveryMetricsRole: { Type: 'AWS::IAM::Role', Properties: {} },
    DeliveryMetricsLambdaFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: 'periscope-orders-prod-deliveryMetrics',
        Role: { 'Fn::GetAtt': ['DeliveryMetricsRole', 'Arn'] },
        ...(environment === undefined ? {} : { Environment: { Variables: environment } }),
      },
    },
  },
});

describe('adding the delivery metrics to a compiled template', () => {
  it('adds the table, rules, queue and policy, and tells the function its configuration beside its own variables', () => {
    // Prepare
    const template = compiled({ POWERTOOLS_SERVICE_NAME: 'delivery-metrics', POWERTOOLS_METRICS_NAMESPACE: 'Periscope/Delivery' });
    const expected = generateDelivery(catalog, { ...resources(), delivery: resources().delivery!, stackName: 'periscope-orders-prod' });

    // Act
    const added = addDelivery(catalog, template, resources());

    // Assess
    expect(added).toEqual(expected);
    expect(Object.keys(template.Resources)).toEqual(['DeliveryMetricsRole', 'DeliveryMetricsLambdaFunction', ...Object.keys(expected.resources)]);
    const variables = template.Resources.DeliveryMetricsLambdaFunction!.Properties!.Environment.Variables;
    expect(Object.keys(variables)).toEqual(['POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE', 'PERISCOPE_DELIVERY']);
    expect(variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'delivery-metrics', POWERTOOLS_METRICS_NAMESPACE: 'Periscope/Delivery' });
    expect(JSON.parse(variables.PERISCOPE_DELIVERY)).toEqual(expected.config);
  });

  it('gives a function without environment variables its configuration', () => {
    // Prepare
    const template = compiled();

    // Act
    const added = addDelivery(catalog, template, resources());

    // Assess
    expect(template.Resources.DeliveryMetricsLambdaFunction!.Properties!.Environment).toEqual({ Variables: { PERISCOPE_DELIVERY: JSON.stringify(added!.config) } });
  });

  it('refuses, naming them, logical ids the service already uses, and changes nothing', () => {
    // Prepare
    const template = compiled({ POWERTOOLS_SERVICE_NAME: 'delivery-metrics' });
    template.Resources.PeriscopeOrdersProdDelivery = { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'ours' } };
    template.Resources.PeriscopeOrdersProdDeliveryAlarms = { Type: 'AWS::Events::Rule', Properties: {} };
    const before = JSON.stringify(template);

    // Act
    const add = () => addDelivery(catalog, template, resources());

    // Assess
    expect(add).toThrow(new ResourceClashError(['PeriscopeOrdersProdDelivery', 'PeriscopeOrdersProdDeliveryAlarms']));
    expect(JSON.stringify(template)).toBe(before);
  });

  it('refuses a delivery-metrics function whose resource the template lacks', () => {
    // Prepare
    const template: CompiledTemplate = { Resources: {} };

    // Act
    const add = () => addDelivery(catalog, template, resources());

    // Assess
    expect(add).toThrow(new ResourceReadError("the delivery-metrics function's resource DeliveryMetricsLambdaFunction is not in the template"));
  });

  it('adds nothing for a service without a delivery-metrics function', () => {
    // Prepare
    const template = compiled({ POWERTOOLS_SERVICE_NAME: 'delivery-metrics' });
    const { delivery: _delivery, ...withoutDelivery } = resources();
    const before = JSON.stringify(template);

    // Act
    const added = addDelivery(catalog, template, withoutDelivery);

    // Assess
    expect(added).toBeUndefined();
    expect(JSON.stringify(template)).toBe(before);
  });
});
