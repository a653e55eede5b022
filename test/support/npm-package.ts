import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './serverless';

const run = promisify(execFile);

/** What `npm pack` made of the repository. */
export interface PackedPeriscope {
  /** Absolute path of the tarball. */
  readonly tarball: string;
  /** Every file in it, as `package/…` paths without the prefix. */
  readonly files: readonly string[];
}

/** The environment of an npm command run by a test: the shared cache, quiet, no audit or funding calls. */
const npmEnv = (): NodeJS.ProcessEnv => ({ ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_loglevel: 'error' });

/**
 * Builds the package (`npm run build`) and packs it into `into` as `npm publish` would, without
 * running its scripts again: the tarball another service installs. Under `npm test`, which has just
 * built it, the build is not run again: other suites, in parallel workers, read `dist/` meanwhile.
 */
export async function packPeriscope(into: string): Promise<PackedPeriscope> {
  if (process.env['npm_lifecycle_event'] !== 'test') await run('npm', ['run', 'build', '--silent'], { cwd: ROOT, env: npmEnv() });
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', into], { cwd: ROOT, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (packed === undefined) throw new Error(`npm pack printed no package:\n${stdout}`);
  return { tarball: join(into, packed.filename), files: packed.files.map((file) => file.path).sort() };
}

/**
 * `npm install` in `dir` from the local cache first (the repository's own install filled it), as a
 * team installs its dependencies; the packages it needs that are not cached come from the registry.
 */
export async function npmInstall(dir: string, packages: readonly string[] = []): Promise<void> {
  await run('npm', ['install', '--prefer-offline', '--no-package-lock', ...packages], { cwd: dir, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 });
}
