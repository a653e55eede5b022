import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CatalogValidationError } from '../src/catalog/errors';
import type { ServiceDefinition } from '../src/catalog/types';
import { validateService } from '../src/catalog/validate-service';
import { loadServiceModule } from './load-module';

/** Thrown when the catalog cannot be loaded; says which file, which export and why. */
export class CatalogLoadError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CatalogLoadError';
  }
}

/** How a module is loaded: the service's own module loader by default (see `loadServiceModule`). */
export type ModuleLoader = (path: string) => Record<string, unknown>;

/**
 * Loads the catalog module (TypeScript or JavaScript) and returns its export, validated again: a
 * catalog written without `defineService` gets the same checks.
 *
 * @param servicePath - the directory the path is relative to (the one holding serverless.yml)
 * @param file - the catalog module's path (`custom.periscope.catalog`, or the CLI's `--catalog`)
 * @param exportName - the export holding the catalog
 * @param label - how the setting is named in messages
 * @throws {@link CatalogLoadError} naming the file, the export or every bad key
 */
export function loadCatalog(servicePath: string, file: string, exportName: string, label = 'custom.periscope.catalog', load: ModuleLoader = loadServiceModule): ServiceDefinition {
  const path = resolve(servicePath, file);
  if (!existsSync(path)) throw new CatalogLoadError(`${label}: ${file} does not exist (looked for ${path})`);
  let module: Record<string, unknown>;
  try {
    module = load(path);
  } catch (error) {
    // defineService throws at load time: keep its message, it lists every bad key.
    if (error instanceof Error && error.name === 'CatalogValidationError') throw new CatalogLoadError(`${file}: ${error.message}`, { cause: error });
    throw new CatalogLoadError(`${label}: ${file} could not be loaded: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const catalog = module[exportName];
  if (catalog === undefined)
    throw new CatalogLoadError(`${label}: ${file} has no export '${exportName}' (exports: ${Object.keys(module).join(', ') || 'none'}); name the export that holds the catalog`);
  const issues = validateService(catalog);
  if (issues.length > 0) throw new CatalogLoadError(`${file}: ${new CatalogValidationError(String((catalog as { service?: unknown }).service), issues).message}`);
  return catalog as ServiceDefinition;
}
