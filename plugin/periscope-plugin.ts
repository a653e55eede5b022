import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { type CfnResource, type GeneratedAlarms, type GeneratedDelivery, type GeneratedDeployments, generateAlarms, type ServiceResources, strategyOf } from '../alarms';
import { dashboardResources, generateDashboards, savedQueryResources } from '../dashboards';
import type { ServiceDefinition } from '../src/catalog';
import { announceChange, changeDetail, gitIn } from './announce-change';
import { setDeletionPolicies } from './deletion-policies';
import { addDelivery } from './delivery';
import { addDeployments } from './deployments';
import type { EsbuildOptions } from './esbuild-exclude';
import { mergeIntoTemplate, reportGeneration } from './generated-resources';
import { replaceEmptyJoins } from './join-to-sub';
import { type LayerCompiler, tolerateStackWithoutOutputs } from './layer-comparison';
import { loadCatalog, type ModuleLoader } from './load-catalog';
import { loadServiceModule } from './load-module';
import { type CompiledTemplate, readServiceResources, type ServerlessFunction } from './read-resources';
import { dropRedundantRoleDependsOn } from './role-depends-on';
import { applyServiceTracing, type ServiceTracingMode } from './service-tracing';
import { attachToolkitLayer, LAYER_PACKAGES, type LayeredFunction, type LayerReference } from './toolkit-layer';

/** `custom.periscope` in serverless.yml. */
export interface PeriscopeConfig {
  /** Path of the catalog module, relative to serverless.yml. */
  readonly catalog: string;
  /** Its export holding the catalog. @default 'catalog' */
  readonly export?: string;
  /** Function key of the Slack notifier, subscribed to the tier topics. */
  readonly notifier?: string;
  /**
   * Function key of the pre-traffic hook, which smoke-tests the new versions of the catalog's
   * functions with `deployment.smokeTest` before CodeDeploy moves any traffic to them.
   */
  readonly preTrafficHook?: string;
  /**
   * Function key of the delivery-metrics function, which records deployments and incidents and
   * writes the DORA delivery metrics and review drafts. With it, `serverless deploy` announces each
   * deploy's commit, commit time and version to it (EventBridge `PutEvents`) before the stack update.
   */
  readonly delivery?: string;
  /**
   * The Periscope layer's version ARN (or `{ Ref: … }`, `{ 'Fn::ImportValue': … }`). When set,
   * `package` and `deploy` attach it to every function and leave the toolkit out of the bundles.
   */
  readonly layer?: LayerReference;
  /**
   * Keep the toolkit in each function's bundle even though `layer` is set: no layer is attached.
   * `'true'` counts too, as `--param` passes it. @default false
   */
  readonly bundleToolkit?: boolean | 'true' | 'false';
  /**
   * The tracing mode of every function. `lean` sets `PERISCOPE_TRACING=lean` and leaves Powertools
   * Tracer and the X-Ray SDK out of the bundles (see `applyServiceTracing`). @default 'powertools'
   */
  readonly tracing?: ServiceTracingMode;
}

/** Commands that build what is deployed; the local ones (offline, invoke local) bundle everything: no layer is mounted there. */
const DEPLOYING_COMMANDS = new Set(['package', 'deploy']);

/** What of osls's `serverless` object the plugin uses. */
interface Serverless {
  readonly serviceDir?: string;
  readonly config: { readonly servicePath?: string; readonly serviceDir?: string };
  readonly service: {
    custom?: { readonly periscope?: PeriscopeConfig; esbuild?: EsbuildOptions };
    readonly provider: {
      readonly compiledCloudFormationTemplate: CompiledTemplate & { Outputs?: Record<string, unknown> };
      readonly timeout?: number;
      readonly layers?: LayerReference[];
      environment?: Record<string, unknown>;
    };
    readonly functions?: Record<string, ServerlessFunction & LayeredFunction>;
    /** serverless.yml's `resources`, its list form merged into one object by osls. */
    readonly resources?: { readonly Resources?: Record<string, unknown> };
    readonly layers?: Record<string, { readonly package?: { readonly artifact?: string } }>;
  };
  readonly processedInput?: { readonly commands?: readonly string[] };
  readonly pluginManager?: { readonly plugins?: readonly object[] };
  readonly classes: { readonly Error: new (message: string) => Error };
  readonly configSchemaHandler?: { defineCustomProperties(schema: object): void };
  getProvider(name: 'aws'): {
    getStage(): string;
    getAwsSdkV3Config?(): Promise<object>;
    naming: { getLambdaLogicalId(key: string): string; getLambdaLayerLogicalId(key: string): string; getStackName(): string };
  };
}

