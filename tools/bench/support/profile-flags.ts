import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The node flags that make a measured child write a V8 CPU profile into `<profileDir>/<section>`
 * (`npm run bench -- --profile`), or none when not profiling.
 * @example
 * ```ts
 * profileFlags('tools/bench/.build/profiles', 'warm'); // ['--cpu-prof', '--cpu-prof-dir=tools/bench/.build/profiles/warm']
 * ```
 */
export function profileFlags(profileDir: string | undefined, section: string): string[] {
  return profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, section)}`];
}

/** Removes a section's profiles of an earlier run, so its summary reads this run's only; nothing when not profiling. */
export function clearProfiles(profileDir: string | undefined, section: string): void {
  if (profileDir !== undefined) rmSync(join(profileDir, section), { recursive: true, force: true });
}

/** What a folder's profiles are divided by in their summary (`unit.json`): e.g. 21,000 invocations. */
export interface ProfileUnit {
  /** `invocation`. */
  readonly label: string;
  /** How many the folder's profiles cover. */
  readonly count: number;
}

/** Records what `<profileDir>/<section>`'s profiles cover, so the summary says µs per invocation; nothing when not profiling. */
export function recordProfileUnit(profileDir: string | undefined, section: string, unit: ProfileUnit): void {
  if (profileDir === undefined) return;
  mkdirSync(join(profileDir, section), { recursive: true });
  writeFileSync(join(profileDir, section, PROFILE_UNIT_FILE), `${JSON.stringify(unit)}\n`);
}

/** The file {@link recordProfileUnit} writes. */
export const PROFILE_UNIT_FILE = 'unit.json';
