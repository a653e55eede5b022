/**
 * `size`: what the sample's functions and the Periscope layer weigh, as they would be deployed.
 */
import { join, resolve } from 'node:path';
import { buildLayer } from '../../layers/build-layer';
import { LAYER_PACKAGES } from '../../plugin/toolkit-layer';
import { type BundleInput, largestInputs } from './bundle-inputs';
import { formatBytes, formatKiB, formatPercent } from './figures';
import { bundleHandler, type HandlerBundle, SAMPLE_HANDLERS, type ToolkitPackaging } from './handler-bundles';
import { BenchError } from './support/errors';
import type { BenchRunner, BenchSection } from './types';

/** The order functions (the API's and the OrderPlaced queue's consumer), whose largest bundle is checked against the 250 KB budget. */
const ORDER_HANDLERS = ['createOrder', 'getOrder', 'listOrders', 'routeNotFound', 'fulfilOrder'];
/** How many input groups of the bundled createOrder the section reports. */
const TOP_INPUTS = 3;

/** A function's bundle both ways. */
export interface HandlerSizes {
  /** Toolkit and its dependencies bundled in. */
  readonly bundledBytes: number;
  /** Toolkit left to the layer (`periscope`, Powertools logger and metrics, middy external). */
  readonly layerBytes: number;
}

/**
 * The figures of the `size` section, in results.json.
 * A type, not an interface: `BenchSection.figures` is a Record, which interfaces are not assignable to.
 */
export type SizeFigures = {
  /** The largest order function bundle (API or fulfilOrder) with the toolkit bundled in: the figure the 250 KB budget is about. */
  readonly handlerBundleBytes: number;
  readonly handlers: Readonly<Record<string, HandlerSizes>>;
  /** The layer zip's files, summed. */
  readonly layerUnzippedBytes: number;
  readonly layerZippedBytes: number;
  /** The heaviest input groups (npm packages, project folders) of createOrder's bundled bundle. */
  readonly topInputs: readonly BundleInput[];
};

/** Builds every distinct handler file once per packaging. */
async function bundleAll(outDir: string, progress: (line: string) => void): Promise<Map<string, HandlerBundle>> {
  const bundles = new Map<string, HandlerBundle>();
  const entries = [...new Set(SAMPLE_HANDLERS.map((handler) => handler.entry))];
  for (const packaging of ['bundled', 'layer'] as const satisfies readonly ToolkitPackaging[]) {
    for (const entry of entries) {
      progress(`size: bundling ${entry} (${packaging === 'bundled' ? 'toolkit bundled' : 'toolkit on the layer'})`);
      bundles.set(`${packaging}:${entry}`, await bundleHandler(entry, packaging, outDir));
    }
  }
  return bundles;
}

function bundleOf(bundles: ReadonlyMap<string, HandlerBundle>, packaging: ToolkitPackaging, entry: string): HandlerBundle {
  const bundle = bundles.get(`${packaging}:${entry}`);
  if (bundle === undefined) throw new BenchError(`no ${packaging} bundle of ${entry} was built`);
  return bundle;
}

const cell = (bytes: number): string => `${formatKiB(bytes)} (${formatBytes(bytes)})`;

/**
 * Measures the sample's minified bundles as serverless-esbuild builds them, toolkit bundled and on
 * the layer, what dominates createOrder's bundle, and the layer's size (built by `buildLayer`).
 * Writes the bundles and the layer zip under `options.buildDir/size`.
 *
 * @example
 * ```ts
 * const section = await runSize({ progress: console.error, buildDir: 'tools/bench/.build' });
 * ```
 */
export const runSize: BenchRunner = async (options): Promise<BenchSection> => {
  const outDir = resolve(options.buildDir, 'size');
  const bundles = await bundleAll(outDir, options.progress);
  const handlers = Object.fromEntries(
    SAMPLE_HANDLERS.map(({ name, entry }) => [name, { bundledBytes: bundleOf(bundles, 'bundled', entry).bytes, layerBytes: bundleOf(bundles, 'layer', entry).bytes }]),
  ) as Record<string, HandlerSizes>;
  const createOrder = SAMPLE_HANDLERS.find((handler) => handler.name === 'createOrder')!;
  const topInputs = largestInputs(bundleOf(bundles, 'bundled', createOrder.entry).metafile, TOP_INPUTS);

  options.progress('size: building the Periscope layer');
  const layer = await buildLayer({ outDir: join(outDir, 'periscope-layer'), onProgress: (message) => options.progress(`size: layer: ${message}`) });

  const figures: SizeFigures = {
    handlerBundleBytes: Math.max(...ORDER_HANDLERS.map((name) => handlers[name]!.bundledBytes)),
    handlers,
    layerUnzippedBytes: layer.unzippedBytes,
    layerZippedBytes: layer.zipBytes,
    topInputs,
  };
  return {
    key: 'size',
    title: 'Bundle and layer size (minified, as serverless-esbuild builds them)',
    table: [
      ['function', 'toolkit bundled', 'toolkit on the layer'],
      ...Object.entries(handlers).map(([name, sizes]) => [name, cell(sizes.bundledBytes), cell(sizes.layerBytes)]),
      ['Periscope layer zip', `unzipped ${cell(layer.unzippedBytes)}`, `zipped ${cell(layer.zipBytes)}`],
      ...topInputs.map((input, i) => [`createOrder (bundled) #${i + 1}: ${input.input}`, cell(input.bytes), formatPercent(input.share)]),
    ],
    figures,
    notes: [
      'serverless.yml custom.esbuild: bundle, minify, no source map, target node22, platform node, CommonJS, @aws-sdk/* external (the runtime ships it).',
      'The four API functions share handlers/orders/handler.ts and serverless-esbuild builds one bundle per handler file, so they deploy the same bundle; fulfilOrder (handlers/orders/fulfil-order.ts) has its own, with Powertools batch processing in it.',
      `"On the layer" leaves out what the plugin excludes: ${LAYER_PACKAGES.join(', ')}; the Slack notifier (handlers/orders/alerts.ts, as serverless.yml deploys it) requires periscope/slack-notifier, which the layer ships with its Powertools parameters inlined.`,
      'handlerBundleBytes is the largest order function bundle with the toolkit bundled (budget 250 KB); the layer size is the zip buildLayer writes.',
      'Top inputs: esbuild metafile bytes in the output, grouped by npm package or project folder, for createOrder with the toolkit bundled.',
    ],
  };
};
