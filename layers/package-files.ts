/**
 * Which files of an installed package a Lambda needs at run time: code, package.json files (Node
 * reads `exports` from them) and license notices; not types, source maps, TypeScript sources, docs,
 * tests or dotfiles. Nested `node_modules` are left to the dependency closure.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders never needed at run time, wherever they are in a package. */
const SKIPPED_FOLDERS = new Set(['test', 'tests', '__tests__', 'docs', 'node_modules']);
/** Type declarations, source maps and TypeScript sources. */
const SKIPPED_FILES = /\.(d\.[mc]?ts|map|[mc]?tsx?)$/i;
const LICENSE_FILE = /^(licen[cs]e|notice)/i;

const isSkippedFolder = (name: string): boolean => name.startsWith('.') || SKIPPED_FOLDERS.has(name);

/**
 * True when a file of a package, given by its `/`-separated path inside the package, belongs in the
 * layer. License files (`LICENSE*`, `LICENCE*`, `NOTICE*`, any case) are always kept, even as `.md`.
 *
 * @example
 * ```ts
 * isRuntimeFile('dist/index.js'); // true
 * isRuntimeFile('dist/index.d.ts'); // false
 * isRuntimeFile('LICENSE.md'); // true
 * ```
 */
export function isRuntimeFile(path: string): boolean {
  const segments = path.split('/');
  const file = segments.pop() ?? '';
  if (segments.some(isSkippedFolder)) return false;
  if (file.startsWith('.')) return false;
  if (LICENSE_FILE.test(file)) return true;
  return !SKIPPED_FILES.test(file) && !/\.md$/i.test(file);
}

/**
 * The runtime files of the package in `packageDir`, as `/`-separated paths relative to it, sorted.
 * Symbolic links are followed; skipped folders are not even read.
 */
export function runtimeFiles(packageDir: string): string[] {
  const files: string[] = [];
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(packageDir, relative)).sort()) {
      const path = relative === '' ? name : `${relative}/${name}`;
      if (statSync(join(packageDir, path)).isDirectory()) {
        if (!isSkippedFolder(name)) walk(path);
      } else if (isRuntimeFile(path)) {
        files.push(path);
      }
    }
  };
  walk('');
  return files;
}
