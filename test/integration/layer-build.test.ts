import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildLayer, type LayerBuild, MAX_UNZIPPED_BYTES } from '../../layers/build-layer';
import { LayerBuildError } from '../../layers/errors';
import { LAYER_DEPENDENCIES, RUNTIME_PROVIDED_PEERS } from '../../layers/layer-manifest';
import { apiEvent } from '../support/lambda';
import { LAMBDA_NODE_FLAGS, lambdaRuntimeSdkDir } from '../support/lambda-runtime';

const ROOT = resolve(__dirname, '../..');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** Every file under `dir`, as paths relative to it. */
const filesUnder = (dir: string, prefix = ''): string[] =>
  readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(dir, join(prefix, entry.name)) : [join(prefix, entry.name)]));

/** The check a cold start does: load the toolkit from the layer, instrument a handler, answer a request. */
const COMMONJS_HANDLER = `
const { writeFileSync } = require('node:fs');
const periscope = require('periscope');
const { createTelemetry, defineService, jsonResponse, withObservability } = periscope;
const catalog = defineService({
  service: 'shop',
  namespace: 'Test/Shop',
  functions: [{ name: 'checkout', routes: ['POST /checkout'] }],
  metrics: [{ name: 'CheckoutCompleted', unit: 'Count', description: 'Checkouts completed.' }],
  slos: [{ name: 'checkout', availabilityTarget: 99.9, latencyP99Ms: 800 }],
  tiers: {
    critical: { description: 'Users hurt now.', page: true },
    warning: { description: 'Look today.', page: false },
    info: { description: 'FYI.', page: false },
  },
});
const telemetry = createTelemetry(catalog);
const handler = withObservability(async () => {
  telemetry.businessMetrics.record('CheckoutCompleted', 1);
  return jsonResponse(200, { ok: true });
}, { telemetry });
const context = {
  functionName: 'shop-checkout', functionVersion: '$LATEST', memoryLimitInMB: '128',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:shop-checkout',
  awsRequestId: '00000000-0000-4000-8000-000000000001', logGroupName: '/aws/lambda/shop-checkout',
  logStreamName: 'stream', getRemainingTimeInMillis: () => 10000,
};
const resolvable = (name) => { try { return require.resolve(name); } catch { return null; } };
handler(JSON.parse(require('node:fs').readFileSync('event.json', 'utf8')), context).then((response) => {
  writeFileSync('result.json', JSON.stringify({
    exports: Object.fromEntries(Object.entries(periscope).map(([name, value]) => [name, typeof value])),
    response,
    resolved: Object.fromEntries(['periscope', '@middy/core', '@aws-lambda-powertools/logger', '@aws-lambda-powertools/idempotency/dynamodb', 'aws-xray-sdk-core', '@aws-sdk/client-dynamodb', 'esbuild', 'jest'].map((name) => [name, resolvable(name)])),
    loaded: Object.keys(require.cache),
  }));
});
`;

/** An ES module handler using named imports from the CommonJS bundle. */
const ES_MODULE_HANDLER = `
import { createTelemetry, defineService, withObservability } from 'periscope';
console.log(JSON.stringify({ withObservability: typeof withObservability, createTelemetry: typeof createTelemetry, defineService: typeof defineService }));
`;

