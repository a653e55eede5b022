import { generateAlarms } from '../../alarms';
import { deadLetterQueueName, naming } from '../../alarms/naming';
import { accountConcurrencyLimitOf } from '../../alarms/thresholds';
import { ordersServiceResources } from '../../deploy/service-resources';
import { catalog } from '../../observability.config';
import { startLocalCloudWatchApi } from '../emulators/cloudwatch/api/local-cloudwatch-api';
import { withEnv } from '../emulators/lambda-sandbox/lambda-context';
import { startFakeSlack } from '../emulators/slack-webhook/fake-slack';
import type { AsyncHandler } from '../emulators/sns-lambda/async-invoke';
import { buildServiceMap, renderServiceMap, type ServiceMapBottleneck } from '../emulators/xray-daemon';
import { serviceNamesAt } from '../stack/service-names';
import { drillDeployments } from './deployments';
import type { DrillTracing } from './lambda-sandbox';
import { startOrdersHost } from './orders-host';
import { drillPreTrafficHook } from './pre-traffic-hook-runner';
import { type DrillEnvironment, runScenario } from './run-scenario';
import type { Outcome, Scenario } from './scenario';

/** The stage the drills run at: production, whose critical tier pages (other stages only post to Slack by default). */
export const DRILL_STAGE = 'prod';

/** One scenario's result. */
export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly outcome: Outcome;
  /** What went wrong; empty when it passed. */
  readonly failures: readonly string[];
  /** Real seconds it took. */
  readonly seconds: number;
}

/** A whole drill's result. */
export interface DrillResult {
  readonly results: readonly ScenarioResult[];
  /** Generated alarms that no scenario took into ALARM. */
  readonly uncovered: readonly string[];
  /** The service map of every traced request, rendered. */
  readonly serviceMap: string;
  /** Each scenario's bottleneck, from the service map of its own traces only. */
  readonly bottlenecks: readonly { readonly scenario: string; readonly bottleneck: ServiceMapBottleneck | undefined }[];
}

/** Options of {@link runDrill}. */
export interface DrillOptions {
  readonly scenarios: readonly Scenario[];
  /** The shorter variants (npm test). */
  readonly short?: boolean;
  /** The stage whose alarms and routing are drilled: production's, which pages. @default 'prod' */
  readonly stage?: string;
  /** The daemon stand-in, started (with `startDrillTracing`) before this module was loaded; the caller closes it. */
  readonly tracing: DrillTracing;
  /** Each scenario's start and end, and progress on long ones. */
  readonly onEvent?: (event: { kind: 'start'; scenario: Scenario } | { kind: 'progress'; scenario: Scenario; minute: number; of: number } | { kind: 'done'; result: ScenarioResult }) => void;
}

/**
 * The notifier's own Powertools settings, as serverless.yml gives its function; read when it is loaded.
 * It traces lean here: its asynchronous invocations overlap the orders traffic in this one process,
 * and the X-Ray SDK (the orders functions' default tracing) keeps one trace context per process — on
 * Lambda each environment runs one invocation at a time — while each lean tracer keeps its own.
 */
const NOTIFIER_ENV = { POWERTOOLS_SERVICE_NAME: 'slack-notifier', POWERTOOLS_METRICS_NAMESPACE: 'Periscope/Alerts', PERISCOPE_TRACING: 'lean' } as const;

/** Loads the real Slack notifier with its function's environment, then gives the process back the orders one. */
const loadNotifier = (): Promise<AsyncHandler<unknown>> => withEnv(NOTIFIER_ENV, async () => ((await import('../../handlers/alerts/slack-notifier')) as { handler: AsyncHandler<unknown> }).handler);

/**
 * Runs fire drills: the sample's generated alarms (the same resources the plugin deploys) evaluated
 * on what the real orders handlers emit under each scenario's traffic and faults, state changes
 * delivered through SNS to the pager and the real Slack notifier posting to a local Slack.
 */
