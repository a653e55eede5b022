import type { Metafile } from 'esbuild';
import { inputGroupOf, largestInputs } from '../../../../tools/bench/bundle-inputs';

describe('what a bundle is made of', () => {
  it.each([
    ['node_modules/zod/v4/core/schemas.js', 'zod'],
    ['node_modules/@middy/core/index.js', '@middy/core'],
    ['node_modules/a/node_modules/semver/index.js', 'semver'],
    ['src/runtime/telemetry.ts', 'src/'],
    ['observability.config.ts', 'observability.config.ts'],
  ])('groups %s under %s', (path, group) => {
    expect(inputGroupOf(path)).toBe(group);
  });

  it('ranks the groups by bytes in the output, with their share', () => {
    // Prepare
    const metafile = {
      inputs: {},
      outputs: {
        'handler.js': {
          bytes: 1000,
          imports: [],
          exports: [],
          inputs: {
            'node_modules/zod/a.js': { bytesInOutput: 300 },
            'node_modules/zod/b.js': { bytesInOutput: 300 },
            'src/index.ts': { bytesInOutput: 250 },
            'node_modules/@middy/core/index.js': { bytesInOutput: 100 },
            'handlers/orders/handler.ts': { bytesInOutput: 50 },
          },
        },
      },
    } as unknown as Metafile;

    // Act
    const top = largestInputs(metafile, 3);

    // Assess
    expect(top).toEqual([
      { input: 'zod', bytes: 600, share: 0.6 },
      { input: 'src/', bytes: 250, share: 0.25 },
      { input: '@middy/core', bytes: 100, share: 0.1 },
    ]);
  });
});
