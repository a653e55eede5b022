import { type GeneratedAlarms, generateAlarms } from '../../../alarms';
import { dashboardResources, generateDashboards } from '../../../dashboards';
import { ordersServiceResources } from '../../../deploy/service-resources';
import { catalog } from '../../../observability.config';
import { type MergeableTemplate, mergeIntoTemplate, ResourceClashError, reportGeneration } from '../../../plugin/generated-resources';

describe('adding the generated resources to a compiled template', () => {
  let alarms: GeneratedAlarms;
  let dashboards: ReturnType<typeof dashboardResources>;

  beforeEach(() => {
    const resources = ordersServiceResources('dev');
    alarms = generateAlarms(catalog, resources);
    dashboards = dashboardResources(generateDashboards(catalog, resources, { alarms: alarms.alarms }));
  });

  it('adds every alarm, routing resource and dashboard beside the service’s own, and the topic ARNs to its outputs', () => {
    // Prepare
    const template: MergeableTemplate = { Resources: { OrdersTable: { Type: 'AWS::DynamoDB::Table' } }, Outputs: { ServiceEndpoint: { Value: 'x' } } };

    // Act
    mergeIntoTemplate(template, alarms, dashboards);

    // Assess
    expect(Object.keys(template.Resources)).toEqual(['OrdersTable', ...Object.keys(alarms.resources), ...Object.keys(dashboards)]);
    expect(Object.keys(template.Outputs ?? {})).toEqual(['ServiceEndpoint', ...Object.keys(alarms.outputs)]);
  });

  it('refuses, naming them, logical ids the service already uses, and adds nothing', () => {
    // Prepare
    const [taken] = Object.keys(alarms.resources);
    const template: MergeableTemplate = { Resources: { [taken!]: { Type: 'AWS::SNS::Topic' } } };

    // Act
    const merge = () => mergeIntoTemplate(template, alarms, dashboards);

    // Assess
    expect(merge).toThrow(new ResourceClashError([taken!]));
    expect(Object.keys(template.Resources)).toEqual([taken]);
  });

  it('says what it added, what notifies, who is paged, what is not alarmed and what it costs a month', () => {
    // Act
    const report = reportGeneration({
      alarms,
      dashboards,
      catalogued: [...catalog.functions.map((fn) => fn.name), 'slackNotifier'],
      functions: [...catalog.functions.map((fn) => fn.name), 'slackNotifier', 'nightlyExport'],
      hasNotifier: true,
    });

    // Assess
    expect(report.notice).toEqual([
      'Periscope: added 63 alarms (18 critical, 42 warning, 3 info; 5 composite) and 20 routing resources (KMS key, SNS topics and subscriptions, Slack notifier wiring)',
      '  notifies: orders-dev-critical',
      '  notifies: orders-dev-warning',
      '  notifies: orders-dev-alert-dead-letter-age-critical',
      '  notifies: orders-dev-alert-delivery-failed-critical',
      '  notifies: orders-dev-critical-topic-delivery-failed-critical',
      '  notifies: orders-dev-slack-notifier-destination-failures-critical',
      '  notifies: orders-dev-slack-notifier-errors-critical',
      '  notifies: orders-dev-slack-notifier-event-age-critical',
      '  notifies: orders-dev-slack-notifier-events-dropped-critical',
      '  notifies: orders-dev-slack-notifier-throttles-critical',
      '  notifies: orders-dev-warning-topic-delivery-failed-critical',
      "Periscope: pages no one at this stage: alerts go to Slack only (the catalog's `stages` say which stages page)",
      'Periscope: not in the catalog, so not alarmed: nightlyExport',
      'Periscope: every function deploys all at once at this stage (the catalog’s `deployment` sets canary or linear)',
      'Periscope: alarms cost about $11.80/month at us-east-1 list prices: 58 metric alarms reading 83 metrics $8.30, 5 composites $2.50, KMS key $1.00',
      'Periscope: added dashboards orders-dev-executive, orders-dev-operations, orders-dev-developer',
    ]);
    expect(report.info).toHaveLength(52);
    expect(report.info).toContain('  critical orders-dev-api-5xx-rate-critical');
  });

  it('names the topics that page at a stage that pages, and how', () => {
    // Prepare
    const prod = generateAlarms(catalog, ordersServiceResources('prod'));

    // Act
    const report = reportGeneration({ alarms: prod, dashboards: {}, catalogued: [], functions: [], hasNotifier: true });

    // Assess
    expect(report.notice).toContain('Periscope: pages through orders-prod-critical (1 email, 1 https)');
  });
});