/** osls's plugin utilities. */
interface PluginUtils {
  readonly log: { notice(message: string): void; info(message: string): void; verbose?(message: string): void };
}

const CONFIG_SCHEMA = {
  properties: {
    periscope: {
      type: 'object',
      properties: {
        catalog: { type: 'string' },
        export: { type: 'string' },
        notifier: { type: 'string' },
        preTrafficHook: { type: 'string' },
        delivery: { type: 'string' },
        layer: { anyOf: [{ type: 'string' }, { type: 'object' }] },
        bundleToolkit: { anyOf: [{ type: 'boolean' }, { enum: ['true', 'false'] }] },
        tracing: { enum: ['powertools', 'lean'] },
      },
      required: ['catalog'],
      additionalProperties: false,
    },
  },
};

/**
 * The Periscope Serverless Framework plugin. At `serverless package` it loads the catalog named by
 * `custom.periscope.catalog`, generates the service's alarms, composites, topics, routing and
 * dashboards, adds them to the compiled template, and prints what it added and what the alarms cost a
 * month. A bad catalog fails the build with every problem named. With `custom.periscope.layer`, the
 * functions use the Periscope layer and their bundles leave the toolkit out; list the plugin before
 * serverless-esbuild so it can say so before esbuild reads its options.
 *
 * @example
 * ```yaml
 * plugins: [periscope/plugin, serverless-esbuild]
 * custom:
 *   periscope:
 *     catalog: ./observability.config.ts
 *     notifier: slackNotifier
 *     layer: { 'Fn::ImportValue': 'sls-periscope-layer-${sls:stage}-PeriscopeLambdaLayerQualifiedArn' }
 * ```
 */
export class PeriscopePlugin {
  public readonly hooks: Record<string, () => void | Promise<void>>;
  #catalog: ServiceDefinition | undefined;

  public constructor(
    private readonly serverless: Serverless,
    _options: unknown,
    private readonly utils: PluginUtils,
    private readonly load: ModuleLoader = loadServiceModule,
  ) {
    serverless.configSchemaHandler?.defineCustomProperties(CONFIG_SCHEMA);
    this.hooks = {
      initialize: () => {
        this.adaptLayerComparison();
        // Before serverless-esbuild's own `initialize`, which reads custom.esbuild once.
        this.useServiceTracing();
        this.useToolkitLayer();
      },
      // Before esbuild bundles anything: a bad catalog should fail in a second, not after the build.
      'before:package:initialize': () => {
        if (this.hasFunctions()) this.catalog();
      },
      'after:aws:package:finalize:mergeCustomProviderResources': () => {
        if (this.hasFunctions()) this.addResources();
        else this.utils.log.info?.('Periscope: this service deploys no function (a layer service): no alarms or dashboards to add');
        this.tidyTemplate();
      },
      // After packaging, before the stack update: the delivery function takes the next deployment's commit from it.
      'before:deploy:deploy': () => this.announceChange(),
    };
  }

  /** A service without functions (the layer's own service) has nothing to alarm and needs no catalog. */
  private hasFunctions(): boolean {
    return Object.keys(this.serverless.service.functions ?? {}).length > 0;
  }

  private config(): PeriscopeConfig {
    const config = this.serverless.service.custom?.periscope;
    if (config === undefined || typeof config.catalog !== 'string')
      throw new this.serverless.classes.Error('Periscope: set custom.periscope.catalog to your catalog module (e.g. ./observability.config.ts)');
    return config;
  }

