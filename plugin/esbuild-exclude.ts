/** serverless-esbuild's own default for `exclude`, kept when a service sets none. */
export const ESBUILD_DEFAULT_EXCLUDE: readonly string[] = ['aws-sdk'];

/** `custom.esbuild` as far as the plugin changes it. */
export interface EsbuildOptions {
  exclude?: string[];
  config?: string;
}

/**
 * Adds `packages` to serverless-esbuild's `exclude` (keeping its default when the service set none),
 * so its bundles leave them to a `require` at run time. Adding twice changes nothing more.
 *
 * @returns the packages it added, in order
 * @example
 * ```ts
 * excludeFromBundles(custom.esbuild, ['aws-xray-sdk-core']); // ['aws-xray-sdk-core'], then [] the second time
 * ```
 */
export function excludeFromBundles(esbuild: EsbuildOptions, packages: readonly string[]): string[] {
  const exclude = esbuild.exclude ?? [...ESBUILD_DEFAULT_EXCLUDE];
  const added = packages.filter((name) => !exclude.includes(name));
  exclude.push(...added);
  esbuild.exclude = exclude;
  return added;
}
