import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_RUNTIME, bundleModuleLocator, type CpuProfile, formatProfileSummary, packageOf, summarizeProfiles } from '../../../../tools/bench/support/profile-summary';

const frame = (id: number, functionName: string, url = '', lineNumber = 0): CpuProfile['nodes'][number] => ({ id, callFrame: { functionName, url, lineNumber } });

describe('CPU profile summary', () => {
  it('names the package of a module path, scoped or not, and the project’s own parts', () => {
    expect([
      packageOf('node_modules/@aws-lambda-powertools/logger/lib/cjs/Logger.js'),
      packageOf('/x/layer/opt/nodejs/node_modules/periscope/node_modules/cls-hooked/context.js'),
      packageOf('src/runtime/with-observability.ts'),
      packageOf('handlers/orders/domain/new-order.ts'),
      packageOf('tools/bench/support/warm-child.ts'),
      packageOf('node:internal/async_hooks'),
    ]).toEqual(['@aws-lambda-powertools/logger', 'cls-hooked', 'periscope', 'sample', 'bench harness', 'node (built-in)']);
  });

  it('sums self time by package and function across profiles, leaving idle time out', () => {
    // Prepare: two profiles of a bundle whose lines 0–9 are the X-Ray SDK and 10+ Periscope.
    const bundle = 'file:///build/handler.js';
    const profile: CpuProfile = {
      nodes: [frame(1, '(root)'), frame(2, '(idle)'), frame(3, 'Segment', bundle, 4), frame(4, 'withObservability', bundle, 12), frame(5, '(garbage collector)')],
      samples: [2, 3, 4, 3, 5],
      timeDeltas: [5000, 1000, 2000, 1000, 500],
    };
    const locate = (url: string, line: number): string | undefined =>
      url === bundle ? (line < 10 ? 'node_modules/aws-xray-sdk-core/dist/lib/segments/segment.js' : 'src/runtime/with-observability.ts') : undefined;

    // Act
    const summary = summarizeProfiles([profile, profile], locate);

    // Assess
    expect(summary.profiles).toBe(2);
    expect(summary.busyMs).toBe(9);
    expect(summary.byPackage).toEqual([
      { name: 'aws-xray-sdk-core', ms: 4 },
      { name: 'periscope', ms: 4 },
      { name: '(garbage collector)', ms: 1 },
    ]);
    expect(summary.byFunction[0]).toEqual({ name: 'Segment  node_modules/aws-xray-sdk-core/dist/lib/segments/segment.js', ms: 4 });
  });

  it('finds the module of a bundle line from esbuild’s module comments, its helpers above the first', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'profile-summary-'));
    const file = join(dir, 'handler.js');
    writeFileSync(file, ['var __require = () => {};', '', '// node_modules/cls-hooked/context.js', 'var a = 1;', '// src/runtime/telemetry.ts', 'var b = 2;'].join('\n'));
    const locate = bundleModuleLocator();

    // Act
    const modules = [0, 3, 5].map((line) => locate(`file://${file}`, line));
    rmSync(dir, { recursive: true });

    // Assess
    expect(modules).toEqual([BUNDLE_RUNTIME, 'node_modules/cls-hooked/context.js', 'src/runtime/telemetry.ts']);
  });

  it('prints time per invocation when the section recorded how many the profile covers', () => {
    // Prepare
    const summary = { profiles: 1, busyMs: 2100, byPackage: [{ name: 'cls-hooked', ms: 2100 }], byFunction: [], unit: { label: 'invocation', count: 21_000 } };

    // Act
    const lines = formatProfileSummary('warm/periscope', summary);

    // Assess
    expect(lines[0]).toBe('warm/periscope: busy 100.0 µs per invocation (21000 in 1 profile(s)), self time, (idle) left out');
    expect(lines[1]).toBe('    100.0%    100.0 µs  cls-hooked');
  });
});
