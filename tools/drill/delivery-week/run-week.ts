import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateTableCommand, type CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { generateAlarms, generateDelivery } from '../../../alarms';
import { reviewFileName } from '../../../cli/reviews';
import { fillPseudoParameters, generateDashboards } from '../../../dashboards';
import type { MetricWidgetProperties } from '../../../dashboards/types';
import { ordersServiceResources } from '../../../deploy/service-resources';
import { createDeliveryMetrics, type DeliveryStore, dynamoDbDeliveryStore, type StoredReview } from '../../../handlers/delivery/delivery-metrics';
import { catalog } from '../../../observability.config';
import { startLocalCloudWatchApi } from '../../emulators/cloudwatch/api/local-cloudwatch-api';
import { MetricStore, parseEmfLine } from '../../emulators/cloudwatch/metric-store';
import { startDynalite } from '../../emulators/dynamodb-local/dynalite';
import { captureWrites } from '../../emulators/lambda-sandbox/capture-output';
import { lambdaContext } from '../../emulators/lambda-sandbox/lambda-context';
import { metricWidgetData } from '../../preview/metric-widget';
import { FIGURE_NAMES, WEEK_DEPLOYMENTS, WEEK_EXPECTED, WEEK_INCIDENTS, type WeekDelivery, weekDeliveries, weekStartBefore } from './week';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const STAGE = 'prod';

/** One of the five figures: what the executive dashboard's delivery row shows for the week, and what the scenario says it should. */
export interface WeekFigure {
  readonly key: keyof typeof FIGURE_NAMES;
  readonly name: string;
  readonly measured: number | undefined;
  readonly expected: number;
  readonly meetsTarget: boolean | undefined;
}

/** What the simulated week gave. */
export interface WeekOutcome {
  readonly figures: readonly WeekFigure[];
  /** How the function took each delivery, against what the week expected. */
  readonly deliveries: readonly { readonly expect: WeekDelivery['expect']; readonly got: string; readonly note?: string }[];
  /** Review drafts, by incident id, and where they were written. */
  readonly reviews: readonly { readonly incidentId: string; readonly markdown: string; readonly file?: string }[];
  /** The operations dashboard's deployment marks after the week. */
  readonly annotations: readonly string[];
  /** Deployments the function's own log says it counted, and the checks that failed. */
  readonly failures: readonly string[];
  readonly seconds: number;
}

/** Options of {@link runDeliveryWeek}. */
export interface DeliveryWeekOptions {
  /** Where the review drafts are written (`<dir>/<incident>.md`); not written without it. */
  readonly reviewsDir?: string;
  /** Epoch ms the week ends before. @default now */
  readonly now?: number;
}

const near = (a: number | undefined, b: number): boolean => a !== undefined && Math.abs(a - b) < 0.005;

/**
 * Runs the simulated week (see `week.ts`) through the real delivery-metrics function: its DynamoDB
 * table on dynalite, its dashboard and impact reads on the local CloudWatch API, its EMF read back
 * into the metric store; then reads the five figures the way the executive dashboard's delivery row
 * computes them (its own widgets, evaluated over the week) and checks them against the hand-computed
 * ones, the function's verdict on every delivery, the review drafts and the dashboard's marks.
 */
