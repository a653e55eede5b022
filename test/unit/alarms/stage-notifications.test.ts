import { generateAlarms, stageNotifications } from '../../../alarms';
import { defineService, type ServiceDefinition, type StagePolicy } from '../../../src/catalog';
import { validDefinition } from '../../support/catalogs';

const PAGER = 'https://pager.example.com/shop';
const ONCALL = 'shop-oncall@example.com';

/** The shop catalog with its critical tier paging by email and pager, and the stage policies given. */
const shop = (stages?: Readonly<Record<string, StagePolicy>>): ServiceDefinition => {
  const definition = validDefinition();
  return defineService({
    ...definition,
    tiers: { ...definition.tiers, critical: { ...definition.tiers.critical, notify: { email: [ONCALL], https: [PAGER] } } },
    ...(stages === undefined ? {} : { stages }),
  });
};

describe('stageNotifications', () => {
  it('pages at prod through each tier’s notify when the catalog lists no stages', () => {
    // Act
    const prod = stageNotifications(shop(), 'prod');

    // Assess
    expect(prod).toEqual({ critical: { email: [ONCALL], https: [PAGER] }, warning: {} });
  });

  it.each(['dev', 'staging', 'Prod', 'production', 'constructor'])('subscribes no one at %s when the catalog does not list it: Slack only', (stage) => {
    // Act
    const notifications = stageNotifications(shop({ qa: { page: true } }), stage);

    // Assess
    expect(notifications).toEqual({ critical: {}, warning: {} });
  });

  it('pages at a listed stage through the tiers’ notify, or the stage’s own where it gives one', () => {
    // Prepare
    const catalog = shop({ staging: { page: true }, qa: { page: true, notify: { critical: { email: ['qa@example.com'] }, warning: { https: ['https://qa.example.com/hook'] } } } });

    // Act
    const staging = stageNotifications(catalog, 'staging');
    const qa = stageNotifications(catalog, 'qa');

    // Assess
    expect(staging).toEqual({ critical: { email: [ONCALL], https: [PAGER] }, warning: {} });
    expect(qa).toEqual({ critical: { email: ['qa@example.com'] }, warning: { https: ['https://qa.example.com/hook'] } });
  });

  it('replaces a tier’s notify rather than adding to it, so `{}` silences the tier at that stage', () => {
    // Prepare
    const catalog = shop({ prod: { page: true, notify: { critical: { https: [PAGER] } } }, canary: { page: true, notify: { critical: {} } } });

    // Act
    const prod = stageNotifications(catalog, 'prod');
    const canary = stageNotifications(catalog, 'canary');

    // Assess
    expect(prod.critical).toEqual({ https: [PAGER] });
    expect(canary).toEqual({ critical: {}, warning: {} });
  });

  it('keeps prod quiet when the catalog says it does not page', () => {
    // Act
    const prod = stageNotifications(shop({ prod: { page: false } }), 'prod');

    // Assess
    expect(prod).toEqual({ critical: {}, warning: {} });
  });
});

describe('the routing generateAlarms builds from the stage policy', () => {
  const resources = (stage: string) => ({ stage, functions: [{ name: 'checkout', functionName: `shop-${stage}-checkout`, timeoutSeconds: 6 }], tables: [] });
  const subscriptionsOf = (catalog: ServiceDefinition, stage: string) =>
    Object.values(generateAlarms(catalog, resources(stage)).resources)
      .filter((r) => r.Type === 'AWS::SNS::Subscription')
      .map((r) => `${(r.Properties.TopicArn as { Ref: string }).Ref} ${String(r.Properties.Protocol)} ${String(r.Properties.Endpoint)}`);

  it('subscribes a paging stage’s email and pager to its topics, and nothing at a stage that does not page', () => {
    // Prepare
    const catalog = shop({ staging: { page: true, notify: { warning: { email: ['team@example.com'] } } } });

    // Act
    const staging = subscriptionsOf(catalog, 'staging');
    const dev = subscriptionsOf(catalog, 'dev');

    // Assess
    expect(staging).toEqual([`PeriscopeShopStagingCriticalTopic email ${ONCALL}`, `PeriscopeShopStagingCriticalTopic https ${PAGER}`, 'PeriscopeShopStagingWarningTopic email team@example.com']);
    expect(dev).toEqual([]);
  });

  it('still points the tier composites at their topics at a stage that pages no one', () => {
    // Act
    const generated = generateAlarms(shop(), resources('dev'));

    // Assess
    const actions = Object.values(generated.resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::CompositeAlarm' && r.Properties.ActionsEnabled !== false && r.Properties.AlarmActions !== undefined)
      .map((r) => [r.Properties.AlarmName, r.Properties.AlarmActions]);
    expect(actions).toEqual([
      ['shop-dev-critical', [{ Ref: 'PeriscopeShopDevCriticalTopic' }]],
      ['shop-dev-warning', [{ Ref: 'PeriscopeShopDevWarningTopic' }]],
    ]);
  });
});
