/**
 * The toolkit as the layer ships it: `src/index.ts`, the sources it imports and the layer's own
 * dependencies bundled by esbuild into one readable CommonJS file; the AWS SDK and any other package
 * left to `require` (and then refused by `checkToolkitImports` unless the runtime provides it).
 */
import { build, type Message, type Plugin } from 'esbuild';
import { LayerBuildError } from './errors';
import { LAYER_DEPENDENCIES } from './layer-manifest';

/** The toolkit entry point, relative to the project root. */
export const TOOLKIT_ENTRY = 'src/index.ts';

/** The bundled toolkit. */
export interface ToolkitBundle {
  /** The CommonJS code of `nodejs/node_modules/periscope/index.js`. */
  readonly code: Buffer;
  /** Every module specifier the code requires at run time (npm packages and Node built-ins), sorted. */
  readonly imports: readonly string[];
}

const describe = (message: Message): string =>
  message.location ? `${message.location.file}:${message.location.line}:${message.location.column}: ${message.text}` : message.text;

/**
 * Layer dependencies the toolkit only `require`s when a feature is first used (idempotency, at the
 * first keyed request): left to the layer's node_modules, so a function that never uses them does not
 * parse them at every cold start.
 */
const LOADED_ON_DEMAND: ReadonlySet<string> = new Set(['@aws-lambda-powertools/idempotency']);

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
const packageNameOf = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * Inlines the layer's dependencies (and what they import) into the toolkit, so a cold start reads one
 * file instead of dozens: `require('periscope')` no longer walks Powertools' and middy's trees.
 * `@aws-sdk/*` (the runtime's) and packages the layer does not ship stay external.
 */
const inlineLayerDependencies: Plugin = {
  name: 'periscope-inline-layer-dependencies',
  setup(builder) {
    const inlined = new Set<string>(LAYER_DEPENDENCIES.filter((name) => !LOADED_ON_DEMAND.has(name)));
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point' || args.path.startsWith('node:')) return undefined;
      const name = packageNameOf(args.path);
      if (name.startsWith('@aws-sdk/')) return { path: args.path, external: true };
      const fromDependency = /[\\/]node_modules[\\/]/.test(args.importer);
      return fromDependency || inlined.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

/**
 * Bundles the toolkit from `root`: CommonJS for node20, not minified (readable stack traces), no
 * source map, a banner naming the version, the layer's dependencies inlined (see
 * {@link inlineLayerDependencies}); the layer still ships them as packages for handlers that import
 * them directly. esbuild works from `root` with a relative entry, so no
 * absolute path of this machine ends up in the code; CommonJS output still lets `.mjs` callers use
 * named imports (`import { withObservability } from 'periscope'`).
 *
 * @throws {LayerBuildError} with esbuild's messages, or when the code would embed `root`'s path.
 */
export async function bundleToolkit(root: string, version: string): Promise<ToolkitBundle> {
  let result;
  try {
    result = await build({
      absWorkingDir: root,
      entryPoints: [TOOLKIT_ENTRY],
      outfile: 'index.js',
      bundle: true,
      plugins: [inlineLayerDependencies],
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: false,
      minify: false,
      write: false,
      metafile: true,
      logLevel: 'silent',
      banner: { js: `/* periscope ${version}: the Periscope runtime toolkit for AWS Lambda, bundled from ${TOOLKIT_ENTRY} for the periscope layer. */` },
    });
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors ?? [];
    const detail = errors.length > 0 ? errors.map(describe).join('\n') : error instanceof Error ? error.message : String(error);
    throw new LayerBuildError(`esbuild could not bundle ${TOOLKIT_ENTRY}:\n${detail}`, { cause: error });
  }
  const [output] = result.outputFiles;
  if (output === undefined) throw new LayerBuildError(`esbuild produced no output for ${TOOLKIT_ENTRY}`);
  const code = Buffer.from(output.contents);
  if (code.includes(root)) throw new LayerBuildError(`The bundled toolkit embeds the absolute path ${root}; the layer would differ from machine to machine`);
  const imports = Object.values(result.metafile.outputs).flatMap((meta) => meta.imports.filter((entry) => entry.external).map((entry) => entry.path));
  return { code, imports: [...new Set(imports)].sort() };
}