export async function runDeliveryWeek(options: DeliveryWeekOptions = {}): Promise<WeekOutcome> {
  const started = Date.now();
  const resources = ordersServiceResources(STAGE);
  const delivery = generateDelivery(catalog, { ...resources, delivery: resources.delivery!, stackName: resources.stackName! });
  const alarms = generateAlarms(catalog, resources);
  const dashboards = generateDashboards(catalog, resources, { alarms: alarms.alarms });
  const weekStart = weekStartBefore(options.now ?? Date.now());
  const weekEnd = weekStart + 7 * DAY;

  const dynamo = await startDynalite();
  const cloudWatch = await startLocalCloudWatchApi();
  const store = new MetricStore();
  cloudWatch.useMetricStore(store);
  const saved = { ...process.env };
  try {
    const table = (delivery.resources[Object.keys(delivery.resources).find((id) => delivery.resources[id]?.Type === 'AWS::DynamoDB::Table') as string]?.Properties ?? {}) as Record<string, unknown>;
    const dynamoClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await dynamoClient.send(
      new CreateTableCommand({
        TableName: delivery.config.table,
        KeySchema: table.KeySchema,
        AttributeDefinitions: table.AttributeDefinitions,
        BillingMode: 'PAY_PER_REQUEST',
      } as CreateTableCommandInput),
    );
    // The deployed operations dashboard, which the function draws the deployments on.
    const opsBody = fillPseudoParameters(JSON.stringify(dashboards.ops.body), { region: 'us-east-1', accountId: '123456789012' });
    cloudWatch.putDashboard(dashboards.ops.name, opsBody);
    seedApiTraffic(store, resources.api!, weekStart, weekEnd);

    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH: cloudWatch.endpoint,
      POWERTOOLS_METRICS_DISABLED: 'false',
    });
    const handler = createDeliveryMetrics({ env: { ...process.env, PERISCOPE_DELIVERY: JSON.stringify(delivery.config) } });
    const functionName = resources.delivery!.functionName;
    const deliveries = weekDeliveries(
      {
        service: catalog.service,
        stage: STAGE,
        stackName: resources.stackName!,
        application: `${catalog.service}-${STAGE}`,
        groups: ['create-order', 'get-order', 'list-orders'].map((fn) => `${catalog.service}-${STAGE}-${fn}`),
        incidentAlarm: delivery.config.incidentAlarm,
      },
      weekStart,
      catalog.runbookBaseUrl ?? 'https://runbooks.example.com/orders',
    );
    const verdicts: { expect: WeekDelivery['expect']; got: string; note?: string }[] = [];
    for (const { event, expect, note } of deliveries) {
      const { settled, writes } = await captureWrites(() => handler(event, lambdaContext({ functionName, requestId: randomUUID(), timeoutMs: 30_000 })));
      if (!settled.ok) throw new Error(`the delivery function failed on ${JSON.stringify(event).slice(0, 120)}: ${String(settled.error)}`);
      let got = 'unknown';
      for (const line of writes.flatMap((w) => w.text.split('\n')).filter((l) => l.startsWith('{'))) {
        const points = parseEmfLine(line);
        if (points !== undefined) store.add(...points);
        const message = (JSON.parse(line) as { message?: string }).message;
        if (message === 'Delivery event recorded') got = 'recorded';
        else if (message === 'Delivery event already recorded') got = 'duplicate';
        else if (message === 'Delivery event ignored') got = 'ignored';
        else if (message === 'Delivery event rejected') got = 'rejected';
      }
      verdicts.push({ expect, got, ...(note === undefined ? {} : { note }) });
    }

    const figures = readFigures(dashboards.exec.body.widgets, store, weekEnd);
    const documents = DynamoDBDocumentClient.from(dynamoClient);
    const reviewStore: DeliveryStore = dynamoDbDeliveryStore(documents, delivery.config.table, { service: catalog.service, stage: STAGE });
    const reviews = await writeReviews(await reviewStore.reviews(), options.reviewsDir);
    const annotations = deploymentMarks(cloudWatch.dashboards().get(dashboards.ops.name));
    const failures = [
      ...figures.filter((f) => !near(f.measured, f.expected)).map((f) => `${f.name}: measured ${f.measured ?? 'nothing'}, expected ${f.expected.toFixed(2)}`),
      ...verdicts.filter((v) => v.expect !== v.got).map((v) => `a delivery (${v.note ?? 'in order'}) was ${v.got}, expected ${v.expect}`),
      ...(reviews.length === WEEK_INCIDENTS.length ? [] : [`${reviews.length} review drafts, expected ${WEEK_INCIDENTS.length}`]),
      ...(annotations.length === WEEK_DEPLOYMENTS.length ? [] : [`${annotations.length} deployments marked on ${dashboards.ops.name}, expected ${WEEK_DEPLOYMENTS.length}`]),
    ];
    return { figures, deliveries: verdicts, reviews, annotations, failures, seconds: (Date.now() - started) / 1000 };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    await cloudWatch.close();
    await dynamo.close();
  }
}

