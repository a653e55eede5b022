import { join } from 'node:path';

/**
 * The node flags that make a measured child write a V8 CPU profile into `<profileDir>/<section>`
 * (`npm run bench -- --profile`), or none when not profiling.
 * @example
 * ```ts
 * profileFlags('tools/bench/.build/profiles', 'warm'); // ['--cpu-prof', '--cpu-prof-dir=bench/.build/profiles/warm']
 * ```
 */
export function profileFlags(profileDir: string | undefined, section: string): string[] {
  return profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, section)}`];
}
