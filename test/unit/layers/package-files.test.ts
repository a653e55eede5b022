import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isRuntimeFile, runtimeFiles } from '../../../layers/package-files';

describe('runtimeFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'periscope-package-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps code, package.json files and license notices; drops types, maps, sources, docs, tests and dotfiles', () => {
    // Prepare
    const files = [
      'package.json',
      'LICENSE',
      'licence.txt',
      'NOTICE.md',
      'License.MD',
      'README.md',
      'CHANGELOG.md',
      '.npmignore',
      '.eslintrc',
      'lib/index.js',
      'lib/index.mjs',
      'lib/index.cjs',
      'lib/data.json',
      'lib/package.json',
      'lib/index.d.ts',
      'lib/index.d.mts',
      'lib/index.d.cts',
      'lib/index.js.map',
      'src/index.ts',
      'src/index.mts',
      'src/view.tsx',
      'test/index.test.js',
      'tests/a.js',
      'lib/__tests__/a.js',
      'docs/guide.js',
      '.github/workflows/ci.yml',
      'node_modules/dep/index.js',
    ];
    for (const file of files) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), file);
    }

    // Act
    const kept = runtimeFiles(dir);

    // Assess
    expect(kept).toEqual(['LICENSE', 'License.MD', 'NOTICE.md', 'lib/data.json', 'lib/index.cjs', 'lib/index.js', 'lib/index.mjs', 'lib/package.json', 'licence.txt', 'package.json']);
  });

  it('judges a file by every folder on its path', () => {
    // Assess
    expect(isRuntimeFile('dist/cjs/index.js')).toBe(true);
    expect(isRuntimeFile('dist/test/index.js')).toBe(false);
    expect(isRuntimeFile('dist/.cache/index.js')).toBe(false);
  });
});
