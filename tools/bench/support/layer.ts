import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildLayer } from '../../../layers/build-layer';
import { BenchError } from './errors';

/**
 * Builds the Periscope layer (as `npm run build:layer` does) into `<buildDir>/layer` and unpacks it
 * as Lambda mounts a layer at /opt. Returns the folder Lambda puts on `NODE_PATH`
 * (`<buildDir>/layer/opt/nodejs/node_modules`).
 *
 * @throws {BenchError} when the zip cannot be unpacked (naming it); build errors pass through
 */
export async function buildUnpackedLayer(buildDir: string, progress: (line: string) => void): Promise<string> {
  const root = resolve(buildDir, 'layer');
  const opt = join(root, 'opt');
  const layer = await buildLayer({ outDir: join(root, 'dist'), onProgress: (message) => progress(`layer: ${message}`) });
  rmSync(opt, { recursive: true, force: true });
  try {
    execFileSync('unzip', ['-q', layer.zipPath, '-d', opt]);
  } catch (error) {
    throw new BenchError(`cannot unpack the layer ${layer.zipPath} into ${opt} (is unzip installed?): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return join(opt, 'nodejs', 'node_modules');
}