export async function runDrill(options: DrillOptions): Promise<DrillResult> {
  const stage = options.stage ?? DRILL_STAGE;
  const resources = ordersServiceResources(stage);
  const generated = generateAlarms(catalog, resources);
  // The deploys' resources too: CodeDeploy's groups and the gate alarms of the version the drill's deploys publish.
  const deployments = drillDeployments(catalog, resources, generated.resources as Parameters<typeof drillDeployments>[2], { region: 'us-east-1', accountId: '123456789012' });
  const stackName = resources.stackName ?? `periscope-${catalog.service}-${stage}`;
  const tableName = resources.tables[0]?.tableName;
  if (tableName === undefined) throw new Error(`the sample service at stage ${stage} has no table`);
  const names = naming(catalog.service, stage);
  const { collector, traces } = options.tracing;
  const slack = await startFakeSlack();
  process.env['SLACK_WEBHOOK_URL'] = slack.url;
  // The notifier reads the tier composites' states from here (its CloudWatch client is built at its first read).
  const cloudWatchApi = await startLocalCloudWatchApi();
  process.env['AWS_ENDPOINT_URL_CLOUDWATCH'] = cloudWatchApi.endpoint;
  const timeouts = new Map(resources.functions.map((fn) => [fn.name, fn.timeoutSeconds * 1000]));
  const timeoutMs = (functionKey: string): number => {
    const ms = timeouts.get(functionKey);
    if (ms === undefined) throw new Error(`the sample service deploys no function ${functionKey}`);
    return ms;
  };
  const reservedConcurrency = Object.fromEntries(resources.functions.flatMap((fn) => (fn.reservedConcurrency === undefined ? [] : [[fn.name, fn.reservedConcurrency]])));
  const host = await startOrdersHost({
    names: serviceNamesAt(stage),
    stage,
    tableName,
    xrayPort: collector.address.port,
    timeoutMs,
    reservedConcurrency,
    accountConcurrencyLimit: accountConcurrencyLimitOf(catalog),
  });
  try {
    const notifier = await loadNotifier();
    const functionNames = new Map(resources.functions.map((fn) => [fn.functionName, fn.name]));
    const runHook =
      deployments.smokeTestsEnv === undefined
        ? undefined
        : await drillPreTrafficHook({
            host,
            smokeTestsEnv: deployments.smokeTestsEnv,
            functionKeyOf: (name) => functionNames.get(name),
            hookFunctionName: `periscope-${catalog.service}-${stage}-deployHook`,
          });
    const env: DrillEnvironment = {
      host,
      resources: { ...(generated.resources as DrillEnvironment['resources']), ...deployments.resources },
      notifier,
      cloudWatchApi,
      slack,
      names: { of: (signal) => `${names.prefix}-${signal}` },
      deadLetterQueueName: deadLetterQueueName(names.prefix),
      notifierFunctionName: resources.notifier?.functionName ?? `${names.prefix}-slackNotifier`,
      deployments,
      functions: resources.functions.map((fn) => fn.name),
      stackName,
      ...(runHook === undefined ? {} : { runHook }),
    };
    const results: ScenarioResult[] = [];
    // Traces carry real time: each scenario's are those that started while it ran.
    const windows: { scenario: string; from: number; to: number }[] = [];
    for (const scenario of options.scenarios) {
      options.onEvent?.({ kind: 'start', scenario });
      const started = performance.now();
      const from = Date.now() / 1000;
      const outcome = await runScenario(scenario, env, { short: options.short, onProgress: (minute, of) => options.onEvent?.({ kind: 'progress', scenario, minute, of }) });
      const result = { scenario, outcome, failures: scenario.expect(outcome, env.names), seconds: (performance.now() - started) / 1000 };
      results.push(result);
      windows.push({ scenario: scenario.name, from, to: Date.now() / 1000 });
      options.onEvent?.({ kind: 'done', result });
    }
    const fired = new Set(results.flatMap((r) => r.outcome.transitions.filter((t) => t.to === 'ALARM').map((t) => t.alarmName)));
    const uncovered = [...generated.alarms.map((alarm) => alarm.name), ...deployments.alarmNames].filter((name) => !fired.has(name));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const bottlenecks = windows.map(({ scenario, from, to }) => ({ scenario, bottleneck: buildServiceMap(traces.filter((t) => t.startTime >= from && t.startTime < to)).bottleneck }));
    return { results, uncovered, serviceMap: renderServiceMap(buildServiceMap(traces)), bottlenecks };
  } finally {
    await host.close();
    await slack.close();
    await cloudWatchApi.close();
  }
}
