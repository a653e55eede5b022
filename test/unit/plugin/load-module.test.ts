import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceModule, ModuleLoadError } from '../../../plugin/load-module';

describe("loading a service's module at serverless time", () => {
  const dir = mkdtempSync(join(tmpdir(), 'periscope-load-module-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('compiles a TypeScript module and the ones it imports by relative path, in memory', () => {
    // Prepare
    file('names.ts', "export const service: string = 'payments';\n");
    const entry = file(
      'catalog.ts',
      "import { join } from 'node:path';\nimport { service } from './names';\nexport const catalog = { service, path: join('a', 'b') } satisfies { service: string; path: string };\n",
    );

    // Act
    const loaded = loadServiceModule(entry);

    // Assess
    expect(loaded).toEqual({ catalog: { service: 'payments', path: join('a', 'b') } });
  });

  it('requires a JavaScript module as it is', () => {
    // Act
    const loaded = loadServiceModule(file('catalog.cjs', "module.exports.catalog = { service: 'js' };\n"));

    // Assess
    expect(loaded).toEqual({ catalog: { service: 'js' } });
  });

  it('names the file, line and column of TypeScript that does not compile', () => {
    // Prepare
    const entry = file('broken.ts', 'export const ok = 1;\nexport const = 2;\n');

    // Act
    const load = () => loadServiceModule(entry);

    // Assess
    expect(load).toThrow(ModuleLoadError);
    expect(load).toThrow(new RegExp(`^${entry.replaceAll('.', '\\.')} does not compile:\\n.*broken\\.ts:2:13: `));
  });

  it('passes on what the module throws while it runs, such as a catalog that fails its checks', () => {
    // Prepare
    const entry = file('throws.ts', "class CatalogValidationError extends Error { name = 'CatalogValidationError'; }\nthrow new CatalogValidationError('2 problems');\n");

    // Act
    const load = () => loadServiceModule(entry);

    // Assess
    expect(load).toThrow(expect.objectContaining({ name: 'CatalogValidationError', message: '2 problems' }));
  });
});
