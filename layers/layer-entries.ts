/**
 * What the layer's `periscope` package holds, bundled by esbuild into readable CommonJS files: the
 * toolkit (`src/index.ts` → `index.js`), the Slack notifier function (`slack-notifier.js`, what
 * `require('periscope/slack-notifier')` gives a function on the layer) and the pre-traffic hook
 * (`pre-traffic-hook.js`) and the delivery-metrics function (`delivery-metrics.js`). The AWS SDK and anything
 * left to `require` is checked by `checkLayerImports` against what the layer ships.
 */
import { type BuildResult, build, type Message, type Plugin } from 'esbuild';
import { LayerBuildError } from './errors';
import { LAYER_DEPENDENCIES, LAYER_PACKAGE_NAME, packageNameOf } from './layer-manifest';

/** One file of the layer's `periscope` package and the source it is bundled from. */
export interface LayerEntry {
  /** Entry point, relative to the project root. */
  readonly source: string;
  /** File name in `nodejs/node_modules/periscope/`. */
  readonly file: string;
  /** The package subpath that names it (`.` or `./slack-notifier`). */
  readonly subpath: string;
  /** What the banner says it is. */
  readonly describes: string;
  /** Whether it requires the toolkit (`periscope`, the package beside it) at run time. */
  readonly requiresToolkit: boolean;
}

/** The toolkit entry point, relative to the project root. */
export const TOOLKIT_ENTRY: LayerEntry = { source: 'src/index.ts', file: 'index.js', subpath: '.', describes: 'the Periscope runtime toolkit for AWS Lambda', requiresToolkit: false };

/** The Slack notifier function, which requires the toolkit as `periscope` like any function on the layer. */
export const NOTIFIER_ENTRY: LayerEntry = {
  source: 'handlers/alerts/slack-notifier.ts',
  file: 'slack-notifier.js',
  subpath: './slack-notifier',
  describes: 'the Periscope Slack notifier function',
  requiresToolkit: true,
};

/** The pre-traffic hook function (CodeDeploy's BeforeAllowTraffic smoke test), which requires the toolkit like the notifier. */
export const PRE_TRAFFIC_HOOK_ENTRY: LayerEntry = {
  source: 'handlers/deployments/pre-traffic-hook.ts',
  file: 'pre-traffic-hook.js',
  subpath: './pre-traffic-hook',
  describes: 'the Periscope pre-traffic hook function',
  requiresToolkit: true,
};

/** The delivery-metrics function (DORA metrics, incident records, review drafts), which requires the toolkit like the notifier. */
export const DELIVERY_METRICS_ENTRY: LayerEntry = {
  source: 'handlers/delivery/delivery-metrics.ts',
  file: 'delivery-metrics.js',
  subpath: './delivery-metrics',
  describes: 'the Periscope delivery-metrics function',
  requiresToolkit: true,
};

/** Every file the layer's `periscope` package holds, the toolkit first. */
export const LAYER_ENTRIES: readonly LayerEntry[] = [TOOLKIT_ENTRY, NOTIFIER_ENTRY, PRE_TRAFFIC_HOOK_ENTRY, DELIVERY_METRICS_ENTRY];

/** One bundled file. */
export interface LayerBundle {
  readonly entry: LayerEntry;
  /** The CommonJS code. */
  readonly code: Buffer;
  /** Every module specifier the code requires at run time (npm packages and Node built-ins), sorted. */
  readonly imports: readonly string[];
}

const describe = (message: Message): string => (message.location ? `${message.location.file}:${message.location.line}:${message.location.column}: ${message.text}` : message.text);

/**
 * Layer dependencies the toolkit leaves to the layer's node_modules instead of inlining:
 * - idempotency, which it only `require`s at the first keyed request, so a function that never uses
 *   it does not parse it at every cold start;
 * - batch, which only `withSqsObservability` `require`s (an SQS consumer's init), for the same reason;
 * - Powertools Tracer and the X-Ray SDK, which only the `powertools` tracing mode loads (lean mode
 *   must not even parse them), and which must be one instance per process: the SDK's context is
 *   where a function's own Tracer (resolved from the layer, its bundle leaves layer packages out)
 *   finds the handler subsegment to nest under. An inlined second copy would have its own context.
 */
