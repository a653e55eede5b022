import {
  type CloudWatchClient,
  DashboardNotFoundError,
  GetDashboardCommand,
  GetMetricDataCommand,
  type GetMetricDataCommandOutput,
  PutDashboardCommand,
  ResourceNotFound,
  type MetricDataQuery as SdkMetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { apiMetric, lambdaMetric, type MetricDataQuery, mathExpression, metricStat } from '../../src/cloudwatch';
import { annotateDeployments, type DashboardBodyJson, type DeploymentMark } from './deploy-annotations';
import { DeliveryCloudWatchError, DeliveryConfigError } from './errors';
import type { Impact } from './records';

/** The part of a CloudWatch client the adapters use. */
export type CloudWatchSender = Pick<CloudWatchClient, 'send'>;

/** Draws the deployments on the operations dashboard. */
export interface DashboardAnnotator {
  /** Whether the dashboard was written: not when it does not exist, nor when it already shows these marks. */
  annotate(marks: readonly DeploymentMark[]): Promise<boolean>;
}

/** What an incident's impact is read from: the service's API, or its functions without one, and its SLO. */
export interface ImpactSource {
  /** The REST API stage the SLO counts requests at (`AWS/ApiGateway`, `ApiName` and `Stage`). */
  readonly api?: { readonly name: string; readonly stage: string };
  /** The functions' deployed names: their `Invocations` and `Errors` are the requests without an API. */
  readonly functionNames: readonly string[];
  /** The availability target, in percent (above 0, below 100). @default no budget is computed */
  readonly availabilityTarget?: number;
  /** The SLO window the error budget is spread over, in days. */
  readonly sloWindowDays: number;
}

/** Reads what a window cost the service's users. */
export interface ImpactReader {
  read(window: { readonly start: Date; readonly end: Date }): Promise<Impact>;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The operations dashboard's deployment marks through `GetDashboard` and `PutDashboard`: reads the
 * body, redraws the marks ({@link annotateDeployments}) and puts it back only when that changed it.
 * A dashboard that does not exist (CloudWatch's `ResourceNotFound`, 404) is not an error: nothing
 * is written and the caller hears `false`. Two writers at once leave the last one's marks; both
 * draw from the same records, so the next deployment event sets them right.
 *
 * @throws {@link DeliveryCloudWatchError} when CloudWatch refuses a call or the body is not a JSON object
 * @example
 * ```ts
 * const wrote = await cloudWatchDashboardAnnotator(new CloudWatchClient({}), 'orders-prod-operations').annotate(records.deployments);
 * ```
 */
export function cloudWatchDashboardAnnotator(client: CloudWatchSender, dashboardName: string): DashboardAnnotator {
  return {
    async annotate(marks) {
      let stored: string | undefined;
      try {
        stored = (await client.send(new GetDashboardCommand({ DashboardName: dashboardName }))).DashboardBody;
      } catch (error) {
        if (error instanceof ResourceNotFound || error instanceof DashboardNotFoundError) return false;
        throw new DeliveryCloudWatchError(`GetDashboard of ${dashboardName} failed: ${messageOf(error)}`, { cause: error });
      }
      let body: unknown;
      try {
        body = JSON.parse(stored ?? '');
      } catch (error) {
        throw new DeliveryCloudWatchError(`the body of dashboard ${dashboardName} is not JSON`, { cause: error });
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new DeliveryCloudWatchError(`the body of dashboard ${dashboardName} is not a JSON object`);
      const annotated = JSON.stringify(annotateDeployments(body as DashboardBodyJson, marks));
      if (annotated === JSON.stringify(body)) return false;
      try {
        await client.send(new PutDashboardCommand({ DashboardName: dashboardName, DashboardBody: annotated }));
      } catch (error) {
        throw new DeliveryCloudWatchError(`PutDashboard of ${dashboardName} failed: ${messageOf(error)}`, { cause: error });
      }
      return true;
    },
  };
}

/** The request and failure counts of a source, each as one returned query over `periodSeconds`. */
function countQueries(source: ImpactSource, periodSeconds: number, withFailures: boolean): MetricDataQuery[] {
  const { api } = source;
  if (api !== undefined) {
    return [metricStat('requests', apiMetric(api, 'Count'), 'Sum', periodSeconds, true), ...(withFailures ? [metricStat('failed', apiMetric(api, '5XXError'), 'Sum', periodSeconds, true)] : [])];
  }
  // Per function, summed by metric math: two series come back, whatever the number of functions.
  const summed = (id: string, metricName: string, label: string): MetricDataQuery[] => {
    const parts = source.functionNames.map((name, i) => metricStat(`${id}${i}`, lambdaMetric(name, metricName), 'Sum', periodSeconds));
    return [...parts, mathExpression(id, `SUM([${parts.map((part) => part.Id).join(', ')}])`, label)];
  };
  return [...summed('requests', 'Invocations', 'Invocations'), ...(withFailures ? summed('failed', 'Errors', 'Errors') : [])];
}

/** The CloudWatch vocabulary's query as the SDK types it (mutable arrays). */
const toSdk = ({ MetricStat, ...query }: MetricDataQuery): SdkMetricDataQuery =>
  MetricStat === undefined ? query : { ...query, MetricStat: { ...MetricStat, Metric: { ...MetricStat.Metric, Dimensions: [...MetricStat.Metric.Dimensions] } } };

/**
 * Sums, by query id, everything `GetMetricData` returns over `[start, end)`: one point per query
 * when the period spans the range, more if CloudWatch splits it.
 */
async function sumsOver(client: CloudWatchSender, queries: readonly MetricDataQuery[], start: number, end: number): Promise<Map<string, number>> {
  let answer: GetMetricDataCommandOutput;
  try {
    answer = await client.send(new GetMetricDataCommand({ StartTime: new Date(start), EndTime: new Date(end), MetricDataQueries: queries.map(toSdk), ScanBy: 'TimestampAscending' }));
  } catch (error) {
    throw new DeliveryCloudWatchError(`GetMetricData over ${new Date(start).toISOString()}–${new Date(end).toISOString()} failed: ${messageOf(error)}`, { cause: error });
  }
  const sums = new Map<string, number>();
  for (const result of answer.MetricDataResults ?? []) {
    if (result.Id === undefined) continue;
    sums.set(result.Id, (sums.get(result.Id) ?? 0) + (result.Values ?? []).reduce((sum, value) => sum + value, 0));
  }
  return sums;
}

/** Refuses a source the reader cannot read from, naming the field. */
function checkSource(source: ImpactSource): void {
  if (source.api === undefined && source.functionNames.length === 0) throw new DeliveryConfigError('the impact reader needs an api or at least one of functionNames to count requests at');
  const target = source.availabilityTarget;
  if (target !== undefined && !(target > 0 && target < 100)) throw new DeliveryConfigError(`availabilityTarget ${target} is not a percentage above 0 and below 100`);
  if (!(Number.isInteger(source.sloWindowDays) && source.sloWindowDays > 0)) throw new DeliveryConfigError(`sloWindowDays ${source.sloWindowDays} is not a whole number of days above 0`);
}

/**
 * An incident's impact from CloudWatch's `GetMetricData`: with an API, its stage's `Count` and
 * `5XXError` (`AWS/ApiGateway`); without one, the functions' `Invocations` and `Errors`
 * (`AWS/Lambda`), summed over the functions. The window is widened to whole minutes and read as one
 * period spanning it — one point per metric whatever the incident's length, where 60-second points
 * would run into GetMetricData's 100,800-point cap on long windows.
 *
 * With an availability target, a second call reads the requests of the SLO window ending where the
 * incident's does, as one period of whole days (a multiple of an hour, which CloudWatch takes at
 * every data age): a call has one `StartTime` for all its queries and lays periods from it, so one
 * call cannot cover both ranges exactly. The two calls run at once. `budgetBurnedPercent` is
 * `100 × failed / (SLO-window requests × (1 − target / 100))`; absent without a target or without
 * requests in the SLO window.
 *
 * Meant for an incident read when it closes: a window that starts more than 15 days back needs
 * 5-minute periods, which a window of arbitrary minutes may not be.
 *
 * @throws {@link DeliveryConfigError} at once, for a source with neither API nor functions, a target
 * outside (0, 100) or an SLO window that is not a whole number of days
 * @throws {@link DeliveryCloudWatchError} from `read`, when CloudWatch refuses a call
 * @example
 * ```ts
 * const impact = await cloudWatchImpactReader(client, { api: { name: 'prod-orders', stage: 'prod' }, functionNames: [], availabilityTarget: 99.9, sloWindowDays: 28 })
 *   .read({ start: new Date(incident.openedAt), end: new Date(incident.closedAt) });
 * ```
 */
export function cloudWatchImpactReader(client: CloudWatchSender, source: ImpactSource): ImpactReader {
  checkSource(source);
  return {
    async read(window) {
      const start = Math.floor(window.start.getTime() / MINUTE) * MINUTE;
      const end = Math.max(Math.ceil(window.end.getTime() / MINUTE) * MINUTE, start + MINUTE);
      const target = source.availabilityTarget;
      const sloMs = source.sloWindowDays * DAY;
      const [incident, slo] = await Promise.all([
        sumsOver(client, countQueries(source, (end - start) / 1000, true), start, end),
        target === undefined ? undefined : sumsOver(client, countQueries(source, sloMs / 1000, false), end - sloMs, end),
      ]);
      const requests = incident.get('requests') ?? 0;
      const failedRequests = incident.get('failed') ?? 0;
      const sloRequests = slo?.get('requests') ?? 0;
      return {
        requests,
        failedRequests,
        errorRatePercent: requests === 0 ? 0 : (100 * failedRequests) / requests,
        ...(target === undefined || sloRequests === 0 ? {} : { budgetBurnedPercent: (100 * failedRequests) / (sloRequests * (1 - target / 100)) }),
      };
    },
  };
}
