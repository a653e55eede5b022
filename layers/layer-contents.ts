/**
 * The files of the layer, as zip entries under `nodejs/node_modules/` (Lambda mounts the layer at
 * /opt and puts /opt/nodejs/node_modules on NODE_PATH).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAYER_PACKAGE_NAME, type LayerPackageJson } from './layer-manifest';
import { runtimeFiles } from './package-files';
import type { RuntimePackage } from './runtime-dependencies';
import type { ZipEntry } from './zip';

/** Where Node packages go inside a Node.js Lambda layer. */
export const LAYER_NODE_MODULES = 'nodejs/node_modules';

/** What goes in the layer. */
export interface LayerContentsInput {
  /** The bundled files of the `periscope` package (`index.js`, `slack-notifier.js`). */
  readonly files: readonly { readonly file: string; readonly code: Buffer }[];
  /** The toolkit's package.json. */
  readonly manifest: LayerPackageJson;
  /** The project's node_modules folder, where `packages` are installed. */
  readonly nodeModules: string;
  /** The dependency closure to ship, paths relative to `nodeModules`. */
  readonly packages: readonly RuntimePackage[];
}

/**
 * The layer's zip entries: the `periscope` package (its bundled files and package.json), then the runtime files of every package
 * at its place in node_modules (nested versions stay nested). All files get mode 0o644, so the
 * local umask cannot change the zip.
 */
export function layerContents(input: LayerContentsInput): ZipEntry[] {
  const own = `${LAYER_NODE_MODULES}/${LAYER_PACKAGE_NAME}`;
  const entries: ZipEntry[] = [
    ...input.files.map(({ file, code }) => ({ path: `${own}/${file}`, data: code })),
    { path: `${own}/package.json`, data: Buffer.from(`${JSON.stringify(input.manifest, null, 2)}\n`) },
  ];
  for (const pkg of input.packages) {
    for (const file of runtimeFiles(join(input.nodeModules, pkg.path))) {
      entries.push({ path: `${LAYER_NODE_MODULES}/${pkg.path}/${file}`, data: readFileSync(join(input.nodeModules, pkg.path, file)) });
    }
  }
  return entries;
}
