import { generateAlarms } from '../../../alarms';
import { ordersServiceResources } from '../../../deploy/service-resources';
import cloudFormationFixture from '../../../events/cloudformation-stack-status-change.json';
import codeDeployFixture from '../../../events/codedeploy-deployment-state-change.json';
import { catalog } from '../../../observability.config';
import { drillDeployments } from '../../../tools/drill/deployments';
import { resolveSub } from '../../../tools/emulators/cloudwatch/alarm-evaluator/cfn-sub';
import { codeDeployDeploymentEvent, stackIdOf, stackStatusChangeEvent } from '../../../tools/emulators/codedeploy/events';
import { matchesEventPattern } from '../../../tools/emulators/eventbridge/event-pattern';

const ORIGIN = { region: 'us-east-1', accountId: '123456789012' };
const AT = Date.parse('2026-11-23T11:10:20Z');

/** The keys of a JSON value, nested, sorted: its shape without its values. */
const shapeOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(
        Object.entries(value)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, shapeOf(v)]),
      )
    : typeof value;

/** A template value with its `Fn::Sub`s resolved in this account and region. */
const resolved = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(resolved);
  if (typeof value !== 'object' || value === null) return value;
  if ('Fn::Sub' in value) return resolveSub(value as { 'Fn::Sub': string }, ORIGIN, 'pattern');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolved(v)]));
};

describe('the drills’ CodeDeploy and CloudFormation events', () => {
  const service = ordersServiceResources('prod');
  const alarms = generateAlarms(catalog, service).resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  const template = { ...alarms, ...drillDeployments(catalog, service, alarms, ORIGIN).resources };
  const patternOf = (ruleName: string) => resolved(Object.values(template).find((r) => r.Type === 'AWS::Events::Rule' && r.Properties['Name'] === ruleName)?.Properties['EventPattern']);

  it('builds a deployment state change with the shape of events/codedeploy-deployment-state-change.json', () => {
    // Act
    const event = codeDeployDeploymentEvent({ application: 'orders-prod', deploymentGroup: 'orders-prod-create-order', deploymentId: 'd-7QX2KD9LM', state: 'START', at: AT }, ORIGIN);

    // Assess
    expect(shapeOf(event)).toEqual(shapeOf(codeDeployFixture));
    expect({ ...event, id: codeDeployFixture.id, detail: { ...event.detail, instanceGroupId: codeDeployFixture.detail.instanceGroupId } }).toEqual(codeDeployFixture);
  });

  it('builds a stack status change with the shape of events/cloudformation-stack-status-change.json', () => {
    // Act
    const event = stackStatusChangeEvent(
      {
        stackId: stackIdOf('periscope-orders-prod', ORIGIN, '5b1d6a50-c9e1-11f0-9c3a-0a8e4c1f2b3d'),
        status: 'UPDATE_ROLLBACK_IN_PROGRESS',
        reason: 'The following resource(s) failed to update: [CreateOrderLambdaAliasLive]. ',
        clientRequestToken: 'periscope-deploy-2026-11-23T11:10:00Z',
        at: Date.parse('2026-11-23T11:17:05Z'),
      },
      ORIGIN,
    );

    // Assess
    expect({ ...event, id: cloudFormationFixture.id }).toEqual(cloudFormationFixture);
  });

  it('matches the generated deployments rule with the application’s events only', () => {
    // Prepare
    const pattern = patternOf('orders-prod-deployments');
    const other = { ...codeDeployFixture, detail: { ...codeDeployFixture.detail, application: 'payments-prod' } };

    // Act / Assess
    expect(pattern).toBeDefined();
    expect(matchesEventPattern(pattern, codeDeployFixture)).toBe(true);
    expect(matchesEventPattern(pattern, other)).toBe(false);
  });

  it('matches the generated stack updates rule with the service stack’s events only', () => {
    // Prepare
    const pattern = patternOf('orders-prod-stack-updates');
    const otherStack = { ...cloudFormationFixture, resources: [stackIdOf('periscope-orders-prod-2', ORIGIN)] };

    // Act / Assess
    expect(pattern).toBeDefined();
    expect(matchesEventPattern(pattern, cloudFormationFixture)).toBe(true);
    expect(matchesEventPattern(pattern, otherStack)).toBe(false);
  });
});
