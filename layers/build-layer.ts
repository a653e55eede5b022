/**
 * `npm run build:layer [-- --out <dir>]`: packs the Periscope runtime toolkit and its runtime
 * dependencies into a Lambda layer zip, `layers/dist/periscope-layer-<version>.zip`. The same
 * sources give the same bytes, so the printed sha256 identifies a layer's content.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LayerBuildError } from './errors';
import { LAYER_NODE_MODULES, layerContents } from './layer-contents';
import { bundleLayerEntry, LAYER_ENTRIES } from './layer-entries';
import { checkLayerImports, LAYER_DEPENDENCIES, layerPackageJson, type ProjectPackage } from './layer-manifest';
import { runtimeDependencies } from './runtime-dependencies';
import { writeZip } from './zip';

/** The most the layer may weigh unzipped, as the sum of its file sizes: 2 MiB. */
export const MAX_UNZIPPED_BYTES = 2 * 1024 * 1024;

/** Options for {@link buildLayer}. */
export interface BuildLayerOptions {
  /**
   * The project root: where package.json, src/ and node_modules/ are.
   * @default the folder above layers/
   */
  readonly root?: string;
  /**
   * Where the zip is written (created if missing); relative to the current directory.
   * @default `<root>/layers/dist`
   */
  readonly outDir?: string;
  /** Told what the build is doing, step by step (e.g. to print it). */
  readonly onProgress?: (message: string) => void;
}

/** The layer built. */
export interface LayerBuild {
  /** Absolute path of the zip. */
  readonly zipPath: string;
  /** The toolkit version, from package.json. */
  readonly version: string;
  /** Size of the zip. */
  readonly zipBytes: number;
  /** Sum of the sizes of the files in the zip. */
  readonly unzippedBytes: number;
  /** Number of files in the zip. */
  readonly fileCount: number;
  /** Hex sha256 of the zip. */
  readonly sha256: string;
}

const DEFAULT_ROOT = resolve(__dirname, '..');

function readProjectPackage(root: string): ProjectPackage {
  const file = join(root, 'package.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ProjectPackage;
  } catch (error) {
    throw new LayerBuildError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

/**
 * Builds the Periscope Lambda layer: `nodejs/node_modules/periscope` (the toolkit bundled by esbuild,
 * with its package.json) beside the runtime files of its dependency closure, `@aws-sdk/*` left to
 * the Lambda runtime. Deterministic: same sources and node_modules, same zip bytes.
 *
 * @throws {LayerBuildError} when package.json lacks what the layer needs, esbuild fails, the toolkit
 * imports a package the layer lacks, or the layer passes {@link MAX_UNZIPPED_BYTES}.
 * @throws {RuntimeDependencyError} naming a dependency that is not installed.
 * @example
 * ```ts
 * const layer = await buildLayer({ outDir: '/tmp/layer', onProgress: console.log });
 * console.log(layer.zipPath, layer.sha256);
 * ```
 */
export async function buildLayer(options: BuildLayerOptions = {}): Promise<LayerBuild> {
  const root = resolve(options.root ?? DEFAULT_ROOT);
  const outDir = resolve(options.outDir ?? join(root, 'layers', 'dist'));
  const progress = options.onProgress ?? (() => undefined);
  const manifest = layerPackageJson(readProjectPackage(root), Object.fromEntries(LAYER_ENTRIES.map((entry) => [entry.subpath, entry.file])));

  progress(`bundling ${LAYER_ENTRIES.map((entry) => entry.source).join(', ')} with esbuild`);
  const bundles = await Promise.all(LAYER_ENTRIES.map((entry) => bundleLayerEntry(root, manifest.version, entry)));
  for (const bundle of bundles) checkLayerImports(bundle.entry.source, bundle.imports, bundle.entry.requiresToolkit);

  progress('resolving the runtime dependencies in node_modules');
  const nodeModules = join(root, 'node_modules');
  const packages = runtimeDependencies({ nodeModules, roots: LAYER_DEPENDENCIES });
  const entries = layerContents({ files: bundles.map((bundle) => ({ file: bundle.entry.file, code: bundle.code })), manifest, nodeModules, packages });
  const unzippedBytes = entries.reduce((sum, entry) => sum + entry.data.length, 0);
  if (unzippedBytes > MAX_UNZIPPED_BYTES) {
    throw new LayerBuildError(`The layer would be ${mib(unzippedBytes)} unzipped (${unzippedBytes} bytes), over its ${mib(MAX_UNZIPPED_BYTES)} budget`);
  }

  progress(`zipping ${entries.length} files (periscope and ${packages.length} packages) under ${LAYER_NODE_MODULES}`);
  const zip = writeZip(entries);
  const zipPath = join(outDir, `periscope-layer-${manifest.version}.zip`);
  mkdirSync(outDir, { recursive: true });
  // Written beside and renamed, so a reader never sees half a zip.
  writeFileSync(`${zipPath}.partial`, zip);
  renameSync(`${zipPath}.partial`, zipPath);
  return {
    zipPath,
    version: manifest.version,
    zipBytes: zip.length,
    unzippedBytes,
    fileCount: entries.length,
    sha256: createHash('sha256').update(zip).digest('hex'),
  };
}

const HELP = `Usage: npm run build:layer [-- --out <dir>]

Builds the Periscope Lambda layer: <out>/periscope-layer-<version>.zip (default out: layers/dist),
with nodejs/node_modules/periscope (src/index.ts bundled by esbuild) and the runtime files of its
dependencies. @aws-sdk/* is left to the Lambda runtime. Fails when the layer passes 2 MiB unzipped.
The same sources give the same zip, byte for byte: the printed sha256 identifies its content.
`;

const size = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB (${mib(bytes)})`;

/** Parses the command line: `--help`, `--out <dir>`; anything else is refused so a typo fails loudly. */
function parseArguments(argv: readonly string[]): { help: boolean; outDir?: string } {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  if (argv.length === 0) return { help: false };
  const [flag, value, ...rest] = argv;
  if (flag !== '--out' || value === undefined || value.startsWith('--') || rest.length > 0) {
    throw new LayerBuildError(`unexpected arguments '${argv.join(' ')}'; see --help`);
  }
  return { help: false, outDir: value };
}

async function main(argv: readonly string[]): Promise<void> {
  // `npm run build:layer | head` may close stdout early: the build still finishes, quietly.
  let stdoutOpen = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    stdoutOpen = false;
  });
  const print = (text: string): void => {
    if (stdoutOpen) process.stdout.write(text);
  };

  const args = parseArguments(argv);
  if (args.help) {
    print(HELP);
    return;
  }
  const started = performance.now();
  const layer = await buildLayer({ outDir: args.outDir, onProgress: (message) => print(`periscope layer: ${message}...\n`) });
  const shown = relative(process.cwd(), layer.zipPath);
  print(
    [
      `${shown.startsWith('..') || isAbsolute(shown) ? layer.zipPath : shown}`,
      `  version   ${layer.version}`,
      `  files     ${layer.fileCount}`,
      `  zipped    ${size(layer.zipBytes)}`,
      `  unzipped  ${size(layer.unzippedBytes)}, budget ${mib(MAX_UNZIPPED_BYTES)}`,
      `  sha256    ${layer.sha256}`,
      `  built in  ${((performance.now() - started) / 1000).toFixed(1)} s`,
      '',
    ].join('\n'),
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`npm run build:layer: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
