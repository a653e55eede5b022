/**
 * What the layer's `periscope` package is: its runtime dependencies, the packages the Lambda runtime
 * provides, and the package.json that says so.
 */
import { builtinModules } from 'node:module';
import { LayerBuildError } from './errors';

/** The name the toolkit is required by from a function using the layer: `require('periscope')`. */
export const LAYER_PACKAGE_NAME = 'periscope';

/** The toolkit's runtime dependencies, shipped in the layer with everything they need. */
export const LAYER_DEPENDENCIES = [
  '@aws-lambda-powertools/batch',
  '@aws-lambda-powertools/idempotency',
  '@aws-lambda-powertools/logger',
  '@aws-lambda-powertools/metrics',
  '@aws-lambda-powertools/tracer',
  '@middy/core',
  'aws-xray-sdk-core',
] as const;

/** Packages the toolkit uses that the Lambda Node.js runtime provides: peers, never shipped. */
export const RUNTIME_PROVIDED_PEERS = [
  '@aws-sdk/client-cloudwatch',
  '@aws-sdk/client-codedeploy',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/client-lambda',
  '@aws-sdk/client-ssm',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/util-dynamodb',
] as const;

/** The fields of the project's package.json the layer is made from. */
export interface ProjectPackage {
  readonly name?: string;
  readonly version?: string;
  readonly description?: string;
  readonly license?: string;
  readonly dependencies?: Record<string, string>;
}

/** The layer's `nodejs/node_modules/periscope/package.json`, keys in a fixed order. */
export interface LayerPackageJson {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly license: string;
  readonly main: 'index.js';
  /** The files a function on the layer requires: `periscope` and `periscope/<subpath>`. */
  readonly exports: Readonly<Record<string, string>>;
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
}

function versionRanges(project: ProjectPackage, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => {
      const range = project.dependencies?.[name];
      if (range === undefined) throw new LayerBuildError(`package.json "dependencies" lacks '${name}', which the layer needs`);
      return [name, range];
    }),
  );
}

/**
 * The layer's periscope package.json: version, description and license of the project, the runtime
 * dependencies and runtime-provided peers with the project's version ranges.
 *
 * @throws {LayerBuildError} naming a missing version, license or dependency.
 */
export function layerPackageJson(project: ProjectPackage, files: Readonly<Record<string, string>> = { '.': 'index.js' }): LayerPackageJson {
  const { version, license } = project;
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$/.test(version)) {
    throw new LayerBuildError(`package.json "version" ${JSON.stringify(version)} is not a semver version to name the layer by`);
  }
  if (typeof license !== 'string' || license === '') throw new LayerBuildError('package.json has no "license" for the layer');
  return {
    name: LAYER_PACKAGE_NAME,
    version,
    description: project.description ?? '',
    license,
    main: 'index.js',
    exports: { ...Object.fromEntries(Object.entries(files).map(([subpath, file]) => [subpath, `./${file}`])), './package.json': './package.json' },
    dependencies: versionRanges(project, LAYER_DEPENDENCIES),
    peerDependencies: versionRanges(project, RUNTIME_PROVIDED_PEERS),
  };
}

/** `@scope/name/sub/path` → `@scope/name`, `name/sub` → `name`. */
export const packageNameOf = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);

/**
 * Checks that every package a bundled layer file imports is shipped in the layer (the toolkit
 * itself, for the other files) or provided by the runtime, so a new import cannot produce a layer
 * that fails at cold start.
 *
 * @param source - the entry the file was bundled from, for the message (`src/index.ts`)
 * @param specifiers - what the bundled file leaves to `require`
 * @param requiresToolkit - whether the file may require `periscope` itself (the notifier; never the toolkit)
 * @throws {LayerBuildError} naming the imports that would not resolve on Lambda.
 */
export function checkLayerImports(source: string, specifiers: readonly string[], requiresToolkit = false): void {
  const allowed = new Set<string>([...LAYER_DEPENDENCIES, ...RUNTIME_PROVIDED_PEERS, ...(requiresToolkit ? [LAYER_PACKAGE_NAME] : [])]);
  const unknown = [...new Set(specifiers.filter((specifier) => !isBuiltin(specifier) && !allowed.has(packageNameOf(specifier))))].sort();
  if (unknown.length > 0) {
    throw new LayerBuildError(
      `${source} imports ${unknown.map((name) => `'${name}'`).join(', ')}, which the layer neither ships nor gets from the Lambda runtime; ` +
        'add it to LAYER_DEPENDENCIES in layers/layer-manifest.ts or stop importing it',
    );
  }
}