const REQUIRED_FROM_NODE_MODULES: ReadonlySet<string> = new Set(['@aws-lambda-powertools/batch', '@aws-lambda-powertools/idempotency', '@aws-lambda-powertools/tracer', 'aws-xray-sdk-core']);

/**
 * The toolkit inlines the layer's dependencies (and what they import), so a cold start reads one file
 * instead of dozens: `require('periscope')` no longer walks Powertools' and middy's trees;
 * `@aws-sdk/*` (the runtime's) and packages the layer does not ship stay external.
 */
const inlineLayerDependencies: Plugin = {
  name: 'periscope-inline-layer-dependencies',
  setup(builder) {
    const inlined = new Set<string>(LAYER_DEPENDENCIES.filter((name) => !REQUIRED_FROM_NODE_MODULES.has(name)));
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point' || args.path.startsWith('node:')) return undefined;
      const name = packageNameOf(args.path);
      if (name.startsWith('@aws-sdk/')) return { path: args.path, external: true };
      const fromDependency = /[\\/]node_modules[\\/]/.test(args.importer);
      return fromDependency || inlined.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

/** Layer packages a function on the layer must inline all the same: middy ships ES modules only, which nodejs20.x cannot `require`. */
const INLINED_BY_FUNCTIONS: ReadonlySet<string> = new Set(['@middy/core']);

/**
 * A function on the layer requires the toolkit (`periscope`, the package beside it, never a second
 * copy), the runtime's AWS SDK and the Powertools packages the layer ships (the logger's middleware),
 * and inlines everything else it imports: middy, and Powertools parameters, which is the notifier's
 * alone. Each function bundle stays small: the layer holds one copy of Powertools, not one per function.
 */
const requireTheToolkit: Plugin = {
  name: 'periscope-require-the-toolkit',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point' || args.path.startsWith('node:')) return undefined;
      const name = packageNameOf(args.path);
      const fromTheLayer = (LAYER_DEPENDENCIES as readonly string[]).includes(name) && !INLINED_BY_FUNCTIONS.has(name) && !/[\\/]node_modules[\\/]/.test(args.importer);
      return name.startsWith('@aws-sdk/') || name === LAYER_PACKAGE_NAME || fromTheLayer ? { path: args.path, external: true } : undefined;
    });
  },
};

/**
 * Bundles one layer entry from `root`: CommonJS for node20, not minified (readable stack traces), no
 * source map, a banner naming the version. The toolkit inlines the layer's dependencies (the layer
 * still ships them as packages for handlers that import them directly); the notifier requires the toolkit.
 * esbuild works from `root` with a relative entry, so no absolute path of this machine ends up in the
 * code; CommonJS output still lets `.mjs` callers use named imports.
 *
 * @throws {LayerBuildError} with esbuild's messages, or when the code would embed `root`'s path.
 */
export async function bundleLayerEntry(root: string, version: string, entry: LayerEntry): Promise<LayerBundle> {
  let result: BuildResult<{ metafile: true; write: false }>;
  try {
    result = await build({
      absWorkingDir: root,
      entryPoints: [entry.source],
      outfile: entry.file,
      bundle: true,
      plugins: [entry.requiresToolkit ? requireTheToolkit : inlineLayerDependencies],
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: false,
      minify: false,
      write: false,
      metafile: true,
      logLevel: 'silent',
      banner: { js: `/* periscope ${version}: ${entry.describes}, bundled from ${entry.source} for the periscope layer. */` },
    });
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors ?? [];
    const detail = errors.length > 0 ? errors.map(describe).join('\n') : error instanceof Error ? error.message : String(error);
    throw new LayerBuildError(`esbuild could not bundle ${entry.source}:\n${detail}`, { cause: error });
  }
  const [output] = result.outputFiles;
  if (output === undefined) throw new LayerBuildError(`esbuild produced no output for ${entry.source}`);
  const code = Buffer.from(output.contents);
  if (code.includes(root)) throw new LayerBuildError(`The bundled ${entry.source} embeds the absolute path ${root}; the layer would differ from machine to machine`);
  const imports = Object.values(result.metafile.outputs).flatMap((meta) => meta.imports.filter((imported) => imported.external).map((imported) => imported.path));
  return { entry, code, imports: [...new Set(imports)].sort() };
}
