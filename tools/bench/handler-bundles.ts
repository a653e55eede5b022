/**
 * The sample's function bundles as `serverless package` builds them: serverless-esbuild with
 * serverless.yml's settings, one bundle per handler file, the toolkit either bundled or left to the
 * Periscope layer.
 */
import { resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { LAYER_PACKAGES } from '../../plugin/toolkit-layer';
import { bundle } from './support/bundle';

/** A function of serverless.yml and the file its handler is exported from. */
export interface HandlerEntry {
  /** Its key under `functions:`. */
  readonly name: string;
  /** Its handler file, relative to the project root. */
  readonly entry: string;
}

/**
 * serverless.yml's functions, by handler file. The four API functions export from one file, and
 * serverless-esbuild builds one bundle per file, so they deploy the same bundle; the OrderPlaced
 * queue's consumer, fulfilOrder, has a file of its own.
 */
export const SAMPLE_HANDLERS: readonly HandlerEntry[] = [
  { name: 'createOrder', entry: 'handlers/orders/handler.ts' },
  { name: 'getOrder', entry: 'handlers/orders/handler.ts' },
  { name: 'listOrders', entry: 'handlers/orders/handler.ts' },
  { name: 'routeNotFound', entry: 'handlers/orders/handler.ts' },
  { name: 'fulfilOrder', entry: 'handlers/orders/fulfil-order.ts' },
  { name: 'slackNotifier', entry: 'handlers/orders/alerts.ts' },
];

/**
 * How a function gets the toolkit: `bundled` (esbuild inlines `periscope` from src/index.ts and its
 * npm dependencies) or `layer` (the plugin's setting: `periscope` and the layer's packages stay
 * `require`s, resolved from `/opt/nodejs/node_modules`).
 */
export type ToolkitPackaging = 'bundled' | 'layer';

/** One built bundle. */
export interface HandlerBundle {
  readonly entry: string;
  readonly packaging: ToolkitPackaging;
  /** Absolute path of the written bundle. */
  readonly outfile: string;
  /** Size of the minified bundle. */
  readonly bytes: number;
  /** esbuild's account of which inputs went into it. */
  readonly metafile: Metafile;
}

/**
 * Bundles `entry` as serverless.yml's `custom.esbuild` does (see {@link bundle}), into
 * `<outDir>/<packaging>/`: with `layer`, `periscope` and the layer's packages stay `require`s.
 *
 * @throws {BenchError} naming the entry, with esbuild's messages
 * @example
 * ```ts
 * const { bytes } = await bundleHandler('handlers/orders/handler.ts', 'bundled', 'tools/bench/.build/size');
 * ```
 */
export async function bundleHandler(entry: string, packaging: ToolkitPackaging, outDir: string): Promise<HandlerBundle> {
  const built = await bundle({
    entry,
    outfile: resolve(outDir, packaging, entry.replace(/\.ts$/, '.js')),
    bundleToolkit: packaging === 'bundled',
    external: packaging === 'layer' ? LAYER_PACKAGES : [],
  });
  return { entry, packaging, ...built };
}
