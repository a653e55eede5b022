import { accountArn } from './account-arn';
import { notifierRule, wrappedEventTemplate } from './event-rules';
import { DEPLOY_MARKER } from './factories/meta';
import type { Naming } from './naming';
import type { CfnResource, DeployedNotifier } from './types';

/** Where the notifier marks a deploy's start and end: `DEPLOY_MARKER`'s metrics, with this service and stage's dimensions. */
export interface DeployMarkerConfig {
  readonly namespace: string;
  readonly started: string;
  readonly finished: string;
  readonly dimensions: { readonly Service: string; readonly Stage: string };
}

/** What the notifier is told with each deployment event. */
export interface DeployEventConfig {
  readonly marker: DeployMarkerConfig;
  /**
   * Per CodeDeploy deployment group (on the stack rule, when the service shifts traffic): the
   * function it deploys and the alarms that stop it, whose states say why a deploy rolled back.
   */
  readonly groups?: Readonly<Record<string, { readonly function: string; readonly alarms: readonly string[] }>>;
}

/** The deploy marker's metrics for a service and stage. */
export const deployMarkerConfig = (service: string, stage: string): DeployMarkerConfig => ({ ...DEPLOY_MARKER, dimensions: { Service: service, Stage: stage } });

/**
 * Marks every deploy without pipeline work: CloudFormation's "CloudFormation Stack Status Change"
 * events of the service's stack go to the notifier, which puts the deploy's start and end in
 * `Periscope/Deployments` (the tier composites' suppressor reads them). The notifier may put metric
 * data in that namespace only.
 */
export function stackUpdateEventResources(names: Naming, notifier: DeployedNotifier, stackName: string, deadLetterQueue: string, config: DeployEventConfig): Record<string, CfnResource> {
  const name = stackUpdatesRuleName(names);
  return {
    ...notifierRule(names, notifier, {
      name,
      description: `${stackName}'s stack status changes, to the Slack notifier: it marks each deploy's start and end for the alert tiers' suppressor, and says when one rolls back`,
      pattern: {
        source: ['aws.cloudformation'],
        'detail-type': ['CloudFormation Stack Status Change'],
        resources: [{ prefix: accountArn('cloudformation', `stack/${stackName}/`) }],
      },
      inputTemplate: wrappedEventTemplate(config),
      deadLetterQueue,
    }),
    [`${names.logicalId(name)}MarkerPolicy`]: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: `${names.prefix}-slack-notifier-deploy-markers`,
        Roles: [{ Ref: notifier.roleLogicalId }],
        PolicyDocument: {
          Version: '2012-10-17',
          // PutMetricData has no resource to scope; the namespace condition is its least privilege.
          Statement: [{ Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': config.marker.namespace } } }],
        },
      },
    },
  };
}

/** The rule name of a service's stack status changes. */
export const stackUpdatesRuleName = (names: Naming): string => `${names.prefix}-stack-updates`;

/** The rule name of a service's CodeDeploy deployment events. */
export const deploymentEventsRuleName = (names: Naming): string => `${names.prefix}-deployments`;

/**
 * CodeDeploy's "CodeDeploy Deployment State-change Notification" events of the service's
 * application, to the notifier: a deployment's start marks the deploy (for a deployment that
 * CloudFormation does not run, too); the stack's end closes it.
 */
export function deploymentEventResources(
  names: Naming,
  notifier: DeployedNotifier,
  application: string,
  deadLetterQueue: string,
  inputTemplate: CfnResource['Properties'][string],
): Record<string, CfnResource> {
  return notifierRule(names, notifier, {
    name: deploymentEventsRuleName(names),
    description: `${application}'s CodeDeploy deployments, to the Slack notifier: each one's start marks a deploy for the alert tiers' suppressor`,
    pattern: { source: ['aws.codedeploy'], 'detail-type': ['CodeDeploy Deployment State-change Notification'], detail: { application: [application] } },
    inputTemplate,
    deadLetterQueue,
  });
}
