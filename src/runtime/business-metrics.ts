import type { DimensionNameOf, DimensionValues, MetricDefinition, MetricName, ServiceDefinition } from '../catalog';
import { BatchMetric } from '../cloudwatch/batch-metrics';
import { initializedOnDemand } from '../environment';
import { emfDocuments, type MetricPoint } from './emf-documents';
import { TelemetryFaultError, type TelemetryFaultReporter } from './telemetry-fault';

/** The dimension argument `record` takes for metric `N`: none when it declares none, else one value per dimension. */
export type DimensionArgs<S extends ServiceDefinition, N extends MetricName<S>> = [DimensionNameOf<S, N>] extends [never] ? [] : [dimensions: DimensionValues<S, N>];

/** Options for {@link BusinessMetrics}. */
export interface BusinessMetricsOptions {
  /** The `service` dimension every business metric carries. @default the catalog's service */
  readonly serviceName?: string;
  /** Where EMF lines go. @default process.stdout, which Lambda ships to CloudWatch Logs */
  readonly write?: (line: string) => void;
  /** The environment, read once: only with `AWS_LAMBDA_INITIALIZATION_TYPE=on-demand` is the first invocation a cold start, as for Powertools. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** CloudWatch's limit on a dimension value; a longer one would make the whole EMF document unreadable. */
export const MAX_DIMENSION_VALUE_CHARS = 1024;

/** The metric an environment's first invocation records, with `service` and `function_name`, as Powertools names it. */
export const COLD_START_METRIC = 'ColdStart';

/**
 * Records the catalog's business metrics as EMF, by name. Only names the catalog declares compile,
 * and a metric with dimensions must be given a value for each.
 *
 * Nothing is written when a metric is recorded: data points are kept until {@link flush}, which
 * the middleware calls once per invocation (also when the handler failed), and written as one EMF
 * document with the environment's `ColdStart` when it is the first invocation.
 */
export class BusinessMetrics<S extends ServiceDefinition> {
  readonly #report: TelemetryFaultReporter;
  readonly #definitions: ReadonlyMap<string, MetricDefinition>;
  readonly #namespace: string;
  readonly #serviceName: string;
  readonly #write: (line: string) => void;
  #pending: MetricPoint[] = [];
  #coldStart: boolean;

  public constructor(catalog: S, report: TelemetryFaultReporter, options: BusinessMetricsOptions = {}) {
    this.#report = report;
    this.#definitions = new Map(catalog.metrics.map((metric) => [metric.name, metric]));
    this.#namespace = catalog.namespace;
    this.#serviceName = options.serviceName ?? catalog.service;
    this.#write = options.write ?? ((line) => process.stdout.write(line));
    this.#coldStart = initializedOnDemand(options.env);
  }

  /**
   * Records one data point of a catalog metric, in the unit the catalog gives it.
   * A bad value or missing dimension is reported as a telemetry fault, never thrown.
   *
   * @example
   * ```ts
   * metrics.record('OrderCreated', 1);
   * metrics.record('OrderRejected', 1, { reason: 'invalid_request' });
   * ```
   */
  public record<N extends MetricName<S>>(name: N, value: number, ...dimensions: DimensionArgs<S, N>): void {
    const point = this.#toPoint(name, value, dimensions[0] ?? {});
    if (point) this.#pending.push(point);
  }

  /** Data points recorded in this invocation and not yet flushed. */
  public get pendingCount(): number {
    return this.#pending.length;
  }

  /**
   * Records `ColdStart` (1, by `service` and `function_name`) on the environment's first invocation,
   * as Powertools' `captureColdStartMetric` does, so it travels in the invocation's one EMF document.
   * Later calls record nothing, nor does the first of an environment that is not on-demand.
   */
  public captureColdStart(functionName: string): void {
    if (!this.#coldStart) return;
    this.#coldStart = false;
    this.#pending.push({ name: COLD_START_METRIC, unit: 'Count', value: 1, dimensions: { service: this.#serviceName, function_name: functionName } });
  }

  /**
   * Records how many records a batch held (`BatchRecords`) and how many the function reported as
   * failed (`BatchItemFailures`), both Count, by `service` and `function_name` as `ColdStart` is, so
   * they travel in the invocation's one EMF document. A count that is not a whole number ≥ 0 is
   * reported as a telemetry fault and dropped, never thrown.
   */
  public recordBatch(functionName: string, records: number, failures: number): void {
    const dimensions = { service: this.#serviceName, function_name: functionName };
    const counts: readonly [string, number][] = [
      [BatchMetric.Records, records],
      [BatchMetric.ItemFailures, failures],
    ];
    for (const [name, value] of counts) {
      if (Number.isInteger(value) && value >= 0) this.#pending.push({ name, unit: 'Count', value, dimensions });
      else this.#report('metrics', new TelemetryFaultError('metrics', `metric '${name}' got ${String(value)}; a batch count is a whole number ≥ 0; data point dropped`));
    }
  }

  /**
   * Writes this invocation's data points as one EMF document (more only when points cannot share
   * one, see {@link emfDocuments}). Always empties the buffer, so a failed flush cannot repeat next time.
   */
  public flush(): void {
    const pending = this.#pending;
    this.#pending = [];
    if (pending.length === 0) return;
    for (const line of emfDocuments(this.#namespace, Date.now(), pending)) this.#write(`${line}\n`);
  }

  #toPoint(name: string, value: number, given: Readonly<Record<string, string>>): MetricPoint | undefined {
    const definition = this.#definitions.get(name);
    const problem = !definition
      ? `metric '${name}' is not in the catalog`
      : !Number.isFinite(value)
        ? `metric '${name}' got ${String(value)}; EMF values must be finite numbers`
        : this.#dimensionProblem(definition, given);
    if (problem || !definition) {
      this.#report('metrics', new TelemetryFaultError('metrics', `${problem}; data point dropped`));
      return undefined;
    }
    return { name, unit: definition.unit, value, dimensions: { service: this.#serviceName, ...given } };
  }

  #dimensionProblem(definition: MetricDefinition, given: Readonly<Record<string, string>>): string | undefined {
    const declared = definition.dimensions ?? [];
    const missing = declared.filter((key) => typeof given[key] !== 'string' || given[key] === '');
    const unknown = Object.keys(given).filter((key) => !declared.includes(key));
    if (missing.length > 0) return `metric '${definition.name}' needs dimension ${missing.map((k) => `'${k}'`).join(', ')}`;
    if (unknown.length > 0) return `metric '${definition.name}' does not declare dimension ${unknown.map((k) => `'${k}'`).join(', ')}`;
    const tooLong = declared.find((key) => (given[key]?.length ?? 0) > MAX_DIMENSION_VALUE_CHARS);
    if (tooLong !== undefined) return `metric '${definition.name}' dimension '${tooLong}' is ${given[tooLong]?.length} characters; CloudWatch takes at most ${MAX_DIMENSION_VALUE_CHARS}`;
    return undefined;
  }
}
