/**
 * The toolkit as the layer ships it: `src/index.ts` and the sources it imports bundled by esbuild
 * into one readable CommonJS file, every npm package left to `require`.
 */
import { build, type Message } from 'esbuild';
import { LayerBuildError } from './errors';

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
 * Bundles the toolkit from `root`: CommonJS for node20, not minified (readable stack traces), no
 * source map, a banner naming the version. esbuild works from `root` with a relative entry, so no
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
      packages: 'external',
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
