import { join } from 'node:path';
import { buildSync } from 'esbuild';

/**
 * Bundles `lambda-service-preload.ts` into one CommonJS file in `outDir` for serverless-offline's
 * `NODE_OPTIONS=--require` (its worker threads run plain JavaScript) and returns its path.
 */
export function buildLambdaServicePreload(outDir: string): string {
  const outfile = join(outDir, 'lambda-service-preload.js');
  buildSync({ entryPoints: [join(__dirname, 'lambda-service-preload.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent' });
  return outfile;
}
