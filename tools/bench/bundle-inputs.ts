/**
 * What a bundle is made of: esbuild's metafile inputs grouped by npm package (or by project folder),
 * so a dependency spread over hundreds of files (zod, the X-Ray SDK) shows as one figure.
 */
import type { Metafile } from 'esbuild';

/** One group of a bundle's inputs and what it weighs in the output. */
export interface BundleInput {
  /** An npm package (`zod`, `@middy/core`) or a project folder (`src/`, `handlers/`). */
  readonly input: string;
  /** Bytes its files contribute to the minified output. */
  readonly bytes: number;
  /** Its part of the whole output (0–1). */
  readonly share: number;
}

/**
 * The group an input path belongs to: the npm package after the last `node_modules/`
 * (`node_modules/@middy/core/index.js` → `@middy/core`), else the path's first folder (`src/`), else
 * the file itself (`observability.config.ts`).
 */
export function inputGroupOf(path: string): string {
  const marker = 'node_modules/';
  const at = path.lastIndexOf(marker);
  if (at >= 0) {
    const parts = path.slice(at + marker.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : parts[0]!;
  }
  const slash = path.indexOf('/');
  return slash < 0 ? path : path.slice(0, slash + 1);
}

/**
 * The `count` heaviest input groups of a one-output metafile, heaviest first, by bytes in the output
 * (what minified code each contributes, not its size on disk).
 * @example
 * ```ts
 * largestInputs(bundle.metafile, 3); // [{ input: 'zod', bytes: 61234, share: 0.31 }, ...]
 * ```
 */
export function largestInputs(metafile: Metafile, count: number): BundleInput[] {
  const totals = new Map<string, number>();
  let outputBytes = 0;
  for (const output of Object.values(metafile.outputs)) {
    outputBytes += output.bytes;
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const group = inputGroupOf(path);
      totals.set(group, (totals.get(group) ?? 0) + bytesInOutput);
    }
  }
  return [...totals]
    .map(([input, bytes]) => ({ input, bytes, share: outputBytes === 0 ? 0 : bytes / outputBytes }))
    .sort((a, b) => b.bytes - a.bytes || a.input.localeCompare(b.input))
    .slice(0, count);
}