/**
 * What the reviews' impact reads: 500 API requests every 5 minutes for the four weeks before the week
 * and through it (the SLO's 28-day window), 50 of them failing every 5 minutes while I1 was open.
 */
function seedApiTraffic(store: MetricStore, api: { name: string; stage: string }, weekStart: number, weekEnd: number): void {
  const dimensions = { ApiName: api.name, Stage: api.stage };
  const i1 = WEEK_INCIDENTS[0]!;
  const step = 5 * MINUTE;
  for (let t = weekStart - 28 * DAY; t < weekEnd; t += step) {
    store.add({ namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions, timestamp: t, value: 500, unit: 'Count' });
    const minute = (t - weekStart) / MINUTE;
    store.add({ namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions, timestamp: t, value: minute >= i1.open && minute < i1.close ? 50 : 0, unit: 'Count' });
  }
}

const FIGURE_BY_TITLE: Readonly<Record<string, keyof typeof FIGURE_NAMES>> = {
  'Deployment frequency': 'deploymentsPerDay',
  'Change lead time': 'leadTimeHours',
  'Change fail rate': 'changeFailRatePercent',
  'Failed deployment recovery time': 'recoveryHours',
  'Deployment rework rate': 'reworkRatePercent',
};

/** The executive dashboard's five delivery gauges, evaluated over the week, with their verdicts. */
function readFigures(widgets: readonly { type: string; properties: unknown }[], store: MetricStore, weekEnd: number): WeekFigure[] {
  const window = { now: weekEnd, rangeMs: 7 * DAY };
  return Object.entries(FIGURE_BY_TITLE).map(([title, key]) => {
    const widget = widgets.find((w) => w.type === 'metric' && (w.properties as MetricWidgetProperties).view === 'gauge' && (w.properties as MetricWidgetProperties).title.startsWith(title));
    if (widget === undefined) throw new Error(`the executive dashboard has no '${title}' gauge`);
    const data = metricWidgetData(store, widget.properties as MetricWidgetProperties, window);
    const measured = data.series[0]?.values.at(-1);
    const target = (widget.properties as MetricWidgetProperties).annotations?.horizontal?.[0];
    const meets = measured === undefined || target === undefined ? undefined : target.fill === 'above' ? measured >= target.value : measured <= target.value;
    return { key, name: FIGURE_NAMES[key], measured, expected: WEEK_EXPECTED[key], meetsTarget: meets };
  });
}

/** Writes each draft as `periscope reviews --out` would name it. */
async function writeReviews(reviews: readonly StoredReview[], dir: string | undefined) {
  if (dir !== undefined) await mkdir(dir, { recursive: true });
  return Promise.all(
    reviews.map(async (review) => {
      const file = dir === undefined ? undefined : join(dir, reviewFileName(review));
      if (file !== undefined) await writeFile(file, review.markdown);
      return { incidentId: review.incidentId, markdown: review.markdown, ...(file === undefined ? {} : { file }) };
    }),
  );
}

/** The labels of the deployment marks on a dashboard body (Periscope's vertical annotations). */
function deploymentMarks(body: string | undefined): string[] {
  if (body === undefined) return [];
  const widgets = (JSON.parse(body) as { widgets: { properties?: { view?: string; annotations?: { vertical?: unknown[] } } }[] }).widgets;
  const first = widgets.find((w) => (w.properties?.annotations?.vertical ?? []).length > 0);
  return (first?.properties?.annotations?.vertical ?? []).map((mark) => (Array.isArray(mark) ? (mark[0] as { label?: string }).label : (mark as { label?: string }).label) ?? '');
}
