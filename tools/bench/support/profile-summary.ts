import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatPercent } from '../figures';
import { ROOT } from './bundle';
import { PROFILE_UNIT_FILE, type ProfileUnit } from './profile-flags';

/** The parts of a V8 CPU profile (`node --cpu-prof`) a summary reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  /** The node on top of the stack at each sample. */
  readonly samples: readonly number[];
  /** µs elapsed before each sample. */
  readonly timeDeltas: readonly number[];
}

/** Which module of a file a 0-based line belongs to (esbuild's `// node_modules/…` comments in an unminified bundle), if the file says. */
export type ModuleLocator = (url: string, line: number) => string | undefined;

/** Self time spent in one package or function, summed over the profiles read. */
export interface SelfTime {
  readonly name: string;
  readonly ms: number;
}

/** Where a profile's (or a folder of profiles') busy time went. */
export interface ProfileSummary {
  /** Profiles summed. */
  readonly profiles: number;
  /** Busy time (all but `(idle)`), summed. */
  readonly busyMs: number;
  /** Self time per package, largest first. */
  readonly byPackage: readonly SelfTime[];
  /** Self time per function (`name  package/module:line`), largest first. */
  readonly byFunction: readonly SelfTime[];
  /** What the profiles cover (`21000` invocations), when the section recorded it; else figures are per profile. */
  readonly unit?: ProfileUnit;
}

const VM_FRAMES = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);

/** Frames with no script: V8 builtins and native bindings (`runMicrotasks`, async hooks' `registerDestroyHook`). */
const NATIVE = '(native)';

/**
 * The package a module path belongs to: the last `node_modules/<name>` (or `@scope/name`) in it;
 * Periscope's `src/` is `periscope`, the sample's files are `sample`, tools/ is `bench harness`.
 * @example
 * ```ts
 * packageOf('node_modules/@aws-lambda-powertools/logger/lib/cjs/Logger.js'); // '@aws-lambda-powertools/logger'
 * ```
 */
export function packageOf(modulePath: string): string {
  const path = modulePath.replaceAll('\\', '/');
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules !== -1) {
    const [first, second] = path.slice(inModules + 'node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? path);
  }
  if (path.startsWith('node:')) return 'node (built-in)';
  if (path.startsWith('src/')) return 'periscope';
  if (path.startsWith('handlers/') || path.startsWith('observability.config') || path.startsWith('events/')) return 'sample';
  if (path.startsWith('tools/')) return 'bench harness';
  return path;
}

/**
 * Sums a set of CPU profiles' self time by package and by function, `(idle)` left out. A frame in a
 * bundle is put in the module `locate` finds for its line, so bundled Powertools, the X-Ray SDK and
 * Periscope are told apart.
 */
