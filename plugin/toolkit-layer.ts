import { LAYER_DEPENDENCIES, LAYER_PACKAGE_NAME } from '../layers/layer-manifest';
import { type EsbuildOptions, excludeFromBundles } from './esbuild-exclude';

/**
 * What the Periscope layer provides at `/opt/nodejs/node_modules` for a function to `require`: the
 * toolkit and its runtime dependencies. A function using the layer leaves these out of its bundle.
 */
export const LAYER_PACKAGES: readonly string[] = [LAYER_PACKAGE_NAME, ...LAYER_DEPENDENCIES];

/** Lambda's limit of layers per function. */
const MAX_LAYERS = 5;

/** A layer reference as serverless.yml accepts it: an ARN, or an intrinsic (`{ Ref: … }`, `{ 'Fn::ImportValue': … }`). */
export type LayerReference = string | Readonly<Record<string, unknown>>;

/** What of a serverless.yml function the layer wiring reads and changes. */
export interface LayeredFunction {
  readonly handler?: string;
  layers?: LayerReference[];
}

/** What of the service the layer wiring reads and changes. */
export interface LayeredService {
  readonly functions: Readonly<Record<string, LayeredFunction>>;
  readonly providerLayers?: readonly LayerReference[];
  /** `custom.esbuild`, changed in place; undefined when the service has none. */
  readonly esbuild?: EsbuildOptions;
}

/** Thrown when the layer cannot be wired as asked; the message names the function or setting. */
export class ToolkitLayerError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ToolkitLayerError';
  }
}

/** What {@link attachToolkitLayer} changed. */
export interface LayerWiring {
  /** Function keys that now list the layer. */
  readonly functions: readonly string[];
  /** Packages added to `custom.esbuild.exclude`. */
  readonly excluded: readonly string[];
}

const sameLayer = (a: LayerReference, b: LayerReference): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Makes every function with a handler use the toolkit `layer` and tells serverless-esbuild to leave
 * the layer's packages ({@link LAYER_PACKAGES}) out of the bundles, so `require('periscope')`
 * resolves to `/opt/nodejs/node_modules/periscope` at run time. A function's own `layers` come
 * first; the provider's `layers` are kept for functions that set none (a function's list replaces
 * the provider's in serverless). Calling it twice changes nothing more.
 *
 * @throws {ToolkitLayerError} when a function would have more than Lambda's 5 layers, or when the
 * esbuild options come from a `custom.esbuild.config` file the plugin cannot change.
 * @example
 * ```ts
 * attachToolkitLayer({ functions, esbuild: custom.esbuild }, { Ref: 'PeriscopeLambdaLayer' });
 * ```
 */
export function attachToolkitLayer(service: LayeredService, layer: LayerReference): LayerWiring {
  if (service.esbuild?.config !== undefined) {
    throw new ToolkitLayerError(
      `custom.esbuild.config (${service.esbuild.config}) builds the esbuild options in code: add ${LAYER_PACKAGES.join(', ')} to its \`exclude\` and set custom.periscope.bundleToolkit: true to stop the plugin from trying`,
    );
  }
  const functions: string[] = [];
  for (const [key, fn] of Object.entries(service.functions)) {
    if (fn.handler === undefined) continue;
    const layers = [...(fn.layers ?? service.providerLayers ?? [])];
    if (!layers.some((existing) => sameLayer(existing, layer))) layers.push(layer);
    if (layers.length > MAX_LAYERS) throw new ToolkitLayerError(`function ${key} would have ${layers.length} layers with Periscope's; Lambda allows ${MAX_LAYERS}`);
    fn.layers = layers;
    functions.push(key);
  }
  const excluded = service.esbuild === undefined ? [] : excludeFromBundles(service.esbuild, LAYER_PACKAGES);
  return { functions, excluded };
}