  /** Applies `custom.periscope.tracing` to every function and to the bundles, for every command (local runs trace as deployed ones). */
  private useServiceTracing(): void {
    const mode = this.serverless.service.custom?.periscope?.tracing;
    if (mode === undefined) return;
    const service = this.serverless.service;
    service.provider.environment ??= {};
    try {
      const wiring = applyServiceTracing({ functions: service.functions ?? {}, providerEnvironment: service.provider.environment, esbuild: service.custom?.esbuild }, mode);
      if (mode === 'lean') this.utils.log.notice(`Periscope: every function traces lean${wiring.excluded.length > 0 ? `; their bundles leave out ${wiring.excluded.join(', ')}` : ''}`);
    } catch (error) {
      throw new this.serverless.classes.Error(`Periscope: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Attaches the toolkit layer and leaves the toolkit out of the bundles, when the config asks for it and the command deploys. */
  private useToolkitLayer(): void {
    const config = this.serverless.service.custom?.periscope;
    const commands = this.serverless.processedInput?.commands ?? [];
    if (config?.layer === undefined || !DEPLOYING_COMMANDS.has(commands[0] ?? '')) return;
    const log = this.utils.log;
    if (config.bundleToolkit === true || config.bundleToolkit === 'true') {
      log.notice('Periscope: bundleToolkit is set: each function bundles the toolkit, no layer is attached');
      return;
    }
    const esbuildPlugin = this.serverless.pluginManager?.plugins?.find((plugin) => plugin.constructor.name === 'EsbuildServerlessPlugin') as { buildOptions?: unknown } | undefined;
    if (esbuildPlugin?.buildOptions !== undefined) {
      throw new this.serverless.classes.Error(
        'Periscope: list the Periscope plugin before serverless-esbuild in `plugins`, so the toolkit can be left out of the bundles before esbuild reads its options',
      );
    }
    this.requireLayerArtifact(config.layer);
    const service = this.serverless.service;
    service.custom ??= {};
    service.custom.esbuild ??= {};
    try {
      const wiring = attachToolkitLayer({ functions: service.functions ?? {}, providerLayers: service.provider.layers, esbuild: service.custom.esbuild }, config.layer);
      log.notice(`Periscope: ${wiring.functions.length} functions use the Periscope layer; their bundles leave out ${LAYER_PACKAGES.join(', ')}`);
    } catch (error) {
      throw new this.serverless.classes.Error(`Periscope: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * `serverless package` and `deploy` of a service with a layer ask CloudFormation whether the same
   * layer zip was uploaded before, to reuse it (serverless/serverless#8187). On `package` the plugin
   * skips that lookup, so packaging stays offline: an AWS call, with credentials, from a command that
   * only builds artifacts. On `deploy` it lets the lookup cope with a stack without outputs
   * (`tolerateStackWithoutOutputs`), where osls would crash.
   */
  private adaptLayerComparison(): void {
    const command = this.serverless.processedInput?.commands?.[0];
    const layers = this.serverless.pluginManager?.plugins?.find((plugin) => plugin.constructor.name === 'AwsCompileLayers') as
      | (Partial<LayerCompiler> & { compareWithLastLayer?: unknown })
      | undefined;
    if (typeof layers?.compareWithLastLayer !== 'function' || Object.keys(this.serverless.service.layers ?? {}).length === 0) return;
    if (command === 'package') {
      layers.compareWithLastLayer = async () => undefined;
      this.utils.log.info?.('Periscope: packaging offline: not asking CloudFormation whether this layer zip was uploaded before (deploy does)');
    } else if (command === 'deploy' && typeof layers.getCloudFormationClient === 'function') {
      tolerateStackWithoutOutputs(layers as LayerCompiler);
    }
  }

  /** When the layer is one this service builds (`{ Ref: <Name>LambdaLayer }`), its zip must exist before packaging. */
  private requireLayerArtifact(layer: LayerReference): void {
    const ref = typeof layer === 'object' ? layer['Ref'] : undefined;
    if (typeof ref !== 'string') return;
    const naming = this.serverless.getProvider('aws').naming;
    const [key, declared] = Object.entries(this.serverless.service.layers ?? {}).find(([name]) => naming.getLambdaLayerLogicalId(name) === ref) ?? [];
    if (key === undefined) throw new this.serverless.classes.Error(`Periscope: custom.periscope.layer refers to ${ref}, but no layer in \`layers:\` compiles to that name`);
    const artifact = declared?.package?.artifact;
    if (artifact !== undefined && !existsSync(resolve(this.servicePath(), artifact))) {
      throw new this.serverless.classes.Error(`Periscope: the layer ${key} has no artifact at ${artifact}: build it first (npm run build:layer)`);
    }
  }

  private servicePath(): string {
    return this.serverless.serviceDir ?? this.serverless.config.serviceDir ?? this.serverless.config.servicePath ?? process.cwd();
  }

  private catalog(): ServiceDefinition {
    if (this.#catalog === undefined) {
      const config = this.config();
      try {
        this.#catalog = loadCatalog(this.servicePath(), config.catalog, config.export ?? 'catalog', 'custom.periscope.catalog', this.load);
      } catch (error) {
        throw new this.serverless.classes.Error(`Periscope: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return this.#catalog;
  }

  private generate(): { alarms: GeneratedAlarms; dashboards: Record<string, CfnResource>; resources: ServiceResources } {
    const provider = this.serverless.getProvider('aws');
    const config = this.config();
    try {
      const resources = readServiceResources({
        template: this.serverless.service.provider.compiledCloudFormationTemplate,
        stage: provider.getStage(),
        defaultTimeoutSeconds: this.serverless.service.provider.timeout ?? 6,
        functions: this.serverless.service.functions ?? {},
        functionLogicalId: (key) => provider.naming.getLambdaLogicalId(key),
        stackName: provider.naming.getStackName(),
        ...(config.notifier === undefined ? {} : { notifierKey: config.notifier }),
        ...(config.preTrafficHook === undefined ? {} : { preTrafficHookKey: config.preTrafficHook }),
        ...(config.delivery === undefined ? {} : { deliveryKey: config.delivery }),
      });
      const alarms = generateAlarms(this.catalog(), resources);
      const views = { ...dashboardResources(generateDashboards(this.catalog(), resources, { alarms: alarms.alarms })), ...savedQueryResources(this.catalog(), resources) };
      return { alarms, dashboards: views, resources };
    } catch (error) {
      throw new this.serverless.classes.Error(`Periscope: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private addResources(): void {
    const { alarms, dashboards, resources } = this.generate();
    const config = this.config();
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    let deployments: GeneratedDeployments;
    let delivery: GeneratedDelivery | undefined;
    try {
      mergeIntoTemplate(template, alarms, dashboards);
      const provider = this.serverless.getProvider('aws');
      deployments = addDeployments(this.catalog(), {
        template,
        resources,
        functionLogicalId: (key) => provider.naming.getLambdaLogicalId(key),
        ...(config.preTrafficHook === undefined ? {} : { preTrafficHookKey: config.preTrafficHook }),
        ...(resources.notifier === undefined ? {} : { notifier: resources.notifier }),
      });
      delivery = addDelivery(this.catalog(), template, resources);
    } catch (error) {
      throw new this.serverless.classes.Error(`Periscope: ${error instanceof Error ? error.message : String(error)}`);
    }
    const report = reportGeneration({
      alarms,
      dashboards,
      deployments,
      catalogued: [...this.catalog().functions.map((fn) => fn.name), ...[config.notifier, config.preTrafficHook, config.delivery].filter((key): key is string => key !== undefined)],
      functions: Object.keys(this.serverless.service.functions ?? {}),
      hasNotifier: config.notifier !== undefined,
    });
    for (const line of report.notice) this.utils.log.notice(line);
    if (delivery !== undefined) {
      this.utils.log.notice(`Periscope: delivery metrics from ${delivery.rules.length} EventBridge rules (${delivery.rules.join(', ')}) into table ${delivery.config.table}`);
    }
    for (const line of report.info) this.utils.log.info(line);
  }

  /**
   * Last, once everything has written the template, in every service (the layer's too): what osls
   * writes is tidied without changing what is deployed. Each function's own role leaves its
   * `DependsOn`, the empty-delimiter joins become `Fn::Sub`s, and the stateful resources get explicit
   * deletion policies (the user's are named, not changed).
   */
  private tidyTemplate(): void {
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    dropRedundantRoleDependsOn(template);
    const policies = setDeletionPolicies(template, Object.keys(this.serverless.service.resources?.Resources ?? {}));
    replaceEmptyJoins(template);
    if (policies.notice !== undefined) this.utils.log.notice(policies.notice);
  }

  /**
   * Tells the delivery function which commit this deploy carries (see `changeDetail`). Never fails
   * the deploy: without the announcement the deploy is still counted, without a lead time.
   */
  private async announceChange(): Promise<void> {
    const config = this.serverless.service.custom?.periscope;
    if (config?.delivery === undefined || !this.hasFunctions()) return;
    const provider = this.serverless.getProvider('aws');
    const stage = provider.getStage();
    const catalog = this.catalog();
    const detail = changeDetail({
      service: catalog.service,
      stage,
      strategy: [...new Set(catalog.functions.map((fn) => strategyOf(catalog, fn.name, stage)))].join('+'),
      env: process.env,
      git: gitIn(this.servicePath()),
    });
    const client = new EventBridgeClient((await provider.getAwsSdkV3Config?.()) ?? {});
    const failure = await announceChange(client, detail);
    if (failure === undefined)
      this.utils.log.notice(
        `Periscope: told the delivery metrics about this deploy: version ${detail.version ?? '(none)'}${detail.commit === undefined ? ', no commit known' : `, commit ${detail.commit.slice(0, 7)}`}${detail.fix ? ', a fix' : ''}`,
      );
    else this.utils.log.notice(`Periscope: could not announce this deploy to the delivery metrics (${failure}); it is still counted, without a lead time`);
  }
}
