/**
 * `generation`: how long a large catalog takes to become every alarm and every dashboard, the work
 * the plugin does at `serverless package`.
 */
import { performance } from 'node:perf_hooks';
import { type GeneratedAlarms, generateAlarms, type ServiceResources } from '../../alarms';
import { type DashboardViewKey, dashboardResources, generateDashboards } from '../../dashboards';
import type { ServiceDefinition } from '../../src/catalog';
import { formatMs, rounded } from './figures';
import { summarize } from './support/stats';
import { syntheticCatalog, syntheticResources } from './synthetic-service';
import type { BenchRunner, BenchSection } from './types';

/** Functions in the synthetic service. */
const FUNCTION_COUNT = 50;
/** Runs timed, and runs before them to warm the JIT, for the published and the quick figures. */
const RUNS = { full: { warmups: 3, samples: 20 }, quick: { warmups: 1, samples: 5 } } as const;

/** What one generation produced, counted. */
export interface GenerationCounts {
  /** Metric alarms (including the burn-rate windows and the meta alarms). */
  readonly metricAlarms: number;
  /** Composite alarms (burn-rate pairs and tier roll-ups). */
  readonly compositeAlarms: number;
  /** Widgets per dashboard. */
  readonly widgets: Readonly<Record<DashboardViewKey, number>>;
  /** CloudFormation resources added to the template: alarms, routing and dashboards. */
  readonly cfnResources: number;
}

/**
 * The figures of the `generation` section, in results.json.
 * A type, not an interface: `BenchSection.figures` is a Record, which interfaces are not assignable to.
 */
export type GenerationFigures = {
  /** Median time of one generation. */
  readonly generationMs: number;
  readonly maxMs: number;
  readonly samples: number;
  readonly functions: number;
  readonly alarms: { readonly metric: number; readonly composite: number };
  /** Widgets per generated dashboard. */
  readonly dashboards: Readonly<Record<DashboardViewKey, number>>;
  readonly cfnResources: number;
};

/**
 * One generation as the plugin runs it: alarms, then the three dashboards from the alarms, then the
 * dashboards as CloudFormation resources (their bodies serialised), counted.
 */
export function generateEverything(catalog: ServiceDefinition, resources: ServiceResources): GenerationCounts {
  const alarms: GeneratedAlarms = generateAlarms(catalog, resources);
  const dashboards = generateDashboards(catalog, resources, { alarms: alarms.alarms });
  const cfnDashboards = dashboardResources(dashboards);
  const composites = alarms.alarms.filter((alarm) => alarm.kind === 'composite').length;
  return {
    metricAlarms: alarms.alarms.length - composites,
    compositeAlarms: composites,
    widgets: { exec: dashboards.exec.body.widgets.length, ops: dashboards.ops.body.widgets.length, dev: dashboards.dev.body.widgets.length },
    cfnResources: Object.keys(alarms.resources).length + Object.keys(cfnDashboards).length,
  };
}

/**
 * Times generating every alarm and dashboard of a synthetic 50-function service: 3 warm-up runs,
 * then the median and maximum of 20 (1 and 5 when `quick`).
 *
 * @example
 * ```ts
 * const section = await runGeneration({ progress: console.error, buildDir: 'tools/bench/.build' });
 * ```
 */
export const runGeneration: BenchRunner = async (options): Promise<BenchSection> => {
  const runs = options.quick ? RUNS.quick : RUNS.full;
  const catalog = syntheticCatalog(FUNCTION_COUNT);
  const resources = syntheticResources(catalog);
  options.progress(`generation: ${runs.warmups} warm-up and ${runs.samples} timed runs for ${FUNCTION_COUNT} functions`);
  // The first warm-up run also gives the counts: every run generates the same JSON (pure generators).
  const counts = generateEverything(catalog, resources);
  for (let i = 1; i < runs.warmups; i++) generateEverything(catalog, resources);
  const times: number[] = [];
  for (let i = 0; i < runs.samples; i++) {
    const started = performance.now();
    generateEverything(catalog, resources);
    times.push(performance.now() - started);
  }
  const summary = summarize(times);

  const figures: GenerationFigures = {
    generationMs: rounded(summary.median),
    maxMs: rounded(summary.max),
    samples: times.length,
    functions: FUNCTION_COUNT,
    alarms: { metric: counts.metricAlarms, composite: counts.compositeAlarms },
    dashboards: counts.widgets,
    cfnResources: counts.cfnResources,
  };
  return {
    key: 'generation',
    title: `Catalog → alarms and dashboards (${FUNCTION_COUNT}-function synthetic service)`,
    table: [
      ['median', 'max', 'metric alarms', 'composites', 'widgets exec / ops / dev', 'CFN resources'],
      [
        formatMs(figures.generationMs),
        formatMs(figures.maxMs),
        String(counts.metricAlarms),
        String(counts.compositeAlarms),
        `${counts.widgets.exec} / ${counts.widgets.ops} / ${counts.widgets.dev}`,
        String(counts.cfnResources),
      ],
    ],
    figures,
    notes: [
      `One run: generateAlarms, generateDashboards and dashboardResources (bodies serialised), as the plugin does at package time; ${runs.warmups} warm-up runs, then ${runs.samples} timed (median and max).`,
      `Synthetic service: ${FUNCTION_COUNT} REST functions (get/list/create/update/delete × 10 resources), 4 business metrics with 5 alarms (threshold, anomaly, per-dimension, p99), one SLO over every function, one table, the Slack notifier. Budget 1 s.`,
    ],
  };
};
