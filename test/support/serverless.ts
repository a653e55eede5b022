import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The project root, where serverless.yml and node_modules are. */
export const ROOT = resolve(__dirname, '../..');

/** Installs Periscope in `dir` as a link to this package (which `npm test` has built), as `npm install` would put it in node_modules. */
export function linkPeriscope(dir: string): void {
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules/periscope'), 'dir');
}

/** What `serverless package` printed and produced. */
export interface PackageRun {
  readonly code: number;
  /** stdout and stderr together, as a user reads them. */
  readonly output: string;
  /** The compiled template, when packaging succeeded. */
  readonly template: { Resources: Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }>; Outputs?: Record<string, any> } | undefined;
  readonly state: { service: { provider: Record<string, any> } } | undefined;
}

/**
 * Runs osls's `serverless package` in `serviceDir` into `outDir`, offline: no AWS variables, no
 * credentials, a throwaway HOME. `args` are passed on (`--param=…`, `--stage`); `serverlessFrom` is
 * where osls is installed (the project's, or a consumer's own).
 */
export function serverlessPackage(serviceDir: string, outDir: string, args: readonly string[] = [], serverlessFrom: string = ROOT): Promise<PackageRun> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  const cli = require.resolve('serverless/bin/serverless.js', { paths: [serverlessFrom] });
  return new Promise((done) => {
    execFile(process.execPath, [cli, 'package', '--package', outDir, ...args], { cwd: serviceDir, env: { ...env, AWS_SDK_LOAD_CONFIG: '0', HOME: outDir } }, (error, stdout, stderr) => {
      const read = (name: string) => (existsSync(join(outDir, name)) ? JSON.parse(readFileSync(join(outDir, name), 'utf8')) : undefined);
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      done({ code, output: `${stdout}${stderr}`, template: code === 0 ? read('cloudformation-template-update-stack.json') : undefined, state: code === 0 ? read('serverless-state.json') : undefined });
    });
  });
}
