import { mkdirSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runtimeDependencies } from '../../layers/runtime-dependencies';

const ROOT = resolve(__dirname, '../..');

/**
 * `node` flags for a process that stands in for a Lambda sandbox: `--preserve-symlinks` keeps the
 * SDK links of {@link lambdaRuntimeSdkDir} where they are, so their own imports resolve beside them
 * and never fall back into the project's node_modules.
 */
export const LAMBDA_NODE_FLAGS: readonly string[] = ['--preserve-symlinks'];

/**
 * A stand-in for the Lambda Node runtime's own node_modules (`/var/runtime/node_modules`): links in
 * `into` to the project's copies of the AWS SDK packages the toolkit uses and everything they need,
 * computed from the installed SDK, not listed by hand. Packages the layer at `layerNodeModules`
 * already has are left out, so the layer's copies win as they would on Lambda. Returns `into`.
 */
export function lambdaRuntimeSdkDir(into: string, layerNodeModules?: string): string {
  const sdk = runtimeDependencies({
    nodeModules: join(ROOT, 'node_modules'),
    roots: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
    exclude: (name) => name.startsWith('@types/'),
  });
  // Nested versions live inside their parent's folder, so linking top-level packages brings them too.
  for (const { path } of sdk.filter((pkg) => !pkg.path.includes('/node_modules/'))) {
    if (layerNodeModules !== undefined && statSync(join(layerNodeModules, path), { throwIfNoEntry: false })) continue;
    if (statSync(join(into, path), { throwIfNoEntry: false })) continue;
    mkdirSync(dirname(join(into, path)), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', path), join(into, path), 'dir');
  }
  return into;
}
