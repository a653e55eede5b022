/**
 * Which installed packages a set of runtime dependencies needs, found the way Node finds them: from
 * each package's own `node_modules` up to the project's. Paths stay relative to the project's
 * `node_modules`, so a nested version (`cls-hooked/node_modules/semver`) keeps its place in the layer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One installed package the runtime needs. */
export interface RuntimePackage {
  /** The package name, e.g. `semver` or `@smithy/types`. */
  readonly name: string;
  /** The installed version, from its package.json. */
  readonly version: string;
  /** Its folder relative to the project's node_modules, `/`-separated: `cls-hooked/node_modules/semver`. */
  readonly path: string;
  /** Who needs it: `(root)` for a starting package, else the requiring packages' paths, sorted. */
  readonly requiredBy: readonly string[];
}

/** Options for {@link runtimeDependencies}. */
export interface RuntimeDependencyOptions {
  /** Absolute path of the project's `node_modules` folder. */
  readonly nodeModules: string;
  /** The packages to start from, e.g. the toolkit's runtime dependencies. */
  readonly roots: readonly string[];
  /**
   * Packages to leave out, together with what only they need.
   * @default isProvidedOrTypesOnly (`@types/*` and the Lambda runtime's `@aws-sdk/*`)
   */
  readonly exclude?: (name: string) => boolean;
}

/** Thrown when a needed package is not installed or its package.json cannot be read. */
export class RuntimeDependencyError extends Error {
  /** The package that could not be found or read. */
  public readonly packageName: string;

  public constructor(packageName: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RuntimeDependencyError';
    this.packageName = packageName;
  }
}

/** What the name of the requirer of a root package reads as in {@link RuntimePackage.requiredBy}. */
export const ROOT_REQUIRER = '(root)';

/**
 * True for packages a layer must not ship: type declarations (`@types/*`) and the AWS SDK v3
 * (`@aws-sdk/*`), which the Lambda Node.js runtime provides.
 */
export const isProvidedOrTypesOnly = (name: string): boolean => name.startsWith('@types/') || name.startsWith('@aws-sdk/');

interface Manifest {
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

function readManifest(nodeModules: string, path: string, name: string): Manifest {
  const file = join(nodeModules, path, 'package.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RuntimeDependencyError(name, `Cannot read the package.json of '${name}' (${file}): ${reason}`, { cause: error });
  }
}

/**
 * Where Node would find `name` when required from the package at `from` (relative path, `''` for the
 * project): its own node_modules first, then each enclosing package's, then the project's.
 */
function resolveFrom(nodeModules: string, from: string, name: string): string | undefined {
  const owners = from === '' ? [] : from.split('/node_modules/');
  for (let depth = owners.length; depth >= 0; depth -= 1) {
    const prefix = owners.slice(0, depth).join('/node_modules/');
    const candidate = prefix === '' ? name : `${prefix}/node_modules/${name}`;
    if (existsSync(join(nodeModules, candidate, 'package.json'))) return candidate;
  }
  return undefined;
}

/**
 * The dependency closure of `roots` in an installed `node_modules`: every package reached through
 * `dependencies` (and `optionalDependencies` that are installed), resolved as Node resolves them,
 * minus the excluded ones. Sorted by path; a package found at two paths (two versions) appears twice.
 *
 * @throws {RuntimeDependencyError} naming a package that is not installed and who needs it.
 * @example
 * ```ts
 * const packages = runtimeDependencies({ nodeModules: 'node_modules', roots: ['aws-xray-sdk-core'] });
 * // [{ name: 'atomic-batcher', path: 'atomic-batcher', ... }, { name: 'semver', path: 'cls-hooked/node_modules/semver', ... }, ...]
 * ```
 */
export function runtimeDependencies(options: RuntimeDependencyOptions): RuntimePackage[] {
  const { nodeModules, exclude = isProvidedOrTypesOnly } = options;
  const found = new Map<string, { name: string; version: string; requiredBy: Set<string> }>();
  const pending: { name: string; from: string; optional: boolean }[] = options.roots.map((name) => ({ name, from: '', optional: false }));

  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    if (exclude(next.name)) continue;
    const path = resolveFrom(nodeModules, next.from, next.name);
    const requirer = next.from === '' ? ROOT_REQUIRER : next.from;
    if (path === undefined) {
      if (next.optional) continue;
      throw new RuntimeDependencyError(next.name, `Package '${next.name}' is needed by '${requirer}' but is not installed in ${nodeModules}; run npm install`);
    }
    const known = found.get(path);
    if (known) {
      known.requiredBy.add(requirer);
      continue;
    }
    const manifest = readManifest(nodeModules, path, next.name);
    found.set(path, { name: next.name, version: manifest.version ?? '', requiredBy: new Set([requirer]) });
    // As npm does, an optionalDependencies entry wins over a dependencies entry of the same name.
    const optional = manifest.optionalDependencies ?? {};
    for (const name of Object.keys(manifest.dependencies ?? {})) if (!(name in optional)) pending.push({ name, from: path, optional: false });
    for (const name of Object.keys(optional)) pending.push({ name, from: path, optional: true });
  }

  return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, { name, version, requiredBy }]) => ({ name, version, path, requiredBy: [...requiredBy].sort() }));
}
