/**
 * The sample's function bundles as `serverless package` builds them: serverless-esbuild with
 * serverless.yml's settings, one bundle per handler file, the toolkit either bundled or left to the
 * Periscope layer.
 */
import { join, resolve } from 'node:path';
import { build, type Message, type Metafile } from 'esbuild';
import { LAYER_PACKAGES } from '../plugin/toolkit-layer';

/** The project root: where serverless.yml, src/ and handlers/ are. */
export const PROJECT_ROOT = resolve(__dirname, '..');

/** A function of serverless.yml and the file its handler is exported from. */
export interface HandlerEntry {
  /** Its key under `functions:`. */
  readonly name: string;
  /** Its handler file, relative to the project root. */
  readonly entry: string;
}

/**
 * serverless.yml's functions, by handler file. The four order functions export from one file, and
 * serverless-esbuild builds one bundle per file, so they deploy the same bundle.
 */
export const SAMPLE_HANDLERS: readonly HandlerEntry[] = [
  { name: 'createOrder', entry: 'handlers/orders/handler.ts' },
  { name: 'getOrder', entry: 'handlers/orders/handler.ts' },
  { name: 'listOrders', entry: 'handlers/orders/handler.ts' },
  { name: 'routeNotFound', entry: 'handlers/orders/handler.ts' },
  { name: 'slackNotifier', entry: 'handlers/alerts/slack-notifier.ts' },
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

/** Thrown when a handler cannot be bundled; the message names the entry and esbuild's complaints. */
export class HandlerBundleError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HandlerBundleError';
  }
}

const describe = (message: Message): string =>
  message.location ? `${message.location.file}:${message.location.line}:${message.location.column}: ${message.text}` : message.text;

/**
 * Bundles `entry` as serverless.yml's `custom.esbuild` does (bundle, minify, no source map, node22,
 * node platform, CommonJS, `@aws-sdk/*` left to the runtime), into `<outDir>/<packaging>/`.
 *
 * @throws {HandlerBundleError} naming the entry, with esbuild's messages
 * @example
 * ```ts
 * const { bytes } = await bundleHandler('handlers/orders/handler.ts', 'bundled', 'bench/.build/size');
 * ```
 */
export async function bundleHandler(entry: string, packaging: ToolkitPackaging, outDir: string): Promise<HandlerBundle> {
  const outfile = resolve(outDir, packaging, entry.replace(/\.ts$/, '.js'));
  let metafile: Metafile;
  try {
    const result = await build({
      absWorkingDir: PROJECT_ROOT,
      entryPoints: [entry],
      outfile,
      bundle: true,
      minify: true,
      sourcemap: false,
      target: 'node22',
      platform: 'node',
      format: 'cjs',
      external: ['@aws-sdk/*', ...(packaging === 'layer' ? LAYER_PACKAGES : [])],
      ...(packaging === 'bundled' ? { alias: { periscope: join(PROJECT_ROOT, 'src', 'index.ts') } } : {}),
      metafile: true,
      write: true,
      logLevel: 'silent',
    });
    metafile = result.metafile;
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors ?? [];
    const detail = errors.length > 0 ? errors.map(describe).join('\n') : error instanceof Error ? error.message : String(error);
    throw new HandlerBundleError(`esbuild could not bundle ${entry} (${packaging}):\n${detail}`, { cause: error });
  }
  const outputs = Object.values(metafile.outputs);
  if (outputs.length !== 1) throw new HandlerBundleError(`esbuild wrote ${outputs.length} files for ${entry} (${packaging}); expected one bundle`);
  return { entry, packaging, outfile, bytes: outputs[0]!.bytes, metafile };
}