export function summarizeProfiles(profiles: readonly CpuProfile[], locate: ModuleLocator = () => undefined): ProfileSummary {
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busyUs = 0;
  for (const profile of profiles) {
    const selfUs = new Map<number, number>();
    profile.samples.forEach((nodeId, i) => {
      selfUs.set(nodeId, (selfUs.get(nodeId) ?? 0) + (profile.timeDeltas[i] ?? 0));
    });
    for (const node of profile.nodes) {
      const us = selfUs.get(node.id) ?? 0;
      const { functionName, url, lineNumber } = node.callFrame;
      if (us === 0 || functionName === '(idle)') continue;
      busyUs += us;
      const located = url === '' ? undefined : locate(url, lineNumber);
      const module = url === '' ? (VM_FRAMES.has(functionName) ? functionName : NATIVE) : (located ?? (url.startsWith('file://') ? relative(ROOT, new URL(url).pathname) : url));
      const pkg = VM_FRAMES.has(module) || module === NATIVE ? module : packageOf(module);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
      // A line number is the file's: meaningful for a module file, not for a module inside a bundle.
      const fn = `${functionName || '(anonymous)'}  ${module}${url === '' || located !== undefined ? '' : `:${lineNumber + 1}`}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    }
  }
  const sorted = (totals: Map<string, number>): SelfTime[] => [...totals].map(([name, us]) => ({ name, ms: us / 1000 })).sort((a, b) => b.ms - a.ms);
  return { profiles: profiles.length, busyMs: busyUs / 1000, byPackage: sorted(byPackage), byFunction: sorted(byFunction) };
}

/** What a bundle's lines above its first module are: esbuild's helpers. */
export const BUNDLE_RUNTIME = '(esbuild helpers)';

/**
 * Locates modules in the files profiles name, reading each once: a line belongs to the last
 * esbuild module comment (`// node_modules/x/y.js`, `// src/runtime/z.ts`) at or above it, or to
 * {@link BUNDLE_RUNTIME} above the first.
 */
export function bundleModuleLocator(): ModuleLocator {
  const maps = new Map<string, { lines: number[]; modules: string[] } | undefined>();
  const mapOf = (url: string): { lines: number[]; modules: string[] } | undefined => {
    if (!maps.has(url)) {
      const file = url.startsWith('file://') ? new URL(url).pathname : url;
      let map: { lines: number[]; modules: string[] } | undefined;
      if (file.startsWith('/') && existsSync(file)) {
        map = { lines: [], modules: [] };
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((text, line) => {
            const comment = /^\/\/ ((?:[\w@.-]+\/)+[\w@.-]+\.(?:[cm]?js|ts|json))$/.exec(text);
            if (comment?.[1] !== undefined) {
              map?.lines.push(line);
              map?.modules.push(comment[1]);
            }
          });
        if (map.lines.length === 0) map = undefined;
      }
      maps.set(url, map);
    }
    return maps.get(url);
  };
  return (url, line) => {
    const map = mapOf(url);
    if (map === undefined) return undefined;
    let low = 0;
    let high = map.lines.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((map.lines[mid] as number) <= line) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    // Above the first module: esbuild's helpers (`__require`, `__commonJS`), which run every module's wrapper.
    return found === -1 ? BUNDLE_RUNTIME : map.modules[found];
  };
}

/** Reads every `.cpuprofile` in `dir` and summarises them together, per the unit the section recorded there if any. */
export function summarizeProfileDir(dir: string): ProfileSummary {
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  const summary = summarizeProfiles(
    files.map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as CpuProfile),
    bundleModuleLocator(),
  );
  const unitFile = join(dir, PROFILE_UNIT_FILE);
  return existsSync(unitFile) ? { ...summary, unit: JSON.parse(readFileSync(unitFile, 'utf8')) as ProfileUnit } : summary;
}

/** The folders under `profileDir` that hold profiles (`cold-start/periscope-bundled`, `warm/powertools`). */
export function profileFolders(profileDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    const names = readdirSync(dir);
    if (names.some((name) => name.endsWith('.cpuprofile'))) found.push(dir);
    for (const name of names) if (statSync(join(dir, name)).isDirectory()) walk(join(dir, name));
  };
  if (existsSync(profileDir)) walk(profileDir);
  return found.sort();
}

/**
 * A summary as printed lines: busy time per unit (per invocation in µs when the section recorded how
 * many, else per profile in ms), the top packages and functions with their share.
 */
export function formatProfileSummary(title: string, summary: ProfileSummary, top = { packages: 12, functions: 12 }): string[] {
  const { unit } = summary;
  const per = (ms: number): string => (unit === undefined ? `${(ms / Math.max(summary.profiles, 1)).toFixed(1)} ms` : `${((ms * 1000) / Math.max(unit.count, 1)).toFixed(1)} µs`);
  const share = (ms: number): string => formatPercent(ms / (summary.busyMs || 1));
  const line = ({ name, ms }: SelfTime): string => `    ${share(ms).padStart(6)}  ${per(ms).padStart(10)}  ${name}`;
  const basis = unit === undefined ? 'per profile' : `per ${unit.label} (${unit.count} in ${summary.profiles} profile(s))`;
  return [
    `${title}: busy ${per(summary.busyMs)} ${basis}, self time, (idle) left out`,
    ...summary.byPackage.slice(0, top.packages).map(line),
    '    top functions:',
    ...summary.byFunction.slice(0, top.functions).map(line),
  ];
}
