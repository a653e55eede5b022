import type { Context } from 'aws-lambda';
import { type DashboardMetric, dashboardMetrics } from '../../dashboards';
import { catalog } from '../../observability.config';
import { alertsCatalog } from '../../src/catalog/alerts-catalog';
import { ensureOrdersTable, type LocalDynamoDb, startDynalite } from '../../tools/emulators/dynamodb-local/dynalite';
import { localDynamoDbEnv } from '../../tools/emulators/lambda-sandbox/lambda-context';
import { SlackResponses, startFakeSlack } from '../../tools/emulators/slack-webhook/fake-slack';
import { createSqsEventSource } from '../../tools/emulators/sqs-lambda';
import { type LocalOrderQueues, startOrderQueues } from '../../tools/stack/order-queues';
import { ordersDashboards } from '../../tools/stack/orders-dashboards';
import { type CapturedOutput, captureOutput } from '../support/capture-stdout';
import { apiEvent, lambdaContext } from '../support/lambda';
import { firstRecord, loadEvent } from '../unit/alerts/fixtures';

/** One EMF metric as the runtime wrote it: namespace, name, and one dimension set with its values. */
interface Emitted {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

const emittedOf = (output: CapturedOutput): Emitted[] =>
  output
    .emf()
    .flatMap((doc) =>
      (doc._aws.CloudWatchMetrics as { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[]).flatMap((directive) =>
        directive.Dimensions.flatMap((set) =>
          directive.Metrics.map((metric) => ({ namespace: directive.Namespace, metricName: metric.Name, dimensions: Object.fromEntries(set.map((name) => [name, String(doc[name])])) })),
        ),
      ),
    );

const sameNames = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().every((name, i) => name === [...b].sort()[i]);

/** Whether what a dashboard graphs is a series the runtime really writes. */
const matches = (wanted: DashboardMetric, got: Emitted): boolean =>
  wanted.namespace === got.namespace &&
  wanted.metricName === got.metricName &&
  (wanted.kind === 'search'
    ? sameNames(wanted.dimensionNames, Object.keys(got.dimensions))
    : sameNames(Object.keys(wanted.dimensions), Object.keys(got.dimensions)) && Object.entries(wanted.dimensions).every(([name, value]) => got.dimensions[name] === value));

/**
 * The dashboards graph catalog metrics by namespace, name and dimensions. A typo there is a chart that
 * stays empty forever, so this drives the real handlers and compares with the EMF they print.
 */
describe('catalog metrics on the dashboards', () => {
  let dynamo: LocalDynamoDb;
  let queues: LocalOrderQueues;
  const emitted: Emitted[] = [];
  const dashboards = ordersDashboards();
  const ownNamespaces: readonly string[] = [catalog.namespace, alertsCatalog.namespace];

  beforeAll(async () => {
    dynamo = await startDynalite(0);
    await ensureOrdersTable(dynamo.endpoint, 'orders-dashboards');
    queues = await startOrderQueues();
    Object.assign(process.env, { ORDERS_TABLE_NAME: 'orders-dashboards', ...localDynamoDbEnv(dynamo.endpoint), ...queues.env, AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' });
    // Each function runs in its own Lambda environment, with its own cold start: load it fresh for each.
    type Orders = typeof import('../../handlers/orders/handler');
    const fresh = async (): Promise<Orders> => {
      let loaded: Orders | undefined;
      await jest.isolateModulesAsync(async () => {
        loaded = await import('../../handlers/orders/handler');
      });
      return loaded!;
    };
    const { handler: notifier } = await import('../../handlers/alerts/slack-notifier');
    const slack = await startFakeSlack();
    process.env.SLACK_WEBHOOK_URL = slack.url;
    const output = captureOutput();
    try {
      // Each function as deployed at stage dev, so function_name is the deployed name.
      const context = (name: string): Context => lambdaContext(`periscope-orders-dev-${name}`);
      const json = (body: unknown) => ({ body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
      const order = { customerId: 'c-dash', currency: 'EUR', items: [{ sku: 'b', quantity: 1, unitPrice: 3 }] };
      const createOrder = (await fresh()).createOrder;
      const created = await createOrder(apiEvent({ method: 'POST', resource: '/orders', path: '/orders', ...json(order) }), context('createOrder'));
      await createOrder(apiEvent({ method: 'POST', resource: '/orders', path: '/orders', ...json({ ...order, items: [] }) }), context('createOrder'));
      const { orderId } = JSON.parse(created.body);
      await (await fresh()).getOrder(apiEvent({ method: 'GET', resource: '/orders/{orderId}', path: `/orders/${orderId}`, pathParameters: { orderId } }), context('getOrder'));
      await (await fresh()).listOrders(apiEvent({ method: 'GET', resource: '/orders', path: '/orders', query: { customerId: 'c-dash' } }), context('listOrders'));
      await (await fresh()).routeNotFound(apiEvent({ method: 'GET', resource: '/{proxy+}', path: '/nope' }), context('routeNotFound'));
      // The queue's consumer, in its own environment: the order's OrderPlaced, fulfilled by the event source mapping's first batch.
      let fulfilment: typeof import('../../handlers/orders/fulfil-order') | undefined;
      await jest.isolateModulesAsync(async () => {
        fulfilment = await import('../../handlers/orders/fulfil-order');
      });
      const sqs = queues.client();
      const mapping = createSqsEventSource({
        client: sqs,
        queueUrl: queues.queueUrl,
        functionResponseType: 'ReportBatchItemFailures',
        waitTimeSeconds: 0,
        invoke: (event) => fulfilment!.handler(event, context('fulfilOrder')),
      });
      const batch = await mapping.pollOnce();
      sqs.destroy();
      if (batch.deleted !== 1) throw new Error(`fulfilOrder should have fulfilled the one order placed; the batch came to ${JSON.stringify(batch)}`);
      // The notifier: one retried then delivered, one refused for good.
      slack.script(SlackResponses.serverError, SlackResponses.ok, SlackResponses.channelNotFound);
      const alarm = loadEvent('sns-alarm-critical.json');
      const notifierContext = { ...context('slackNotifier'), getRemainingTimeInMillis: () => 10_000 };
      await notifier(alarm, notifierContext);
      await notifier({ Records: [firstRecord(loadEvent('sns-alarm-warning.json'))] }, notifierContext).catch(() => undefined);
    } finally {
      output.restore();
      delete process.env.SLACK_WEBHOOK_URL;
      await slack.close();
    }
    emitted.push(...emittedOf(output));
  }, 60_000);
  afterAll(async () => {
    await queues?.close();
    await dynamo?.close();
  });

  it.each(['exec', 'ops', 'dev'] as const)('graphs on the %s dashboard only catalog series the handlers really emit', (view) => {
    // Prepare
    const own = dashboardMetrics(dashboards[view].body).filter((metric) => ownNamespaces.includes(metric.namespace));

    // Assess
    expect(own.length).toBeGreaterThan(0);
    for (const wanted of own) expect([wanted, emitted.some((got) => matches(wanted, got))]).toEqual([wanted, true]);
  });

  it('shows every catalog metric that names a view on that view’s dashboard', () => {
    const shown = (key: 'exec' | 'ops' | 'dev') => new Set(dashboardMetrics(dashboards[key].body).map((metric) => metric.metricName));
    const views = { executive: shown('exec'), operations: shown('ops'), developer: shown('dev') } as const;
    for (const metric of [...catalog.metrics, ...alertsCatalog.metrics]) {
      for (const view of metric.views ?? []) expect([metric.name, view, views[view].has(metric.name)]).toEqual([metric.name, view, true]);
    }
  });
});
