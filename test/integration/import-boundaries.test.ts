import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../support/serverless';

const run = promisify(execFile);
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const PARTS = ['src', 'alarms', 'dashboards', 'plugin', 'layers', 'cli', 'handlers', 'observability.config.ts', 'deploy', 'examples', 'tools', 'test'];

/** `depcruise` with the repository's rules in `cwd`, over the parts that exist there. */
async function checkBoundaries(cwd: string, parts: readonly string[]): Promise<{ code: number; output: string }> {
  return run(process.execPath, [DEPCRUISE, '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err', ...parts], { cwd }).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: `${error.stdout}${error.stderr}` }),
  );
}

/** Product, sample and tools stay apart, as `npm run lint:boundaries` checks in `.ci/run`. */
describe('import boundaries', () => {
  it('hold in this repository', async () => {
    // Act
    const check = await checkBoundaries(ROOT, PARTS);

    // Assess
    expect(check.code).toBe(0);
    expect(check.output).toContain('no dependency violations found');
  }, 60_000);

  it('fail, naming each rule and import, when product code reaches into the tools or the sample, or the sample into product internals', async () => {
    // Prepare: a tree laid out like this one, with one deliberate violation of each kind
    const tree = mkdtempSync(join(tmpdir(), 'periscope-boundaries-'));
    const write = (path: string, text: string): void => {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), text);
    };
    copyFileSync(join(ROOT, 'tsconfig.json'), join(tree, 'tsconfig.json'));
    write('package.json', JSON.stringify({ name: 'periscope', version: '0.0.0', devDependencies: { jest: '*' } }));
    write('src/index.ts', "export { telemetry } from './runtime/telemetry';\n");
    write('src/runtime/telemetry.ts', "import { freePort } from '../../tools/stack/ports';\nexport const telemetry = freePort;\n");
    write('alarms/index.ts', "import { catalog } from '../observability.config';\nexport const alarms = catalog;\n");
    write('src/runtime/uses-generator.ts', "import { alarms } from '../../alarms';\nexport const used = alarms;\n");
    write('tools/stack/ports.ts', 'export const freePort = 0;\n');
    write('observability.config.ts', "import { telemetry } from 'periscope';\nexport const catalog = telemetry;\n");
    write('handlers/orders/handler.ts', "import { telemetry } from '../../src/runtime/telemetry';\nexport const handler = telemetry;\n");

    // Act
    const check = await checkBoundaries(tree, ['src', 'alarms', 'tools', 'handlers', 'observability.config.ts']);
    rmSync(tree, { recursive: true, force: true });

    // Assess
    expect(check.code).not.toBe(0);
    const violations = check.output.split('\n').filter((line) => line.includes(' error '));
    expect(violations.map((line) => line.trim()).sort()).toEqual([
      'error product-imports-sample: alarms/index.ts → observability.config.ts',
      'error product-imports-tools: src/runtime/telemetry.ts → tools/stack/ports.ts',
      'error runtime-imports-build-time: src/runtime/uses-generator.ts → alarms/index.ts',
      'error sample-imports-product-internals: handlers/orders/handler.ts → src/runtime/telemetry.ts',
    ]);
  }, 60_000);
});
