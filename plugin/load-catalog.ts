import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ServiceDefinition, validateService } from '../src/catalog';
import { CatalogValidationError } from '../src/catalog/errors';

/** Thrown when `custom.periscope.catalog` cannot be loaded; says which file, which export and why. */
export class CatalogLoadError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CatalogLoadError';
  }
}

/**
 * Loads the catalog module (TypeScript or JavaScript) and returns its export, validated again: a
 * catalog written without `defineService` gets the same checks.
 *
 * @param servicePath - the directory holding serverless.yml
 * @param file - `custom.periscope.catalog`, relative to it
 * @param exportName - the export holding the catalog
 * @param load - how to load a module (tsx's require for TypeScript)
 */
export function loadCatalog(servicePath: string, file: string, exportName: string, load: (path: string) => Record<string, unknown>): ServiceDefinition {
  const path = resolve(servicePath, file);
  if (!existsSync(path)) throw new CatalogLoadError(`custom.periscope.catalog: ${file} does not exist (looked for ${path})`);
  let module: Record<string, unknown>;
  try {
    module = load(path);
  } catch (error) {
    // defineService throws at load time: keep its message, it lists every bad key.
    if (error instanceof Error && error.name === 'CatalogValidationError') throw new CatalogLoadError(`${file}: ${error.message}`, { cause: error });
    throw new CatalogLoadError(`custom.periscope.catalog: ${file} could not be loaded: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const catalog = module[exportName];
  if (catalog === undefined) throw new CatalogLoadError(`custom.periscope.catalog: ${file} has no export '${exportName}' (exports: ${Object.keys(module).join(', ') || 'none'}); set custom.periscope.export`);
  const issues = validateService(catalog);
  if (issues.length > 0) throw new CatalogLoadError(`${file}: ${new CatalogValidationError(String((catalog as { service?: unknown }).service), issues).message}`);
  return catalog as ServiceDefinition;
}
