import { join, resolve } from 'node:path';
import { POWERTOOLS_TRACING_PACKAGES } from '../../../plugin/service-tracing';
import { LAYER_PACKAGES } from '../../../plugin/toolkit-layer';
import { bundle } from './bundle';
import { buildUnpackedLayer } from './layer';
import { tracingEnv, type VariantTracing } from './tracing-modes';

/** The cold start variants, in the order samples are interleaved. */
export const COLD_START_VARIANTS = ['bare', 'powertools', 'periscope-bundled', 'periscope-layer', 'periscope-lean-bundled', 'periscope-lean-layer'] as const;

/** One of {@link COLD_START_VARIANTS}. */
export type ColdStartVariant = (typeof COLD_START_VARIANTS)[number];

/** How each variant traces: Periscope's four rows are the sample's handler in its two modes. */
export const COLD_START_TRACING: Readonly<Record<ColdStartVariant, VariantTracing>> = {
  bare: 'none',
  powertools: 'stock-powertools',
  'periscope-bundled': 'periscope-default',
  'periscope-layer': 'periscope-default',
  'periscope-lean-bundled': 'periscope-lean',
  'periscope-lean-layer': 'periscope-lean',
};

/** A variant ready to run: its bundle and where `require` looks beyond node_modules. */
export interface BuiltVariant {
  readonly name: ColdStartVariant;
  /** Absolute path of the handler bundle; it exports `createOrder`. */
  readonly handlerFile: string;
  /** Extra `NODE_PATH` entries (the unpacked layer). */
  readonly nodePath: readonly string[];
  readonly tracing: VariantTracing;
  /** Variables its sandbox adds to the common ones (`PERISCOPE_TRACING=lean`). */
  readonly env: Readonly<Record<string, string>>;
  /** Whether it sends X-Ray segments (all but bare). */
  readonly traced: boolean;
}

/** Everything the cold start run needs, built. */
export interface ColdStartBuild {
  readonly variants: readonly BuiltVariant[];
  /** The child script that loads a handler and serves one invocation. */
  readonly childScript: string;
}

/**
 * Bundles the variants with serverless.yml's esbuild settings into `<buildDir>/cold-start`, the
 * layer variants with the layer's packages left to `require` as the Periscope plugin does, and
 * builds and unpacks the layer they run on. Periscope's lean variants run the sample's handler with
 * `PERISCOPE_TRACING=lean` in their environment: on the layer, the very bundle of the default; bundled,
 * as the plugin builds a service with `custom.periscope.tracing: lean` (Powertools Tracer and the
 * X-Ray SDK left out, which lean never loads).
 * `options.minify: false` keeps function names for a CPU profile (`--profile`); the figures are
 * then not the published ones.
 */
export async function buildColdStartVariants(buildDir: string, progress: (line: string) => void, options: { readonly minify?: boolean } = {}): Promise<ColdStartBuild> {
  const minify = options.minify ?? true;
  const out = resolve(buildDir, 'cold-start');
  progress('cold start: bundling bare, powertools, periscope (bundled and for the layer) with esbuild');
  const [bare, powertools, bundled, leanBundled, layered, childScript] = await Promise.all([
    bundle({ entry: 'tools/bench/variants/bare.ts', outfile: join(out, 'bare', 'handler.js'), minify }),
    bundle({ entry: 'tools/bench/variants/powertools.ts', outfile: join(out, 'powertools', 'handler.js'), minify }),
    bundle({ entry: 'handlers/orders/handler.ts', outfile: join(out, 'periscope-bundled', 'handler.js'), minify }),
    // As the plugin builds a service with `custom.periscope.tracing: lean`: Powertools Tracer and the X-Ray SDK left out.
    bundle({ entry: 'handlers/orders/handler.ts', outfile: join(out, 'periscope-lean-bundled', 'handler.js'), external: POWERTOOLS_TRACING_PACKAGES, minify }),
    bundle({ entry: 'handlers/orders/handler.ts', outfile: join(out, 'periscope-layer', 'handler.js'), bundleToolkit: false, external: LAYER_PACKAGES, minify }),
    bundle({ entry: 'tools/bench/support/cold-start-child.ts', outfile: join(out, 'cold-start-child.js'), minify: false }),
  ]);
  const layerNodeModules = await buildUnpackedLayer(buildDir, progress);
  const variant = (name: ColdStartVariant, handlerFile: string, nodePath: readonly string[] = []): BuiltVariant => {
    const tracing = COLD_START_TRACING[name];
    return { name, handlerFile, nodePath, tracing, env: tracingEnv(tracing), traced: tracing !== 'none' };
  };
  return {
    childScript: childScript.outfile,
    variants: [
      variant('bare', bare.outfile),
      variant('powertools', powertools.outfile),
      variant('periscope-bundled', bundled.outfile),
      variant('periscope-layer', layered.outfile, [layerNodeModules]),
      variant('periscope-lean-bundled', leanBundled.outfile),
      variant('periscope-lean-layer', layered.outfile, [layerNodeModules]),
    ],
  };
}
