import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LAYER_DEPENDENCIES } from '../../../layers/layer-manifest';
import { ROOT_REQUIRER, RuntimeDependencyError, runtimeDependencies } from '../../../layers/runtime-dependencies';

const PROJECT_NODE_MODULES = resolve(__dirname, '../../../node_modules');

/** Installs a fake package at `path` (relative to `nodeModules`) with the given dependencies. */
function fakePackage(nodeModules: string, path: string, version: string, manifest: Record<string, unknown> = {}): void {
  mkdirSync(join(nodeModules, path), { recursive: true });
  const name = path.split('/node_modules/').pop();
  writeFileSync(join(nodeModules, path, 'package.json'), JSON.stringify({ name, version, ...manifest }));
}

describe('runtimeDependencies', () => {
  describe('in the project’s node_modules', () => {
    const packages = runtimeDependencies({ nodeModules: PROJECT_NODE_MODULES, roots: LAYER_DEPENDENCIES });
    const paths = packages.map((pkg) => pkg.path);

    it('finds what the toolkit’s runtime dependencies need, down to their own dependencies', () => {
      // Assess
      expect(paths).toEqual(expect.arrayContaining([...LAYER_DEPENDENCIES, '@aws-lambda-powertools/commons', '@aws/lambda-invoke-store']));
      expect(packages.find((pkg) => pkg.path === '@aws-lambda-powertools/commons')?.requiredBy).toEqual(expect.arrayContaining(['@aws-lambda-powertools/logger', '@aws-lambda-powertools/metrics']));
      expect(packages.find((pkg) => pkg.path === 'cls-hooked')?.requiredBy).toEqual(['aws-xray-sdk-core']);
    });

    it('keeps a nested version at its nested place', () => {
      // Prepare: the X-Ray SDK (a dev dependency here) nests its own semver under cls-hooked
      const xray = runtimeDependencies({ nodeModules: PROJECT_NODE_MODULES, roots: ['aws-xray-sdk-core'] });

      // Assess
      expect(xray.find((pkg) => pkg.path === 'cls-hooked')?.requiredBy).toEqual(['aws-xray-sdk-core']);
      expect(xray.find((pkg) => pkg.path === 'aws-xray-sdk-core')?.requiredBy).toEqual([ROOT_REQUIRER]);
      expect(xray.find((pkg) => pkg.path === 'cls-hooked/node_modules/semver')).toMatchObject({ name: 'semver', version: expect.stringMatching(/^5\./), requiredBy: ['cls-hooked'] });
    });

    it('leaves out type declarations and the AWS SDK the Lambda runtime provides', () => {
      // Assess
      expect(paths.filter((path) => /(^|\/)@types\//.test(path))).toEqual([]);
      expect(paths.filter((path) => /(^|\/)@aws-sdk\//.test(path))).toEqual([]);
      expect(paths).not.toContain('@aws-sdk/client-dynamodb');
    });
  });

  describe('in a node_modules tree with two versions of a package', () => {
    const nodeModules = join(mkdtempSync(join(tmpdir(), 'periscope-deps-')), 'node_modules');
    afterAll(() => rmSync(resolve(nodeModules, '..'), { recursive: true, force: true }));
    beforeAll(() => {
      fakePackage(nodeModules, 'app-a', '1.0.0', { dependencies: { shared: '^2.0.0', leaf: '^1.0.0', '@types/node': '*' }, optionalDependencies: { 'not-on-this-platform': '1' } });
      fakePackage(nodeModules, 'app-a/node_modules/shared', '2.0.0', { dependencies: { deep: '^1.0.0', leaf: '^1.0.0' } });
      fakePackage(nodeModules, 'app-a/node_modules/deep', '1.0.0');
      fakePackage(nodeModules, 'app-b', '1.0.0', { dependencies: { shared: '^1.0.0' } });
      fakePackage(nodeModules, 'shared', '1.0.0');
      fakePackage(nodeModules, 'leaf', '1.0.0');
      fakePackage(nodeModules, 'broken', '1.0.0', { dependencies: { ghost: '^3.0.0' } });
    });

    it('resolves each dependency from where its requirer is, as Node does', () => {
      // Act
      const packages = runtimeDependencies({ nodeModules, roots: ['app-a', 'app-b'] });

      // Assess
      expect(packages).toEqual([
        { name: 'app-a', version: '1.0.0', path: 'app-a', requiredBy: [ROOT_REQUIRER] },
        { name: 'deep', version: '1.0.0', path: 'app-a/node_modules/deep', requiredBy: ['app-a/node_modules/shared'] },
        { name: 'shared', version: '2.0.0', path: 'app-a/node_modules/shared', requiredBy: ['app-a'] },
        { name: 'app-b', version: '1.0.0', path: 'app-b', requiredBy: [ROOT_REQUIRER] },
        { name: 'leaf', version: '1.0.0', path: 'leaf', requiredBy: ['app-a', 'app-a/node_modules/shared'] },
        { name: 'shared', version: '1.0.0', path: 'shared', requiredBy: ['app-b'] },
      ]);
    });

    it('names a missing dependency and the package that needs it', () => {
      // Act
      const resolveBroken = () => runtimeDependencies({ nodeModules, roots: ['broken'] });

      // Assess
      expect(resolveBroken).toThrow(RuntimeDependencyError);
      expect(resolveBroken).toThrow(expect.objectContaining({ packageName: 'ghost', message: expect.stringMatching(/^Package 'ghost' is needed by 'broken' but is not installed/) }));
    });

    it('names a missing starting package', () => {
      // Act
      const resolveMissing = () => runtimeDependencies({ nodeModules, roots: ['nowhere'] });

      // Assess
      expect(resolveMissing).toThrow(expect.objectContaining({ packageName: 'nowhere', message: expect.stringContaining(`'nowhere' is needed by '${ROOT_REQUIRER}'`) }));
    });
  });
});