describe('npm run build:layer', () => {
  const work = realpathSync(mkdtempSync(join(tmpdir(), 'periscope-layer-')));
  const unpacked = join(work, 'opt');
  const layerNodeModules = join(unpacked, 'nodejs', 'node_modules');
  const runtimeNodeModules = join(work, 'runtime', 'node_modules');
  let first: LayerBuild;
  let second: LayerBuild;
  let names: string[];

  /** Runs node as Lambda would, outside the repository: NODE_PATH is the layer, then the runtime's SDK. */
  const runNode = (cwd: string, script: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [...LAMBDA_NODE_FLAGS, script], {
      cwd,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: work,
        NODE_PATH: `${layerNodeModules}:${runtimeNodeModules}`,
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...env,
      },
    });

  beforeAll(async () => {
    first = await buildLayer({ outDir: join(work, 'first') });
    second = await buildLayer({ outDir: join(work, 'second') });
    execFileSync('unzip', ['-q', first.zipPath, '-d', unpacked]);
    names = execFileSync('unzip', ['-Z1', first.zipPath], { encoding: 'utf8' }).trim().split('\n');
    lambdaRuntimeSdkDir(runtimeNodeModules, layerNodeModules);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('builds the same zip, byte for byte, from the same sources', () => {
    // Assess
    expect(second.sha256).toBe(first.sha256);
    expect(readFileSync(second.zipPath).equals(readFileSync(first.zipPath))).toBe(true);
    expect(first.zipPath).toBe(join(work, 'first', `periscope-layer-${PACKAGE.version}.zip`));
  });

  it('stays under 2 MiB unzipped and reports the figures of the zip it wrote', () => {
    // Prepare
    const files = filesUnder(unpacked);
    const zip = readFileSync(first.zipPath);

    // Assess
    expect(first.unzippedBytes).toBeLessThanOrEqual(MAX_UNZIPPED_BYTES);
    expect(first.unzippedBytes).toBe(files.reduce((sum, file) => sum + statSync(join(unpacked, file)).size, 0));
    expect(first.fileCount).toBe(files.length);
    expect(first).toMatchObject({ version: PACKAGE.version, zipBytes: zip.length, sha256: createHash('sha256').update(zip).digest('hex') });
  });

  it('ships periscope and its runtime dependencies under nodejs/node_modules, without types, maps, TypeScript sources or the SDK', () => {
    // Assess
    expect(names.every((name) => name.startsWith('nodejs/node_modules/'))).toBe(true);
    expect(names).toEqual(
      expect.arrayContaining(
        [
          'periscope/index.js',
          'periscope/slack-notifier.js',
          'periscope/pre-traffic-hook.js',
          'periscope/delivery-metrics.js',
          'periscope/package.json',
          '@aws-lambda-powertools/logger/package.json',
          '@aws-lambda-powertools/commons/package.json',
          '@middy/core/index.js',
          '@aws-lambda-powertools/metrics/package.json',
        ].map((file) => `nodejs/node_modules/${file}`),
      ),
    );
    // Both tracing modes: Powertools Tracer and the X-Ray SDK for the default, beside the lean emitter inside periscope/index.js.
    expect(names).toEqual(
      expect.arrayContaining(['@aws-lambda-powertools/tracer/package.json', 'aws-xray-sdk-core/package.json', 'cls-hooked/package.json'].map((file) => `nodejs/node_modules/${file}`)),
    );
    expect(names.filter((name) => /\.d\.[mc]?ts$|\.map$|\.[mc]?tsx?$|\/@types\/|\/@aws-sdk\/|\/(test|tests|__tests__|docs|\.github)\//.test(name))).toEqual([]);
  });

  it('describes periscope with the project’s version, license and dependency ranges, and the SDK as a peer', () => {
    // Prepare
    const project = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const range = (name: string) => project.dependencies[name];

    // Act
    const manifest = readFileSync(join(layerNodeModules, 'periscope/package.json'), 'utf8');

    // Assess
    expect(Object.keys(JSON.parse(manifest))).toEqual(['name', 'version', 'description', 'license', 'main', 'exports', 'dependencies', 'peerDependencies']);
    expect(JSON.parse(manifest)).toMatchObject({
      name: 'periscope',
      version: PACKAGE.version,
      license: 'MIT',
      main: 'index.js',
      exports: {
        '.': './index.js',
        './slack-notifier': './slack-notifier.js',
        './pre-traffic-hook': './pre-traffic-hook.js',
        './delivery-metrics': './delivery-metrics.js',
        './package.json': './package.json',
      },
      dependencies: Object.fromEntries(['@aws-lambda-powertools/idempotency', '@aws-lambda-powertools/logger', '@aws-lambda-powertools/metrics', '@middy/core'].map((name) => [name, range(name)])),
      peerDependencies: Object.fromEntries(
        [
          '@aws-sdk/client-cloudwatch',
          '@aws-sdk/client-codedeploy',
          '@aws-sdk/client-dynamodb',
          '@aws-sdk/client-lambda',
          '@aws-sdk/client-ssm',
          '@aws-sdk/lib-dynamodb',
          '@aws-sdk/util-dynamodb',
        ].map((name) => [name, range(name)]),
      ),
    });
  });

  it('ships readable CommonJS with its dependencies inlined, naming its version and no path of the machine that built it', () => {
    // Prepare
    const code = readFileSync(join(layerNodeModules, 'periscope/index.js'), 'utf8');

    // Assess
    expect(code.split('\n')[0]).toBe(`/* periscope ${PACKAGE.version}: the Periscope runtime toolkit for AWS Lambda, bundled from src/index.ts for the periscope layer. */`);
    expect(code).toContain('function withObservability(handler, options) {');
    // Powertools logger, metrics and middy are inlined: at cold start require('periscope') reads this one file.
    // Idempotency is required from the layer's node_modules at the first keyed request only, batch by SQS consumers only; Powertools Tracer
    // (and through it the X-Ray SDK) in the powertools tracing mode only, one instance shared with the function's own code.
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1] ?? '');
    expect(required.filter((name) => !name.startsWith('node:') && !name.startsWith('@aws-sdk/')).sort()).toEqual([
      '@aws-lambda-powertools/batch',
      '@aws-lambda-powertools/idempotency',
      '@aws-lambda-powertools/idempotency/dynamodb',
      '@aws-lambda-powertools/tracer',
    ]);
    expect(code).not.toContain('sourceMappingURL');
    for (const file of filesUnder(unpacked)) expect(readFileSync(join(unpacked, file), 'latin1').includes(ROOT)).toBe(false);
  });

  it.each([
    // The notifier is instrumented by the toolkit's withSnsObservability: the logger comes with the toolkit.
    ['slack-notifier', 'the Periscope Slack notifier function', 'handlers/alerts/slack-notifier.ts', ['@aws-sdk/client-cloudwatch', '@aws-sdk/client-ssm'], false],
    ['pre-traffic-hook', 'the Periscope pre-traffic hook function', 'handlers/deployments/pre-traffic-hook.ts', ['@aws-sdk/client-codedeploy', '@aws-sdk/client-lambda'], true],
    // Its EMF sink takes Powertools metrics from the layer's node_modules, beside the SDK clients it reads and writes with.
    [
      'delivery-metrics',
      'the Periscope delivery-metrics function',
      'handlers/delivery/delivery-metrics.ts',
      ['@aws-lambda-powertools/metrics', '@aws-sdk/client-cloudwatch', '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
      true,
    ],
  ] as const)('ships periscope/%s, requiring the toolkit (and the logger) beside it and nothing the runtime lacks', (file, describes, source, sdk, requiresLogger) => {
    // Prepare
    const code = readFileSync(join(layerNodeModules, `periscope/${file}.js`), 'utf8');

    // Assess
    expect(code.split('\n')[0]).toBe(`/* periscope ${PACKAGE.version}: ${describes}, bundled from ${source} for the periscope layer. */`);
    const required = new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1] ?? ''));
    // The logger's middleware from the layer's own Powertools, not a copy per function
    expect([...required].filter((name) => !name.startsWith('node:')).sort()).toEqual([...(requiresLogger ? ['@aws-lambda-powertools/logger/middleware'] : []), ...sdk, 'periscope']);
    expect(existsSync(join(layerNodeModules, '@aws-lambda-powertools/logger/lib/cjs/middleware/middy.js'))).toBe(true);
  });

  it('answers a request through withObservability with nothing but the layer and the runtime’s SDK', () => {
    // Prepare
    const task = join(work, 'task');
    mkdirSync(task);
    writeFileSync(join(task, 'index.js'), COMMONJS_HANDLER);
    writeFileSync(join(task, 'event.json'), JSON.stringify(apiEvent({ method: 'POST', resource: '/checkout', path: '/checkout', body: '{}', headers: { 'X-Correlation-Id': 'from-the-layer' } })));

    // Act
    const run = runNode(task, 'index.js');

    // Assess
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
    const result = JSON.parse(readFileSync(join(task, 'result.json'), 'utf8'));
    expect(result.exports).toMatchObject({ withObservability: 'function', createTelemetry: 'function', defineService: 'function' });
    expect(result.response).toMatchObject({ statusCode: 200, body: '{"ok":true}', headers: { 'x-correlation-id': 'from-the-layer' } });
    expect(run.stdout).toContain('"message":"request completed"');
    expect(run.stdout).toContain('"CheckoutCompleted":1');
    expect(result.resolved).toEqual({
      periscope: join(layerNodeModules, 'periscope/index.js'),
      '@middy/core': join(layerNodeModules, '@middy/core/index.js'),
      '@aws-lambda-powertools/logger': join(layerNodeModules, '@aws-lambda-powertools/logger/lib/cjs/index.js'),
      // Loaded by periscope at the first Idempotency-Key, from the layer.
      '@aws-lambda-powertools/idempotency/dynamodb': join(layerNodeModules, '@aws-lambda-powertools/idempotency/lib/cjs/persistence/DynamoDBPersistenceLayer.js'),
      'aws-xray-sdk-core': join(layerNodeModules, 'aws-xray-sdk-core/dist/lib/index.js'),
      '@aws-sdk/client-dynamodb': expect.stringMatching(new RegExp(`^${runtimeNodeModules}/@aws-sdk/client-dynamodb/`)),
      esbuild: null,
      jest: null,
    });
    expect(result.loaded.filter((file: string) => !file.startsWith(`${work}/`))).toEqual([]);
    // The default tracing mode loaded Powertools Tracer and the X-Ray SDK from the layer.
    expect(result.loaded).toEqual(expect.arrayContaining([join(layerNodeModules, '@aws-lambda-powertools/tracer/lib/cjs/index.js'), join(layerNodeModules, 'aws-xray-sdk-core/dist/lib/index.js')]));
  });

  it('never loads Powertools Tracer or the X-Ray SDK in a function that traces lean', () => {
    // Prepare
    const task = join(work, 'lean-task');
    mkdirSync(task);
    writeFileSync(join(task, 'index.js'), COMMONJS_HANDLER);
    writeFileSync(join(task, 'event.json'), JSON.stringify(apiEvent({ method: 'POST', resource: '/checkout', path: '/checkout', body: '{}' })));

    // Act: traced, as in Lambda, so the lean tracer is really in use
    const run = runNode(task, 'index.js', { PERISCOPE_TRACING: 'lean', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', LAMBDA_TASK_ROOT: task });

    // Assess
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
    const result = JSON.parse(readFileSync(join(task, 'result.json'), 'utf8'));
    expect(result.response).toMatchObject({ statusCode: 200 });
    expect(result.loaded.filter((file: string) => /\/(aws-xray-sdk-core|cls-hooked|@aws-lambda-powertools\/tracer)\//.test(file))).toEqual([]);
  });

  it('gives an ES module handler the named imports of the CommonJS bundle', () => {
    // Prepare: ES modules ignore NODE_PATH (Lambda's runtime resolves layer packages for them itself),
    // so the handler sits beside the layer's node_modules, where plain lookup finds periscope.
    writeFileSync(join(unpacked, 'nodejs', 'handler.mjs'), ES_MODULE_HANDLER);

    // Act
    const run = runNode(work, join(unpacked, 'nodejs', 'handler.mjs'));

    // Assess
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
    expect(JSON.parse(run.stdout)).toEqual({ withObservability: 'function', createTelemetry: 'function', defineService: 'function' });
  });
});

describe('buildLayer on a project that breaks the layer’s rules', () => {
  const work = mkdtempSync(join(tmpdir(), 'periscope-layer-rules-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const DEPENDENCIES = LAYER_DEPENDENCIES;

  /** A tiny project with the layer's dependencies installed as one-file fakes. */
  function fakeProject(name: string, source: string, bigFile?: number): string {
    const root = join(work, name);
    const dependencies = Object.fromEntries([...DEPENDENCIES, ...RUNTIME_PROVIDED_PEERS].map((dep) => [dep, '^1.0.0']));
    mkdirSync(join(root, 'src'), { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'periscope', version: '9.9.9', license: 'MIT', dependencies }));
    writeFileSync(join(root, 'src/index.ts'), source);
    mkdirSync(join(root, 'handlers/alerts'), { recursive: true });
    writeFileSync(join(root, 'handlers/alerts/slack-notifier.ts'), 'export const handler = async (): Promise<void> => undefined;\n');
    mkdirSync(join(root, 'handlers/deployments'), { recursive: true });
    writeFileSync(join(root, 'handlers/deployments/pre-traffic-hook.ts'), 'export const createPreTrafficHook = (): (() => Promise<void>) => async () => undefined;\n');
    mkdirSync(join(root, 'handlers/delivery'), { recursive: true });
    writeFileSync(join(root, 'handlers/delivery/delivery-metrics.ts'), 'export const handler = async (): Promise<void> => undefined;\n');
    for (const dep of DEPENDENCIES) {
      mkdirSync(join(root, 'node_modules', dep), { recursive: true });
      writeFileSync(join(root, 'node_modules', dep, 'package.json'), JSON.stringify({ name: dep, version: '1.0.0' }));
      writeFileSync(join(root, 'node_modules', dep, 'index.js'), 'module.exports = {};\n');
    }
    if (bigFile !== undefined) writeFileSync(join(root, 'node_modules/@middy/core/big.js'), Buffer.alloc(bigFile, 'x'));
    return root;
  }

  it('builds a small project’s layer from its own root', async () => {
    // Prepare
    const root = fakeProject('small', "export const hello = (): string => 'hi';\n");

    // Act
    const layer = await buildLayer({ root, outDir: join(work, 'small-out') });

    // Assess
    // Two files per fake dependency, and periscope's index.js, slack-notifier.js, pre-traffic-hook.js, delivery-metrics.js and package.json.
    expect(layer).toMatchObject({ version: '9.9.9', fileCount: 2 * DEPENDENCIES.length + 5, zipPath: join(work, 'small-out', 'periscope-layer-9.9.9.zip') });
  });

  it('refuses a layer over 2 MiB unzipped, saying how big it would be, and writes no zip', async () => {
    // Prepare
    const root = fakeProject('fat', "export const hello = (): string => 'hi';\n", MAX_UNZIPPED_BYTES);
    const outDir = join(work, 'fat-out');

    // Act
    const build = buildLayer({ root, outDir });

    // Assess
    await expect(build).rejects.toThrow(LayerBuildError);
    const message = await build.then(
      () => '',
      (error: Error) => error.message,
    );
    // The budget-sized file and the fake project's few files: just over the budget, in MiB and in bytes.
    const [, shown, bytes] = /^The layer would be (\d+\.\d\d) MiB unzipped \((\d+) bytes\), over its 2\.00 MiB budget$/.exec(message) ?? [];
    expect(Number(bytes)).toBeGreaterThan(MAX_UNZIPPED_BYTES);
    expect(Number(bytes)).toBeLessThan(MAX_UNZIPPED_BYTES + 64 * 1024);
    expect(shown).toBe((Number(bytes) / (1024 * 1024)).toFixed(2));
    expect(statSync(outDir, { throwIfNoEntry: false })).toBeUndefined();
  });

  it('refuses a toolkit that imports a package the layer neither ships nor gets from Lambda, naming it', async () => {
    // Prepare
    const root = fakeProject('zod', "import { z } from 'zod';\nexport const id = z.string();\n");

    // Act
    const build = buildLayer({ root, outDir: join(work, 'zod-out') });

    // Assess
    await expect(build).rejects.toThrow(/^src\/index\.ts imports 'zod', which the layer neither ships nor gets from the Lambda runtime/);
  });

  it('names a runtime dependency that is not installed', async () => {
    // Prepare
    const root = fakeProject('missing', "export const hello = (): string => 'hi';\n");
    rmSync(join(root, 'node_modules/@middy'), { recursive: true });

    // Act
    const build = buildLayer({ root, outDir: join(work, 'missing-out') });

    // Assess
    await expect(build).rejects.toThrow(expect.objectContaining({ name: 'RuntimeDependencyError', packageName: '@middy/core' }));
  });

  it('reports where esbuild could not compile the toolkit', async () => {
    // Prepare
    const root = fakeProject('broken', 'export const = 1;\n');

    // Act
    const build = buildLayer({ root, outDir: join(work, 'broken-out') });

    // Assess
    await expect(build).rejects.toThrow(/^esbuild could not bundle src\/index\.ts:\nsrc\/index\.ts:1:13: /);
  });
});

describe('the build:layer command', () => {
  const out = mkdtempSync(join(tmpdir(), 'periscope-layer-cli-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const tsx = (...args: string[]) => spawnSync(process.execPath, [require.resolve('tsx/cli', { paths: [ROOT] }), 'layers/build-layer.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('prints its progress, then the zip’s path, file count, sizes and sha256', () => {
    // Act
    const run = tsx('--out', out);

    // Assess
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const zip = readFileSync(join(out, `periscope-layer-${PACKAGE.version}.zip`));
    expect(run.stdout).toMatch(
      /^periscope layer: bundling src\/index\.ts, handlers\/alerts\/slack-notifier\.ts, handlers\/deployments\/pre-traffic-hook\.ts, handlers\/delivery\/delivery-metrics\.ts with esbuild\.\.\.\n/,
    );
    expect(run.stdout).toContain(`${join(out, `periscope-layer-${PACKAGE.version}.zip`)}\n`);
    expect(run.stdout).toMatch(/\n {2}files {5}\d+\n {2}zipped {4}\d+\.\d KiB \(\d\.\d\d MiB\)\n {2}unzipped {2}\d+\.\d KiB \(\d\.\d\d MiB\), budget 2\.00 MiB\n/);
    expect(run.stdout).toContain(`  sha256    ${createHash('sha256').update(zip).digest('hex')}\n`);
  });

  it('refuses an unknown argument with a message and a failing status', () => {
    // Act
    const run = tsx('--outdir', out);

    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`npm run build:layer: unexpected arguments '--outdir ${out}'; see --help\n`);
  });
});
