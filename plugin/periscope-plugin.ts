import { type CfnResource, estimateMonthlyCost, generateAlarms, type GeneratedAlarms } from '../alarms';
import { dashboardResources, generateDashboards } from '../dashboards';
import type { ServiceDefinition } from '../src/catalog';
import { loadCatalog } from './load-catalog';
import { type CompiledTemplate, readServiceResources, type ServerlessFunction } from './read-resources';

/** `custom.periscope` in serverless.yml. */
export interface PeriscopeConfig {
  /** Path of the catalog module, relative to serverless.yml. */
  readonly catalog: string;
  /** Its export holding the catalog. @default 'catalog' */
  readonly export?: string;
  /** Function key of the Slack notifier, subscribed to the tier topics. */
  readonly notifier?: string;
}

/** What of osls's `serverless` object the plugin uses. */
interface Serverless {
  readonly serviceDir?: string;
  readonly config: { readonly servicePath?: string; readonly serviceDir?: string };
  readonly service: {
    readonly custom?: { readonly periscope?: PeriscopeConfig };
    readonly provider: { readonly compiledCloudFormationTemplate: CompiledTemplate & { Outputs?: Record<string, unknown> }; readonly timeout?: number };
    readonly functions?: Record<string, ServerlessFunction>;
  };
  readonly classes: { readonly Error: new (message: string) => Error };
  readonly configSchemaHandler?: { defineCustomProperties(schema: object): void };
  getProvider(name: 'aws'): { getStage(): string; naming: { getLambdaLogicalId(key: string): string } };
}

/** osls's plugin utilities. */
interface PluginUtils {
  readonly log: { notice(message: string): void; info(message: string): void; verbose?(message: string): void };
}

const CONFIG_SCHEMA = {
  properties: {
    periscope: {
      type: 'object',
      properties: { catalog: { type: 'string' }, export: { type: 'string' }, notifier: { type: 'string' } },
      required: ['catalog'],
      additionalProperties: false,
    },
  },
};

/**
 * The Periscope Serverless Framework plugin. At `serverless package` it loads the catalog named by
 * `custom.periscope.catalog`, generates the service's alarms, composites, topics and routing, adds them
 * to the compiled template, and prints what it added and what the alarms cost a month. A bad catalog
 * fails the build with every problem named.
 *
 * @example
 * ```yaml
 * plugins: [serverless-esbuild, ./plugin]
 * custom:
 *   periscope:
 *     catalog: ./observability.config.ts
 *     notifier: slackNotifier
 * ```
 */
export class PeriscopePlugin {
  public readonly hooks: Record<string, () => void | Promise<void>>;
  #catalog: ServiceDefinition | undefined;

  public constructor(
    private readonly serverless: Serverless,
    _options: unknown,
    private readonly utils: PluginUtils,
    private readonly load: (path: string) => Record<string, unknown>,
  ) {
    serverless.configSchemaHandler?.defineCustomProperties(CONFIG_SCHEMA);
    this.hooks = {
      // Before esbuild bundles anything: a bad catalog should fail in a second, not after the build.
      'before:package:initialize': () => void this.catalog(),
      'after:aws:package:finalize:mergeCustomProviderResources': () => this.addResources(),
    };
  }

  private config(): PeriscopeConfig {
    const config = this.serverless.service.custom?.periscope;
    if (config === undefined || typeof config.catalog !== 'string') throw new this.serverless.classes.Error('Periscope: set custom.periscope.catalog to your catalog module (e.g. ./observability.config.ts)');
    return config;
  }

  private catalog(): ServiceDefinition {
    if (this.#catalog === undefined) {
      const config = this.config();
      const servicePath = this.serverless.serviceDir ?? this.serverless.config.serviceDir ?? this.serverless.config.servicePath ?? process.cwd();
      try {
        this.#catalog = loadCatalog(servicePath, config.catalog, config.export ?? 'catalog', this.load);
      } catch (error) {
        throw new this.serverless.classes.Error(`Periscope: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return this.#catalog;
  }

  private generate(): { alarms: GeneratedAlarms; dashboards: Record<string, CfnResource> } {
    const provider = this.serverless.getProvider('aws');
    const config = this.config();
    try {
      const resources = readServiceResources({
        template: this.serverless.service.provider.compiledCloudFormationTemplate,
        stage: provider.getStage(),
        defaultTimeoutSeconds: this.serverless.service.provider.timeout ?? 6,
        functions: this.serverless.service.functions ?? {},
        functionLogicalId: (key) => provider.naming.getLambdaLogicalId(key),
        ...(config.notifier === undefined ? {} : { notifierKey: config.notifier }),
      });
      const alarms = generateAlarms(this.catalog(), resources);
      return { alarms, dashboards: dashboardResources(generateDashboards(this.catalog(), resources, { alarms: alarms.alarms })) };
    } catch (error) {
      throw new this.serverless.classes.Error(`Periscope: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private addResources(): void {
    const { alarms: generated, dashboards } = this.generate();
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const added = { ...generated.resources, ...dashboards };
    const clash = Object.keys(added).filter((id) => id in template.Resources);
    if (clash.length > 0) throw new this.serverless.classes.Error(`Periscope: the template already has resources named ${clash.join(', ')}`);
    Object.assign(template.Resources, added);
    template.Outputs = { ...template.Outputs, ...generated.outputs };
    this.report(generated);
    this.utils.log.notice(`Periscope: added dashboards ${Object.values(dashboards).map((d) => d.Properties.DashboardName).join(', ')}`);
  }

  private report(generated: GeneratedAlarms): void {
    const { alarms } = generated;
    const count = (predicate: (a: (typeof alarms)[number]) => boolean) => alarms.filter(predicate).length;
    const cost = estimateMonthlyCost(alarms);
    const log = this.utils.log;
    log.notice(
      `Periscope: added ${alarms.length} alarms (${count((a) => a.tier === 'critical')} critical, ${count((a) => a.tier === 'warning')} warning, ${count((a) => a.tier === 'info')} info; ` +
        `${cost.compositeAlarms.count} composite) and ${Object.keys(generated.resources).length - alarms.length} routing resources (KMS key, SNS topics and subscriptions${this.config().notifier === undefined ? '' : ', Slack notifier wiring'})`,
    );
    for (const alarm of alarms.filter((a) => a.hasActions)) log.notice(`  notifies: ${alarm.name}`);
    const cataloged = new Set([...this.catalog().functions.map((fn) => fn.name), this.config().notifier]);
    const unwatched = Object.keys(this.serverless.service.functions ?? {}).filter((key) => !cataloged.has(key));
    if (unwatched.length > 0) log.notice(`Periscope: not in the catalog, so not alarmed: ${unwatched.join(', ')}`);
    for (const alarm of alarms.filter((a) => !a.hasActions)) log.info(`  ${alarm.tier.padEnd(8)} ${alarm.name}`);
    log.notice(
      `Periscope: alarms cost about $${cost.totalUsd.toFixed(2)}/month at us-east-1 list prices: ` +
        `${cost.metricAlarms.count} metric alarms reading ${cost.metricAlarms.billedMetrics} metrics $${cost.metricAlarms.usd.toFixed(2)}, ` +
        `${cost.compositeAlarms.count} composites $${cost.compositeAlarms.usd.toFixed(2)}, KMS key $${cost.kmsKeys.usd.toFixed(2)}`,
    );
  }
}
